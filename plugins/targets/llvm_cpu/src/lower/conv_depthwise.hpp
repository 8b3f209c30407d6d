#pragma once
// Depthwise Conv (one input channel per group) with constant weights (conv_depthwise.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the depthwise kernel applies (2-D, f32 / f64, one input channel per
// group, constant weights, knob "depthwise" not 0, by default depthwise_by_default());
// false otherwise.
bool lower_conv_depthwise(LowerCtx& c);
// The default of "depthwise": 1 for output rows of a vector's lanes or more; on narrower
// rows (7 wide with 8 lanes) conv.cpp's loop nest is faster.
int64_t depthwise_by_default(int64_t out_w, int lanes);
// The depthwise kernel's knobs.
ScheduleSpace conv_depthwise_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
