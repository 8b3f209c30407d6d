#pragma once
// Elementary functions emitted inline as straight-line IR (no library call), so that loops
// using them vectorize: libm's expf is a call the loop vectorizer cannot widen.
#include <llvm/IR/IRBuilder.h>

namespace neo::llvm_cpu {

// exp(x) for a 32-bit float: within 2 units in the last place over the whole range,
// overflow to +inf, gradual underflow to 0, NaN propagated.
llvm::Value* emit_exp_f32(llvm::IRBuilder<>& b, llvm::Value* x);

// 1 / (1 + exp(-x)) for a 32-bit float, within a few units in the last place where the
// result is a normal float; below 1e-38 (x < -87) it is a tiny positive number instead of
// the exact subnormal; NaN propagated. About a third cheaper than through emit_exp_f32.
llvm::Value* emit_sigmoid_f32(llvm::IRBuilder<>& b, llvm::Value* x);

// tanh(x) and erf(x) for a 32-bit float, within a few units in the last place (and exact
// signed zeros near 0), saturating to +-1, NaN propagated; libm's are calls per element, as
// is its log.
llvm::Value* emit_tanh_f32(llvm::IRBuilder<>& b, llvm::Value* x);
llvm::Value* emit_erf_f32(llvm::IRBuilder<>& b, llvm::Value* x);
// log(x) for a 32-bit float, within a few units in the last place, subnormals included;
// log(0) = -inf, log of a negative number NaN, log(inf) = inf.
llvm::Value* emit_log_f32(llvm::IRBuilder<>& b, llvm::Value* x);

}  // namespace neo::llvm_cpu
