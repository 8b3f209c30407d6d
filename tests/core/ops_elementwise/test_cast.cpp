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
