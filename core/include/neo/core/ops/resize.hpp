#pragma once
// The pieces of Resize (core/src/ops/image/resize.cpp): output sizes / per-axis scales, and
// the 1-D interpolation applied along one axis at a time. Public so that a code generator
// can tabulate exactly the reference's taps and weights (Resize is separable and linear
// in X except for tf_crop_and_resize's extrapolation value).
#include <cstdint>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::image {

// Per axis of X (all of them; axes not resized keep scale 1 and roi [0, 1]).
struct ResizePlan {
    std::vector<int64_t> out_shape;
    std::vector<double> scales;
    std::vector<double> roi_start, roi_end;
};

// Output shape and scales from `scales` or `sizes` (exactly one non-null and non-empty) over
// `axes`; roi (may be null) is read for tf_crop_and_resize. fail() on bad lengths / values.
ResizePlan plan_resize(const OpContext& ctx, const std::vector<int64_t>& in_shape,
                       const std::vector<std::size_t>& axes, const Tensor* roi,
                       const Tensor* scales, const Tensor* sizes, const std::string& coord,
                       const std::string& policy);

struct Interp {
    std::string mode, coord, nearest;
    double cubic_a = -0.75, extrapolation = 0.0;
    bool exclude_outside = false;
};

// Resizes row-major `data` of shape `shape` along `axis` to `out` elements.
std::vector<double> resize_axis(const std::vector<double>& data,
                                const std::vector<int64_t>& shape, std::size_t axis,
                                int64_t out, double scale, double roi_start, double roi_end,
                                const Interp& ip);

// Row-major elements as double (f16/bf16 through float).
std::vector<double> tensor_to_f64(const Tensor& t);
// A tensor of dtype t from doubles (integers: rounded to nearest).
Tensor tensor_from_f64(DType t, const std::vector<int64_t>& shape,
                       const std::vector<double>& data);

}  // namespace neo::ops::image
