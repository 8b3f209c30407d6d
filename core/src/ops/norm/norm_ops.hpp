#pragma once
// The normalization op family (internal to core/src/ops/norm): one file per op, each with
// its registration entry point, plus the helpers they share. Like the nn family, the
// reference implementations compute in double (see ops/nn/nn_util.hpp).
#include <cstdint>
#include <string>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::norm {

void register_lrn(OpRegistry& r);                // LRN
void register_lp_normalization(OpRegistry& r);   // LpNormalization
void register_mean_variance_norm(OpRegistry& r); // MeanVarianceNormalization
void register_group_norm(OpRegistry& r);         // GroupNormalization
void register_rms_norm(OpRegistry& r);           // RMSNormalization

// The float dtype named by the ONNX element-type code in integer attribute `attr`
// (e.g. stash_type: 1 float, 10 float16, 11 double, 16 bfloat16); fail() for any other code.
DType float_type_attr(const OpContext& ctx, const std::string& attr);

}  // namespace neo::ops::norm
