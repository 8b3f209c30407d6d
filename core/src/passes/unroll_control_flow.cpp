#include "neo/core/passes/unroll_control_flow.hpp"

#include <map>
#include <set>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

int64_t int_attr(const Node& n, const std::string& name, int64_t fallback) {
    return n.has_attr(name) ? n.attr(name).i() : fallback;
}
std::vector<int64_t> ints_attr(const Node& n, const std::string& name, std::size_t count) {
    std::vector<int64_t> v = n.has_attr(name) ? n.attr(name).ints() : std::vector<int64_t>{};
    if (v.empty()) v.assign(count, 0);
    return v;
}

// Rewrites one control-flow node into plain nodes of the graph.
class Unroller {
public:
    Unroller(Graph& g, Node* n, const UnrollOptions& o, std::size_t& budget)
        : g_(g), n_(n), opt_(o), budget_(budget) {}

    bool run() {
        if (n_->op() == "If") return inline_if();
        if (n_->op() == "Loop") return unroll_loop();
        if (n_->op() == "Scan") return unroll_scan();
        return false;
    }

private:
    const Graph& body(const char* attr) const {
        const GraphPtr& b = n_->attr(attr).graph();
        check_internal(b != nullptr, n_->describe() + " has no " + attr);
        return *b;
    }

    // Whether `copies` copies of `b` fit the budget (taken from it when they do).
    bool afford(const Graph& b, int64_t copies) {
        if (copies > opt_.max_iterations) return false;
        const std::size_t cost = b.num_nodes() * static_cast<std::size_t>(copies) + 2;
        if (cost > budget_) return false;
        budget_ -= cost;
        return true;
    }

    Value* constant(const std::string& base, Tensor t) {
        return g_.add_constant(g_.fresh_value_name(n_->name() + "." + base), std::move(t));
    }
    Value* node1(const std::string& op, std::vector<Value*> inputs, Attributes attrs = {}) {
        Node* m = g_.add_node(op, std::move(inputs), {g_.fresh_value_name(n_->name() + "." + op)},
                              std::move(attrs), g_.fresh_node_name(n_->name() + "." + op));
        made_.insert(m->output(0));
        return m->output(0);
    }

    // Copies `b`'s nodes into the graph with its inputs bound to `args`; returns the values
    // of its outputs.
    std::vector<Value*> inline_body(const Graph& b, const std::vector<Value*>& args, const std::string& tag) {
        check_internal(args.size() == b.inputs().size(),
                       n_->describe() + ": body input count does not match its arguments");
        std::map<const Value*, Value*> map;
        for (std::size_t i = 0; i < args.size(); ++i) map[b.inputs()[i]] = args[i];
        const std::string prefix = n_->name() + "." + tag + ".";
        for (Value* c : b.constants()) map[c] = g_.add_constant(g_.fresh_value_name(prefix + c->name()), c->constant_ptr());
        for (Node* m : b.topological_order()) {
            std::vector<Value*> ins;
            for (Value* v : m->inputs()) ins.push_back(v ? map.at(v) : nullptr);
            std::vector<std::string> names;
            for (Value* o : m->outputs()) names.push_back(g_.fresh_value_name(prefix + o->name()));
            Node* copy = g_.add_node(m->op(), ins, names, m->attrs(), g_.fresh_node_name(prefix + m->name()));
            copy->set_domain(m->domain());
            for (std::size_t i = 0; i < m->num_outputs(); ++i) {
                map[m->output(i)] = copy->output(i);
                made_.insert(copy->output(i));
            }
        }
        std::vector<Value*> outs;
        for (Value* o : b.outputs()) outs.push_back(map.at(o));
        return outs;
    }

    // Stacks per-iteration values along a new axis (normalized against rank + 1).
    Value* stack(const std::vector<Value*>& parts, int64_t axis) {
        Value* axes = constant("axes", Tensor::from_vector<int64_t>({1}, {axis}));
        std::vector<Value*> expanded;
        for (Value* p : parts) expanded.push_back(node1("Unsqueeze", {p, axes}));
        return node1("Concat", expanded, {{"axis", Attribute(axis)}});
    }

    // Replaces the node's outputs by `results` and removes it; each output keeps its name.
    bool finish(const std::vector<Value*>& results) {
        std::vector<std::pair<Value*, std::string>> renames;
        std::set<Value*> claimed;
        for (std::size_t i = 0; i < n_->num_outputs(); ++i) {
            Value* old = n_->output(i);
            Value* v = results[i];
            const bool is_output = std::find(g_.outputs().begin(), g_.outputs().end(), v) != g_.outputs().end();
            if (!made_.count(v) || is_output || claimed.count(v) || v->is_constant())
                v = node1("Identity", {v});
            claimed.insert(v);
            g_.replace_all_uses(old, v);
            renames.emplace_back(v, old->name());
        }
        g_.remove_node(n_);
        for (auto& [v, name] : renames) g_.rename_value(v, name);
        return true;
    }

    bool inline_if() {
        const Value* cond = n_->input(0);
        if (!cond || !cond->is_constant() || cond->constant().numel() != 1) return false;
        const Graph& b = body(cond->constant().at_int(0) != 0 ? "then_branch" : "else_branch");
        if (!afford(b, 1)) return false;
        std::vector<Value*> args(n_->inputs().begin() + 1, n_->inputs().end());
        return finish(inline_body(b, args, "branch"));
    }

    // A scalar (or [1]-shaped, as the body declares) constant for a body input.
    template <class T>
    Value* body_scalar(const Graph& b, std::size_t input, const std::string& base, T value) {
        const Shape& s = b.inputs()[input]->shape();
        std::vector<int64_t> dims = s.is_static() && s.numel() == 1 ? s.static_dims() : std::vector<int64_t>{};
        return constant(base, Tensor::from_vector<T>(dims, {value}));
    }

    bool unroll_loop() {
        const Graph& b = body("body");
        const auto k = static_cast<std::size_t>(int_attr(*n_, "num_captured", 0));
        if (n_->num_inputs() < 2 + k || b.outputs().empty()) return false;
        const std::size_t carried = n_->num_inputs() - 2 - k, scans = n_->num_outputs() - carried;
        const Value* m = n_->input(0);
        const Value* cond = n_->input(1);
        if (!m || !m->is_constant()) return false;
        int64_t trips = m->constant().at_int(0);
        if (cond) {
            if (!cond->is_constant()) return false;
            // The body must hand its cond input back unchanged for the trip count to decide.
            const Value* out = b.outputs()[0];
            if (out->producer() && out->producer()->op() == "Identity") out = out->producer()->input(0);
            if (out != b.inputs()[1]) return false;
            if (cond->constant().at_int(0) == 0) trips = 0;
        }
        if (trips < 0) trips = 0;
        if ((trips == 0 && scans > 0) || !afford(b, trips)) return false;
        std::vector<Value*> state(n_->inputs().begin() + 2, n_->inputs().begin() + 2 + static_cast<std::ptrdiff_t>(carried));
        std::vector<Value*> captured(n_->inputs().begin() + 2 + static_cast<std::ptrdiff_t>(carried), n_->inputs().end());
        std::vector<std::vector<Value*>> parts(scans);
        for (int64_t it = 0; it < trips; ++it) {
            std::vector<Value*> args{body_scalar<int64_t>(b, 0, "iteration", it), body_scalar<bool>(b, 1, "cond", true)};
            args.insert(args.end(), state.begin(), state.end());
            args.insert(args.end(), captured.begin(), captured.end());
            auto outs = inline_body(b, args, std::to_string(it));
            for (std::size_t i = 0; i < carried; ++i) state[i] = outs[1 + i];
            for (std::size_t j = 0; j < scans; ++j) parts[j].push_back(outs[1 + carried + j]);
        }
        std::vector<Value*> results = state;
        for (auto& p : parts) results.push_back(stack(p, 0));
        return finish(results);
    }

    bool unroll_scan() {
        const Graph& b = body("body");
        const auto k = static_cast<std::size_t>(int_attr(*n_, "num_captured", 0));
        const auto n_in = static_cast<std::size_t>(int_attr(*n_, "num_scan_inputs", 0));
        if (n_in == 0 || n_->num_inputs() < n_in + k) return false;
        const std::size_t n_state = n_->num_inputs() - n_in - k, n_out = n_->num_outputs() - n_state;
        const auto in_axes = ints_attr(*n_, "scan_input_axes", n_in), in_dirs = ints_attr(*n_, "scan_input_directions", n_in);
        const auto out_axes = ints_attr(*n_, "scan_output_axes", n_out), out_dirs = ints_attr(*n_, "scan_output_directions", n_out);
        int64_t seq = -1;
        std::vector<int64_t> axes;
        for (std::size_t i = 0; i < n_in; ++i) {
            const Shape& s = n_->input(n_state + i)->shape();
            if (!s.is_static() || s.rank() == 0) return false;
            const auto rank = static_cast<int64_t>(s.rank());
            int64_t a = in_axes[i] < 0 ? in_axes[i] + rank : in_axes[i];
            if (a < 0 || a >= rank) return false;
            const int64_t len = s.static_dims()[static_cast<std::size_t>(a)];
            if (seq >= 0 && len != seq) return false;
            seq = len;
            axes.push_back(a);
        }
        std::vector<int64_t> stack_axes;  // scan outputs' axes, normalized against rank + 1
        for (std::size_t j = 0; j < n_out; ++j) {
            const Shape& s = b.outputs()[n_state + j]->shape();
            if (out_axes[j] < 0 && !s.ranked()) return false;
            stack_axes.push_back(out_axes[j] < 0 ? out_axes[j] + static_cast<int64_t>(s.rank()) + 1 : out_axes[j]);
        }
        if (seq <= 0 || !afford(b, seq)) return false;
        std::vector<Value*> state(n_->inputs().begin(), n_->inputs().begin() + static_cast<std::ptrdiff_t>(n_state));
        std::vector<Value*> captured(n_->inputs().begin() + static_cast<std::ptrdiff_t>(n_state + n_in), n_->inputs().end());
        std::vector<std::vector<Value*>> parts(n_out);
        for (int64_t t = 0; t < seq; ++t) {
            std::vector<Value*> args = state;
            for (std::size_t i = 0; i < n_in; ++i) {
                Value* at = constant("step", Tensor::from_vector<int64_t>({}, {in_dirs[i] ? seq - 1 - t : t}));
                args.push_back(node1("Gather", {n_->input(n_state + i), at}, {{"axis", Attribute(axes[i])}}));
            }
            args.insert(args.end(), captured.begin(), captured.end());
            auto outs = inline_body(b, args, std::to_string(t));
            for (std::size_t i = 0; i < n_state; ++i) state[i] = outs[i];
            for (std::size_t j = 0; j < n_out; ++j) parts[j].push_back(outs[n_state + j]);
        }
        std::vector<Value*> results = state;
        for (std::size_t j = 0; j < n_out; ++j) {
            if (out_dirs[j]) std::reverse(parts[j].begin(), parts[j].end());
            results.push_back(stack(parts[j], stack_axes[j]));
        }
        return finish(results);
    }

    Graph& g_;
    Node* n_;
    const UnrollOptions& opt_;
    std::size_t& budget_;
    std::set<Value*> made_;  // values this rewrite created
};

}  // namespace

bool unroll_control_flow(Graph& g, const UnrollOptions& options) {
    std::size_t budget = options.max_new_nodes;
    bool changed = false;
    for (Node* n : g.topological_order())
        if (n->domain().empty()) changed |= Unroller(g, n, options, budget).run();
    return changed;
}

}  // namespace neo
