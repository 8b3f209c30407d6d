// Sampling and image-geometry ops: GridSample, AffineGrid, RoiAlign, Col2Im, DeformConv.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_sampling_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
