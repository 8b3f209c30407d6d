// GroupNormalization (ONNX opset 21): the C channels of X (N, C, D1..Dn) are split into
// num_groups groups of C / num_groups consecutive channels; per sample and group,
//   y = scale[c] * (x - mean) / sqrt(var + epsilon) + bias[c]
// with mean / (biased) variance over the group's channels and all spatial positions.
// scale and bias are per channel (opsets 18-20 took them per group: the ONNX frontend
// translates that form).
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops::norm {
namespace {

const char* const kParamNames[] = {"scale", "bias"};

// Checks attributes, X's rank and the (C) shape of scale and bias against X's channels.
void check_shapes(const OpContext& ctx, const Shape& xs, const Shape& scale, const Shape& bias) {
    float_type_attr(ctx, "stash_type");
    const int64_t groups = ctx.attr_i("num_groups");
    if (groups < 1)
        ctx.fail("attribute 'num_groups' must be positive, got " + std::to_string(groups));
    if (xs.ranked() && xs.rank() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + xs.str());
    const Dim c = xs.ranked() ? xs[1] : Dim::unknown();
    if (c.is_static() && c.value() % groups != 0)
        ctx.fail("X has " + std::to_string(c.value()) + " channels (shape " + xs.str() +
                 "), not divisible by num_groups " + std::to_string(groups));
    const Shape* params[] = {&scale, &bias};
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string what = "input " + std::string(kParamNames[i]);
        const Shape& ps = *params[i];
        if (!ps.ranked()) continue;
        if (ps.rank() != 1) ctx.fail(what + " must be 1-D (C), got shape " + ps.str());
        if (ps[0].is_static() && c.is_static() && ps[0].value() != c.value())
            ctx.fail(what + " has shape " + ps.str() + " but X has " + std::to_string(c.value()) +
                     " channels (shape " + xs.str() + "); it takes one value per channel");
    }
}

void infer_group_norm(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "input X");
    nn::require_same_dtype(ctx, ctx.input_dtype(1), t, "input scale", "input X");
    nn::require_same_dtype(ctx, ctx.input_dtype(2), t, "input bias", "input X");
    check_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1), ctx.input_shape(2));
    ctx.set_output(0, t, ctx.input_shape(0));
}

void compute_group_norm(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& st = ctx.input(1);
    const Tensor& bt = ctx.input(2);
    nn::require_float(ctx, xt.dtype(), "input X");
    nn::require_same_dtype(ctx, st.dtype(), xt.dtype(), "input scale", "input X");
    nn::require_same_dtype(ctx, bt.dtype(), xt.dtype(), "input bias", "input X");
    check_shapes(ctx, xt.ir_shape(), st.ir_shape(), bt.ir_shape());
    const auto xs = xt.shape();
    const int64_t n = xs[0], c = xs[1], groups = ctx.attr_i("num_groups");
    const int64_t per_group = c / groups, inner = nn::prod(xs, 2, xs.size());
    const int64_t len = per_group * inner;  // elements of one group
    const double eps = ctx.attr_f("epsilon");
    const std::vector<double> scale = nn::to_f64(st), bias = nn::to_f64(bt);
    std::vector<double> x = nn::to_f64(xt);
    for (int64_t b = 0; b < n; ++b)
        for (int64_t g = 0; g < groups; ++g) {
            double* p = &x[static_cast<std::size_t>((b * groups + g) * len)];
            double mean = 0.0, var = 0.0;
            for (int64_t i = 0; i < len; ++i) mean += p[i];
            mean /= static_cast<double>(len);
            for (int64_t i = 0; i < len; ++i) var += (p[i] - mean) * (p[i] - mean);
            var /= static_cast<double>(len);
            const double inv = 1.0 / std::sqrt(var + eps);
            for (int64_t i = 0; i < len; ++i) {
                const std::size_t ch = static_cast<std::size_t>(g * per_group + i / inner);
                p[i] = (p[i] - mean) * inv * scale[ch] + bias[ch];
            }
        }
    ctx.set_output(0, nn::from_f64(xt.dtype(), xs, x));
}

}  // namespace

void register_group_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "GroupNormalization";
    s.min_inputs = 3;
    s.max_inputs = 3;
    s.attrs = {
        {"num_groups", AttrType::i, std::nullopt, true,
         "number of groups the channels are split into (divides C)"},
        {"epsilon", AttrType::f, Attribute(1e-5), false, "added to the variance"},
        {"stash_type", AttrType::i, Attribute(int64_t{1}), false,
         "precision of the normalization stage (ONNX TensorProto code; 1 = float)"},
    };
    s.infer = infer_group_norm;
    s.compute = compute_group_norm;
    s.doc = "Group normalization with per-channel scale and bias, ONNX GroupNormalization-21. "
            "Float dtypes; computed in double whatever stash_type says.";
    r.add(std::move(s));
}

}  // namespace neo::ops::norm
