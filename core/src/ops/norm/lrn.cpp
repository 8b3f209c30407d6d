// LRN (ONNX opset 13): local response normalization across channels. For X of shape
// (N, C, D1..Dn), with square_sum[n, c, d] the sum of X[n, i, d]^2 over the channels
// i in [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)] that exist,
//   Y[n, c, d] = X[n, c, d] / (bias + alpha / size * square_sum[n, c, d]) ^ beta
#include <algorithm>
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops::norm {
namespace {

using nn::prod;

void check_size(const OpContext& ctx) {
    if (ctx.attr_i("size") < 1)
        ctx.fail("attribute 'size' must be a positive number of channels, got " +
                 std::to_string(ctx.attr_i("size")));
}

void check_rank(const OpContext& ctx, const Shape& xs) {
    if (xs.ranked() && xs.rank() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + xs.str());
}

void infer_lrn(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "input X");
    check_size(ctx);
    check_rank(ctx, ctx.input_shape(0));
    ctx.set_output(0, t, ctx.input_shape(0));
}

void compute_lrn(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "input X");
    check_size(ctx);
    check_rank(ctx, xt.ir_shape());
    const auto xs = xt.shape();
    const int64_t size = ctx.attr_i("size");
    const double alpha = ctx.attr_f("alpha"), beta = ctx.attr_f("beta"), bias = ctx.attr_f("bias");
    const int64_t before = (size - 1) / 2, after = size - 1 - before;  // floor, ceil
    const int64_t n = xs[0], c = xs[1], inner = prod(xs, 2, xs.size());
    const std::vector<double> x = nn::to_f64(xt);
    std::vector<double> y(x.size());
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t i = 0; i < inner; ++i) {
                double sq = 0.0;
                for (int64_t k = std::max<int64_t>(0, ch - before);
                     k <= std::min<int64_t>(c - 1, ch + after); ++k) {
                    const double v = x[static_cast<std::size_t>((b * c + k) * inner + i)];
                    sq += v * v;
                }
                const std::size_t e = static_cast<std::size_t>((b * c + ch) * inner + i);
                y[e] = x[e] / std::pow(bias + alpha / static_cast<double>(size) * sq, beta);
            }
    ctx.set_output(0, nn::from_f64(xt.dtype(), xs, y));
}

}  // namespace

void register_lrn(OpRegistry& r) {
    OpSchema s;
    s.name = "LRN";
    s.attrs = {
        {"size", AttrType::i, std::nullopt, true, "number of channels summed over"},
        {"alpha", AttrType::f, Attribute(1e-4), false, "scaling parameter"},
        {"beta", AttrType::f, Attribute(0.75), false, "exponent"},
        {"bias", AttrType::f, Attribute(1.0), false, "added before the power"},
    };
    s.infer = infer_lrn;
    s.compute = compute_lrn;
    s.doc = "Local response normalization across channels, ONNX LRN-13. Float dtypes; "
            "computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::norm
