#pragma once
// Sliding-window geometry shared by Conv, MaxPool and AveragePool: the attributes
// strides / dilations / pads / auto_pad (/ ceil_mode), the output extent of each spatial
// axis and the padding actually applied (ONNX semantics).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::nn {

enum class AutoPad { notset, same_upper, same_lower, valid };

// The AttrSpecs common to these ops: auto_pad, dilations, pads, strides (and, for pools,
// ceil_mode). Empty ints mean "1 per spatial axis" (strides, dilations) or "0" (pads).
std::vector<AttrSpec> window_attr_specs(bool with_ceil_mode);

// The ints attribute `name` with `factor` values per spatial axis (rank axes), each at
// least min_value; all `fill` when the attribute is empty. Fails on a wrong count or value.
std::vector<int64_t> per_axis_attr(const OpContext& ctx, const std::string& name,
                                   std::size_t rank, std::size_t factor, int64_t fill,
                                   int64_t min_value);

struct Window {
    std::size_t rank = 0;                // spatial rank
    std::vector<int64_t> kernel;         // may hold -1 for a kernel extent not known yet
    std::vector<int64_t> strides, dilations;
    std::vector<int64_t> pads;           // 2*rank: begins then ends
    AutoPad auto_pad = AutoPad::notset;
    bool ceil_mode = false;
};

// Reads and checks the window attributes for `kernel.size()` spatial axes. Fails on a
// wrong number of values, non-positive strides/dilations/kernel, negative pads, an unknown
// auto_pad. Explicit pads are ignored when auto_pad is not NOTSET.
Window read_window(const OpContext& ctx, std::vector<int64_t> kernel);

struct AxisGeometry {
    int64_t out = 0;        // output extent
    int64_t pad_begin = 0;  // padding applied before / after the input
    int64_t pad_end = 0;
};

// Geometry of spatial axis i for a static input extent `in` (kernel extent must be known).
// Fails when no window fits (output extent < 1).
AxisGeometry axis_geometry(const Window& w, std::size_t i, int64_t in, const OpContext& ctx);

// Output dim of spatial axis i for inference: static when `in` and the kernel are; the input
// dim itself (even symbolic) when the window preserves the extent; else unknown.
Dim output_dim(const Window& w, std::size_t i, const Dim& in, const OpContext& ctx);

// The kernel extents of a convolution: the kernel_shape attribute when set (checked against
// the weight shape `w`), else w's dims from axis 2 on (-1 where unknown). `rank` is the
// spatial rank.
std::vector<int64_t> kernel_from_weights(const OpContext& ctx, std::size_t rank, const Shape& w);

// Fails unless a convolution operand of full rank `rank` (shape `s`) has 1 to 3 spatial
// axes (N, C, spatial...).
void check_spatial_rank(const OpContext& ctx, std::size_t rank, const std::string& what,
                        const Shape& s);

// The full rank of a convolution's X / W / Y from the shapes of X and W (checked to agree)
// or else from attribute kernel_shape; 0 while unknown.
std::size_t conv_rank(const OpContext& ctx, const Shape& xs, const Shape& ws);

}  // namespace neo::ops::nn
