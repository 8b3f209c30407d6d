#pragma once
// Helpers shared by op definitions (internal to core/src/ops).
#include <cstdint>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops {

// Numpy-style broadcast of two IR shapes; unknown dims stay unknown where they
// cannot be decided. ctx.fail() on incompatible static dims. Unranked in → unranked out.
Shape broadcast_shapes(const Shape& a, const Shape& b, const OpContext& ctx);
// Numpy-style broadcast of static shapes; ctx.fail() when incompatible.
std::vector<int64_t> broadcast_static(const std::vector<int64_t>& a,
                                      const std::vector<int64_t>& b, const OpContext& ctx);
// Maps a possibly negative axis into [0, rank); ctx.fail() when out of range.
int64_t normalize_axis(int64_t axis, int64_t rank, const OpContext& ctx);

// Registration entry points of the op families (one folder each under core/src/ops).
void register_nn_ops(OpRegistry& r);           // nn/: conv, pooling, gemm/matmul, norms, softmax
void register_elementwise_ops(OpRegistry& r);  // elementwise/: unary, binary, activations, reductions
void register_tensor_ops(OpRegistry& r);       // tensor/: reshape family, concat/split/slice/gather
void register_image_ops(OpRegistry& r);        // image/: TopK, Resize
void register_control_ops(OpRegistry& r);      // control/: If, Loop, Scan
void register_quant_ops(OpRegistry& r);        // quant/: (de)quantization, integer conv/matmul
void register_linalg_ops(OpRegistry& r);       // linalg/: Einsum, Det
void register_ml_ops(OpRegistry& r);           // ml/: the ai.onnx.ml domain (trees, SVM, linear)
void register_norm_ops(OpRegistry& r);         // norm/: LRN, group/RMS/Lp/MV normalization
void register_loss_ops(OpRegistry& r);         // loss/: NLL, softmax cross-entropy
void register_attention_ops(OpRegistry& r);    // attention/: Attention, RotaryEmbedding

}  // namespace neo::ops
