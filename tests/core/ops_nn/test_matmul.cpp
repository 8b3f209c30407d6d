// MatMul: numpy.matmul semantics (1-D operands, batch broadcasting), float and integer.
#include <limits>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("MatMul: NumPy fixtures (1-D operands, batch broadcast, i32, i64)") {
    run_fixture_cases("MatMul");
}

TEST_CASE("MatMul: hand-computed") {
    Tensor a = vec_f32({2, 2}, {1, 2, 3, 4});
    Tensor v = vec_f32({2}, {1, -1});
    check_close(run("MatMul", {&a, &v})[0], vec_f32({2}, {-1, -1}), 0, 0);
    check_close(run("MatMul", {&v, &a})[0], vec_f32({2}, {-2, -2}), 0, 0);
    check_close(run("MatMul", {&v, &v})[0], vec_f32({}, {2}), 0, 0);
}

TEST_CASE("MatMul: integer arithmetic wraps like the fixed-width type") {
    const int32_t big = std::numeric_limits<int32_t>::max();
    Tensor a = Tensor::from_vector<int32_t>({1, 2}, {big, 1});
    Tensor b = Tensor::from_vector<int32_t>({2, 1}, {2, 1});
    auto y = run("MatMul", {&a, &b});
    CHECK(y[0].dtype() == DType::i32);
    CHECK(y[0].at_int(0) == static_cast<int32_t>(static_cast<uint32_t>(big) * 2u + 1u));
    Tensor c = Tensor::from_vector<int64_t>({2}, {int64_t{1} << 40, 3});
    Tensor d = Tensor::from_vector<int64_t>({2}, {int64_t{1} << 20, -1});
    CHECK(run("MatMul", {&c, &d})[0].array<int64_t>()(0) == (int64_t{1} << 60) - 3);
}

TEST_CASE("MatMul: inference") {
    CHECK(infer_shape("MatMul", {f32({3, 4}), f32({4, 5})}) == Shape({3, 5}));
    CHECK(infer_shape("MatMul", {f32({4}), f32({4, 5})}) == Shape({5}));
    CHECK(infer_shape("MatMul", {f32({3, 4}), f32({4})}) == Shape({3}));
    CHECK(infer_shape("MatMul", {f32({4}), f32({4})}) == Shape());
    CHECK(infer_shape("MatMul", {f32({2, 1, 3, 4}), f32({5, 4, 6})}) == Shape({2, 5, 3, 6}));
    CHECK(infer_shape("MatMul", {f32(Shape({Dim::symbol("B"), Dim::symbol("S"), Dim(8)})),
                                 f32({8, 16})}) ==
          Shape({Dim::symbol("B"), Dim::symbol("S"), Dim(16)}));
    CHECK(infer_shape("MatMul", {f32(Shape({Dim(), Dim(3), Dim(4)})), f32({1, 4, 2})}) ==
          Shape({Dim(), Dim(3), Dim(2)}));
    CHECK(infer_shape("MatMul", {f32(Shape::unranked()), f32({4, 2})}) == Shape::unranked());
    OneNode n("MatMul", {InputType({DType::i64, Shape{2, 3}}), InputType({DType::i64, Shape{3}})});
    n.infer();
    CHECK(n.dtype() == DType::i64);
}

TEST_CASE("MatMul: error messages") {
    CHECK(contains(infer_error("MatMul", {f32({3, 4}), f32({5, 6})}),
                   "node 'n' (MatMul): inner dimensions differ: A has shape [3,4] and B has "
                   "shape [5,6]"));
    CHECK(contains(infer_error("MatMul", {f32({2, 3, 4}), f32({3, 4, 5})}),
                   "cannot broadcast shapes [2] and [3]"));
    CHECK(contains(infer_error("MatMul", {f32({}), f32({3})}),
                   "inputs must have rank >= 1, got shapes [] and [3]"));
    CHECK(contains(infer_error("MatMul", {InputType({DType::i8, Shape{2, 2}}),
                                          InputType({DType::i8, Shape{2, 2}})}),
                   "input A has dtype i8; MatMul supports f32, f64, f16, bf16, i32, i64"));
    CHECK(contains(infer_error("MatMul", {f32({2, 2}), InputType({DType::i32, Shape{2, 2}})}),
                   "input B has dtype i32 but input A has dtype f32; they must match"));
    Tensor a = Tensor::zeros(DType::f32, {2, 3});
    Tensor b = Tensor::zeros(DType::f32, {2, 3});
    CHECK(contains(compute_error("MatMul", {&a, &b}),
                   "inner dimensions differ: A has shape [2,3] and B has shape [2,3]"));
}
