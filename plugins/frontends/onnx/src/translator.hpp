#pragma once
// Op translators of the ONNX frontend (DESIGN §7, OpenVINO style).
//
// A translator turns one ONNX NodeProto, at the opset version its domain is imported
// with, into neo IR nodes that follow the newest-opset ONNX semantics of the op
// registry. Translators are registered per (domain, op type) with the opset range
// [since, until] they cover; a model whose opset falls in no range has an unsupported
// op. Each family of ops lives in one file under ops/ and registers itself from a
// `register_<family>` function listed in ops/families.hpp.
//
// A translator reads the node through a NodeContext: its inputs (already translated
// neo values, nullptr when omitted), its attributes (already converted, subgraphs
// already built), and builds nodes with NodeContext::make. It returns one value per
// ONNX output (nullptr only for an output the model leaves unnamed); the graph builder
// then gives those values their ONNX names.
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo::onnxfe {

inline constexpr int64_t kLatestOpset = std::numeric_limits<int>::max();

// The default ONNX domain as neo spells it ("" — "ai.onnx" is normalized to it).
inline const std::string kDefaultDomain;
inline const std::string kMlDomain = "ai.onnx.ml";

// What the graph builder tells a translator about one ONNX node.
struct NodeInfo {
    std::string op_type;          // "Conv"
    std::string domain;           // "" or "ai.onnx.ml" (normalized)
    int64_t opset = 0;            // the version the model imports the domain with
    std::string name;             // the ONNX node name (may be empty)
    std::string neo_name;         // the name of the neo node(s) made for it (never empty)
    std::vector<Value*> inputs;   // translated inputs; nullptr = omitted ("")
    std::vector<std::string> output_names;  // ONNX output names ("" = omitted)
    Attributes attrs;             // converted attributes
    // Outer-scope values the node's subgraphs read (see control_flow.cpp): every
    // subgraph attribute of the node already takes them, in this order, as its last inputs.
    std::vector<Value*> captures;
};

// "node 'conv1' (Conv, opset 11)", or "unnamed node (Relu, opset 13, output 'y')".
std::string describe_node(const NodeInfo& info);

class NodeContext {
public:
    NodeContext(Graph& graph, NodeInfo info, std::function<std::string(const std::string&)> fresh)
        : graph_(graph), info_(std::move(info)), fresh_(std::move(fresh)) {}

    Graph& graph() { return graph_; }
    const NodeInfo& info() const { return info_; }
    const std::string& op_type() const { return info_.op_type; }
    const std::string& domain() const { return info_.domain; }
    int64_t opset() const { return info_.opset; }
    // "node 'conv1' (Conv, opset 11)" — how errors name the node.
    std::string describe() const;
    // Throws UserError "<describe()>: <message>".
    [[noreturn]] void fail(const std::string& message) const;

    // ---- inputs and outputs --------------------------------------------------------
    std::size_t num_inputs() const { return info_.inputs.size(); }
    // Input i, or nullptr when omitted or beyond the node's inputs.
    Value* input(std::size_t i) const {
        return i < info_.inputs.size() ? info_.inputs[i] : nullptr;
    }
    // Input i, failing with a clear message when the model omits it.
    Value* required_input(std::size_t i) const;
    const std::vector<Value*>& inputs() const { return info_.inputs; }
    std::size_t num_outputs() const { return info_.output_names.size(); }
    // Whether ONNX output i is named (i.e. the model wants it).
    bool has_output(std::size_t i) const {
        return i < info_.output_names.size() && !info_.output_names[i].empty();
    }
    // The rank of a value when its shape is known (graph input types, value_info, or
    // inference of earlier nodes), else nullopt.
    static std::optional<std::size_t> rank_of(const Value* v);
    // A value's constant tensor when it is a constant, else nullptr.
    static const Tensor* constant_of(const Value* v);

    // ---- attributes ----------------------------------------------------------------
    const Attributes& attrs() const { return info_.attrs; }
    bool has_attr(const std::string& name) const { return info_.attrs.count(name) != 0; }
    // Typed reads that name the node and attribute on a type mismatch.
    int64_t attr_i(const std::string& name, int64_t def) const;
    double attr_f(const std::string& name, double def) const;
    std::string attr_s(const std::string& name, const std::string& def) const;
    std::optional<std::vector<int64_t>> attr_ints(const std::string& name) const;
    std::optional<std::vector<double>> attr_floats(const std::string& name) const;
    // The attributes without `drop` (e.g. legacy attributes a newer opset removed).
    Attributes attrs_without(std::initializer_list<std::string_view> drop) const;

    // ---- building ------------------------------------------------------------------
    // Adds a node of `op` (in `domain`) with fresh output names; the last node a
    // translator makes for an output is renamed to the ONNX output name by the builder.
    Node* make(const std::string& op, std::vector<Value*> inputs, Attributes attrs = {},
               std::size_t num_outputs = 1, const std::string& domain = kDefaultDomain);
    // Shorthand: the single output of make(...).
    Value* make1(const std::string& op, std::vector<Value*> inputs, Attributes attrs = {}) {
        return make(op, std::move(inputs), std::move(attrs))->output(0);
    }
    // New constants, named after the node.
    Value* constant(Tensor t, const std::string& hint = "const");
    Value* const_i64(const std::vector<int64_t>& values, const std::string& hint = "const");
    Value* const_f32(const std::vector<float>& values, const std::string& hint = "const");
    // A scalar (rank-0) constant of dtype `t` holding `v`.
    Value* const_scalar(DType t, double v, const std::string& hint = "const");
    // Nodes made so far, in order (the builder checks their ops against the registry).
    const std::vector<Node*>& made() const { return made_; }

private:
    Graph& graph_;
    NodeInfo info_;
    std::function<std::string(const std::string&)> fresh_;
    std::vector<Node*> made_;
};

// Returns one value per ONNX output (see the header comment).
using TranslateFn = std::function<std::vector<Value*>(NodeContext&)>;

struct Translator {
    std::string domain, op_type;
    int64_t since = 1, until = kLatestOpset;  // inclusive opset range
    TranslateFn fn;
};

class TranslatorRegistry {
public:
    // The registry holding every translator of ops/ (built once).
    static const TranslatorRegistry& global();

    // InternalError when the range overlaps one already registered for the op.
    void add(const std::string& domain, const std::string& op_type, int64_t since,
             int64_t until, TranslateFn fn);
    // Registers the same function for several op types.
    void add_all(const std::string& domain, std::initializer_list<std::string_view> op_types,
                 int64_t since, int64_t until, const TranslateFn& fn);
    // The translator of (domain, op type) whose range holds `opset`, or nullptr.
    const Translator* find(const std::string& domain, const std::string& op_type,
                           int64_t opset) const;
    // The translators of one op, by opset range (for messages).
    std::vector<const Translator*> find_all(const std::string& domain,
                                            const std::string& op_type) const;
    // Every translator, sorted by domain, op type and range (for docs and tests).
    std::vector<const Translator*> all() const;

private:
    std::map<std::pair<std::string, std::string>, std::vector<Translator>> by_op_;
};

// A translator that keeps the node as it is: same op, domain, inputs and attributes
// (minus `drop`). For ops whose ONNX semantics in the registered range equal the newest.
TranslateFn pass_through(std::initializer_list<std::string_view> drop = {});

}  // namespace neo::onnxfe
