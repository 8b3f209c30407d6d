#include "neo/core/ir/graph.hpp"

#include <algorithm>
#include <unordered_map>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

// ---- Value / Node --------------------------------------------------------------

const Tensor& Value::constant() const {
    check_internal(constant_ != nullptr, "value '" + name_ + "' is not a constant");
    return *constant_;
}

std::string Node::qualified_op() const { return domain_.empty() ? op_ : domain_ + "." + op_; }

std::string Node::describe() const {
    return "node '" + name_ + "' (" + qualified_op() + ")";
}

const Attribute& Node::attr(const std::string& k) const {
    auto it = attrs_.find(k);
    check_internal(it != attrs_.end(), describe() + " has no attribute '" + k + "'");
    return it->second;
}

void Node::set_input(std::size_t i, Value* v) {
    check_internal(i < inputs_.size(), describe() + ": set_input index out of range");
    if (Value* old = inputs_[i]) {
        auto& u = old->uses_;
        u.erase(std::find(u.begin(), u.end(), Use{this, i}));
    }
    inputs_[i] = v;
    if (v) v->uses_.push_back(Use{this, i});
}

void Node::add_input(Value* v) {
    inputs_.push_back(nullptr);
    set_input(inputs_.size() - 1, v);
}

// ---- Graph: building ---------------------------------------------------------------

Graph::Graph(std::string name) : name_(std::move(name)) {}
Graph::~Graph() = default;

Value* Graph::new_value(std::string name) {
    if (name.empty()) name = fresh_value_name("v");
    check_internal(find_value(name) == nullptr,
                   "graph '" + name_ + "' already has a value named '" + name + "'");
    auto v = std::make_unique<Value>();
    v->graph_ = this;
    v->name_ = std::move(name);
    value_by_name_.emplace(v->name_, v.get());
    values_.push_back(std::move(v));
    return values_.back().get();
}

Value* Graph::add_input(std::string name, DType t, Shape s, Layout l) {
    Value* v = new_value(std::move(name));
    v->dtype_ = t;
    v->shape_ = std::move(s);
    v->layout_ = std::move(l);
    v->is_input_ = true;
    inputs_.push_back(v);
    return v;
}

Value* Graph::add_constant(std::string name, Tensor t) {
    return add_constant(std::move(name), std::make_shared<const Tensor>(std::move(t)));
}

Value* Graph::add_constant(std::string name, TensorPtr t) {
    check_internal(t != nullptr, "add_constant with a null tensor");
    Value* v = new_value(std::move(name));
    v->dtype_ = t->dtype();
    v->shape_ = t->ir_shape();
    v->constant_ = std::move(t);
    return v;
}

Node* Graph::add_node(std::string op, std::vector<Value*> inputs,
                      std::vector<std::string> output_names, Attributes attrs,
                      std::string node_name) {
    auto n = std::make_unique<Node>();
    n->id_ = next_node_id_++;
    n->op_ = std::move(op);
    n->name_ = node_name.empty() ? fresh_node_name(n->op_) : std::move(node_name);
    n->attrs_ = std::move(attrs);
    Node* raw = n.get();
    nodes_.push_back(std::move(n));
    for (Value* in : inputs) {
        check_internal(in == nullptr || in->graph_ == this,
                       raw->describe() + ": input from another graph");
        raw->add_input(in);
    }
    for (std::size_t i = 0; i < output_names.size(); ++i) {
        Value* v = new_value(std::move(output_names[i]));
        v->producer_ = raw;
        v->producer_index_ = i;
        raw->outputs_.push_back(v);
    }
    return raw;
}

Node* Graph::add_node(std::string op, std::vector<Value*> inputs, std::size_t num_outputs,
                      Attributes attrs, std::string node_name) {
    std::vector<std::string> names(num_outputs);
    for (auto& n : names) n = fresh_value_name(op);
    return add_node(std::move(op), std::move(inputs), std::move(names), std::move(attrs),
                    std::move(node_name));
}

void Graph::add_output(Value* v) {
    check_internal(v != nullptr && v->graph_ == this, "add_output: value of another graph");
    outputs_.push_back(v);
}

void Graph::set_output(std::size_t i, Value* v) {
    check_internal(i < outputs_.size() && v && v->graph_ == this, "set_output: bad index/value");
    outputs_[i] = v;
}

// ---- Graph: queries ------------------------------------------------------------------

std::vector<Node*> Graph::nodes() const {
    std::vector<Node*> out;
    out.reserve(nodes_.size());
    for (const auto& n : nodes_) out.push_back(n.get());
    return out;
}

std::vector<Value*> Graph::values() const {
    std::vector<Value*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v.get());
    return out;
}

std::vector<Value*> Graph::constants() const {
    std::vector<Value*> out;
    for (const auto& v : values_)
        if (v->is_constant()) out.push_back(v.get());
    return out;
}

Value* Graph::find_value(const std::string& name) const {
    auto it = value_by_name_.find(name);
    return it == value_by_name_.end() ? nullptr : it->second;
}

void Graph::erase_value(Value* v) {
    value_by_name_.erase(v->name_);
    std::erase_if(values_, [&](const auto& p) { return p.get() == v; });
}

Node* Graph::find_node(const std::string& name) const {
    for (const auto& n : nodes_)
        if (n->name_ == name) return n.get();
    return nullptr;
}

std::string Graph::fresh_value_name(const std::string& base) {
    std::string name;
    do name = base + "_" + std::to_string(fresh_counter_++);
    while (find_value(name) != nullptr);
    return name;
}

std::string Graph::unique_value_name(const std::string& base) {
    return find_value(base) == nullptr ? base : fresh_value_name(base);
}

void Graph::rename_value(Value* v, std::string name) {
    if (v->name_ == name) return;
    check_internal(find_value(name) == nullptr,
                   "graph '" + name_ + "' already has a value named '" + name + "'");
    value_by_name_.erase(v->name_);
    v->name_ = std::move(name);
    value_by_name_.emplace(v->name_, v);
}

std::string Graph::fresh_node_name(const std::string& base) {
    std::string name;
    do name = base + "_" + std::to_string(fresh_counter_++);
    while (find_node(name) != nullptr);
    return name;
}

// ---- Graph: rewriting -----------------------------------------------------------------

void Graph::replace_all_uses(Value* from, Value* to) {
    check_internal(from && to && from->graph_ == this && to->graph_ == this,
                   "replace_all_uses: values must belong to this graph");
    if (from == to) return;
    std::vector<Use> uses = from->uses_;
    for (const Use& u : uses) u.node->set_input(u.input_index, to);
    for (Value*& o : outputs_)
        if (o == from) o = to;
}

void Graph::remove_node(Node* n) {
    for (Value* o : n->outputs_) {
        check_internal(o->uses_.empty(), "remove_node: output '" + o->name_ + "' of " +
                                             n->describe() + " is still used");
        check_internal(std::find(outputs_.begin(), outputs_.end(), o) == outputs_.end(),
                       "remove_node: output '" + o->name_ + "' is a graph output");
    }
    for (std::size_t i = 0; i < n->inputs_.size(); ++i) n->set_input(i, nullptr);
    for (Value* o : n->outputs_)
        erase_value(o);
    std::erase_if(nodes_, [&](const auto& p) { return p.get() == n; });
}

void Graph::remove_value(Value* v) {
    check_internal(v->producer_ == nullptr && v->uses_.empty() && !v->is_input_ &&
                       std::find(outputs_.begin(), outputs_.end(), v) == outputs_.end(),
                   "remove_value: '" + v->name_ + "' is still used, produced or an input");
    erase_value(v);
}

void Graph::remove_input(Value* v) {
    check_internal(v->is_input_ && v->uses_.empty() &&
                       std::find(outputs_.begin(), outputs_.end(), v) == outputs_.end(),
                   "remove_input: '" + v->name_ + "' is still used or not an input");
    std::erase(inputs_, v);
    erase_value(v);
}

std::unique_ptr<Graph> Graph::clone() const {
    auto g = std::make_unique<Graph>(name_);
    std::unordered_map<const Value*, Value*> map;
    for (const auto& v : values_) {
        if (v->is_input_) {
            map[v.get()] = g->add_input(v->name_, v->dtype_, v->shape_, v->layout_);
        } else if (v->constant_) {
            Value* c = g->add_constant(v->name_, v->constant_);
            c->layout_ = v->layout_;
            map[v.get()] = c;
        }
    }
    // Keep the input order of the original.
    g->inputs_.clear();
    for (Value* in : inputs_) g->inputs_.push_back(map.at(in));
    for (Node* n : topological_order()) {
        std::vector<Value*> ins;
        for (Value* in : n->inputs_) ins.push_back(in ? map.at(in) : nullptr);
        std::vector<std::string> outs;
        for (Value* o : n->outputs_) outs.push_back(o->name_);
        Attributes attrs = n->attrs_;
        for (auto& [k, a] : attrs) {  // subgraphs are owned: copy them too
            if (a.type() == AttrType::graph) {
                a = Attribute(GraphPtr(a.graph()->clone()));
            } else if (a.type() == AttrType::graphs) {
                std::vector<GraphPtr> gs;
                for (const auto& sg : a.graphs()) gs.emplace_back(sg->clone());
                a = Attribute(std::move(gs));
            }
        }
        Node* c = g->add_node(n->op_, ins, outs, std::move(attrs), n->name_);
        c->name_ = n->name_;  // add_node would give an empty name a fresh one
        c->domain_ = n->domain_;
        for (std::size_t i = 0; i < n->outputs_.size(); ++i) {
            Value* o = c->outputs_[i];
            o->dtype_ = n->outputs_[i]->dtype_;
            o->shape_ = n->outputs_[i]->shape_;
            o->layout_ = n->outputs_[i]->layout_;
            map[n->outputs_[i]] = o;
        }
    }
    for (Value* o : outputs_) g->outputs_.push_back(map.at(o));
    g->fresh_counter_ = fresh_counter_;
    return g;
}

}  // namespace neo
