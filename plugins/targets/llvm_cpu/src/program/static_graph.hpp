#pragma once
// The graph the llvm_cpu target compiles: the model's graph itself, or, when it has
// control flow (If, Loop, Scan), a copy in which every If with a constant condition and
// every Loop / Scan with a static iteration count is unrolled into plain nodes (then
// folded and re-inferred, round after round, until nothing changes). Control flow that
// stays (a data-dependent condition or trip count) is reported as unsupported later.
#include <memory>

#include "neo/core/ir/graph.hpp"

namespace neo::llvm_cpu {

class StaticGraph {
public:
    explicit StaticGraph(const Graph& g);
    const Graph& get() const { return owned_ ? *owned_ : g_; }

private:
    const Graph& g_;
    std::unique_ptr<Graph> owned_;
};

}  // namespace neo::llvm_cpu
