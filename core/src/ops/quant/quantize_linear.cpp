// QuantizeLinear and DequantizeLinear (ONNX opset 25):
//   QuantizeLinear:   y = saturate(round_half_even(x / y_scale) + y_zero_point)
//   DequantizeLinear: y = (x - x_zero_point) * x_scale
// Scale and zero point share one shape, which selects the granularity: one element
// (per tensor), a 1-D tensor of length x.shape[axis] (per axis), or x's shape with
// ceil(x.shape[axis] / block_size) at `axis` (blocked, block_size > 0).
// Quantized dtypes: the integers i8, u8, i16, u16, i4, u4, i2, u2 (saturated to their range;
// i32 too for DequantizeLinear) and the floats f8e4m3fn, f8e4m3fnuz, f8e5m2, f8e5m2fnuz,
// f4e2m1 (x / y_scale + y_zero_point rounded to the nearest value; `saturate` says what
// happens beyond the float8 range).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops::quant {
namespace {

enum class Mode { tensor, axis, block };

struct Granularity {
    Mode mode = Mode::tensor;
    int64_t axis = 0;   // non-negative (per axis and blocked)
    int64_t block = 0;  // blocked only
};

bool single_element(const Shape& s) {
    for (const Dim& d : s.dims())
        if (!d.is_static() || d.value() != 1) return false;
    return true;
}

// The granularity selected by the scale's shape; checks it against x's shape as far as
// the shapes are known. nullopt when it cannot be decided yet (unranked shapes).
std::optional<Granularity> granularity(const OpContext& ctx, const Shape& xs, const Shape& ss,
                                       const std::string& scale_name) {
    const int64_t block = ctx.attr_i("block_size");
    if (block < 0)
        ctx.fail("attribute 'block_size' must be >= 0 (0: no blocking), got " +
                 std::to_string(block));
    if (!ss.ranked()) return std::nullopt;
    if (single_element(ss)) return Granularity{};
    if (!xs.ranked()) return std::nullopt;
    const int64_t r = static_cast<int64_t>(xs.rank());
    if (r == 0)
        ctx.fail("input x is a scalar, so " + scale_name + " must have one element, got shape " +
                 ss.str());
    Granularity g;
    g.axis = normalize_axis(ctx.attr_i("axis"), r, ctx);
    const Dim& d = xs[static_cast<std::size_t>(g.axis)];
    if (block == 0) {
        if (ss.rank() != 1)
            ctx.fail(scale_name + " has shape " + ss.str() +
                     "; without block_size it must be a scalar (per tensor) or 1-D (per axis); "
                     "set block_size for blocked quantization");
        if (ss[0].is_static() && d.is_static() && ss[0].value() != d.value())
            ctx.fail(scale_name + " has shape " + ss.str() + " but input x has " +
                     std::to_string(d.value()) + " elements along axis " +
                     std::to_string(g.axis) + " (shape " + xs.str() +
                     "); per-axis quantization needs one scale per element of that axis");
        g.mode = Mode::axis;
        return g;
    }
    g.mode = Mode::block;
    g.block = block;
    if (ss.rank() != xs.rank())
        ctx.fail(scale_name + " has shape " + ss.str() + " but input x has shape " + xs.str() +
                 "; blocked quantization needs a scale of x's rank");
    for (std::size_t i = 0; i < xs.rank(); ++i) {
        if (!ss[i].is_static() || !xs[i].is_static()) continue;
        const int64_t want = static_cast<int64_t>(i) == g.axis
                                 ? (xs[i].value() + block - 1) / block
                                 : xs[i].value();
        if (ss[i].value() != want)
            ctx.fail(scale_name + " has shape " + ss.str() + " but input x of shape " +
                     xs.str() + " with block_size " + std::to_string(block) + " along axis " +
                     std::to_string(g.axis) + " needs " + std::to_string(want) +
                     " there (ceil(" + std::to_string(xs[i].value()) + " / " +
                     std::to_string(block) + ") on the axis, x's extent elsewhere)");
    }
    return g;
}

// For every element of x (static shape), the row-major index of its scale / zero point.
std::vector<int64_t> param_indices(const Granularity& g, const std::vector<int64_t>& xs) {
    const int64_t n = nn::prod(xs, 0, xs.size());
    std::vector<int64_t> idx(static_cast<std::size_t>(n), 0);
    if (g.mode == Mode::tensor) return idx;
    const std::size_t a = static_cast<std::size_t>(g.axis);
    const int64_t d = xs[a], inner = nn::prod(xs, a + 1, xs.size());
    const int64_t s = g.mode == Mode::block ? (d + g.block - 1) / g.block : d;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t outer = i / (d * inner), along = (i / inner) % d, in = i % inner;
        const int64_t p = g.mode == Mode::block ? along / g.block : along;
        idx[static_cast<std::size_t>(i)] = g.mode == Mode::axis ? p : (outer * s + p) * inner + in;
    }
    return idx;
}

// Checks the zero point (input 2) against the scale (input 1): same shape.
void check_zero_point_shape(const OpContext& ctx, const Shape& ss, const Shape& zs,
                            const std::string& zp_name, const std::string& scale_name) {
    if (!ss.ranked() || !zs.ranked()) return;
    bool same = ss.rank() == zs.rank();
    for (std::size_t i = 0; same && i < ss.rank(); ++i)
        if (ss[i].is_static() && zs[i].is_static() && ss[i].value() != zs[i].value())
            same = false;
    if (!same && !(single_element(ss) && single_element(zs)))
        ctx.fail(zp_name + " has shape " + zs.str() + " but " + scale_name + " has shape " +
                 ss.str() + "; they must have the same shape");
}

// An ONNX data type number of an attribute as a neo DType, or a user error saying why not.
DType attr_dtype(const OpContext& ctx, const std::string& attr, const std::vector<DType>& allowed,
                 const std::string& allowed_str) {
    const int64_t code = ctx.attr_i(attr);
    const auto t = dtype_from_onnx(code);
    if (!t)
        ctx.fail("attribute '" + attr + "' is " + std::to_string(code) + " (" +
                 onnx_dtype_name(code) + "), a data type neo has no tensors of; " +
                 ctx.node().op() + " supports " + allowed_str + " here");
    if (std::find(allowed.begin(), allowed.end(), *t) == allowed.end())
        ctx.fail("attribute '" + attr + "' is " + std::to_string(code) + " (" +
                 onnx_dtype_name(code) + "); " + ctx.node().op() + " supports " + allowed_str +
                 " here");
    return *t;
}

const std::vector<DType> kQuantOut{DType::i8,       DType::u8,         DType::i16,
                                   DType::u16,      DType::i4,         DType::u4,
                                   DType::i2,       DType::u2,         DType::f8e4m3fn,
                                   DType::f8e4m3fnuz, DType::f8e5m2,   DType::f8e5m2fnuz,
                                   DType::f4e2m1};
constexpr const char* kQuantOutStr =
    "i8 (INT8), u8 (UINT8), i16 (INT16), u16 (UINT16), i4 (INT4), u4 (UINT4), i2 (INT2), "
    "u2 (UINT2), f8e4m3fn (FLOAT8E4M3FN), f8e4m3fnuz (FLOAT8E4M3FNUZ), f8e5m2 (FLOAT8E5M2), "
    "f8e5m2fnuz (FLOAT8E5M2FNUZ), f4e2m1 (FLOAT4E2M1)";
const std::vector<DType> kScaleFloat{DType::f32, DType::f16, DType::bf16};
constexpr const char* kScaleFloatStr = "f32 (FLOAT), f16 (FLOAT16), bf16 (BFLOAT16)";

// ---- QuantizeLinear ------------------------------------------------------------------------

// The output dtype: the zero point's, else output_dtype, else u8.
DType quantize_out_dtype(const OpContext& ctx, DType zp) {
    require_dtype_in(ctx, zp, kQuantOut, kQuantOutStr, "input y_zero_point");
    if (ctx.attr_i("output_dtype") != 0) {
        const DType t = attr_dtype(ctx, "output_dtype", kQuantOut, kQuantOutStr);
        if (zp != DType::undefined && zp != t)
            ctx.fail("attribute 'output_dtype' says " + std::string(dtype_name(t)) +
                     " but input y_zero_point has dtype " + std::string(dtype_name(zp)) +
                     "; they must agree (or leave one out)");
        return t;
    }
    return zp == DType::undefined ? DType::u8 : zp;
}

// The precision of the division: the 'precision' attribute, else y_scale's float dtype
// (f64, i.e. no extra rounding, for an int32 scale).
DType division_precision(const OpContext& ctx, DType scale) {
    if (ctx.attr_i("precision") != 0)
        return attr_dtype(ctx, "precision", {DType::f32, DType::f16, DType::bf16, DType::f64},
                          "FLOAT, FLOAT16, BFLOAT16, DOUBLE");
    return is_float(scale) ? scale : DType::f64;
}

void check_quantize_inputs(const OpContext& ctx, DType x, DType s) {
    const std::vector<DType> in{DType::f32, DType::f16, DType::bf16, DType::i32};
    require_dtype_in(ctx, x, in, "f32, f16, bf16, i32", "input x");
    require_dtype_in(ctx, s, in, "f32, f16, bf16, i32", "input y_scale");
}

void infer_quantize(InferContext& ctx) {
    check_quantize_inputs(ctx, ctx.input_dtype(0), ctx.input_dtype(1));
    const DType zp = ctx.has_input(2) ? ctx.input_dtype(2) : DType::undefined;
    const DType out = quantize_out_dtype(ctx, zp);
    division_precision(ctx, ctx.input_dtype(1));
    const Shape& xs = ctx.input_shape(0);
    granularity(ctx, xs, ctx.input_shape(1), "input y_scale");
    if (ctx.has_input(2))
        check_zero_point_shape(ctx, ctx.input_shape(1), ctx.input_shape(2), "input y_zero_point",
                               "input y_scale");
    ctx.set_output(0, out, xs);
}

void compute_quantize(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& s = ctx.input(1);
    const Tensor* zp = ctx.optional_input(2);
    check_quantize_inputs(ctx, x.dtype(), s.dtype());
    const DType out = quantize_out_dtype(ctx, zp ? zp->dtype() : DType::undefined);
    const DType p = division_precision(ctx, s.dtype());
    const auto g = granularity(ctx, x.ir_shape(), s.ir_shape(), "input y_scale");
    if (zp) check_zero_point_shape(ctx, s.ir_shape(), zp->ir_shape(), "input y_zero_point",
                                   "input y_scale");
    const auto xs = x.shape();
    const std::vector<int64_t> pi = param_indices(*g, xs);
    const std::vector<double> xv = nn::to_f64(x), sv = nn::to_f64(s);
    if (is_small_float(out)) {
        // y = x / y_scale + y_zero_point, rounded to the nearest value of the float type.
        const std::vector<double> zv = zp ? nn::to_f64(*zp) : std::vector<double>(sv.size(), 0.0);
        std::vector<double> y(xv.size());
        for (std::size_t i = 0; i < xv.size(); ++i) {
            const std::size_t k = static_cast<std::size_t>(pi[i]);
            y[i] = round_to(p, round_to(p, xv[i]) / round_to(p, sv[k])) + zv[k];
        }
        const bool saturate = ctx.attr_i("saturate") != 0;
        ctx.set_output(0, Tensor::from_vector<double>(xs, y).cast(out, saturate));
        return;
    }
    const std::vector<int64_t> zv = zp ? to_i64(*zp) : std::vector<int64_t>(sv.size(), 0);
    std::vector<double> q(xv.size());
    for (std::size_t i = 0; i < xv.size(); ++i) {
        const std::size_t k = static_cast<std::size_t>(pi[i]);
        const double v = round_to(p, round_to(p, xv[i]) / round_to(p, sv[k]));
        // Round before adding the zero point: the sum of two integers is then exact.
        q[i] = std::isnan(v) ? static_cast<double>(zv[k])
                             : std::nearbyint(v) + static_cast<double>(zv[k]);
    }
    ctx.set_output(0, requantize(out, xs, q));
}

// ---- DequantizeLinear ----------------------------------------------------------------------

DType dequantize_out_dtype(const OpContext& ctx, DType scale) {
    if (ctx.attr_i("output_dtype") != 0)
        return attr_dtype(ctx, "output_dtype", kScaleFloat, kScaleFloatStr);
    return scale;
}

void check_dequantize_inputs(const OpContext& ctx, DType x, DType s, DType zp) {
    std::vector<DType> in = kQuantOut;
    in.push_back(DType::i32);
    require_dtype_in(ctx, x, in, std::string(kQuantOutStr) + ", i32 (INT32)", "input x");
    require_dtype_in(ctx, s, kScaleFloat, "f32, f16, bf16", "input x_scale");
    nn::require_same_dtype(ctx, zp, x, "input x_zero_point", "input x");
}

void infer_dequantize(InferContext& ctx) {
    const DType zp = ctx.has_input(2) ? ctx.input_dtype(2) : DType::undefined;
    check_dequantize_inputs(ctx, ctx.input_dtype(0), ctx.input_dtype(1), zp);
    const DType out = dequantize_out_dtype(ctx, ctx.input_dtype(1));
    const Shape& xs = ctx.input_shape(0);
    granularity(ctx, xs, ctx.input_shape(1), "input x_scale");
    if (ctx.has_input(2))
        check_zero_point_shape(ctx, ctx.input_shape(1), ctx.input_shape(2), "input x_zero_point",
                               "input x_scale");
    ctx.set_output(0, out, xs);
}

void compute_dequantize(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& s = ctx.input(1);
    const Tensor* zp = ctx.optional_input(2);
    check_dequantize_inputs(ctx, x.dtype(), s.dtype(), zp ? zp->dtype() : DType::undefined);
    const DType out = dequantize_out_dtype(ctx, s.dtype());
    const auto g = granularity(ctx, x.ir_shape(), s.ir_shape(), "input x_scale");
    if (zp) check_zero_point_shape(ctx, s.ir_shape(), zp->ir_shape(), "input x_zero_point",
                                   "input x_scale");
    const auto xs = x.shape();
    const std::vector<int64_t> pi = param_indices(*g, xs);
    // Quantized values (at most 32-bit integers or small floats) are exact in double, and
    // so is their difference.
    const std::vector<double> xv = nn::to_f64(x);
    const std::vector<double> sv = nn::to_f64(s);
    const std::vector<double> zv = zp ? nn::to_f64(*zp) : std::vector<double>(sv.size(), 0.0);
    // The product is taken in float (the scale dtypes are all exact in float), then
    // rounded to the output dtype.
    std::vector<double> y(xv.size());
    for (std::size_t i = 0; i < xv.size(); ++i) {
        const std::size_t k = static_cast<std::size_t>(pi[i]);
        const float d = static_cast<float>(xv[i] - zv[k]);
        y[i] = static_cast<double>(d * static_cast<float>(sv[k]));
    }
    ctx.set_output(0, nn::from_f64(out, xs, y));
}

std::vector<AttrSpec> common_attrs() {
    return {
        {"axis", AttrType::i, Attribute(int64_t{1}), false,
         "the quantization axis (per-axis and blocked granularity); negative counts from the back"},
        {"block_size", AttrType::i, Attribute(int64_t{0}), false,
         "elements of x per scale along axis (blocked granularity); 0: not blocked"},
        {"output_dtype", AttrType::i, Attribute(int64_t{0}), false,
         "ONNX data type number of the output; 0: from the zero point / scale"},
    };
}

}  // namespace

void register_quantize_linear(OpRegistry& r) {
    OpSchema q;
    q.name = "QuantizeLinear";
    q.min_inputs = 2;
    q.max_inputs = 3;
    q.attrs = common_attrs();
    q.attrs.push_back({"saturate", AttrType::i, Attribute(int64_t{1}), false,
                       "float8 outputs only: 1 saturates values out of range to the largest "
                       "finite value, 0 makes them infinity or NaN"});
    q.attrs.push_back({"precision", AttrType::i, Attribute(int64_t{0}), false,
                       "ONNX float data type of the division; 0: y_scale's dtype"});
    q.infer = infer_quantize;
    q.compute = compute_quantize;
    q.doc = "Linear quantization y = saturate(round_half_even(x / y_scale) + y_zero_point), "
            "ONNX QuantizeLinear-25; per-tensor, per-axis or blocked. Outputs i8, u8, i16, u16, "
            "i4, u4, i2, u2 and the float8 / float4 types.";
    r.add(std::move(q));

    OpSchema d;
    d.name = "DequantizeLinear";
    d.min_inputs = 2;
    d.max_inputs = 3;
    d.attrs = common_attrs();
    d.infer = infer_dequantize;
    d.compute = compute_dequantize;
    d.doc = "Linear dequantization y = (x - x_zero_point) * x_scale, ONNX DequantizeLinear-25; "
            "per-tensor, per-axis or blocked. Inputs: the quantized types and i32; outputs f32, "
            "f16, bf16.";
    r.add(std::move(d));
}

}  // namespace neo::ops::quant
