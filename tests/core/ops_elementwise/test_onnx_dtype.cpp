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
    CHECK(dtype_from_onnx(17) == DType::f8e4m3fn);
    CHECK(dtype_from_onnx(18) == DType::f8e4m3fnuz);
    CHECK(dtype_from_onnx(19) == DType::f8e5m2);
    CHECK(dtype_from_onnx(20) == DType::f8e5m2fnuz);
    CHECK(dtype_from_onnx(21) == DType::u4);
    CHECK(dtype_from_onnx(22) == DType::i4);
    CHECK(dtype_from_onnx(23) == DType::f4e2m1);
    CHECK(dtype_from_onnx(24) == DType::f8e8m0);
    CHECK(dtype_from_onnx(25) == DType::u2);
    CHECK(dtype_from_onnx(26) == DType::i2);
    for (int64_t unsupported : {0, 14, 15, 27, 99, -1})
        CHECK(!dtype_from_onnx(unsupported).has_value());
    for (DType t : {DType::f32, DType::f16, DType::bf16, DType::f64, DType::i8, DType::u8, DType::i16,
                    DType::i32, DType::i64, DType::boolean, DType::string, DType::u16, DType::u32,
                    DType::u64, DType::f8e4m3fn, DType::f8e4m3fnuz, DType::f8e5m2,
                    DType::f8e5m2fnuz, DType::u4, DType::i4, DType::f4e2m1, DType::f8e8m0,
                    DType::u2, DType::i2})
        CHECK(dtype_from_onnx(onnx_from_dtype(t)) == t);
    CHECK(onnx_from_dtype(DType::undefined) == 0);
    CHECK(onnx_dtype_name(4) == "UINT16");
    CHECK(onnx_dtype_name(17) == "FLOAT8E4M3FN");
    CHECK(onnx_dtype_name(1000) == "<unknown 1000>");
}
