#pragma once
// Depthwise Conv (one input channel per group) with constant weights (conv_depthwise.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the depthwise kernel applies (2-D, f32 / f64, one input channel per
// group, constant weights, knob "depthwise" not 0); false otherwise.
bool lower_conv_depthwise(LowerCtx& c);
// The depthwise kernel's knobs.
ScheduleSpace conv_depthwise_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
