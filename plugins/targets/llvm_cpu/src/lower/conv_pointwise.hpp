#pragma once
// 1x1 Conv with unit strides and no padding, vectorized along the positions
// (conv_pointwise.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the kernel applies (1x1, unit strides, no padding, f32 / f64,
// constant weights, at least a vector's lanes of positions, knob "vector_axis" 1); false
// otherwise.
bool lower_conv_pointwise(LowerCtx& c);
// Its knobs (and "vector_axis": 0 is conv_blocked.cpp's kernel).
ScheduleSpace conv_pointwise_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
