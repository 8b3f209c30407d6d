#pragma once
#include "neo/core/ir/graph.hpp"

namespace neo {

// fold-batch-norm: folds an inference BatchNormalization into the Conv or Gemm that
// feeds it when that producer's output has no other use and its weights (and bias)
// are constants: W' = W * s, B' = (B - mean) * s + beta with s = scale / sqrt(var + eps)
// per output channel. The Conv/Gemm takes over the BatchNormalization's output value.
// Returns whether anything was folded.
bool fold_batch_norm(Graph& g);

}  // namespace neo
