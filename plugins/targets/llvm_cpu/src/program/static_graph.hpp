#pragma once
// The graph the llvm_cpu target compiles: the model's graph itself, or a copy rewritten
// for the CPU:
// - with control flow (If, Loop, Scan), every If with a constant condition and every Loop
//   / Scan with a static iteration count unrolled into plain nodes (then folded and
//   re-inferred, round after round, until nothing changes). Control flow that stays (a
//   data-dependent condition or trip count) is reported as unsupported later.
// - with `channel_block` > 0, the Convs that conv_blocked.cpp's kernel runs by default on
//   tensors in blocks of that many channels (the f32 vector's lanes): the block-channels
//   pass (neo/core/passes/block_channels.hpp) plans where tensors stay blocked.
#include <memory>

#include "neo/core/ir/graph.hpp"

namespace neo::llvm_cpu {

class StaticGraph {
public:
    explicit StaticGraph(const Graph& g, int64_t channel_block = 0);
    const Graph& get() const { return owned_ ? *owned_ : g_; }
    // The rewritten copy, or nullptr when the graph needed no rewrite.
    std::unique_ptr<Graph> release() { return std::move(owned_); }

private:
    Graph& own();
    const Graph& g_;
    std::unique_ptr<Graph> owned_;
};

// Whether a Conv runs as conv_blocked.cpp's kernel on channel blocks of `block`: f32, 2-D,
// constant weights, one group, output channels a multiple of the block, and not a Conv that
// conv_winograd.cpp's kernel takes by default.
bool runs_blocked(const Node& conv, int64_t block);

}  // namespace neo::llvm_cpu
