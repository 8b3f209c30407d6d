#pragma once
// The core IR: a typed dataflow graph of nodes and values.
//
// A Graph owns its Nodes and Values. A Value is a graph input, a constant (holding a
// Tensor) or the output of exactly one Node. Nodes name an op of the op registry and
// carry typed attributes; an omitted optional input is a nullptr. Use lists are kept
// up to date by the mutation methods, so passes can rewrite the graph freely.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "neo/core/ir/attribute.hpp"
#include "neo/core/ir/dtype.hpp"
#include "neo/core/ir/shape.hpp"

namespace neo {

class Node;
class Graph;

struct Use {
    Node* node;
    std::size_t input_index;
    friend bool operator==(const Use&, const Use&) = default;
};

class Value {
public:
    const std::string& name() const { return name_; }
    DType dtype() const { return dtype_; }
    const Shape& shape() const { return shape_; }
    const Layout& layout() const { return layout_; }
    void set_dtype(DType t) { dtype_ = t; }
    void set_shape(Shape s) { shape_ = std::move(s); }
    void set_layout(Layout l) { layout_ = std::move(l); }

    Node* producer() const { return producer_; }          // nullptr for inputs/constants
    std::size_t producer_index() const { return producer_index_; }
    bool is_constant() const { return constant_ != nullptr; }
    const Tensor& constant() const;                       // InternalError unless constant
    const TensorPtr& constant_ptr() const { return constant_; }
    bool is_graph_input() const { return is_input_; }
    const std::vector<Use>& uses() const { return uses_; }
    Graph* graph() const { return graph_; }

private:
    friend class Graph;
    friend class Node;
    Graph* graph_ = nullptr;
    std::string name_;
    DType dtype_ = DType::undefined;
    Shape shape_ = Shape::unranked();
    Layout layout_;
    Node* producer_ = nullptr;
    std::size_t producer_index_ = 0;
    TensorPtr constant_;
    bool is_input_ = false;
    std::vector<Use> uses_;
};

class Node {
public:
    uint64_t id() const { return id_; }                   // unique within its graph
    const std::string& name() const { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    const std::string& op() const { return op_; }
    // Operator domain: "" for the default (ONNX) domain, e.g. "ai.onnx.ml".
    const std::string& domain() const { return domain_; }
    void set_domain(std::string d) { domain_ = std::move(d); }
    // "Conv" or "ai.onnx.ml.Scaler": how messages and the text format name the op.
    std::string qualified_op() const;

    const std::vector<Value*>& inputs() const { return inputs_; }
    Value* input(std::size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
    std::size_t num_inputs() const { return inputs_.size(); }
    void set_input(std::size_t i, Value* v);              // updates use lists
    void add_input(Value* v);
    const std::vector<Value*>& outputs() const { return outputs_; }
    Value* output(std::size_t i) const { return outputs_.at(i); }
    std::size_t num_outputs() const { return outputs_.size(); }

    const Attributes& attrs() const { return attrs_; }
    Attributes& attrs() { return attrs_; }
    bool has_attr(const std::string& k) const { return attrs_.count(k) != 0; }
    const Attribute& attr(const std::string& k) const;    // InternalError when absent
    void set_attr(const std::string& k, Attribute a) { attrs_[k] = std::move(a); }

    // "node 'conv1' (Conv)" — the way every message names a node.
    std::string describe() const;

private:
    friend class Graph;
    uint64_t id_ = 0;
    std::string name_, op_, domain_;
    std::vector<Value*> inputs_, outputs_;
    Attributes attrs_;
};

class Graph {
public:
    explicit Graph(std::string name = "main");
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;
    ~Graph();

    const std::string& name() const { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }

    // Builders. Names must be unique in the graph (InternalError otherwise);
    // an empty name asks for a fresh one.
    Value* add_input(std::string name, DType t, Shape s, Layout l = {});
    Value* add_constant(std::string name, Tensor t);
    Value* add_constant(std::string name, TensorPtr t);
    Node* add_node(std::string op, std::vector<Value*> inputs,
                   std::vector<std::string> output_names, Attributes attrs = {},
                   std::string node_name = "");
    Node* add_node(std::string op, std::vector<Value*> inputs, std::size_t num_outputs,
                   Attributes attrs = {}, std::string node_name = "");
    void add_output(Value* v);
    void set_output(std::size_t i, Value* v);

    const std::vector<Value*>& inputs() const { return inputs_; }
    const std::vector<Value*>& outputs() const { return outputs_; }
    // Nodes in insertion order (not necessarily topological).
    std::vector<Node*> nodes() const;
    std::size_t num_nodes() const { return nodes_.size(); }
    // All values in creation order: inputs, constants and node outputs.
    std::vector<Value*> values() const;
    std::vector<Value*> constants() const;

    Value* find_value(const std::string& name) const;
    Node* find_node(const std::string& name) const;
    std::string fresh_value_name(const std::string& base);
    // `base` itself when no value has that name yet, else a fresh name from it.
    std::string unique_value_name(const std::string& base);
    // Renames a value; InternalError when the new name is taken.
    void rename_value(Value* v, std::string name);
    std::string fresh_node_name(const std::string& base);

    // Rewrites every use of `from` (node inputs and graph outputs) to `to`.
    void replace_all_uses(Value* from, Value* to);
    // Removes a node; its outputs must be unused (InternalError otherwise) and are removed too.
    void remove_node(Node* n);
    // Removes an unused constant or node-less value (InternalError when still used).
    void remove_value(Value* v);
    // Removes a graph input (it must be unused).
    void remove_input(Value* v);

    // Nodes in a topological order (stable: ties keep insertion order), computed
    // with Boost.Graph. UserError naming the nodes on a cycle.
    std::vector<Node*> topological_order() const;
    // Nodes on some cycle, empty when acyclic.
    std::vector<Node*> find_cycle() const;

    // A deep copy (constants are shared, they are immutable).
    std::unique_ptr<Graph> clone() const;

private:
    Value* new_value(std::string name);
    void erase_value(Value* v);  // drops it from values_ and the name index
    void unuse(Value* v, Node* n, std::size_t i);
    std::string name_;
    uint64_t next_node_id_ = 0;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<std::unique_ptr<Value>> values_;
    std::unordered_map<std::string, Value*> value_by_name_;  // index of values_ by name
    std::vector<Value*> inputs_, outputs_;
    uint64_t fresh_counter_ = 0;
};

}  // namespace neo
