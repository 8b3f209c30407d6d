#include "neo/core/ops/onnx_dtype.hpp"

#include <array>
#include <string_view>

namespace neo {
namespace {

struct OnnxRow {
    int64_t code;
    std::string_view name;
    std::optional<DType> dtype;
};

// TensorProto.DataType (onnx.proto).
constexpr std::array<OnnxRow, 27> kOnnxTypes{{
    {0, "UNDEFINED", DType::undefined},
    {1, "FLOAT", DType::f32},
    {2, "UINT8", DType::u8},
    {3, "INT8", DType::i8},
    {4, "UINT16", DType::u16},
    {5, "INT16", DType::i16},
    {6, "INT32", DType::i32},
    {7, "INT64", DType::i64},
    {8, "STRING", DType::string},
    {9, "BOOL", DType::boolean},
    {10, "FLOAT16", DType::f16},
    {11, "DOUBLE", DType::f64},
    {12, "UINT32", DType::u32},
    {13, "UINT64", DType::u64},
    {14, "COMPLEX64", std::nullopt},
    {15, "COMPLEX128", std::nullopt},
    {16, "BFLOAT16", DType::bf16},
    {17, "FLOAT8E4M3FN", DType::f8e4m3fn},
    {18, "FLOAT8E4M3FNUZ", DType::f8e4m3fnuz},
    {19, "FLOAT8E5M2", DType::f8e5m2},
    {20, "FLOAT8E5M2FNUZ", DType::f8e5m2fnuz},
    {21, "UINT4", DType::u4},
    {22, "INT4", DType::i4},
    {23, "FLOAT4E2M1", DType::f4e2m1},
    {24, "FLOAT8E8M0", DType::f8e8m0},
    {25, "UINT2", DType::u2},
    {26, "INT2", DType::i2},
}};

}  // namespace

std::optional<DType> dtype_from_onnx(int64_t onnx_type) {
    for (const auto& r : kOnnxTypes)
        if (r.code == onnx_type && r.code != 0) return r.dtype;
    return std::nullopt;
}

int64_t onnx_from_dtype(DType t) {
    for (const auto& r : kOnnxTypes)
        if (r.dtype == t) return r.code;
    return 0;
}

std::string onnx_dtype_name(int64_t onnx_type) {
    for (const auto& r : kOnnxTypes)
        if (r.code == onnx_type) return std::string(r.name);
    return "<unknown " + std::to_string(onnx_type) + ">";
}

}  // namespace neo
