#include "program/static_graph.hpp"

#include "neo/core/passes/constant_folding.hpp"
#include "neo/core/passes/dead_code_elimination.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/passes/unroll_control_flow.hpp"

namespace neo::llvm_cpu {

StaticGraph::StaticGraph(const Graph& g) : g_(g) {
    bool control = false;
    for (const Node* n : g.nodes())
        control |= n->domain().empty() && (n->op() == "If" || n->op() == "Loop" || n->op() == "Scan");
    if (!control) return;
    owned_ = g.clone();
    constexpr int kMaxRounds = 16;  // nested control flow unrolls one level per round
    for (int round = 0; round < kMaxRounds; ++round) {
        const bool unrolled = unroll_control_flow(*owned_);
        propagate_shapes(*owned_);
        const bool folded = fold_constants(*owned_);
        if (folded) propagate_shapes(*owned_);
        if (!unrolled && !folded) break;
    }
    eliminate_dead_code(*owned_);
}

}  // namespace neo::llvm_cpu
