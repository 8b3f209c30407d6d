#pragma once
// The loss op family (internal to core/src/ops/loss): NegativeLogLikelihoodLoss and
// SoftmaxCrossEntropyLoss, which share the gathering and reduction of per-element losses
// (SoftmaxCrossEntropyLoss is NegativeLogLikelihoodLoss of LogSoftmax(scores) over axis 1).
// The reference implementations compute in double (see ops/nn/nn_util.hpp).
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::loss {

void register_nll_loss(OpRegistry& r);               // NegativeLogLikelihoodLoss
void register_softmax_cross_entropy(OpRegistry& r);  // SoftmaxCrossEntropyLoss

// The ONNX names of the three inputs of a loss op, for messages.
struct InputNames {
    std::string input, target, weight;  // "input", "target", "weight" / "scores", "labels", ...
};

// The attributes both ops take: reduction ("mean") and ignore_index (optional).
std::vector<AttrSpec> loss_attrs();

// Checks inputs 0-2 (scores (N, C, d1..dk) float, labels (N, d1..dk) int32/int64, optional
// weight (C) of the scores' dtype) and the reduction attribute; sets output 0, the loss:
// (N, d1..dk) for reduction "none", a scalar otherwise.
void infer_loss(InferContext& ctx, const InputNames& names);

// Output 0 from the log-probabilities `log_prob` (row-major, the shape of input 0): per
// element -log_prob[n, target, d] * weight[target] (0 where target == ignore_index),
// then reduced. Checks inputs and attributes as infer_loss does, and every target value.
Tensor reduce_loss(const ComputeContext& ctx, const InputNames& names,
                   const std::vector<double>& log_prob);

}  // namespace neo::ops::loss
