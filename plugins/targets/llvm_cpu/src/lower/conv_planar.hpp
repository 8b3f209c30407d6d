#pragma once
// Conv over a window with the output positions of a row as the vectors (conv_planar.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the kernel applies (planar_applies(), f32 / f64, constant weights)
// and knob "vector_axis" is 1, whose default planar_by_default() gives; false otherwise.
bool lower_conv_planar(LowerCtx& c);
// Whether it applies: not a 1x1 with unit strides and no padding (`unit`: every axis has
// stride 1 and no padding; conv_pointwise.cpp takes those), at least a vector's lanes of
// positions along the innermost output axis, and an output row's copied input
// (planar_row_copy() elements) within 64 Ki elements of the task's stack.
bool planar_applies(int64_t taps, bool unit, int64_t row_positions, int lanes, int64_t row_copy);
// The elements of one output row's input rows as the kernel copies them: every input channel
// of the group and tap of the outer axes, the innermost axis's span rounded up to the stride.
int64_t planar_row_copy(int64_t icpg, int64_t taps, int64_t kernel_w, int64_t out_w, int64_t stride_w, int64_t dilation_w);
// The default of "vector_axis" where it applies: 1 for one group of at most 4 input
// channels (an image's colours), else 0 (conv_blocked.cpp's kernel).
int64_t planar_by_default(int64_t group, int64_t icpg);

}  // namespace neo::llvm_cpu
