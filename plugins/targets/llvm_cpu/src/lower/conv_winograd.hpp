#pragma once
// 3x3 Conv with unit strides as Winograd F(m x m, 3 x 3) (conv_winograd.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the kernel applies (2-D, 3x3, unit strides and dilations, one group,
// f32 / f64, constant weights, at least a vector's lanes of output channels) and its knob
// "winograd" (m: 2 or 4; 0 is off) is not 0, by default winograd_by_default(); false
// otherwise.
bool lower_conv_winograd(LowerCtx& c);
// The default of "winograd" for an output of out_h x out_w: for 16 to 512 input channels
// (fewer leave the transforms more work than they save; more make the transformed input of
// a task's tiles large) 4, or 2 where F(4x4) has under 20 tiles and F(2x2) at least 20;
// else (also where F(2x2) has under 20 tiles: the direct kernel reads less) 0.
int64_t winograd_by_default(int64_t channels, int64_t out_h, int64_t out_w);
// Its knobs.
ScheduleSpace conv_winograd_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
