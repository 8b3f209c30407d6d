#include "program/static_graph.hpp"

#include "lower/conv_winograd.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/passes/block_channels.hpp"
#include "neo/core/passes/constant_folding.hpp"
#include "neo/core/passes/dead_code_elimination.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/passes/unroll_control_flow.hpp"

namespace neo::llvm_cpu {

StaticGraph::StaticGraph(const Graph& g, int64_t channel_block) : g_(g) {
    bool control = false, convs = false;
    for (const Node* n : g.nodes()) {
        control |= n->domain().empty() && (n->op() == "If" || n->op() == "Loop" || n->op() == "Scan");
        convs |= channel_block > 0 && runs_blocked(*n, channel_block);
    }
    if (control) {
        constexpr int kMaxRounds = 16;  // nested control flow unrolls one level per round
        for (int round = 0; round < kMaxRounds; ++round) {
            const bool unrolled = unroll_control_flow(own());
            propagate_shapes(own());
            const bool folded = fold_constants(own());
            if (folded) propagate_shapes(own());
            if (!unrolled && !folded) break;
        }
        eliminate_dead_code(own());
    }
    if (convs) {
        auto copy = get().clone();
        if (block_channels(*copy, channel_block, [&](const Node& n) { return runs_blocked(n, channel_block); }))
            owned_ = std::move(copy);
    }
}

Graph& StaticGraph::own() {
    if (!owned_) owned_ = g_.clone();
    return *owned_;
}

bool runs_blocked(const Node& n, int64_t block) {
    if (!n.domain().empty() || n.op() != "Conv" || n.num_inputs() < 2) return false;
    const Value *x = n.input(0), *w = n.input(1), *y = n.output(0);
    if (!x || !w || !w->is_constant() || y->dtype() != DType::f32 || !x->shape().is_static() || !y->shape().is_static()) return false;
    const auto xs = x->shape().static_dims(), ws = w->shape().static_dims(), ys = y->shape().static_dims();
    if (xs.size() != 4 || ws.size() != 4 || ys[1] % block != 0) return false;
    if (n.has_attr("group") && n.attr("group").i() != 1) return false;
    auto ones = [&](const char* name) {
        if (!n.has_attr(name)) return true;
        for (int64_t v : n.attr(name).ints())
            if (v != 1) return false;
        return true;
    };
    const bool winograd = ws[2] == 3 && ws[3] == 3 && ones("strides") && ones("dilations") && winograd_by_default(xs[1], ys[2], ys[3]) != 0;
    return !winograd;
}

}  // namespace neo::llvm_cpu
