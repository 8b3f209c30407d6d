// Resize (ONNX opset 19+): nearest / linear / cubic interpolation of an N-D tensor, applied
// separably axis by axis (the ONNX N-D interpolation is the tensor product of 1-D ones).
// Output sizes come from `scales` (floor(in * scale)) or `sizes`; `axes` restricts both to a
// subset of the axes. Every coordinate_transformation_mode and nearest_mode of the spec,
// cubic_coeff_a, exclude_outside and extrapolation_value (tf_crop_and_resize) are supported;
// antialias=1 is refused. keep_aspect_ratio_policy: stretch, not_larger, not_smaller.
// The computation runs in double; float dtypes for every mode, integer dtypes for nearest.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ops/image/image_ops.hpp"
#include "neo/core/ops/resize.hpp"

namespace neo::ops::image {
namespace {

bool one_of(const std::string& s, std::initializer_list<const char*> v) {
    return std::any_of(v.begin(), v.end(), [&](const char* c) { return s == c; });
}

// The attributes of a node, checked.
struct ResizeAttrs {
    std::string mode, coord, nearest, policy;
    double cubic_a = -0.75, extrapolation = 0.0;
    bool exclude_outside = false;
};

ResizeAttrs read_attrs(const OpContext& ctx) {
    ResizeAttrs a;
    a.mode = ctx.attr_s("mode");
    if (!one_of(a.mode, {"nearest", "linear", "cubic"}))
        ctx.fail("attribute 'mode' must be nearest, linear or cubic, got '" + a.mode + "'");
    a.coord = ctx.attr_s("coordinate_transformation_mode");
    if (!one_of(a.coord, {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                          "align_corners", "asymmetric", "tf_crop_and_resize"}))
        ctx.fail("attribute 'coordinate_transformation_mode' must be half_pixel, "
                 "half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric or "
                 "tf_crop_and_resize, got '" + a.coord + "'");
    a.nearest = ctx.attr_s("nearest_mode");
    if (!one_of(a.nearest, {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}))
        ctx.fail("attribute 'nearest_mode' must be round_prefer_floor, round_prefer_ceil, "
                 "floor or ceil, got '" + a.nearest + "'");
    a.policy = ctx.attr_s("keep_aspect_ratio_policy");
    if (!one_of(a.policy, {"stretch", "not_larger", "not_smaller"}))
        ctx.fail("attribute 'keep_aspect_ratio_policy' must be stretch, not_larger or "
                 "not_smaller, got '" + a.policy + "'");
    if (ctx.attr_i("antialias") != 0)
        ctx.fail("antialias=1 is not supported by the reference implementation");
    const int64_t ex = ctx.attr_i("exclude_outside");
    if (ex != 0 && ex != 1)
        ctx.fail("attribute 'exclude_outside' must be 0 or 1, got " + std::to_string(ex));
    a.exclude_outside = ex != 0;
    a.cubic_a = ctx.attr_f("cubic_coeff_a");
    a.extrapolation = ctx.attr_f("extrapolation_value");
    return a;
}

void check_x_dtype(const OpContext& ctx, DType t, const std::string& mode) {
    if (t == DType::undefined || is_float(t)) return;
    if (is_integer(t)) {
        if (mode == "nearest") return;
        ctx.fail("input X has integer dtype " + std::string(dtype_name(t)) + "; mode '" + mode +
                 "' supports f32, f64, f16, bf16 (integer dtypes: nearest only)");
    }
    ctx.fail("input X has dtype " + std::string(dtype_name(t)) +
             "; Resize supports f32, f64, f16, bf16 and (nearest) integer dtypes");
}

// The axes attribute normalized (all axes when absent); fail() on out-of-range/duplicates.
std::vector<std::size_t> resize_axes(const OpContext& ctx, std::size_t rank) {
    std::vector<std::size_t> axes;
    if (!ctx.has_attr("axes")) {
        for (std::size_t i = 0; i < rank; ++i) axes.push_back(i);
        return axes;
    }
    const auto r = static_cast<int64_t>(rank);
    for (int64_t a : ctx.attr_ints("axes")) {
        if (a < -r || a >= r)
            ctx.fail("attribute 'axes' value " + std::to_string(a) + " is out of range for rank " +
                     std::to_string(rank));
        const auto n = static_cast<std::size_t>(a < 0 ? a + r : a);
        if (std::find(axes.begin(), axes.end(), n) != axes.end())
            ctx.fail("attribute 'axes' repeats axis " + std::to_string(a));
        axes.push_back(n);
    }
    return axes;
}

// True when an optional input is given and not an empty tensor (shape known to be non-empty,
// or unknown); nullopt when it may or may not be empty.
std::optional<bool> given(const InferContext& ctx, std::size_t i) {
    if (i >= ctx.num_inputs() || !ctx.has_input(i)) return false;
    const Shape& s = ctx.input_shape(i);
    if (!s.ranked()) return std::nullopt;
    bool unknown = false;
    for (const Dim& d : s.dims()) {
        if (d.is_static() && d.value() == 0) return false;
        if (!d.is_static()) unknown = true;
    }
    if (unknown) return std::nullopt;
    return true;
}

void infer_resize(InferContext& ctx) {
    const ResizeAttrs a = read_attrs(ctx);
    const DType xt = ctx.input_dtype(0);
    check_x_dtype(ctx, xt, a.mode);
    const Shape& xs = ctx.input_shape(0);
    const auto has_scales = given(ctx, 2), has_sizes = given(ctx, 3);
    if (has_scales == true && has_sizes == true)
        ctx.fail("only one of the inputs 'scales' and 'sizes' may be given");
    if (has_scales == false && has_sizes == false)
        ctx.fail("one of the inputs 'scales' and 'sizes' must be given");
    if (has_sizes != false && ctx.input_dtype(3) != DType::i64)
        ctx.fail("input 'sizes' must be i64, got " + std::string(dtype_name(ctx.input_dtype(3))));
    if (has_scales != false && !is_float(ctx.input_dtype(2)))
        ctx.fail("input 'scales' must be a float tensor, got " +
                 std::string(dtype_name(ctx.input_dtype(2))));
    if (!xs.ranked()) {
        ctx.set_output(0, xt, Shape::unranked());
        return;
    }
    const std::size_t rank = xs.rank();
    const auto axes = resize_axes(ctx, rank);
    std::vector<Dim> out = xs.dims();
    for (std::size_t ax : axes) out[ax] = Dim::unknown();
    // Static output sizes when the inputs they depend on are known.
    // The resized axes' sizes when all are static (other dims: 1, they are not used).
    bool resized_static = true;
    std::vector<int64_t> in_dims(rank, 1);
    for (std::size_t ax : axes) {
        if (xs[ax].is_static()) in_dims[ax] = xs[ax].value();
        else resized_static = false;
    }
    // The constant, non-empty value of optional input i, else nullptr.
    auto constant = [&](std::size_t i) -> const Tensor* {
        if (i >= ctx.num_inputs() || !ctx.has_input(i)) return nullptr;
        const Tensor* t = ctx.input_constant(i);
        return t && t->numel() > 0 ? t : nullptr;
    };
    const Tensor *scales = constant(2), *sizes = constant(3), *roi = constant(1);
    const bool roi_unknown = a.coord == "tf_crop_and_resize" && ctx.num_inputs() > 1 &&
                             ctx.has_input(1) && !ctx.input_constant(1);
    if (sizes && a.policy == "stretch") {
        auto v = sizes->to_int_vector();
        if (v.size() != axes.size())
            ctx.fail("input 'sizes' has " + std::to_string(v.size()) + " values, expected " +
                     std::to_string(axes.size()));
        for (std::size_t i = 0; i < axes.size(); ++i) {
            if (v[i] < 0) ctx.fail("input 'sizes' holds a negative size " + std::to_string(v[i]));
            out[axes[i]] = Dim(v[i]);
        }
    } else if (resized_static && (sizes || (scales && !roi_unknown))) {
        ResizePlan p = plan_resize(ctx, in_dims, axes, roi, sizes ? nullptr : scales, sizes,
                                   a.coord, a.policy);
        for (std::size_t ax : axes) out[ax] = Dim(p.out_shape[ax]);
    } else if (scales && scales->numel() != static_cast<int64_t>(axes.size())) {
        ctx.fail("input 'scales' has " + std::to_string(scales->numel()) +
                 " values, expected " + std::to_string(axes.size()));
    }
    ctx.set_output(0, xt, Shape(std::move(out)));
}

void compute_resize(ComputeContext& ctx) {
    const ResizeAttrs a = read_attrs(ctx);
    const Tensor& x = ctx.input(0);
    check_x_dtype(ctx, x.dtype(), a.mode);
    auto nonempty = [&](std::size_t i) -> const Tensor* {
        const Tensor* t = ctx.optional_input(i);
        return t && t->numel() > 0 ? t : nullptr;
    };
    const Tensor *roi = nonempty(1), *scales = nonempty(2), *sizes = nonempty(3);
    if (scales && sizes) ctx.fail("only one of the inputs 'scales' and 'sizes' may be given");
    if (!scales && !sizes) ctx.fail("one of the inputs 'scales' and 'sizes' must be given");
    if (sizes && sizes->dtype() != DType::i64)
        ctx.fail("input 'sizes' must be i64, got " + std::string(dtype_name(sizes->dtype())));
    if (scales && !is_float(scales->dtype()))
        ctx.fail("input 'scales' must be a float tensor, got " +
                 std::string(dtype_name(scales->dtype())));
    const auto in_shape = x.shape();
    const auto axes = resize_axes(ctx, in_shape.size());
    const ResizePlan p =
        plan_resize(ctx, in_shape, axes, roi, scales, sizes, a.coord, a.policy);
    Interp ip;
    ip.mode = a.mode;
    ip.coord = a.coord;
    ip.nearest = a.nearest;
    ip.cubic_a = a.cubic_a;
    ip.exclude_outside = a.exclude_outside;
    ip.extrapolation = a.extrapolation;
    std::vector<double> data = tensor_to_f64(x);
    std::vector<int64_t> cur = in_shape;
    for (std::size_t ax : axes) {
        data = resize_axis(data, cur, ax, p.out_shape[ax], p.scales[ax], p.roi_start[ax],
                           p.roi_end[ax], ip);
        cur[ax] = p.out_shape[ax];
    }
    ctx.set_output(0, tensor_from_f64(x.dtype(), cur, data));
}

}  // namespace

void register_resize(OpRegistry& r) {
    OpSchema s;
    s.name = "Resize";
    s.min_inputs = 1;
    s.max_inputs = 4;
    auto str = [](const char* n, const char* v, const char* doc) {
        return AttrSpec{n, AttrType::s, Attribute(std::string(v)), false, doc};
    };
    s.attrs = {
        str("mode", "nearest", "nearest, linear or cubic"),
        str("coordinate_transformation_mode", "half_pixel",
            "half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric "
            "or tf_crop_and_resize: how output coordinates map to input coordinates"),
        str("nearest_mode", "round_prefer_floor",
            "round_prefer_floor, round_prefer_ceil, floor or ceil (mode nearest)"),
        str("keep_aspect_ratio_policy", "stretch",
            "stretch, not_larger or not_smaller (with sizes)"),
        {"cubic_coeff_a", AttrType::f, Attribute(-0.75), false, "the cubic kernel's a"},
        {"exclude_outside", AttrType::i, Attribute(int64_t{0}), false,
         "1: taps outside the input get weight 0 and the weights are renormalized"},
        {"extrapolation_value", AttrType::f, Attribute(0.0), false,
         "the value of outputs mapped outside the input (tf_crop_and_resize)"},
        {"antialias", AttrType::i, Attribute(int64_t{0}), false,
         "1: antialiasing filter when downscaling (not supported)"},
        {"axes", AttrType::ints, std::nullopt, false,
         "the axes that scales / sizes / roi refer to (default: all)"},
    };
    s.infer = infer_resize;
    s.compute = compute_resize;
    s.doc = "Resizes X by scales or to sizes with nearest, linear or cubic interpolation "
            "(separable over the resized axes); computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::image
