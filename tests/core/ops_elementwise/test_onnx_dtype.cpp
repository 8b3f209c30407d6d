// The ONNX data type mapping of neo/core/ops/onnx_dtype.hpp (used by Cast's "to").
#include <doctest/doctest.h>

#include "neo/core/ops/onnx_dtype.hpp"

using namespace neo;

TEST_CASE("onnx dtype: TensorProto data type numbers map to neo dtypes") {
    CHECK(dtype_from_onnx(1) == DType::f32);
    CHECK(dtype_from_onnx(2) == DType::u8);
    CHECK(dtype_from_onnx(3) == DType::i8);
    CHECK(dtype_from_onnx(5) == DType::i16);
    CHECK(dtype_from_onnx(6) == DType::i32);
    CHECK(dtype_from_onnx(7) == DType::i64);
    CHECK(dtype_from_onnx(8) == DType::string);
    CHECK(dtype_from_onnx(9) == DType::boolean);
    CHECK(dtype_from_onnx(10) == DType::f16);
    CHECK(dtype_from_onnx(11) == DType::f64);
    CHECK(dtype_from_onnx(16) == DType::bf16);
    CHECK(dtype_from_onnx(4) == DType::u16);
    CHECK(dtype_from_onnx(12) == DType::u32);
    CHECK(dtype_from_onnx(13) == DType::u64);
    for (int64_t unsupported : {0, 14, 15, 17, 19, 23, 99, -1})
        CHECK(!dtype_from_onnx(unsupported).has_value());
    for (DType t : {DType::f32, DType::f16, DType::bf16, DType::f64, DType::i8, DType::u8, DType::i16,
                    DType::i32, DType::i64, DType::boolean, DType::string, DType::u16, DType::u32,
                    DType::u64})
        CHECK(dtype_from_onnx(onnx_from_dtype(t)) == t);
    CHECK(onnx_from_dtype(DType::undefined) == 0);
    CHECK(onnx_dtype_name(4) == "UINT16");
    CHECK(onnx_dtype_name(17) == "FLOAT8E4M3FN");
    CHECK(onnx_dtype_name(1000) == "<unknown 1000>");
}
