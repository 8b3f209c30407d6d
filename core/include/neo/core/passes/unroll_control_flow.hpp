#pragma once
#include <cstddef>
#include <cstdint>

#include "neo/core/ir/graph.hpp"

namespace neo {

struct UnrollOptions {
    // A Loop or Scan with more iterations stays as it is.
    int64_t max_iterations = 1024;
    // Nor is one unrolled when its copies would add more nodes than this.
    std::size_t max_new_nodes = 20000;
};

// unroll-control-flow: for targets that compile a static graph. Replaces
//  - an If whose condition is a constant by the nodes of the branch it takes;
//  - a Loop whose trip count is a constant (and whose cond input is absent or constant
//    true and passed through unchanged by the body) by one copy of the body per
//    iteration, its scan outputs stacked with Unsqueeze + Concat;
//  - a Scan whose sequence length is static by one copy of the body per step, slices
//    taken with Gather and scan outputs stacked (directions and axes honoured).
// Bodies are closed graphs (captured values are inputs), so copies read the node's
// inputs. Nested control flow is handled by the rounds after (the caller re-runs it with
// constant folding until nothing changes). Returns whether anything changed.
bool unroll_control_flow(Graph& g, const UnrollOptions& options = {});

}  // namespace neo
