#pragma once
#include "neo/core/ir/graph.hpp"

namespace neo {

// dead-code-elimination: removes every node none of whose outputs reaches a graph
// output, and every constant no node reads. Graph inputs are kept (they are the
// model's interface). Returns whether anything was removed.
bool eliminate_dead_code(Graph& g);

}  // namespace neo
