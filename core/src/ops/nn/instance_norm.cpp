// InstanceNormalization (ONNX opset 22): per sample and channel of X (N, C, D1..Dn),
//   y = scale[c] * (x - mean) / sqrt(var + epsilon) + B[c]
// with mean / (biased) variance over the spatial positions.
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

const char* const kParamNames[] = {"scale", "B"};

void infer_instance_norm(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input X");
    const Shape& xs = ctx.input_shape(0);
    if (xs.ranked() && xs.rank() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + xs.str());
    const Dim c = xs.ranked() ? xs[1] : Dim::unknown();
    for (std::size_t i = 1; i <= 2; ++i) {
        const std::string what = "input " + std::string(kParamNames[i - 1]);
        require_same_dtype(ctx, ctx.input_dtype(i), t, what, "input X");
        const Shape& ps = ctx.input_shape(i);
        if (!ps.ranked()) continue;
        if (ps.rank() != 1) ctx.fail(what + " must be 1-D, got shape " + ps.str());
        if (ps[0].is_static() && c.is_static() && ps[0].value() != c.value())
            ctx.fail(what + " has shape " + ps.str() + " but X has " +
                     std::to_string(c.value()) + " channels (shape " + xs.str() + ")");
    }
    ctx.set_output(0, t, xs);
}

void compute_instance_norm(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_float(ctx, xt.dtype(), "input X");
    const auto xs = xt.shape();
    if (xs.size() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + ints_str(xs));
    const int64_t n = xs[0], c = xs[1], inner = prod(xs, 2, xs.size());
    std::vector<double> params[2];
    for (std::size_t i = 1; i <= 2; ++i) {
        const Tensor& p = ctx.input(i);
        const std::string what = "input " + std::string(kParamNames[i - 1]);
        require_same_dtype(ctx, p.dtype(), xt.dtype(), what, "input X");
        if (p.rank() != 1 || p.shape()[0] != c)
            ctx.fail(what + " has shape " + ints_str(p.shape()) + " but X has " +
                     std::to_string(c) + " channels (shape " + ints_str(xs) + ")");
        params[i - 1] = to_f64(p);
    }
    const double eps = ctx.attr_f("epsilon");
    std::vector<double> x = to_f64(xt);
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch) {
            double* p = &x[static_cast<std::size_t>((b * c + ch) * inner)];
            double mean = 0.0, var = 0.0;
            for (int64_t i = 0; i < inner; ++i) mean += p[i];
            mean /= static_cast<double>(inner);
            for (int64_t i = 0; i < inner; ++i) var += (p[i] - mean) * (p[i] - mean);
            var /= static_cast<double>(inner);
            const double mul = params[0][static_cast<std::size_t>(ch)] / std::sqrt(var + eps);
            const double bias = params[1][static_cast<std::size_t>(ch)];
            for (int64_t i = 0; i < inner; ++i) p[i] = (p[i] - mean) * mul + bias;
        }
    ctx.set_output(0, from_f64(xt.dtype(), xs, x));
}

}  // namespace

void register_instance_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "InstanceNormalization";
    s.min_inputs = s.max_inputs = 3;
    s.attrs = {{"epsilon", AttrType::f, Attribute(1e-5), false, "added to the variance"}};
    s.infer = infer_instance_norm;
    s.compute = compute_instance_norm;
    s.doc = "Instance normalization, ONNX InstanceNormalization-22. Float dtypes; computed "
            "in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
