#include "neo/core/passes/block_channels.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "neo/core/ir/tensor.hpp"

namespace neo {
namespace {

// Elementwise ops of one output whose result at a position depends only on the inputs at
// that position (so they run on blocked tensors unchanged).
const std::set<std::string> kElementwise = {
    "Abs", "Add", "Clip", "Div", "Elu", "Gelu", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "Max", "Min",
    "Mish", "Mul", "Neg", "Relu", "Selu", "Sigmoid", "Softplus", "Sub", "Sum", "Tanh"};

bool blockable(const Value* v, int64_t block) {
    if (!v || !is_float(v->dtype()) || !v->shape().is_static()) return false;
    const auto d = v->shape().static_dims();
    return d.size() >= 3 && d.size() <= 5 && d[1] % block == 0;
}

bool is_scalar_constant(const Value* v) { return v->is_constant() && v->constant().numel() == 1; }

// A Slice of spatial axes only (constant axes from 2 on; blocked tensors keep those axes
// where they were) runs on a blocked tensor unchanged.
bool is_spatial_slice(const Node* n) {
    if (!n->domain().empty() || n->op() != "Slice" || n->num_inputs() < 4) return false;
    for (std::size_t i = 1; i < n->num_inputs(); ++i)
        if (n->input(i) && !n->input(i)->is_constant()) return false;
    const Tensor& axes = n->input(3)->constant();
    for (int64_t i = 0; i < axes.numel(); ++i)
        if (axes.at_double(i) < 2) return false;
    return true;
}

class Planner {
public:
    Planner(Graph& g, int64_t block, const std::function<bool(const Node&)>& convertible)
        : g_(g), block_(block), convertible_(convertible) {}

    bool run() {
        plan();
        if (blocked_.empty()) return false;
        rewrite();
        return true;
    }

private:
    bool is_conv(const Node* n) const { return n->domain().empty() && n->op() == "Conv" && convs_.count(n); }
    // An elementwise node or a spatial Slice: it runs on blocked tensors as it is.
    bool is_elementwise(const Node* n) const {
        if (is_spatial_slice(n)) return blockable(n->input(0), block_) && blockable(n->output(0), block_);
        if (!n->domain().empty() || !kElementwise.count(n->op()) || n->num_outputs() != 1) return false;
        const Value* y = n->output(0);
        if (!blockable(y, block_)) return false;
        for (const Value* v : n->inputs())
            if (v && !is_scalar_constant(v) && !(v->shape().is_static() && v->shape() == y->shape() && !v->is_constant())) return false;
        return true;
    }
    // Whether `use` reads its input blocked once the plan holds.
    bool accepts(const Use& use) const {
        if (is_conv(use.node)) return use.input_index == 0;
        return is_elementwise(use.node) && blocked_.count(use.node->output(0));
    }

    void plan() {
        order_ = g_.topological_order();
        for (Node* n : order_) {
            if (n->domain().empty() && n->op() == "Conv" && blockable(n->output(0), block_) && convertible_(*n)) {
                convs_.insert(n);
                blocked_.insert(n->output(0));
            } else if (is_elementwise(n)) {
                bool all = true;
                for (Value* v : n->inputs()) all = all && (!v || v->is_constant() || blocked_.count(v));
                if (all) blocked_.insert(n->output(0));
            }
        }
        // Drop the tensors no consumer takes blocked, until none is left.
        for (bool changed = true; changed;) {
            changed = false;
            for (Value* v : planned()) {
                const auto& uses = v->uses();
                if (std::none_of(uses.begin(), uses.end(), [&](const Use& u) { return accepts(u); })) {
                    blocked_.erase(v);
                    changed = true;
                }
            }
        }
    }

    // The blocked tensors in the graph's order (so that the rewrite is the same every time).
    std::vector<Value*> planned() const {
        std::vector<Value*> vs;
        for (Node* n : order_)
            if (n->num_outputs() > 0 && blocked_.count(n->output(0))) vs.push_back(n->output(0));
        return vs;
    }

    Layout layout_of(std::size_t rank) const {
        static const char* plain[] = {"NCW", "NCHW", "NCDHW"};
        return Layout(std::string(plain[rank - 3]) + std::to_string(block_) + "c");
    }

    void rewrite() {
        // Consumers that cannot take a blocked tensor read its Unblock.
        for (Value* v : planned()) {
            std::vector<Use> others;
            for (const Use& u : v->uses())
                if (!accepts(u)) others.push_back(u);
            std::vector<std::size_t> outputs;
            for (std::size_t i = 0; i < g_.outputs().size(); ++i)
                if (g_.outputs()[i] == v) outputs.push_back(i);
            if (others.empty() && outputs.empty()) continue;
            Node* u = g_.add_node("Unblock", {v}, {g_.fresh_value_name(v->name() + "_unblocked")}, {}, g_.fresh_node_name(v->name() + "_unblock"));
            u->set_domain("neo");
            u->output(0)->set_dtype(v->dtype());
            u->output(0)->set_shape(v->shape());
            for (const Use& use : others) use.node->set_input(use.input_index, u->output(0));
            for (std::size_t i : outputs) g_.set_output(i, u->output(0));
        }
        // Convs become BlockedConvs.
        for (Node* conv : order_) {
            if (!convs_.count(conv)) continue;
            Value* x = conv->input(0);
            Value* y = conv->output(0);
            const bool in = blocked_.count(x) > 0, out = blocked_.count(y) > 0;
            if (!in && !out) continue;
            Attributes attrs = conv->attrs();
            attrs["in_block"] = Attribute(in ? block_ : int64_t{0});
            attrs["out_block"] = Attribute(out ? block_ : int64_t{0});
            const std::string name = conv->name(), yname = y->name();
            Node* b = g_.add_node("BlockedConv", conv->inputs(), {g_.fresh_value_name(yname)}, attrs, g_.fresh_node_name(name));
            b->set_domain("neo");
            Value* by = b->output(0);
            by->set_dtype(y->dtype());
            by->set_shape(y->shape());
            g_.replace_all_uses(y, by);
            if (out) {
                blocked_.erase(y);
                blocked_.insert(by);
            }
            g_.remove_node(conv);
            b->set_name(name);
            g_.rename_value(by, yname);
        }
        for (Value* v : blocked_) {  // (any order: each is set alone)
            const std::size_t rank = v->shape().rank();
            v->set_shape(Shape::from(blocked_dims(v->shape().static_dims(), block_)));
            v->set_layout(layout_of(rank));
        }
    }

    Graph& g_;
    const int64_t block_;
    const std::function<bool(const Node&)>& convertible_;
    std::vector<Node*> order_;
    std::set<const Node*> convs_;
    std::set<Value*> blocked_;
};

}  // namespace

bool block_channels(Graph& g, int64_t block, const std::function<bool(const Node&)>& convertible) {
    return Planner(g, block, convertible).run();
}

}  // namespace neo
