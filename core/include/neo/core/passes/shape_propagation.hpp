#pragma once
#include "neo/core/ir/graph.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo {

// shape-propagation: checks every node against its op schema and runs the op's
// shape/type inference in topological order, so every value gets a dtype and shape
// (unknown dims where they depend on run-time data). UserError naming the node on a
// contradiction and listing all unknown ops at once. Returns whether any value's
// type changed.
bool propagate_shapes(Graph& g, const OpRegistry& registry = OpRegistry::global());

}  // namespace neo
