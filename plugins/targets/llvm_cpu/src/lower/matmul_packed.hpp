#pragma once
// MatMul / Gemm with a constant B as register-blocked tiles over a packed B
// (matmul_packed.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Y[rows, N] = alpha * op(A)[rows, K] * op(B)[K, N] + beta * C, B input 1 of the node,
// A input 0 (its rows contiguous, or its columns when trans_a), C input `bias` (-1: none)
// read with `bias_strides` over (row, column).
struct PackedGemm {
    int64_t rows = 1, N = 1, K = 1;
    bool trans_a = false, trans_b = false;
    double alpha = 1.0, beta = 1.0;
    int bias = -1;
    std::vector<int64_t> bias_strides;
};

// Lowers the node when the packed kernel applies (B constant, f32 / f64, N at least a
// vector's lanes, knob "packed" not 0); false otherwise.
bool lower_gemm_packed(LowerCtx& c, const PackedGemm& p);
// The packed kernel's knobs.
ScheduleSpace gemm_packed_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
