#pragma once
// The sampling family's second file (patches.cpp: RoiAlign, Col2Im, DeformConv), registered
// by add_sampling_lowerings.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_patch_lowerings(LoweringTable& t);

}  // namespace neo::llvm_cpu
