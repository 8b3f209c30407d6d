// SoftmaxCrossEntropyLoss (ONNX opset 13): log_prob = LogSoftmax(scores) over axis 1 (the
// classes) of scores (N, C, d1..dk); the loss is NegativeLogLikelihoodLoss(log_prob, labels,
// weights) with the same reduction and ignore_index. The optional second output is log_prob.
#include <algorithm>
#include <cmath>
#include <limits>

#include "ops/loss/loss_ops.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::loss {
namespace {

const InputNames kNames{"scores", "labels", "weights"};

void infer_sce(InferContext& ctx) {
    infer_loss(ctx, kNames);
    if (ctx.num_outputs() > 1) ctx.set_output(1, ctx.input_dtype(0), ctx.input_shape(0));
}

// LogSoftmax over axis 1 of row-major x of shape xs (rank >= 2).
std::vector<double> log_softmax_axis1(std::vector<double> x, const std::vector<int64_t>& xs) {
    const int64_t n = xs[0], c = xs[1], inner = nn::prod(xs, 2, xs.size());
    for (int64_t b = 0; b < n; ++b)
        for (int64_t d = 0; d < inner; ++d) {
            double* p = &x[static_cast<std::size_t>(b * c * inner + d)];
            double mx = -std::numeric_limits<double>::infinity();
            for (int64_t k = 0; k < c; ++k) mx = std::max(mx, p[k * inner]);
            if (std::isinf(mx)) mx = 0.0;  // all -inf (or +inf present): no shift
            double sum = 0.0;
            for (int64_t k = 0; k < c; ++k) sum += std::exp(p[k * inner] - mx);
            const double log_sum = std::log(sum);
            for (int64_t k = 0; k < c; ++k) p[k * inner] = p[k * inner] - mx - log_sum;
        }
    return x;
}

void compute_sce(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "input " + kNames.input);
    if (xt.rank() < 2)
        ctx.fail("input " + kNames.input + " must have rank >= 2 (N, C, d1..dk), got shape " +
                 xt.ir_shape().str());
    const std::vector<double> log_prob = log_softmax_axis1(nn::to_f64(xt), xt.shape());
    ctx.set_output(0, reduce_loss(ctx, kNames, log_prob));
    if (ctx.num_outputs() > 1) ctx.set_output(1, nn::from_f64(xt.dtype(), xt.shape(), log_prob));
}

}  // namespace

void register_softmax_cross_entropy(OpRegistry& r) {
    OpSchema s;
    s.name = "SoftmaxCrossEntropyLoss";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.max_outputs = 2;
    s.attrs = loss_attrs();
    s.infer = infer_sce;
    s.compute = compute_sce;
    s.doc = "Softmax cross-entropy loss with the optional log_prob output, ONNX "
            "SoftmaxCrossEntropyLoss-13. Float dtypes, int32/int64 labels; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::loss
