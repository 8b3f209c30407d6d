// QuantizeLinear and DequantizeLinear (core/src/ops/quant/quantize_linear.cpp): NumPy
// fixtures (per tensor, per axis, blocked; i8, u8, i16, i32), hand-computed rounding and
// saturation (also of the 4- and 2-bit integers and the float8 / float4 types), inference and
// error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
Tensor f32s(const std::vector<int64_t>& shape, const std::vector<float>& v) {
    return Tensor::from_vector<float>(shape, v);
}
Tensor scalar_f32(float v) { return Tensor::from_vector<float>({}, {v}); }
// The bytes of a tensor of a one-byte dtype (the bits of float8 / float4 elements).
std::vector<unsigned> bits_of(const Tensor& t) {
    auto b = t.bytes();
    return std::vector<unsigned>(b.begin(), b.end());
}
}  // namespace

TEST_CASE("QuantizeLinear: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_quant"), "QuantizeLinear");
}

TEST_CASE("DequantizeLinear: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_quant"), "DequantizeLinear");
}

TEST_CASE("QuantizeLinear: round half to even, saturation, NaN and infinities") {
    Tensor x = f32s({8}, {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 1000.f, -1000.f, 0.49f});
    Tensor zp = Tensor::from_vector<int8_t>({}, {0});
    Tensor y = run1("QuantizeLinear", {x, scalar_f32(1.f), zp});
    check_same(y, Tensor::from_vector<int8_t>({8}, {0, 2, 2, 0, -2, 127, -128, 0}));
    // Without a zero point: u8, so negatives saturate at 0.
    y = run1("QuantizeLinear", {x, scalar_f32(1.f)});
    check_same(y, Tensor::from_vector<uint8_t>({8}, {0, 2, 2, 0, 0, 255, 0, 0}));
    const float inf = std::numeric_limits<float>::infinity();
    Tensor special = f32s({3}, {std::nanf(""), inf, -inf});
    y = run1("QuantizeLinear", {special, scalar_f32(1.f), Tensor::from_vector<uint8_t>({}, {7})});
    check_same(y, Tensor::from_vector<uint8_t>({3}, {7, 255, 0}));
    // i16 zero point, half input.
    Tensor h = f32s({3}, {10.f, -3.f, 40000.f}).cast(DType::f16);
    y = run1("QuantizeLinear",
             {h, Tensor::from_vector<float>({}, {0.5f}).cast(DType::f16),
              Tensor::from_vector<int16_t>({}, {-5})});
    check_same(y, Tensor::from_vector<int16_t>({3}, {15, -11, 32767}));
}

TEST_CASE("QuantizeLinear: 4- and 2-bit integers saturate to their ranges") {
    Tensor x = f32s({6}, {0.5f, 1.5f, 2.5f, 17.f, -17.f, -3.5f});
    Tensor y = run1("QuantizeLinear", {x, scalar_f32(1.f), Tensor::from_vector<int4>({}, {int4(int64_t{0})})});
    CHECK(y.dtype() == DType::i4);
    CHECK(y.to_int_vector() == std::vector<int64_t>{0, 2, 2, 7, -8, -4});
    y = run1("QuantizeLinear", {f32s({4}, {0.5f, 1.5f, 20.f, -3.f}), scalar_f32(1.f),
                                Tensor::from_vector<uint4>({}, {uint4(int64_t{1})})});
    CHECK(y.dtype() == DType::u4);
    CHECK(y.to_int_vector() == std::vector<int64_t>{1, 3, 15, 0});
    y = run1("QuantizeLinear", {f32s({3}, {1.f, 5.f, -1.f}), scalar_f32(1.f)},
             {{"output_dtype", int64_t{25}}});  // UINT2
    CHECK(y.dtype() == DType::u2);
    CHECK(y.to_int_vector() == std::vector<int64_t>{1, 3, 0});
    y = run1("QuantizeLinear", {f32s({3}, {1.f, 5.f, -7.f}), scalar_f32(2.f)},
             {{"output_dtype", int64_t{26}}});  // INT2: 0.5 -> 0, 2.5 -> 2 -> 1, -3.5 -> -4 -> -2
    CHECK(y.to_int_vector() == std::vector<int64_t>{0, 1, -2});
}

TEST_CASE("QuantizeLinear: float8 and float4 outputs, saturate on and off") {
    Tensor x = f32s({5}, {1.f, 1000.f, -1e6f, std::nanf(""), 0.3f});
    Tensor zp = Tensor::from_vector<float8e4m3fn>({}, {float8e4m3fn(0.0)});
    // x / 2 = 0.5, 500, -5e5, NaN, 0.15 (-> 0.15625 = 1.010b * 2^-3).
    Tensor y = run1("QuantizeLinear", {x, scalar_f32(2.f), zp});
    CHECK(y.dtype() == DType::f8e4m3fn);
    CHECK(bits_of(y) == std::vector<unsigned>{0x30, 0x7e, 0xfe, 0x7f, 0x22});
    y = run1("QuantizeLinear", {x, scalar_f32(2.f), zp}, {{"saturate", int64_t{0}}});
    CHECK(bits_of(y) == std::vector<unsigned>{0x30, 0x7f, 0xff, 0x7f, 0x22});
    y = run1("QuantizeLinear", {x, scalar_f32(2.f)},
             {{"saturate", int64_t{0}}, {"output_dtype", int64_t{20}}});  // FLOAT8E5M2FNUZ
    CHECK(y.dtype() == DType::f8e5m2fnuz);
    CHECK(bits_of(y)[2] == 0x80);  // -5e5 is beyond 57344: the one NaN
    y = run1("QuantizeLinear", {f32s({3}, {0.7f, 100.f, -2.6f}), scalar_f32(1.f)},
             {{"output_dtype", int64_t{23}}});  // FLOAT4E2M1: 0.5, 6 (saturated), -3
    CHECK(bits_of(y) == std::vector<unsigned>{0x1, 0x7, 0xd});
}

TEST_CASE("DequantizeLinear: float8 and 4-bit inputs") {
    Tensor x = Tensor::from_vector<float8e4m3fn>(
        {3}, {float8e4m3fn::from_bits(0x38), float8e4m3fn::from_bits(0xfe), float8e4m3fn::from_bits(0x7f)});
    Tensor y = run1("DequantizeLinear", {x, scalar_f32(0.5f)});
    CHECK(y.dtype() == DType::f32);
    CHECK(y.at_double(0) == 0.5);
    CHECK(y.at_double(1) == -224.0);
    CHECK(std::isnan(y.at_double(2)));
    Tensor q = Tensor::from_vector<int64_t>({3}, {-8, 7, -1}).cast(DType::i4);
    y = run1("DequantizeLinear", {q, scalar_f32(2.f), Tensor::from_vector<int64_t>({}, {-1}).cast(DType::i4)});
    check_same(y, f32s({3}, {-14.f, 16.f, 0.f}));
}

TEST_CASE("QuantizeLinear: the precision attribute sets the division's precision") {
    // 1 / 3 = 0.333.. ; 2049 / 1 in f16 precision is 2048 (f16 has 11 bits).
    Tensor x = f32s({1}, {2049.f});
    Tensor zp = Tensor::from_vector<int16_t>({}, {0});
    check_same(run1("QuantizeLinear", {x, scalar_f32(1.f), zp}),
               Tensor::from_vector<int16_t>({1}, {2049}));
    check_same(run1("QuantizeLinear", {x, scalar_f32(1.f), zp}, {{"precision", int64_t{10}}}),
               Tensor::from_vector<int16_t>({1}, {2048}));
}

TEST_CASE("DequantizeLinear: hand-computed") {
    Tensor x = Tensor::from_vector<uint8_t>({2, 2}, {0, 10, 128, 255});
    Tensor y = run1("DequantizeLinear", {x, scalar_f32(0.5f), Tensor::from_vector<uint8_t>({}, {128})});
    check_same(y, f32s({2, 2}, {-64.f, -59.f, 0.f, 63.5f}));
    // Per axis 0, output_dtype FLOAT16 (10).
    y = run1("DequantizeLinear", {x, f32s({2}, {1.f, 2.f})},
             {{"axis", int64_t{0}}, {"output_dtype", int64_t{10}}});
    CHECK(y.dtype() == DType::f16);
    check_close(y, f32s({2, 2}, {0.f, 10.f, 256.f, 510.f}), 0, 0);
}

TEST_CASE("QuantizeLinear / DequantizeLinear: inference") {
    const Shape x({Dim::symbol("N"), Dim(3), Dim(4)});
    CHECK(inferred_shape("QuantizeLinear", {In::of(DType::f32, x), In::of(DType::f32, Shape{})}) == x);
    auto out_dtype = [](const std::string& op, const std::vector<In>& ins, Attributes a = {}) {
        Graph g;
        return infer(g, op, ins, std::move(a))->output(0)->dtype();
    };
    CHECK(out_dtype("QuantizeLinear", {In::of(DType::f32, x), In::of(DType::f32, Shape{3}),
                                       In::of(DType::i8, Shape{3})}) == DType::i8);
    CHECK(out_dtype("QuantizeLinear", {In::of(DType::f32, x), In::of(DType::f32, Shape{})},
                    {{"output_dtype", int64_t{5}}}) == DType::i16);
    CHECK(out_dtype("QuantizeLinear", {In::of(DType::f32, x), In::of(DType::f32, Shape{})}) ==
          DType::u8);
    const std::vector<In> blocked{In::of(DType::i8, x), In::of(DType::bf16, Shape({Dim::symbol("N"), Dim(3), Dim(2)})),
                                  In::omitted()};
    const Attributes battrs{{"axis", int64_t{2}}, {"block_size", int64_t{3}}};
    CHECK(out_dtype("DequantizeLinear", blocked, battrs) == DType::bf16);
    CHECK(inferred_shape("DequantizeLinear", blocked, battrs) == x);
    CHECK(inferred_shape("DequantizeLinear", {In::of(DType::i32, Shape::unranked()),
                                              In::of(DType::f32, Shape{})}) == Shape::unranked());
}

TEST_CASE("QuantizeLinear / DequantizeLinear: error messages") {
    const In x = In::of(DType::f32, Shape{2, 3, 4});
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{4})}),
                   "node 'n' (QuantizeLinear): input y_scale has shape [4] but input x has 3 "
                   "elements along axis 1"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{2, 3})}),
                   "without block_size it must be a scalar (per tensor) or 1-D (per axis)"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{2, 3, 3})},
                               {{"axis", int64_t{2}}, {"block_size", int64_t{3}}}),
                   "needs 2 there (ceil(4 / 3) on the axis"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{2, 3})},
                               {{"block_size", int64_t{2}}}),
                   "blocked quantization needs a scale of x's rank"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{})},
                               {{"block_size", int64_t{-1}}}),
                   "attribute 'block_size' must be >= 0"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{3}), In::of(DType::u8, Shape{2})}),
                   "input y_zero_point has shape [2] but input y_scale has shape [3]"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{})},
                               {{"output_dtype", int64_t{14}}}),
                   "attribute 'output_dtype' is 14 (COMPLEX64), a data type neo has no tensors of"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{})},
                               {{"output_dtype", int64_t{24}}}),
                   "attribute 'output_dtype' is 24 (FLOAT8E8M0); QuantizeLinear supports i8 (INT8)"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{}), In::of(DType::i8, Shape{})},
                               {{"output_dtype", int64_t{2}}}),
                   "attribute 'output_dtype' says u8 but input y_zero_point has dtype i8"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{}), In::of(DType::i32, Shape{})}),
                   "input y_zero_point has dtype i32; QuantizeLinear supports i8 (INT8), u8 (UINT8), i16"));
    CHECK(contains(infer_error("QuantizeLinear", {In::of(DType::f64, Shape{2}), In::of(DType::f32, Shape{})}),
                   "input x has dtype f64; QuantizeLinear supports f32, f16, bf16, i32"));
    CHECK(contains(infer_error("QuantizeLinear", {x, In::of(DType::f32, Shape{3})}, {{"axis", int64_t{3}}}),
                   "axis 3 is out of range for rank 3"));
    CHECK(contains(infer_error("DequantizeLinear", {In::of(DType::f32, Shape{2}), In::of(DType::f32, Shape{})}),
                   "input x has dtype f32; DequantizeLinear supports i8 (INT8), u8 (UINT8), i16"));
    CHECK(contains(infer_error("DequantizeLinear", {In::of(DType::i8, Shape{2}), In::of(DType::f32, Shape{}),
                                                   In::of(DType::u8, Shape{})}),
                   "input x_zero_point has dtype u8 but input x has dtype i8; they must match"));
    CHECK(contains(infer_error("DequantizeLinear", {In::of(DType::i8, Shape{2}), In::of(DType::f32, Shape{})},
                               {{"output_dtype", int64_t{6}}}),
                   "attribute 'output_dtype' is 6 (INT32); DequantizeLinear supports f32 (FLOAT)"));
    CHECK(contains(infer_error("DequantizeLinear", {In::of(DType::i8, Shape{2}), In::of(DType::i32, Shape{})}),
                   "input x_scale has dtype i32; DequantizeLinear supports f32, f16, bf16"));
}
