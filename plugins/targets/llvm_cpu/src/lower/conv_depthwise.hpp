#pragma once
// Depthwise Conv (one input channel per group) with constant weights (conv_depthwise.cpp).
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

// Lowers the Conv when the depthwise kernel applies (2-D, f32 / f64, one input channel per
// group, constant weights, knob "depthwise" not 0, by default depthwise_by_default());
// false otherwise.
bool lower_conv_depthwise(LowerCtx& c);
// A 2-D MaxPool without Indices (f32 / f64, output rows of 4 or more) as the same kernel:
// the padding -inf, each output the maximum of its taps. False where it does not apply.
bool lower_max_pool_rows(LowerCtx& c);
// The default of "depthwise": 1 for output rows of a vector's lanes or more, and with
// 16 lanes (AVX-512) also for rows of 4 and more, in vectors of the row's largest power of
// two (default_depthwise_width()); else 0: on rows of 7 with 8 lanes conv.cpp's loop nest
// is faster, while with 16 lanes it ran MobileNetV2's 14x14 and 7x7 layers at 2.3 GFLOP/s.
int64_t depthwise_by_default(int64_t out_w, int lanes);
// Whether the kernel takes a window of kh x kw taps (dilations dh, dw) over output rows of
// out_w at column stride sw: the taps are written out (at most 64) and one output row's
// input rows must fit the task's buffer (64 Ki elements; a 60x80 window dilated by 10 is
// left to the loop nests).
bool rows_kernel_fits(int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t out_w, int64_t sw);
// Whether a depthwise Conv's plane (out_h x out_w outputs of kh x kw taps, dilations dh,
// dw, strides sh, sw) can run as one flat row ("plane" 1): unit strides, at most 64 taps,
// and the padded input plane within 16 Ki elements.
bool plane_applies(int64_t out_h, int64_t out_w, int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t sh, int64_t sw);
// Whether a plane's vectors are fewer than 4/5 of those along its rows (7x7 outputs of 3x3
// taps with 16 lanes: 4 against 14 of 4 lanes); "plane" defaults to it under a costly
// epilogue for at most 9 taps, else to 0.
int64_t plane_by_default(int64_t out_h, int64_t out_w, int64_t kw, int64_t dw, int lanes);
// The default vector width along a row: the lanes, or the largest power of two within a
// narrower row.
int default_depthwise_width(int64_t out_w, int lanes);
// The depthwise kernel's knobs.
ScheduleSpace conv_depthwise_space(const CpuInfo& cpu);

}  // namespace neo::llvm_cpu
