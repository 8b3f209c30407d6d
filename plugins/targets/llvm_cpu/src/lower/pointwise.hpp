#pragma once
// The pointwise ops' value functions (elementwise.cpp), shared by the pointwise kernels and
// by epilogues fused into a producer's kernel (epilogue.hpp).
#include <functional>
#include <string>
#include <vector>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// The node's inputs as loaded values, by input position (nullptr for omitted ones).
using PointArgs = std::vector<kir::ExprP>;
// The output value of one element; the context gives the node's attributes.
using PointFn = std::function<kir::ExprP(LowerCtx&, const PointArgs&)>;

// The value function of a pointwise op (Node::op()), or nullptr.
const PointFn* find_pointwise(const std::string& op);

}  // namespace neo::llvm_cpu
