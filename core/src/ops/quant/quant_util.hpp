#pragma once
// Helpers shared by the quantization op family (internal to core/src/ops/quant).
//
// Quantized values are integers: the reference implementations read them as int64, do the
// integer work exactly (accumulating in 64 bits, then wrapping to int32 where ONNX says the
// accumulator is 32-bit), and requantize through double with round-half-to-even.
#include <cstdint>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::quant {

// Registration entry points of the files of this folder (called by register.cpp).
void register_quantize_linear(OpRegistry& r);          // QuantizeLinear, DequantizeLinear
void register_dynamic_quantize_linear(OpRegistry& r);  // DynamicQuantizeLinear
void register_matmul_integer(OpRegistry& r);           // MatMulInteger, QLinearMatMul
void register_conv_integer(OpRegistry& r);             // ConvInteger, QLinearConv

// The saturation range of a quantized integer dtype.
struct QRange {
    int64_t lo = 0, hi = 0;
};
// i8 [-128, 127], u8 [0, 255], i16 [-32768, 32767], u16 [0, 65535], i4 [-8, 7], u4 [0, 15],
// i2 [-2, 1], u2 [0, 3]; InternalError for other dtypes.
QRange quant_range(DType t);

// Fails unless `t` is i8 or u8 (undefined passes: not inferred yet).
void require_8bit(const OpContext& ctx, DType t, const std::string& what);
// Fails unless `t` is one of `allowed` (undefined passes). `allowed_str` lists them.
void require_dtype_in(const OpContext& ctx, DType t, const std::vector<DType>& allowed,
                      const std::string& allowed_str, const std::string& what);
// Fails unless `s` holds exactly one element (a scalar or a [1]-like shape); unknown passes.
void require_single(const OpContext& ctx, const Shape& s, const std::string& what);

// Round half to even, then clamp into r. NaN gives 0 (before clamping).
int64_t saturate_round(double v, QRange r);
// `v` rounded to the precision of the float dtype t (f32, f16, bf16; f64: unchanged).
double round_to(DType t, double v);

// Elements of an integer tensor as int64 (row-major).
std::vector<int64_t> to_i64(const Tensor& t);
// A tensor of integer dtype t from int64 values (C++ conversion: wraps).
Tensor from_i64(DType t, const std::vector<int64_t>& shape, const std::vector<int64_t>& v);
// Saturates every value into t's range (round half to even) and makes a tensor of dtype t.
Tensor requantize(DType t, const std::vector<int64_t>& shape, const std::vector<double>& v);

}  // namespace neo::ops::quant
