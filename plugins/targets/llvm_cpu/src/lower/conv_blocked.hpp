#pragma once
// Conv with constant weights as register-blocked tiles (conv_blocked.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the blocked kernel applies (constant weights, f32 / f64, at least a
// vector's lanes of output channels per group, knob "blocked" not 0); false otherwise.
// A neo.BlockedConv always takes it (Unsupported when it cannot: not f32, several groups).
bool lower_conv_blocked(LowerCtx& c);
// Weights [OC, icpg, taps...] repacked as [group][block][tap][ic][cols], `cols` output
// channels per block, zero past each group's last channel (`ocpg` per group), in type t.
Tensor pack_conv_weights(const Tensor& w, DType t, int64_t group, int64_t ocpg, int64_t icpg, int64_t taps, int64_t cols);
// The blocked kernel's knobs.
ScheduleSpace conv_blocked_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
