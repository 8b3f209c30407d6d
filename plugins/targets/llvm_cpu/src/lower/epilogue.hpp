#pragma once
// Epilogue fusion: pointwise consumers of a node applied inside the node's kernel.
//
// After a node's output 0 there may be pointwise nodes (Relu, Clip, Add of a residual or a
// per-channel constant, Sigmoid and the Mul of SiLU, ...) that read only that value, each
// other's outputs, constants, graph inputs and values computed before the node runs; none
// changing dtype or shape (and no 16-bit float type, which the unfused ops round after each
// op). When every value of such a chain but the last node's output is read only inside the
// chain (and is no graph output), the chain is applied to every value the node's kernel
// stores to its output, which the kernel then writes as the chain's result: the
// intermediate tensors are never written nor read back. A kernel that reads its own output
// (an accumulation in place) gets no epilogue.
#include <functional>
#include <set>
#include <vector>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

struct Epilogue {
    std::vector<const Node*> nodes;  // in order of application
    const Value* result = nullptr;   // the last node's output
    bool empty() const { return nodes.empty(); }
};

// The chain after `producer` (empty when there is none). `ready(v)`: v is a constant, a graph
// input or the output of a node whose kernel runs before the producer's.
Epilogue plan_epilogue(const Node& producer, const std::set<const Value*>& graph_outputs,
                       const std::function<bool(const Value*)>& ready);

// Whether the chain computes a transcendental function (LowerCtx::costly_epilogue).
bool costly(const Epilogue& e);

// Applies the chain to the lowered kernel of its producer: true when fused (the kernel now
// writes e.result and reads the chain's operands), false (kernel unchanged) when it cannot be.
bool fuse_epilogue(LowerCtx& producer, const Epilogue& e, Graph& tables);

}  // namespace neo::llvm_cpu
