#pragma once
// Conv with constant weights as register-blocked tiles (conv_blocked.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the blocked kernel applies (constant weights, f32 / f64, at least a
// vector's lanes of output channels per group, knob "blocked" not 0); false otherwise.
// A neo.BlockedConv always takes it (Unsupported when it cannot: not f32, several groups).
bool lower_conv_blocked(LowerCtx& c);
// The blocked kernel's knobs.
ScheduleSpace conv_blocked_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
