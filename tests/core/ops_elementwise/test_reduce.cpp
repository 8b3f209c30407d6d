// ReduceSum ReduceMean ReduceMax ReduceMin ReduceProd ReduceL1 ReduceL2 ReduceLogSumExp
// ReduceSumSquare.
#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

namespace {
const Dim N = Dim::symbol("N");
const Dim Q = Dim::unknown();
Tensor axes(std::vector<int64_t> a) { return tensor<int64_t>({static_cast<int64_t>(a.size())}, a); }
}  // namespace

TEST_CASE("reduce: NumPy fixtures") {
    CHECK(run_fixture_group("reduce") > 80);
}

TEST_CASE("reduce: inference with constant axes") {
    Tensor ax = axes({1, -1});
    OneNode a;
    Value* y = infer(a, "ReduceSum", {TypedInput{DType::f32, Shape({N, 3, 4, 5})}, TypedInput{DType::i64, Shape{2}, &ax}});
    CHECK(y->dtype() == DType::f32);
    CHECK(y->shape() == Shape({N, 1, 4, 1}));
    OneNode b;
    y = infer(b, "ReduceMax", {TypedInput{DType::i32, Shape({N, 3, 4, 5})}, TypedInput{DType::i64, Shape{2}, &ax}},
              {{"keepdims", 0}});
    CHECK(y->dtype() == DType::i32);
    CHECK(y->shape() == Shape({N, 4}));
    // No axes: every axis (default keepdims=1), or a scalar with keepdims=0, or the input unchanged.
    OneNode c;
    CHECK(infer(c, "ReduceMean", {TypedInput{DType::f32, Shape({N, 3})}})->shape() == Shape{1, 1});
    OneNode d;
    CHECK(infer(d, "ReduceMean", {TypedInput{DType::f32, Shape::unranked()}}, {{"keepdims", 0}})->shape() == Shape{});
    OneNode e;
    CHECK(infer(e, "ReduceL2", {TypedInput{DType::f32, Shape({N, 3})}}, {{"noop_with_empty_axes", 1}})->shape() ==
          Shape({N, 3}));
    Tensor empty = axes({});
    OneNode f;
    CHECK(infer(f, "ReduceL1", {TypedInput{DType::f32, Shape({N, 3})}, TypedInput{DType::i64, Shape{0}, &empty}},
                {{"keepdims", 0}})
              ->shape() == Shape{});
    // Constant axes on an input of unknown rank.
    OneNode g;
    CHECK(!infer(g, "ReduceSum", {TypedInput{DType::f32, Shape::unranked()}, TypedInput{DType::i64, Shape{2}, &ax}})
               ->shape()
               .ranked());
}

TEST_CASE("reduce: inference with axes known only at run time") {
    // keepdims=1: the rank is kept; dims that are 1 stay 1, the others become unknown.
    OneNode a;
    Value* y = infer(a, "ReduceSum", {TypedInput{DType::f32, Shape({N, 1, 4})}, TypedInput{DType::i64, Shape{1}}});
    CHECK(y->shape() == Shape({Q, 1, Q}));
    // keepdims=0 with a known number of axes: the rank drops by it.
    OneNode b;
    y = infer(b, "ReduceSum", {TypedInput{DType::f32, Shape({N, 1, 4})}, TypedInput{DType::i64, Shape{2}}},
              {{"keepdims", 0}});
    CHECK(y->shape() == Shape({Q}));
    // keepdims=0 with an unknown number of axes: unknown rank.
    OneNode c;
    y = infer(c, "ReduceSum", {TypedInput{DType::f32, Shape({N, 1, 4})}, TypedInput{DType::i64, Shape({Q})}},
              {{"keepdims", 0}});
    CHECK(!y->shape().ranked());
    OneNode d;
    y = infer(d, "ReduceProd", {TypedInput{DType::f32, Shape::unranked()}, TypedInput{DType::i64, Shape{1}}});
    CHECK(!y->shape().ranked());
}

TEST_CASE("reduce: errors") {
    Tensor dup = axes({1, -1});
    OneNode a;
    CHECK(user_error([&] {
              infer(a, "ReduceSum", {TypedInput{DType::f32, Shape{2, 3}}, TypedInput{DType::i64, Shape{2}, &dup}});
          }) == "node 'n' (ReduceSum): axis -1 appears more than once in axes");
    Tensor far = axes({2});
    OneNode b;
    CHECK(user_error([&] {
              infer(b, "ReduceMax", {TypedInput{DType::f32, Shape{2, 3}}, TypedInput{DType::i64, Shape{1}, &far}});
          }) == "node 'n' (ReduceMax): axis 2 is out of range for rank 2");
    OneNode c;
    CHECK(user_error([&] {
              infer(c, "ReduceMin", {TypedInput{DType::f32, Shape{2, 3}}, TypedInput{DType::i32, Shape{1}}});
          }) == "node 'n' (ReduceMin): input 1 has dtype i32, which ReduceMin does not support (it takes i64)");
    OneNode d;
    CHECK(user_error([&] { infer(d, "ReduceSum", {TypedInput{DType::boolean, Shape{2}}}); }) ==
          "node 'n' (ReduceSum): input 0 has dtype bool, which ReduceSum does not support (it takes f32, f16, "
          "bf16, f64, i32, i64)");
    CHECK(user_error([] { run("ReduceSum", {tensor<float>({2}, {1, 2}), axes({0, 0})}); }) ==
          "node 'n' (ReduceSum): axis 0 appears more than once in axes");
    OneNode e;
    CHECK(user_error([&] {
              infer(e, "ReduceSum", {TypedInput{DType::f32, Shape{2}}}, {{"keepdims", std::vector<int64_t>{1}}});
          }) == "node 'n' (ReduceSum): attribute 'keepdims' must be int, got ints");
}

TEST_CASE("reduce: run-time axes, f16/bf16, scalars") {
    // Axes as a graph input (not a constant): inference gives unknown dims, compute is exact.
    Tensor x = tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
    CHECK(run("ReduceSum", {x, axes({1})}) == tensor<float>({2, 1}, {6, 15}));
    CHECK(run("ReduceSum", {x, axes({})}, {{"keepdims", 0}}) == tensor<float>({}, {21}));
    for (DType t : {DType::f16, DType::bf16}) {
        Tensor m = run("ReduceMean", {x.cast(t), axes({0})}, {{"keepdims", 0}});
        CHECK(m.dtype() == t);
        NEO_CHECK_CLOSE(m.cast(DType::f32), tensor<float>({3}, {2.5f, 3.5f, 4.5f}), 0, 0);
    }
    CHECK(run("ReduceMax", {tensor<float>({}, {7})}) == tensor<float>({}, {7}));
    CHECK(user_error([] { run("ReduceMax", {tensor<float>({}, {7}), axes({0})}); }) ==
          "node 'n' (ReduceMax): cannot reduce a scalar over axis 0");
    CHECK(run("ReduceMin", {tensor<int32_t>({0}, {}), axes({0})}) ==
          tensor<int32_t>({1}, {std::numeric_limits<int32_t>::max()}));
}

TEST_CASE("reduce: a 1x64x56x56 reduction runs fast enough") {
    Tensor x = Tensor::zeros(DType::f32, {1, 64, 56, 56});
    Tensor y = run("ReduceMean", {x, axes({2, 3})});
    CHECK(y.shape() == std::vector<int64_t>{1, 64, 1, 1});
}
