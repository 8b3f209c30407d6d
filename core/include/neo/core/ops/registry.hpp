#pragma once
// The op registry: per op, its attribute schema, shape/type inference and reference
// implementation. The reference interpreter and every pass use it; it is the single
// place that says what an op means.
//
// Ops follow ONNX semantics at the newest opset (frontends normalize older opsets).
// Ops of another domain (e.g. "ai.onnx.ml") are registered with that domain.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "neo/core/ir/attribute.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo {

struct AttrSpec {
    std::string name;
    AttrType type;
    std::optional<Attribute> default_value;  // used when the node does not set it
    bool required = false;                   // no default: the node must set it
    std::string doc;
};

struct OpSchema;

// Attribute access shared by inference and compute: the node's value, else the
// schema default.
class OpContext {
public:
    OpContext(const OpSchema& schema, const Node& node) : schema_(schema), node_(node) {}
    const Node& node() const { return node_; }
    const OpSchema& schema() const { return schema_; }

    bool has_attr(const std::string& name) const { return node_.has_attr(name); }
    // The attribute or its default; InternalError when the schema has no such attribute,
    // UserError when a required attribute is missing.
    const Attribute& attr(const std::string& name) const;
    int64_t attr_i(const std::string& name) const { return attr(name).i(); }
    double attr_f(const std::string& name) const { return attr(name).f(); }
    const std::string& attr_s(const std::string& name) const { return attr(name).s(); }
    const std::vector<int64_t>& attr_ints(const std::string& name) const {
        return attr(name).ints();
    }
    std::vector<double> attr_floats(const std::string& name) const {
        return attr(name).floats();
    }
    // A UserError "node 'n' (Op): <message>".
    [[noreturn]] void fail(const std::string& message) const;

private:
    const OpSchema& schema_;
    const Node& node_;
};

// Shape/type inference: read input types (and constant input values when known),
// set every output's dtype and shape. Unknown dims stay unknown (Dim::unknown()).
class InferContext : public OpContext {
public:
    InferContext(const OpSchema& s, Node& n) : OpContext(s, n), mnode_(n) {}
    std::size_t num_inputs() const { return node().num_inputs(); }
    std::size_t num_outputs() const { return node().num_outputs(); }
    bool has_input(std::size_t i) const { return node().input(i) != nullptr; }
    DType input_dtype(std::size_t i) const;       // fail() when the input is omitted
    const Shape& input_shape(std::size_t i) const;
    // The input's value when it is a constant, else nullptr.
    const Tensor* input_constant(std::size_t i) const;
    void set_output(std::size_t i, DType t, Shape s);

private:
    Node& mnode_;
};

// Reference computation: inputs are tensors (nullptr for an omitted optional input).
class ComputeContext : public OpContext {
public:
    ComputeContext(const OpSchema& s, const Node& n, const std::vector<const Tensor*>& inputs,
                   std::vector<Tensor>& outputs)
        : OpContext(s, n), inputs_(inputs), outputs_(outputs) {}
    std::size_t num_inputs() const { return inputs_.size(); }
    std::size_t num_outputs() const { return outputs_.size(); }
    bool has_input(std::size_t i) const { return i < inputs_.size() && inputs_[i]; }
    const Tensor& input(std::size_t i) const;     // fail() when omitted
    const Tensor* optional_input(std::size_t i) const { return has_input(i) ? inputs_[i] : nullptr; }
    void set_output(std::size_t i, Tensor t);

private:
    const std::vector<const Tensor*>& inputs_;
    std::vector<Tensor>& outputs_;
};

using InferFn = std::function<void(InferContext&)>;
using ComputeFn = std::function<void(ComputeContext&)>;

inline constexpr int kVariadic = -1;

struct OpSchema {
    std::string domain;       // "" = default domain
    std::string name;         // "Conv"
    int min_inputs = 1, max_inputs = 1;    // max kVariadic: any number
    int min_outputs = 1, max_outputs = 1;
    std::vector<AttrSpec> attrs;
    InferFn infer;
    ComputeFn compute;
    std::string doc;

    const AttrSpec* find_attr(std::string_view name) const;
    std::string qualified_name() const { return domain.empty() ? name : domain + "." + name; }
};

class OpRegistry {
public:
    OpRegistry() = default;
    // The process-wide registry holding every built-in op.
    static OpRegistry& global();

    void add(OpSchema schema);    // InternalError on a duplicate
    const OpSchema* find(std::string_view domain, std::string_view name) const;
    const OpSchema* find(const Node& n) const { return find(n.domain(), n.op()); }
    std::vector<const OpSchema*> all() const;  // sorted by qualified name

private:
    std::unordered_map<std::string, OpSchema> ops_;  // key: qualified name
};

// Checks a node against its schema: input/output counts, unknown attributes,
// attribute types, missing required attributes. UserError naming node and attribute.
void check_node_against_schema(const OpSchema& schema, const Node& node);
// Runs the schema's inference for one node (after check_node_against_schema).
void infer_node(const OpSchema& schema, Node& node);
// Runs the schema's reference implementation for one node.
std::vector<Tensor> compute_node(const OpSchema& schema, const Node& node,
                                 const std::vector<const Tensor*>& inputs);

// Registers all built-in ops (called once by OpRegistry::global()).
void register_builtin_ops(OpRegistry& r);

}  // namespace neo
