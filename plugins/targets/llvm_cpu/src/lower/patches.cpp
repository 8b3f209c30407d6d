// RoiAlign, Col2Im and DeformConv.
#include "lower/sampling.hpp"

namespace neo::llvm_cpu {

void add_patch_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
