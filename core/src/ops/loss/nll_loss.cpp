// NegativeLogLikelihoodLoss (ONNX opset 22): input holds log-probabilities (N, C, d1..dk),
// target the class of every (n, d1..dk); the loss is -input[n, target, d] (times
// weight[target] when weights are given), 0 where target == ignore_index, then reduced
// ("none", "sum" or the weighted "mean"; see loss_util.cpp).
#include "ops/loss/loss_ops.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::loss {
namespace {

const InputNames kNames{"input", "target", "weight"};

void infer_nll(InferContext& ctx) { infer_loss(ctx, kNames); }

void compute_nll(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "input " + kNames.input);
    ctx.set_output(0, reduce_loss(ctx, kNames, nn::to_f64(xt)));
}

}  // namespace

void register_nll_loss(OpRegistry& r) {
    OpSchema s;
    s.name = "NegativeLogLikelihoodLoss";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = loss_attrs();
    s.infer = infer_nll;
    s.compute = compute_nll;
    s.doc = "Negative log-likelihood loss, ONNX NegativeLogLikelihoodLoss-22. Float dtypes, "
            "int32/int64 targets; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::loss
