// The IR verifier (see verifier.hpp for the list of checks).
#include "neo/core/ir/verifier.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// How messages name a value: by what defines it.
std::string owner(const Value& v) {
    if (v.is_graph_input()) return "graph input " + quoted(v.name());
    if (v.is_constant()) return "constant " + quoted(v.name());
    if (v.producer())
        return v.producer()->describe() + ": output " + std::to_string(v.producer_index()) +
               " " + quoted(v.name());
    return "value " + quoted(v.name());
}

bool is_typed(const Value& v) { return v.dtype() != DType::undefined || v.shape().ranked(); }

// Declared and inferred types contradict each other: both dtypes known and different,
// or both shapes ranked with different ranks or with a dim known on both sides that
// differs. A side that leaves something unknown agrees with anything.
bool contradicts(DType d, const Shape& ds, DType i, const Shape& is) {
    if (d != DType::undefined && i != DType::undefined && d != i) return true;
    if (!ds.ranked() || !is.ranked()) return false;
    if (ds.rank() != is.rank()) return true;
    for (std::size_t k = 0; k < ds.rank(); ++k) {
        const Dim &a = ds[k], &b = is[k];
        bool a_known = a.is_static() || a.is_symbolic(), b_known = b.is_static() || b.is_symbolic();
        if (a_known && b_known && !(a == b)) return true;
    }
    return false;
}

class Verifier {
public:
    Verifier(const VerifyOptions& opt, std::vector<std::string>& out, std::string prefix)
        : opt_(opt), out_(out), prefix_(std::move(prefix)) {}

    void run(const Graph& g) {
        values_ = g.values();
        nodes_ = g.nodes();
        live_values_.insert(values_.begin(), values_.end());
        live_nodes_.insert(nodes_.begin(), nodes_.end());
        gname_ = "graph " + quoted(g.name());

        check_names();
        check_values();
        check_nodes();
        check_graph_io(g);
        // The checks below follow pointers; they are safe only without dangling ones.
        if (dangling_) return;
        std::vector<Node*> cycle = g.find_cycle();
        if (!cycle.empty()) {
            std::string names;
            for (const Node* n : cycle) names += (names.empty() ? "" : ", ") + n->describe();
            report(gname_ + " has a cycle through " + names);
        }
        if (opt_.require_typed) check_typed();
        if (opt_.registry)
            for (const Node* n : nodes_) check_op(*n);
        check_subgraphs();
    }

private:
    void report(std::string m) { out_.push_back(prefix_ + std::move(m)); }

    bool live(const Value* v) const { return live_values_.count(v) != 0; }

    void check_names() {
        std::map<std::string, int> value_names, node_names;
        for (const Value* v : values_)
            if (++value_names[v->name()] == 2)
                report("value name " + quoted(v->name()) + " is used more than once in " + gname_);
        for (const Node* n : nodes_) {
            if (n->name().empty()) report(n->describe() + ": node has an empty name");
            else if (++node_names[n->name()] == 2)
                report("node name " + quoted(n->name()) + " is used more than once in " + gname_);
        }
    }

    void check_values() {
        for (const Value* v : values_) {
            int kinds = v->is_graph_input() + v->is_constant() + (v->producer() != nullptr);
            if (kinds == 0)
                report("value " + quoted(v->name()) +
                       " is neither a graph input, a constant nor a node output");
            if (kinds > 1)
                report("value " + quoted(v->name()) +
                       " is more than one of graph input, constant and node output");
            if (Node* p = v->producer()) {
                if (!live_nodes_.count(p)) {
                    report("value " + quoted(v->name()) + " is produced by a node that is not in " +
                           gname_);
                    dangling_ = true;
                } else if (v->producer_index() >= p->num_outputs() ||
                           p->output(v->producer_index()) != v) {
                    report("value " + quoted(v->name()) + " names " + p->describe() +
                           " as its producer, but is not its output " +
                           std::to_string(v->producer_index()));
                }
            }
            if (v->is_constant()) {
                const Tensor& t = v->constant();
                if (v->dtype() != t.dtype() || !(v->shape() == t.ir_shape()))
                    report(owner(*v) + " is declared " + type_to_string(v->dtype(), v->shape()) +
                           " but its tensor is " + type_to_string(t.dtype(), t.ir_shape()));
            }
            for (const Use& u : v->uses()) {
                if (!live_nodes_.count(u.node)) {
                    report("the use list of value " + quoted(v->name()) +
                           " holds a node that is not in " + gname_);
                    dangling_ = true;
                } else if (u.node->input(u.input_index) != v) {
                    report("the use list of value " + quoted(v->name()) + " is out of date: " +
                           u.node->describe() + " input " + std::to_string(u.input_index) +
                           " is another value");
                }
            }
        }
    }

    void check_typed() {
        for (const Value* v : values_)
            if (v->dtype() == DType::undefined)
                report(owner(*v) + " has no dtype (run shape inference first)");
    }

    void check_nodes() {
        for (const Node* n : nodes_) {
            for (std::size_t i = 0; i < n->num_inputs(); ++i) {
                const Value* in = n->input(i);
                if (!in) continue;
                if (!live(in)) {
                    report(n->describe() + ": input " + std::to_string(i) +
                           " refers to a value that is not in " + gname_ +
                           " (removed, or of another graph)");
                    dangling_ = true;
                } else if (std::find(in->uses().begin(), in->uses().end(),
                                     Use{const_cast<Node*>(n), i}) == in->uses().end()) {
                    report(n->describe() + ": input " + std::to_string(i) + " " +
                           quoted(in->name()) + " is missing from that value's use list");
                }
            }
            for (std::size_t k = 0; k < n->num_outputs(); ++k) {
                const Value* o = n->output(k);
                if (!live(o)) {
                    report(n->describe() + ": output " + std::to_string(k) +
                           " is not a value of " + gname_);
                    dangling_ = true;
                } else if (o->producer() != n || o->producer_index() != k) {
                    report(n->describe() + ": output " + std::to_string(k) + " " +
                           quoted(o->name()) + " is also the output of another node");
                }
            }
        }
    }

    void check_graph_io(const Graph& g) {
        for (std::size_t k = 0; k < g.inputs().size(); ++k)
            if (!live(g.inputs()[k])) {
                report("graph input " + std::to_string(k) + " is not a value of " + gname_);
                dangling_ = true;
            }
        if (g.outputs().empty()) report(gname_ + " has no outputs");
        for (std::size_t k = 0; k < g.outputs().size(); ++k)
            if (!live(g.outputs()[k])) {
                report("graph output " + std::to_string(k) + " refers to a value that is not in " +
                       gname_ + " (removed, or of another graph)");
                dangling_ = true;
            }
    }

    void check_op(const Node& n) {
        const OpSchema* schema = opt_.registry->find(n);
        if (!schema) {
            report(n.describe() + ": unknown op " + quoted(n.op()) +
                   (n.domain().empty() ? std::string(" in the default domain")
                                       : " in domain " + quoted(n.domain())) +
                   " (not in the op registry)");
            return;
        }
        try {
            check_node_against_schema(*schema, n);
        } catch (const UserError& e) {
            report(e.what());
            return;
        }
        if (opt_.check_inference) check_inference(n, *schema);
    }

    // Re-runs the op's inference on a copy of the node and compares its typed outputs.
    // Skipped when an input has no dtype yet (inference could not say anything useful).
    void check_inference(const Node& n, const OpSchema& schema) {
        if (std::none_of(n.outputs().begin(), n.outputs().end(),
                         [](const Value* o) { return is_typed(*o); }))
            return;
        Graph scratch;
        std::unordered_map<const Value*, Value*> copies;
        std::vector<Value*> inputs;
        for (const Value* in : n.inputs()) {
            if (in && in->dtype() == DType::undefined) return;
            if (!in || copies.count(in)) {
                inputs.push_back(in ? copies[in] : nullptr);
                continue;
            }
            Value* c = in->is_constant()
                           ? scratch.add_constant(in->name(), in->constant_ptr())
                           : scratch.add_input(in->name(), in->dtype(), in->shape(), in->layout());
            copies[in] = c;
            inputs.push_back(c);
        }
        std::vector<std::string> out_names;
        for (const Value* o : n.outputs()) out_names.push_back(o->name());
        Node* copy = scratch.add_node(n.op(), inputs, out_names, n.attrs(), n.name());
        copy->set_domain(n.domain());
        try {
            infer_node(schema, *copy);
        } catch (const UserError& e) {
            report(std::string(e.what()) + " (in shape inference)");
            return;
        }
        for (std::size_t k = 0; k < n.num_outputs(); ++k) {
            const Value &d = *n.output(k), &i = *copy->output(k);
            if (is_typed(d) && contradicts(d.dtype(), d.shape(), i.dtype(), i.shape()))
                report(owner(d) + " is declared " + type_to_string(d.dtype(), d.shape()) +
                       " but inference gives " + type_to_string(i.dtype(), i.shape()));
        }
    }

    void check_subgraphs() {
        for (const Node* n : nodes_) {
            for (const auto& [name, a] : n->attrs()) {
                std::string where = n->describe() + " attribute " + quoted(name);
                if (a.type() == AttrType::tensor && !a.tensor())
                    report(where + " holds no tensor");
                if (a.type() == AttrType::graph) subgraph(a.graph(), where);
                if (a.type() == AttrType::graphs)
                    for (std::size_t k = 0; k < a.graphs().size(); ++k)
                        subgraph(a.graphs()[k], where + "[" + std::to_string(k) + "]");
            }
        }
    }

    void subgraph(const GraphPtr& g, const std::string& where) {
        if (!g) report(where + " holds no graph");
        else Verifier(opt_, out_, prefix_ + where + ": ").run(*g);
    }

    const VerifyOptions& opt_;
    std::vector<std::string>& out_;
    std::string prefix_;
    std::string gname_;
    std::vector<Value*> values_;
    std::vector<Node*> nodes_;
    std::unordered_set<const Value*> live_values_;
    std::unordered_set<const Node*> live_nodes_;
    bool dangling_ = false;  // some pointer leads outside the graph
};

}  // namespace

std::vector<std::string> verify(const Graph& g, const VerifyOptions& options) {
    std::vector<std::string> problems;
    Verifier(options, problems, "").run(g);
    return problems;
}

std::vector<std::string> verify(const Graph& g, const OpRegistry* registry) {
    VerifyOptions o;
    o.registry = registry;
    return verify(g, o);
}

void verify_or_throw(const Graph& g, const std::string& context, const VerifyOptions& options) {
    std::vector<std::string> problems = verify(g, options);
    if (problems.empty()) return;
    std::string m = (context.empty() ? "" : context + ": ") + "graph " + quoted(g.name()) +
                    " is invalid (" + std::to_string(problems.size()) +
                    (problems.size() == 1 ? " problem):" : " problems):");
    for (const std::string& p : problems) m += "\n  - " + p;
    throw UserError(m);
}

}  // namespace neo
