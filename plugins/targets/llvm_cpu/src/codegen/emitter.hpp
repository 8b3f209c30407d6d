#pragma once
// Emits a kir::Kernel as an LLVM function
//   void <name>(ptr ctx, ptr noalias arg0, ..., ptr noalias argN)
// where ctx is the runtime's neo_abi_context (model_abi.h). Parallel loops are outlined
// into task functions run through ctx->parallel_for; a parallel loop inside another
// runs serially. Vectorized and unrolled loops carry LLVM loop metadata with their
// width / factor, so LLVM's vectorizer and unroller apply the schedule.
#include <llvm/IR/Function.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Module.h>

#include "kir/kir.hpp"

namespace neo::llvm_cpu {

llvm::Function* emit_kernel(llvm::Module& m, const kir::Kernel& k);

// The LLVM type that holds one element of `t` in memory (bool: i8; string: the view
// {ptr, i64} of model_abi.h's neo_abi_string). InternalError for types the emitter does not
// handle. f16 and bf16 live as 16-bit integers in memory and as f32 in registers.
llvm::Type* memory_type(llvm::LLVMContext& c, DType t);
llvm::StructType* string_type(llvm::LLVMContext& c);
// Whether the emitter handles element type `t`.
bool emittable(DType t);

}  // namespace neo::llvm_cpu
