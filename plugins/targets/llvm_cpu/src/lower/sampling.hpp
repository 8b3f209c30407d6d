#pragma once
// Shared by the sampling family's two files: sampling.cpp (GridSample, AffineGrid, and the
// family's registration) and patches.cpp (RoiAlign, Col2Im, DeformConv).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_patch_lowerings(LoweringTable& t);

// The "parallel" knob alone.
ScheduleSpace parallel_space(const nlohmann::json& workload, const CpuInfo& cpu);

inline kir::ExprP f64(double v) { return kir::fimm(v, DType::f64); }
inline kir::ExprP both(kir::ExprP a, kir::ExprP b) { return kir::binary(kir::Op::And, std::move(a), std::move(b)); }

}  // namespace neo::llvm_cpu
