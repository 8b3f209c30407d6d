#pragma once
#include <cstddef>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo {

struct ConstantFoldingOptions {
    // Results larger than this stay computed at run time (folding would bloat the
    // weights, e.g. a ConstantOfShape of a big shape).
    std::size_t max_result_bytes = 64u << 20;
};

// constant-folding: evaluates, with the ops' reference implementations, every node
// whose inputs are all constants (omitted optional inputs allowed), and Shape / Size
// nodes whose input shape is static; replaces their outputs by constants. Ops with
// random results are never folded. Returns whether anything was folded.
bool fold_constants(Graph& g, const OpRegistry& registry = OpRegistry::global(),
                    const ConstantFoldingOptions& options = {});

}  // namespace neo
