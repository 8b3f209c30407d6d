#pragma once
// The attention op family (internal to core/src/ops/attention): Attention and
// RotaryEmbedding, one file each. The reference implementations compute in double
// (see ops/nn/nn_util.hpp).
#include "neo/core/ops/registry.hpp"

namespace neo::ops::attention {

void register_attention(OpRegistry& r);         // Attention
void register_rotary_embedding(OpRegistry& r);  // RotaryEmbedding

}  // namespace neo::ops::attention
