#include "neo/core/passes/shape_propagation.hpp"

#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

bool propagate_shapes(Graph& g, const OpRegistry& registry) {
    auto missing = unsupported_ops(g, registry);
    if (!missing.empty()) {
        std::string msg = "graph '" + g.name() + "' uses " + std::to_string(missing.size()) +
                          " unsupported op type(s):";
        for (const auto& l : missing) msg += "\n  " + l;
        throw UserError(msg);
    }
    bool changed = false;
    for (Node* n : g.topological_order()) {
        const OpSchema* s = registry.find(*n);
        check_node_against_schema(*s, *n);
        std::vector<std::pair<DType, Shape>> before;
        for (Value* o : n->outputs()) before.emplace_back(o->dtype(), o->shape());
        infer_node(*s, *n);
        for (std::size_t i = 0; i < n->num_outputs(); ++i) {
            Value* o = n->output(i);
            if (o->dtype() == DType::undefined)
                throw InternalError(n->describe() + ": inference left output " +
                                    std::to_string(i) + " without a dtype");
            changed |= before[i].first != o->dtype() || !(before[i].second == o->shape());
        }
    }
    return changed;
}

}  // namespace neo
