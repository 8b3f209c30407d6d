// Identity Cast CastLike.
#include <cmath>
#include <limits>

#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

using Strings = xt::xarray<std::string>;

TEST_CASE("cast: NumPy fixtures") {
    CHECK(run_fixture_group("cast") > 20);
}

TEST_CASE("cast: inference") {
    OneNode a;
    Value* y = infer(a, "Cast", {TypedInput{DType::f32, Shape({Dim::symbol("N"), 2})}}, {{"to", 7}});
    CHECK(y->dtype() == DType::i64);
    CHECK(y->shape() == Shape({Dim::symbol("N"), 2}));
    OneNode b;
    y = infer(b, "CastLike", {TypedInput{DType::i32, Shape::unranked()}, TypedInput{DType::bf16, Shape{1}}});
    CHECK(y->dtype() == DType::bf16);
    CHECK(!y->shape().ranked());
    OneNode c;
    y = infer(c, "Identity", {TypedInput{DType::string, Shape{3}}});
    CHECK(y->dtype() == DType::string);
}

TEST_CASE("cast: attribute errors") {
    OneNode a;
    CHECK(user_error([&] { infer(a, "Cast", {TypedInput{DType::f32, Shape{2}}}); }) ==
          "node 'n' (Cast): required attribute 'to' is missing");
    OneNode b;
    CHECK(user_error([&] { infer(b, "Cast", {TypedInput{DType::f32, Shape{2}}}, {{"to", 14}}); }) ==
          "node 'n' (Cast): attribute 'to' = 14 (COMPLEX64) is not a data type neo supports");
    OneNode c;
    CHECK(user_error([&] { infer(c, "Cast", {TypedInput{DType::f32, Shape{2}}}, {{"to", 0}}); }) ==
          "node 'n' (Cast): attribute 'to' = 0 (UNDEFINED) is not a data type neo supports");
    // saturate / round_mode (float8 only) are accepted.
    OneNode d;
    CHECK(infer(d, "Cast", {TypedInput{DType::f32, Shape{2}}}, {{"to", 1}, {"saturate", 0}})->dtype() == DType::f32);
}

TEST_CASE("cast: floats to integers truncate and saturate, NaN becomes 0") {
    float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    Tensor x = tensor<float>({6}, {-1.9f, 1.9f, 1e10f, -1e10f, nan, inf});
    auto i32 = std::numeric_limits<int32_t>::max(), i32min = std::numeric_limits<int32_t>::min();
    CHECK(run("Cast", {x}, {{"to", 6}}) == tensor<int32_t>({6}, {-1, 1, i32, i32min, 0, i32}));
    CHECK(run("Cast", {x}, {{"to", 2}}) == tensor<uint8_t>({6}, {0, 1, 255, 0, 0, 255}));
    CHECK(run("Cast", {x}, {{"to", 9}}) == tensor<bool>({6}, {true, true, true, true, true, true}));
    Tensor b = run("Cast", {tensor<float>({2}, {1.0f, 3.14159f})}, {{"to", 16}});
    CHECK(b.dtype() == DType::bf16);
    NEO_CHECK_CLOSE(b.cast(DType::f32), tensor<float>({2}, {1.0f, 3.140625f}), 0, 0);
}

TEST_CASE("cast: numbers to strings and back") {
    CHECK(run("Cast", {tensor<float>({4}, {1.5f, -0.1f, 1e20f, 100.0f})}, {{"to", 8}}) ==
          Tensor(Strings{"1.5", "-0.1", "1e+20", "100"}));
    CHECK(run("Cast", {tensor<int64_t>({2}, {-42, 7})}, {{"to", 8}}) == Tensor(Strings{"-42", "7"}));
    CHECK(run("Cast", {tensor<bool>({2}, {true, false})}, {{"to", 8}}) == Tensor(Strings{"True", "False"}));
    Tensor f = run("Cast", {Tensor(Strings{"3.14", "1e-5", "1E8", "-INF", "+inf", "100.5"})}, {{"to", 1}});
    float inf = std::numeric_limits<float>::infinity();
    NEO_CHECK_CLOSE(f, tensor<float>({6}, {3.14f, 1e-5f, 1e8f, -inf, inf, 100.5f}), 0, 0);
    Tensor n = run("Cast", {Tensor(Strings{"NaN", "nan"})}, {{"to", 11}});
    CHECK(std::isnan(n.array<double>()(0)));
    CHECK(std::isnan(n.array<double>()(1)));
    CHECK(run("Cast", {Tensor(Strings{"9007199254740993", "100.5", "-7"})}, {{"to", 7}}) ==
          tensor<int64_t>({3}, {9007199254740993LL, 100, -7}));
    CHECK(run("Cast", {Tensor(Strings{"true", "False", "0", "2"})}, {{"to", 9}}) ==
          tensor<bool>({4}, {true, false, false, true}));
    CHECK(user_error([] { run("Cast", {Tensor(Strings{"1", "Hello"})}, {{"to", 1}}); }) ==
          "node 'n' (Cast): cannot cast the string \"Hello\" to f32");
    CHECK(run("CastLike", {Tensor(Strings{"12"}), tensor<int8_t>({}, {0})}) == tensor<int8_t>({1}, {12}));
}

namespace {
// The bytes of a tensor of a one-byte dtype (the bits of float8 / float4 elements).
std::vector<unsigned> bits_of(const Tensor& t) {
    auto b = t.bytes();
    return std::vector<unsigned>(b.begin(), b.end());
}
}  // namespace

TEST_CASE("cast: float8 with and without saturation (ONNX Cast's tables)") {
    float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    Tensor x = tensor<float>({6}, {1.0f, 1e6f, -inf, nan, -0.0f, 0.3f});
    // FLOAT8E4M3FN: 1.0 = 0.0111.000, max 448 = S.1111.110, NaN S.1111.111, 0.3 -> 0.3125.
    CHECK(bits_of(run("Cast", {x}, {{"to", 17}})) == std::vector<unsigned>{0x38, 0x7e, 0xfe, 0x7f, 0x80, 0x2a});
    CHECK(bits_of(run("Cast", {x}, {{"to", 17}, {"saturate", 0}})) ==
          std::vector<unsigned>{0x38, 0x7f, 0xff, 0x7f, 0x80, 0x2a});
    // FLOAT8E5M2 has infinities: 0.01111.00 = 1.0, S.11111.00 = inf, max S.11110.11.
    CHECK(bits_of(run("Cast", {x}, {{"to", 19}})) == std::vector<unsigned>{0x3c, 0x7b, 0xfb, 0x7e, 0x80, 0x35});
    CHECK(bits_of(run("Cast", {x}, {{"to", 19}, {"saturate", 0}})) ==
          std::vector<unsigned>{0x3c, 0x7c, 0xfc, 0x7e, 0x80, 0x35});
    // FNUZ: no -0, one NaN (0x80); 1.0 = 0.1000.000 with bias 8.
    CHECK(bits_of(run("Cast", {x}, {{"to", 18}, {"saturate", 0}})) ==
          std::vector<unsigned>{0x40, 0x80, 0x80, 0x80, 0x00, 0x32});
    // CastLike takes saturate too; back to float is exact.
    Tensor like = Tensor::zeros(DType::f8e4m3fn, {});
    Tensor f8 = run("CastLike", {x, like}, {{"saturate", 0}});
    CHECK(f8.dtype() == DType::f8e4m3fn);
    Tensor back = run("Cast", {f8}, {{"to", 1}});
    CHECK(back.array<float>()(0) == 1.0f);
    CHECK(std::isnan(back.array<float>()(1)));
    CHECK(back.array<float>()(5) == 0.3125f);
}

TEST_CASE("cast: float4, int4, int2 and f8e8m0") {
    Tensor x = tensor<float>({5}, {0.25f, 5.0f, -100.0f, 2.5f, -3.5f});
    // FLOAT4E2M1 ties to even (0.25 -> 0, 5 -> 4) and saturates (-100 -> -6).
    CHECK(bits_of(run("Cast", {x}, {{"to", 23}})) == std::vector<unsigned>{0x0, 0x6, 0xf, 0x4, 0xe});
    // INT4 / UINT2: round half to even, then the low bits.
    CHECK(run("Cast", {x}, {{"to", 22}}).to_int_vector() == std::vector<int64_t>{0, 5, -4, 2, -4});
    CHECK(run("Cast", {tensor<int32_t>({3}, {-9, 8, 17})}, {{"to", 22}}).to_int_vector() ==
          std::vector<int64_t>{7, -8, 1});
    CHECK(run("Cast", {tensor<int32_t>({3}, {3, 4, -1})}, {{"to", 25}}).to_int_vector() ==
          std::vector<int64_t>{3, 0, 3});
    CHECK(run("Cast", {tensor<int32_t>({2}, {-7, 6})}, {{"to", 22}, {"saturate", 0}}).dtype() == DType::i4);
    Tensor i4 = run("Cast", {tensor<int32_t>({2}, {-7, 6})}, {{"to", 22}});
    CHECK(run("Cast", {i4}, {{"to", 3}}) == tensor<int8_t>({2}, {-7, 6}));
    CHECK(run("Cast", {i4}, {{"to", 8}}) == Tensor(Strings{"-7", "6"}));
    CHECK(run("Cast", {Tensor(Strings{"1.5", "-3"})}, {{"to", 17}}).cast(DType::f32) ==
          tensor<float>({2}, {1.5f, -3.0f}));
    // FLOAT8E8M0: 2^(bits - 127), rounded as round_mode says.
    Tensor e = tensor<float>({3}, {1.0f, 1.5f, 3.0f});
    CHECK(bits_of(run("Cast", {e}, {{"to", 24}})) == std::vector<unsigned>{0x7f, 0x80, 0x81});
    CHECK(bits_of(run("Cast", {e}, {{"to", 24}, {"round_mode", std::string("down")}})) ==
          std::vector<unsigned>{0x7f, 0x7f, 0x80});
    CHECK(bits_of(run("Cast", {e}, {{"to", 24}, {"round_mode", std::string("nearest")}})) ==
          std::vector<unsigned>{0x7f, 0x80, 0x81});
    CHECK(user_error([&] { run("Cast", {e}, {{"to", 24}, {"round_mode", std::string("sideways")}}); }) ==
          "node 'n' (Cast): attribute 'round_mode' must be up, down or nearest, got 'sideways'");
}

TEST_CASE("cast: Identity passes the storage-only types through") {
    Tensor x = tensor<float>({2}, {1.0f, -2.0f}).cast(DType::f8e5m2);
    CHECK(run("Identity", {x}) == x);
}
