#include "neo/core/passes/constant_folding.hpp"

#include <algorithm>
#include <set>

#include "neo/core/ir/tensor.hpp"

namespace neo {
namespace {

// Ops whose result is not a function of their inputs.
const std::set<std::string> kNondeterministic = {
    "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike",
    "Multinomial", "Bernoulli"};

// Shape's value when the input shape is static (ONNX start/end clamping).
std::optional<Tensor> fold_shape_of(const Node& n) {
    const Value* in = n.input(0);
    if (!in || !in->shape().is_static()) return std::nullopt;
    std::vector<int64_t> dims = in->shape().static_dims();
    auto r = static_cast<int64_t>(dims.size());
    if (n.op() == "Size") {
        int64_t numel = 1;
        for (int64_t d : dims) numel *= d;
        return Tensor(xt::xarray<int64_t>(numel));
    }
    auto clamp = [&](int64_t v) { return std::clamp(v < 0 ? v + r : v, int64_t{0}, r); };
    int64_t start = n.has_attr("start") ? clamp(n.attr("start").i()) : 0;
    int64_t end = n.has_attr("end") ? clamp(n.attr("end").i()) : r;
    std::vector<int64_t> out;
    for (int64_t i = start; i < end; ++i) out.push_back(dims[static_cast<std::size_t>(i)]);
    return Tensor::from_vector<int64_t>({static_cast<int64_t>(out.size())}, out);
}

// Whether every output's known size fits the limit (unknown sizes are checked after).
bool small_enough(const std::vector<Tensor>& outs, std::size_t limit) {
    std::size_t total = 0;
    for (const auto& t : outs)
        total += t.dtype() == DType::string ? static_cast<std::size_t>(t.numel()) * 32 : t.nbytes();
    return total <= limit;
}

bool declared_too_big(const Node& n, std::size_t limit) {
    for (const Value* o : n.outputs())
        if (o->shape().is_static() && o->dtype() != DType::undefined &&
            static_cast<std::size_t>(o->shape().numel()) * std::max<std::size_t>(dtype_size(o->dtype()), 1) > limit)
            return true;
    return false;
}

}  // namespace

bool fold_constants(Graph& g, const OpRegistry& registry, const ConstantFoldingOptions& options) {
    bool changed = false;
    std::vector<Value*> folded;  // constants this pass made
    for (Node* n : g.topological_order()) {
        if (kNondeterministic.count(n->op()) || !n->domain().empty()) continue;
        const OpSchema* schema = registry.find(*n);
        if (!schema) continue;
        std::vector<Tensor> outs;
        if ((n->op() == "Shape" || n->op() == "Size") && n->num_outputs() == 1) {
            auto t = fold_shape_of(*n);
            if (!t) continue;
            outs.push_back(std::move(*t));
        } else {
            bool all_const = true;
            std::vector<const Tensor*> args;
            for (Value* in : n->inputs()) {
                all_const &= in == nullptr || in->is_constant();
                args.push_back(in && in->is_constant() ? &in->constant() : nullptr);
            }
            bool has_subgraph = false;
            for (const auto& [k, a] : n->attrs())
                has_subgraph |= a.type() == AttrType::graph || a.type() == AttrType::graphs;
            if (!all_const || has_subgraph || declared_too_big(*n, options.max_result_bytes))
                continue;
            check_node_against_schema(*schema, *n);
            outs = compute_node(*schema, *n, args);
            if (!small_enough(outs, options.max_result_bytes)) continue;
        }
        // Replace each output by a constant of the same name.
        std::vector<std::pair<Value*, std::string>> renames;
        for (std::size_t i = 0; i < n->num_outputs(); ++i) {
            Value* o = n->output(i);
            Value* c = g.add_constant(g.fresh_value_name(o->name() + "_folded"), std::move(outs[i]));
            c->set_layout(o->layout());
            g.replace_all_uses(o, c);
            renames.emplace_back(c, o->name());
        }
        g.remove_node(n);
        for (auto& [c, name] : renames) {
            g.rename_value(c, name);
            folded.push_back(c);
        }
        changed = true;
    }
    // Intermediate results folded into later constants are no longer needed.
    for (Value* c : folded)
        if (c->uses().empty() &&
            std::find(g.outputs().begin(), g.outputs().end(), c) == g.outputs().end())
            g.remove_value(c);
    return changed;
}

}  // namespace neo
