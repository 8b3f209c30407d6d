// MeanVarianceNormalization (ONNX opset 13): normalizes X to zero mean and unit variance
// over the axes of attribute `axes` (default [0, 2, 3]: per channel of NCHW data),
//   Y = (X - mean(X)) / (sqrt(mean(X^2) - mean(X)^2) + 1e-9)
// (the ONNX function body's fixed epsilon, added to the standard deviation).
#include <cmath>
#include <string>
#include <vector>

#include "ops/nn/nn_util.hpp"
#include "ops/norm/norm_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::norm {
namespace {

constexpr double kEpsilon = 1e-9;

// Which axes of a rank-`rank` tensor are reduced; fail() on an out-of-range or repeated axis.
std::vector<bool> reduced_axes(const OpContext& ctx, std::size_t rank) {
    std::vector<bool> reduced(rank, false);
    for (int64_t a : ctx.attr_ints("axes")) {
        const std::size_t ax =
            static_cast<std::size_t>(tensor_ops::existing_axis(a, static_cast<int64_t>(rank), ctx));
        if (reduced[ax])
            ctx.fail("attribute 'axes' names axis " + std::to_string(a) + " twice (" +
                     nn::ints_str(ctx.attr_ints("axes")) + ")");
        reduced[ax] = true;
    }
    return reduced;
}

void infer_mvn(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "input X");
    const Shape& xs = ctx.input_shape(0);
    if (xs.ranked()) reduced_axes(ctx, xs.rank());
    ctx.set_output(0, t, xs);
}

void compute_mvn(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "input X");
    const auto xs = xt.shape();
    const std::vector<bool> reduced = reduced_axes(ctx, xs.size());
    // Each element's statistics slot: its row-major index in the shape with the reduced
    // axes set to 1.
    const std::size_t n = static_cast<std::size_t>(nn::prod(xs, 0, xs.size()));
    std::vector<std::size_t> slot(n);
    std::size_t slots = 1;
    for (std::size_t a = 0; a < xs.size(); ++a)
        if (!reduced[a]) slots *= static_cast<std::size_t>(xs[a]);
    for (std::size_t e = 0; e < n; ++e) {
        std::size_t rem = e, s = 0, stride = 1;
        for (std::size_t a = xs.size(); a-- > 0;) {
            const std::size_t d = static_cast<std::size_t>(xs[a]);
            if (!reduced[a]) {
                s += (rem % d) * stride;
                stride *= d;
            }
            rem /= d;
        }
        slot[e] = s;
    }
    std::vector<double> x = nn::to_f64(xt);
    std::vector<double> mean(slots, 0.0), var(slots, 0.0);
    const double count = slots ? static_cast<double>(n) / static_cast<double>(slots) : 1.0;
    for (std::size_t e = 0; e < n; ++e) mean[slot[e]] += x[e];
    for (double& m : mean) m /= count;
    for (std::size_t e = 0; e < n; ++e) {
        const double d = x[e] - mean[slot[e]];
        var[slot[e]] += d * d;
    }
    for (std::size_t e = 0; e < n; ++e)
        x[e] = (x[e] - mean[slot[e]]) / (std::sqrt(var[slot[e]] / count) + kEpsilon);
    ctx.set_output(0, nn::from_f64(xt.dtype(), xs, x));
}

}  // namespace

void register_mean_variance_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "MeanVarianceNormalization";
    s.attrs = {
        {"axes", AttrType::ints, Attribute(std::vector<int64_t>{0, 2, 3}), false,
         "the axes the mean and variance are taken over"},
    };
    s.infer = infer_mvn;
    s.compute = compute_mvn;
    s.doc = "Mean-variance normalization over `axes`, ONNX MeanVarianceNormalization-13. "
            "Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::norm
