#pragma once
// Helpers shared by the nn op family (internal to core/src/ops/nn).
//
// The float reference implementations of this family all compute in double: inputs are
// converted to a row-major std::vector<double>, the op runs on that, and the result is
// converted back to the input's dtype (f16/bf16 round through float, as Tensor::cast does).
#include <cstdint>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::nn {

// Registration entry points of the files of this folder (called by register.cpp).
void register_conv(OpRegistry& r);
void register_pool(OpRegistry& r);         // MaxPool, AveragePool
void register_global_pool(OpRegistry& r);  // GlobalAveragePool, GlobalMaxPool
void register_gemm(OpRegistry& r);
void register_matmul(OpRegistry& r);
void register_batch_norm(OpRegistry& r);
void register_layer_norm(OpRegistry& r);
void register_instance_norm(OpRegistry& r);
void register_softmax(OpRegistry& r);      // Softmax, LogSoftmax
void register_hardmax(OpRegistry& r);
void register_rnn(OpRegistry& r);
void register_gru(OpRegistry& r);
void register_lstm(OpRegistry& r);
void register_conv_transpose(OpRegistry& r);
void register_max_unpool(OpRegistry& r);
void register_deform_conv(OpRegistry& r);
void register_blocked_conv(OpRegistry& r);  // neo.BlockedConv, neo.Unblock

// "f32, f64, f16, bf16": the float dtypes, for messages.
inline constexpr const char* kFloatDTypes = "f32, f64, f16, bf16";

// Fails unless `t` is a float dtype (undefined passes: not inferred yet).
// what: the input's role, e.g. "input X".
void require_float(const OpContext& ctx, DType t, const std::string& what);
// Fails unless `t` equals `want` (undefined on either side passes).
void require_same_dtype(const OpContext& ctx, DType t, DType want, const std::string& what,
                        const std::string& want_what);

// Row-major copy of a numeric tensor's elements as doubles.
std::vector<double> to_f64(const Tensor& t);
// A tensor of dtype `t` and static `shape` from row-major doubles.
Tensor from_f64(DType t, const std::vector<int64_t>& shape, const std::vector<double>& data);

// Numpy-broadcasts row-major `data` of static shape `from` to `to` (to = the broadcast
// result; the caller has checked compatibility). Returns prod(to) values.
std::vector<double> broadcast_to(const std::vector<double>& data, const std::vector<int64_t>& from,
                                 const std::vector<int64_t>& to);
// Fails unless `s` broadcasts unidirectionally to `target` (numpy rules, s may not grow
// target); unknown dims pass. what: the input's role for the message.
void require_broadcastable_to(const OpContext& ctx, const Shape& s, const Shape& target,
                              const std::string& what);

// The exponent p of LpPool / GlobalLpPool (attribute 'p'); fails unless positive.
int64_t lp_exponent(const OpContext& ctx);

// Product of dims [from, to) of a static shape.
int64_t prod(const std::vector<int64_t>& dims, std::size_t from, std::size_t to);
// "[1,2,3]" for messages.
std::string ints_str(const std::vector<int64_t>& v);

}  // namespace neo::ops::nn
