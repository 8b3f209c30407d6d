#include "neo/core/interp/interpreter.hpp"

#include <unordered_map>

#include "neo/core/util/error.hpp"

namespace neo {
namespace {

void collect_unsupported(const Graph& g, const OpRegistry& r,
                         std::map<std::string, std::vector<std::string>>& out) {
    for (Node* n : g.nodes()) {
        if (!r.find(*n)) {
            std::string key = n->op() + " (domain '" + (n->domain().empty() ? "ai.onnx" : n->domain()) + "')";
            out[key].push_back("'" + n->name() + "'");
        }
        for (const auto& [k, a] : n->attrs()) {
            if (a.type() == AttrType::graph) collect_unsupported(*a.graph(), r, out);
            if (a.type() == AttrType::graphs)
                for (const auto& sg : a.graphs()) collect_unsupported(*sg, r, out);
        }
    }
}

std::string describe_tensor_type(DType t, const std::vector<int64_t>& shape) {
    return std::string(dtype_name(t)) + Shape::from(shape).str();
}

}  // namespace

std::vector<std::string> unsupported_ops(const Graph& graph, const OpRegistry& registry) {
    std::map<std::string, std::vector<std::string>> found;
    collect_unsupported(graph, registry, found);
    std::vector<std::string> lines;
    for (const auto& [op, nodes] : found) {
        std::string line = op + ": node" + (nodes.size() > 1 ? "s " : " ");
        for (std::size_t i = 0; i < nodes.size(); ++i) line += (i ? ", " : "") + nodes[i];
        lines.push_back(line);
    }
    return lines;
}

Interpreter::Interpreter(const Graph& graph, const OpRegistry& registry)
    : graph_(graph), registry_(registry) {
    auto missing = unsupported_ops(graph, registry);
    if (!missing.empty()) {
        std::string msg = "graph '" + graph.name() + "' uses " + std::to_string(missing.size()) +
                          " op type(s) the reference interpreter does not support:";
        for (const auto& l : missing) msg += "\n  " + l;
        throw UserError(msg);
    }
    order_ = graph.topological_order();
    for (Node* n : order_) {
        schemas_.push_back(registry.find(*n));
        check_node_against_schema(*schemas_.back(), *n);
    }
}

std::vector<Tensor> Interpreter::run(const std::map<std::string, Tensor>& inputs) const {
    std::vector<Tensor> ordered;
    for (Value* in : graph_.inputs()) {
        auto it = inputs.find(in->name());
        if (it == inputs.end())
            throw UserError("graph '" + graph_.name() + "': no value given for input '" +
                            in->name() + "'");
        ordered.push_back(it->second);
    }
    for (const auto& [name, t] : inputs)
        if (!graph_.find_value(name) || !graph_.find_value(name)->is_graph_input())
            throw UserError("graph '" + graph_.name() + "' has no input named '" + name + "'");
    return run(ordered);
}

std::vector<Tensor> Interpreter::run(const std::vector<Tensor>& inputs) const {
    const auto& gin = graph_.inputs();
    if (inputs.size() != gin.size())
        throw UserError("graph '" + graph_.name() + "' takes " + std::to_string(gin.size()) +
                        " inputs, " + std::to_string(inputs.size()) + " given");
    std::unordered_map<const Value*, Tensor> env;
    // Remaining uses of each value, so that intermediates are freed after their last use.
    std::unordered_map<const Value*, std::size_t> remaining;
    for (Node* n : order_)
        for (Value* in : n->inputs())
            if (in) ++remaining[in];
    for (std::size_t i = 0; i < gin.size(); ++i) {
        const Value* v = gin[i];
        const Tensor& t = inputs[i];
        bool ok = v->dtype() == DType::undefined || v->dtype() == t.dtype();
        if (ok && v->shape().ranked()) {
            auto s = t.shape();
            ok = s.size() == v->shape().rank();
            for (std::size_t d = 0; ok && d < s.size(); ++d)
                ok = !v->shape()[d].is_static() || v->shape()[d].value() == s[d];
        }
        if (!ok)
            throw UserError("input '" + v->name() + "' expects " +
                            std::string(dtype_name(v->dtype())) + v->shape().str() + ", got " +
                            describe_tensor_type(t.dtype(), t.shape()));
        env.emplace(v, t);
    }
    for (Value* c : graph_.constants()) env.emplace(c, c->constant());

    for (std::size_t k = 0; k < order_.size(); ++k) {
        Node* n = order_[k];
        std::vector<const Tensor*> args;
        for (Value* in : n->inputs()) args.push_back(in ? &env.at(in) : nullptr);
        std::vector<Tensor> outs = compute_node(*schemas_[k], *n, args);
        for (std::size_t i = 0; i < outs.size(); ++i) env.insert_or_assign(n->output(i), std::move(outs[i]));
        for (Value* in : n->inputs())
            if (in && --remaining[in] == 0 && !in->is_constant()) {
                bool is_output = false;
                for (Value* o : graph_.outputs()) is_output |= (o == in);
                if (!is_output) env.erase(in);
            }
    }
    std::vector<Tensor> result;
    for (Value* o : graph_.outputs()) result.push_back(env.at(o));
    return result;
}

}  // namespace neo
