// Add Sub Mul Div Pow Mod Max Min Sum Mean.
#include <limits>

#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

TEST_CASE("binary arith: NumPy fixtures") {
    CHECK(run_fixture_group("binary_arith") > 60);
}

TEST_CASE("binary arith: broadcast shape inference with symbolic and unknown dims") {
    {
        OneNode o;
        Value* y = infer(o, "Add", {TypedInput{DType::f32, Shape({Dim::symbol("N"), 3, 1})},
                                    TypedInput{DType::f32, Shape{4}}});
        CHECK(y->dtype() == DType::f32);
        CHECK(y->shape() == Shape({Dim::symbol("N"), 3, 4}));
    }
    {
        OneNode o;
        Value* y = infer(o, "Mul", {TypedInput{DType::i64, Shape({Dim::unknown(), 1})},
                                    TypedInput{DType::i64, Shape({5, Dim::unknown()})}});
        CHECK(y->shape() == Shape({5, Dim::unknown()}));
    }
    {
        OneNode o;
        Value* y = infer(o, "Sub", {TypedInput{DType::f32, Shape::unranked()}, TypedInput{DType::f32, Shape{3}}});
        CHECK(!y->shape().ranked());
    }
    {
        OneNode o;
        Value* y = infer(o, "Max", {TypedInput{DType::f32, Shape{2, 1}}, TypedInput{DType::f32, Shape{3}},
                                    TypedInput{DType::f32, Shape({Dim::symbol("B"), 1, 1})}});
        CHECK(y->shape() == Shape({Dim::symbol("B"), 2, 3}));
    }
}

TEST_CASE("binary arith: errors name the node and the problem") {
    OneNode a;
    CHECK(user_error([&] { infer(a, "Add", {TypedInput{DType::f32, Shape{2, 3}}, TypedInput{DType::f32, Shape{4}}}); }) ==
          "node 'n' (Add): cannot broadcast shapes [2,3] and [4]");
    OneNode b;
    CHECK(user_error([&] { infer(b, "Add", {TypedInput{DType::f32, Shape{2}}, TypedInput{DType::i64, Shape{2}}}); }) ==
          "node 'n' (Add): inputs 0 and 1 must have the same dtype, got f32 and i64");
    OneNode c;
    CHECK(user_error([&] { infer(c, "Add", {TypedInput{DType::boolean, Shape{2}}, TypedInput{DType::boolean, Shape{2}}}); }) ==
          "node 'n' (Add): input 0 has dtype bool, which Add does not support (it takes f32, f16, bf16, f64, "
          "i8, u8, i16, i32, i64, u16, u32, u64)");
    OneNode d;
    CHECK(user_error([&] { infer(d, "Sum", {TypedInput{DType::i32, Shape{2}}}); }) ==
          "node 'n' (Sum): input 0 has dtype i32, which Sum does not support (it takes f32, f16, bf16, f64)");
    OneNode e;
    CHECK(user_error([&] { infer(e, "Sum", {}); }) == "node 'n' (Sum): has 0 inputs, Sum takes at least 1");
    OneNode f;
    CHECK(user_error([&] {
              infer(f, "Pow", {TypedInput{DType::f32, Shape{2}}, TypedInput{DType::boolean, Shape{2}}});
          }).find("input 1 has dtype bool, which Pow does not support") != std::string::npos);
}

TEST_CASE("binary arith: integer Div truncates toward zero, wraps, and rejects zero") {
    Tensor q = run("Div", {tensor<int32_t>({4}, {-7, 7, -7, std::numeric_limits<int32_t>::min()}),
                           tensor<int32_t>({4}, {2, -2, -2, -1})});
    CHECK(q == tensor<int32_t>({4}, {-3, -3, 3, std::numeric_limits<int32_t>::min()}));
    CHECK(user_error([] { run("Div", {tensor<int64_t>({2}, {1, 2}), tensor<int64_t>({2}, {1, 0})}); }) ==
          "node 'n' (Div): integer division by zero");
    Tensor w = run("Add", {tensor<int32_t>({1}, {std::numeric_limits<int32_t>::max()}), tensor<int32_t>({1}, {1})});
    CHECK(w == tensor<int32_t>({1}, {std::numeric_limits<int32_t>::min()}));
    Tensor m = run("Mul", {tensor<uint8_t>({1}, {200}), tensor<uint8_t>({1}, {3})});
    CHECK(m == tensor<uint8_t>({1}, {88}));  // 600 mod 256
}

TEST_CASE("binary arith: Mod attributes") {
    Tensor a = tensor<float>({2}, {5.5f, -5.5f}), b = tensor<float>({2}, {2.0f, 2.0f});
    CHECK(user_error([&] { run("Mod", {a, b}); }) ==
          "node 'n' (Mod): fmod=0 is not defined for floating-point inputs (dtype f32); set fmod=1");
    CHECK(user_error([&] { run("Mod", {a, b}, {{"fmod", 2}}); }) ==
          "node 'n' (Mod): attribute 'fmod' must be 0 or 1, got 2");
    CHECK(run("Mod", {a, b}, {{"fmod", 1}}) == tensor<float>({2}, {1.5f, -1.5f}));
    CHECK(user_error([] { run("Mod", {tensor<int32_t>({1}, {3}), tensor<int32_t>({1}, {0})}); }) ==
          "node 'n' (Mod): integer modulo by zero");
}

TEST_CASE("binary arith: Pow with integer exponents") {
    CHECK(run("Pow", {tensor<int64_t>({4}, {2, -1, 1, 2}), tensor<int64_t>({4}, {10, -3, -5, -1})}) ==
          tensor<int64_t>({4}, {1024, -1, 1, 0}));
    Tensor p = run("Pow", {tensor<float>({2}, {2.0f, 9.0f}), tensor<uint8_t>({2}, {3, 0})});
    CHECK(p == tensor<float>({2}, {8.0f, 1.0f}));
}

TEST_CASE("binary arith: f16 and bf16 compute through float") {
    Tensor a = tensor<float>({3}, {1.5f, -2.25f, 12.0f}), b = tensor<float>({1}, {2.0f});
    for (DType t : {DType::f16, DType::bf16}) {
        Tensor s = run("Add", {a.cast(t), b.cast(t)});
        CHECK(s.dtype() == t);
        NEO_CHECK_CLOSE(s.cast(DType::f32), tensor<float>({3}, {3.5f, -0.25f, 14.0f}), 0, 0);
        Tensor m = run("Mean", {a.cast(t), b.cast(t), b.cast(t)});
        NEO_CHECK_CLOSE(m.cast(DType::f32), tensor<float>({3}, {1.8333333f, 0.5833333f, 5.3333333f}), 1e-2, 0);
    }
}

TEST_CASE("binary arith: large broadcast runs fast enough") {
    Tensor x = Tensor::zeros(DType::f32, {1, 64, 56, 56});
    Tensor b = Tensor::zeros(DType::f32, {64, 1, 1});
    Tensor y = run("Add", {x, b});
    CHECK(y.shape() == std::vector<int64_t>{1, 64, 56, 56});
}
