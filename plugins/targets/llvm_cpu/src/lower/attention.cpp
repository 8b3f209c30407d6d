// Attention (opset 23) and RotaryEmbedding.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_attention_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
