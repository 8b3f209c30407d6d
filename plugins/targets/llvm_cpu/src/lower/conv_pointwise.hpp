#pragma once
// 1x1 Conv with unit strides and no padding, vectorized along the positions
// (conv_pointwise.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the kernel applies (1x1, unit strides, no padding, f32 / f64,
// constant weights, at least a vector's lanes of positions, knob "vector_axis" 1, whose
// default pointwise_by_default() gives); false otherwise.
bool lower_conv_pointwise(LowerCtx& c);
// Its knobs (and "vector_axis": 0 is conv_blocked.cpp's kernel).
ScheduleSpace conv_pointwise_space(const CpuInfo& cpu);
// The default of "vector_axis": 1 (this kernel) but for few positions (under 32 vectors)
// and a long reduction (128 input channels per group and more) with a vector of output
// channels per group, where conv_blocked.cpp's kernel (channels as vectors) wastes no lanes
// and keeps a reduction block's weights in L1.
int64_t pointwise_by_default(int64_t positions, int64_t icpg, int64_t ocpg, int lanes);

}  // namespace neo::llvm_cpu
