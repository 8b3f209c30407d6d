#include "neo/core/passes/dead_code_elimination.hpp"

#include <algorithm>
#include <unordered_set>

namespace neo {

bool eliminate_dead_code(Graph& g) {
    // Live nodes: those reachable backwards from the graph outputs.
    std::unordered_set<const Node*> live;
    std::vector<const Value*> work(g.outputs().begin(), g.outputs().end());
    while (!work.empty()) {
        const Value* v = work.back();
        work.pop_back();
        const Node* p = v->producer();
        if (!p || !live.insert(p).second) continue;
        for (Value* in : p->inputs())
            if (in) work.push_back(in);
    }
    bool changed = false;
    // Remove dead nodes consumers first, so that each removed node's outputs are unused.
    auto order = g.topological_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (live.count(*it)) continue;
        g.remove_node(*it);
        changed = true;
    }
    for (Value* c : g.constants()) {
        bool is_output = std::find(g.outputs().begin(), g.outputs().end(), c) != g.outputs().end();
        if (c->uses().empty() && !is_output) {
            g.remove_value(c);
            changed = true;
        }
    }
    return changed;
}

}  // namespace neo
