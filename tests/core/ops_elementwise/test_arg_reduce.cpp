// ArgMax ArgMin.
#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

TEST_CASE("arg reduce: NumPy fixtures") {
    CHECK(run_fixture_group("arg_reduce") > 15);
}

TEST_CASE("arg reduce: inference") {
    const Dim N = Dim::symbol("N");
    OneNode a;
    Value* y = infer(a, "ArgMax", {TypedInput{DType::f16, Shape({N, 3, 4})}});
    CHECK(y->dtype() == DType::i64);
    CHECK(y->shape() == Shape({1, 3, 4}));  // default axis 0, keepdims 1
    OneNode b;
    y = infer(b, "ArgMin", {TypedInput{DType::i32, Shape({N, 3, Dim::unknown()})}}, {{"axis", -2}, {"keepdims", 0}});
    CHECK(y->shape() == Shape({N, Dim::unknown()}));
    OneNode c;
    y = infer(c, "ArgMax", {TypedInput{DType::f32, Shape::unranked()}}, {{"axis", 3}});
    CHECK(y->dtype() == DType::i64);
    CHECK(!y->shape().ranked());
}

TEST_CASE("arg reduce: errors") {
    OneNode a;
    CHECK(user_error([&] { infer(a, "ArgMax", {TypedInput{DType::f32, Shape{2, 3}}}, {{"axis", 2}}); }) ==
          "node 'n' (ArgMax): axis 2 is out of range for rank 2");
    OneNode b;
    CHECK(user_error([&] { infer(b, "ArgMin", {TypedInput{DType::f32, Shape{}}}); }) ==
          "node 'n' (ArgMin): input 0 must have rank >= 1, got a scalar");
    OneNode c;
    CHECK(user_error([&] { infer(c, "ArgMax", {TypedInput{DType::f32, Shape{2, 0}}}, {{"axis", 1}}); }) ==
          "node 'n' (ArgMax): cannot reduce the empty axis 1 of shape [2,0]");
    OneNode d;
    CHECK(user_error([&] { infer(d, "ArgMax", {TypedInput{DType::boolean, Shape{2}}}); }).find(
              "input 0 has dtype bool, which ArgMax does not support") != std::string::npos);
}

TEST_CASE("arg reduce: f16, bf16 and ties") {
    Tensor x = tensor<float>({2, 3}, {1.0f, 5.0f, 5.0f, -2.0f, -2.0f, 0.5f});
    for (DType t : {DType::f16, DType::bf16}) {
        CHECK(run("ArgMax", {x.cast(t)}, {{"axis", 1}}) == tensor<int64_t>({2, 1}, {1, 2}));
        CHECK(run("ArgMax", {x.cast(t)}, {{"axis", 1}, {"select_last_index", 1}}) == tensor<int64_t>({2, 1}, {2, 2}));
        CHECK(run("ArgMin", {x.cast(t)}, {{"axis", 1}, {"keepdims", 0}}) == tensor<int64_t>({2}, {0, 0}));
        CHECK(run("ArgMin", {x.cast(t)}, {{"axis", 1}, {"keepdims", 0}, {"select_last_index", 1}}) ==
              tensor<int64_t>({2}, {0, 1}));
    }
}
