// Equal Less LessOrEqual Greater GreaterOrEqual And Or Xor Not Where.
#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

TEST_CASE("compare/logic: NumPy fixtures") {
    CHECK(run_fixture_group("compare_logic") > 15);
}

TEST_CASE("compare/logic: comparisons give bool with the broadcast shape") {
    OneNode o;
    Value* y = infer(o, "Less", {TypedInput{DType::f16, Shape({Dim::symbol("N"), 1})},
                                 TypedInput{DType::f16, Shape{3}}});
    CHECK(y->dtype() == DType::boolean);
    CHECK(y->shape() == Shape({Dim::symbol("N"), 3}));
    Tensor a = tensor<float>({3}, {1.0f, 2.5f, -1.0f});
    Tensor b = tensor<float>({1}, {2.5f});
    CHECK(run("GreaterOrEqual", {a.cast(DType::bf16), b.cast(DType::bf16)}) ==
          tensor<bool>({3}, {false, true, false}));
}

TEST_CASE("compare/logic: Equal on strings, Less refuses them") {
    Tensor a(xt::xarray<std::string>{"a", "bc", ""});
    Tensor b(xt::xarray<std::string>{"bc"});
    CHECK(run("Equal", {a, b}) == tensor<bool>({3}, {false, true, false}));
    OneNode o;
    CHECK(user_error([&] { infer(o, "Less", {TypedInput{DType::string, Shape{3}}, TypedInput{DType::string, Shape{1}}}); }) ==
          "node 'n' (Less): input 0 has dtype string, which Less does not support (it takes f32, f16, bf16, "
          "f64, i8, u8, i16, i32, i64, u16, u32, u64)");
}

TEST_CASE("compare/logic: logical ops take bool only") {
    OneNode o;
    CHECK(user_error([&] { infer(o, "And", {TypedInput{DType::f32, Shape{3}}, TypedInput{DType::f32, Shape{3}}}); }) ==
          "node 'n' (And): input 0 has dtype f32, which And does not support (it takes bool)");
    OneNode n;
    Value* y = infer(n, "Not", {TypedInput{DType::boolean, Shape({Dim::unknown(), 2})}});
    CHECK(y->shape() == Shape({Dim::unknown(), 2}));
}

TEST_CASE("compare/logic: Where") {
    {
        OneNode o;
        Value* y = infer(o, "Where", {TypedInput{DType::boolean, Shape({Dim::symbol("N"), 1, 1})},
                                      TypedInput{DType::i32, Shape{3, 1}}, TypedInput{DType::i32, Shape{4}}});
        CHECK(y->dtype() == DType::i32);
        CHECK(y->shape() == Shape({Dim::symbol("N"), 3, 4}));
    }
    OneNode a;
    CHECK(user_error([&] {
              infer(a, "Where", {TypedInput{DType::i32, Shape{2}}, TypedInput{DType::f32, Shape{2}},
                                 TypedInput{DType::f32, Shape{2}}});
          }) == "node 'n' (Where): input 0 has dtype i32, which Where does not support (it takes bool)");
    OneNode b;
    CHECK(user_error([&] {
              infer(b, "Where", {TypedInput{DType::boolean, Shape{2}}, TypedInput{DType::f32, Shape{2}},
                                 TypedInput{DType::f64, Shape{2}}});
          }) == "node 'n' (Where): inputs 1 and 2 must have the same dtype, got f32 and f64");
    OneNode c;
    CHECK(user_error([&] {
              infer(c, "Where", {TypedInput{DType::boolean, Shape{2}}, TypedInput{DType::f32, Shape{3}},
                                 TypedInput{DType::f32, Shape{1}}});
          }) == "node 'n' (Where): cannot broadcast shapes [2] and [3]");
    Tensor s = run("Where", {tensor<bool>({2, 1}, {true, false}), Tensor(xt::xarray<std::string>{"x", "y"}),
                             Tensor(xt::xarray<std::string>{"z"})});
    CHECK(s == tensor<std::string>({2, 2}, {"x", "y", "z", "z"}));
}
