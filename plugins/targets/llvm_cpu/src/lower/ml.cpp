// ONNX-ML (ai.onnx.ml) ops; table keys carry the domain ("ai.onnx.ml.TreeEnsemble").
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_ml_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
