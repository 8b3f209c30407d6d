#pragma once
// Conversions of the storage-only types (float8, float4, int4, int2) in LLVM IR.
//
// In memory and in registers such an element is one byte (i8): a small float's bits, a
// small integer's value (int4 / int2 sign-extended, uint4 / uint2 zero-extended; only the
// low 4 or 2 bits are read). Data movement copies the bytes; these functions convert
// them from and to the arithmetic types, as core's small_types.hpp defines the values
// (ONNX's Cast: round to nearest even, `saturate`, FLOAT8E8M0's round_mode). The IR is
// plain integer and float arithmetic with selects — no branches, no calls — so loops of
// conversions vectorize.
#include <llvm/IR/IRBuilder.h>

#include "neo/core/ir/dtype.hpp"

namespace neo::llvm_cpu {

// The f32 value of the bits of the small float type `t` (exact; every NaN encoding gives
// a positive quiet NaN, as core's decoding does).
llvm::Value* small_float_to_f32(llvm::IRBuilder<>& b, llvm::Value* bits, DType t);

// The bits (i8) of the value of small float type `t` nearest to the float `v` (f32 or f64,
// rounded once): ties to even, e8m0 rounded as `rounding` says (from v rounded to f32, as
// ONNX defines it). `saturate`: beyond the largest finite value (infinities included) gives
// it; otherwise infinity where the type has one, else NaN. f4e2m1 always saturates.
llvm::Value* float_to_small_float(llvm::IRBuilder<>& b, llvm::Value* v, DType t, bool saturate,
                                  E8M0Rounding rounding);

// The value of a small integer (i8): its low bits, sign-extended for int4 / int2.
llvm::Value* small_int_value(llvm::IRBuilder<>& b, llvm::Value* byte, DType t);

// The small integer of type `t` (i8) holding the low bits of the integer `v` (any width;
// `is_signed` says how to widen it first).
llvm::Value* integer_to_small_int(llvm::IRBuilder<>& b, llvm::Value* v, bool is_signed, DType t);

// The small integer of type `t` from the float `v` (f32 or f64): rounded half to even,
// clamped to the int64 range (NaN gives 0), then its low bits — as core's
// small_int::from_double.
llvm::Value* float_to_small_int(llvm::IRBuilder<>& b, llvm::Value* v, DType t);

}  // namespace neo::llvm_cpu
