// Abs Neg Sign Exp Log Sqrt Reciprocal Floor Ceil Round, trigonometric and hyperbolic
// functions, Erf, IsNaN, IsInf.
#include <cmath>

#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

TEST_CASE("unary math: NumPy fixtures") {
    CHECK(run_fixture_group("unary_math") > 50);
}

TEST_CASE("unary math: inference keeps the shape, IsNaN/IsInf give bool") {
    OneNode a;
    Value* y = infer(a, "Exp", {TypedInput{DType::f32, Shape({Dim::symbol("N"), Dim::unknown(), 3})}});
    CHECK(y->dtype() == DType::f32);
    CHECK(y->shape() == Shape({Dim::symbol("N"), Dim::unknown(), 3}));
    OneNode b;
    y = infer(b, "IsNaN", {TypedInput{DType::f16, Shape::unranked()}});
    CHECK(y->dtype() == DType::boolean);
    CHECK(!y->shape().ranked());
    OneNode c;
    y = infer(c, "Abs", {TypedInput{DType::i16, Shape{}}});
    CHECK(y->dtype() == DType::i16);
    CHECK(y->shape() == Shape{});
}

TEST_CASE("unary math: dtype errors") {
    OneNode a;
    CHECK(user_error([&] { infer(a, "Exp", {TypedInput{DType::i32, Shape{2}}}); }) ==
          "node 'n' (Exp): input 0 has dtype i32, which Exp does not support (it takes f32, f16, bf16, f64)");
    OneNode b;
    CHECK(user_error([&] { infer(b, "Neg", {TypedInput{DType::u8, Shape{2}}}); }) ==
          "node 'n' (Neg): input 0 has dtype u8, which Neg does not support (it takes f32, f16, bf16, f64, i8, "
          "i16, i32, i64)");
    OneNode c;
    CHECK(user_error([&] { infer(c, "Sqrt", {TypedInput{DType::undefined, Shape{2}}}); }) ==
          "node 'n' (Sqrt): input 0 has no known dtype yet (run type inference on its producer first)");
    CHECK(user_error([] { run("Floor", {tensor<bool>({1}, {true})}); }) ==
          "node 'n' (Floor): input 0 has dtype bool, which Floor does not support (it takes f32, f16, bf16, f64)");
}

TEST_CASE("unary math: f16 and bf16 compute through float") {
    Tensor x = tensor<float>({4}, {-1.0f, 0.0f, 0.5f, 2.0f});
    for (DType t : {DType::f16, DType::bf16}) {
        Tensor e = run("Exp", {x.cast(t)});
        CHECK(e.dtype() == t);
        NEO_CHECK_CLOSE(e.cast(DType::f32),
                        tensor<float>({4}, {std::exp(-1.0f), 1.0f, std::exp(0.5f), std::exp(2.0f)}), 1e-2, 0);
        Tensor r = run("Round", {tensor<float>({3}, {2.5f, -0.5f, 3.5f}).cast(t)});
        NEO_CHECK_CLOSE(r.cast(DType::f32), tensor<float>({3}, {2.0f, -0.0f, 4.0f}), 0, 0);
    }
}

TEST_CASE("unary math: edge values") {
    float inf = std::numeric_limits<float>::infinity();
    Tensor l = run("Log", {tensor<float>({3}, {0.0f, -1.0f, inf})});
    CHECK(l.array<float>()(0) == -inf);
    CHECK(std::isnan(l.array<float>()(1)));
    CHECK(l.array<float>()(2) == inf);
    CHECK(run("Abs", {tensor<int8_t>({3}, {-128, -5, 7})}) == tensor<int8_t>({3}, {-128, 5, 7}));  // wraps
    CHECK(run("Sign", {tensor<uint8_t>({3}, {0, 1, 200})}) == tensor<uint8_t>({3}, {0, 1, 1}));
}
