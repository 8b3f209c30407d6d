// Gemm: inference, attribute defaults, C broadcasting, errors, fixtures.
#include <limits>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("Gemm: NumPy fixtures (transA/transB, alpha/beta, C broadcast)") {
    run_fixture_cases("Gemm");
}

TEST_CASE("Gemm: hand-computed") {
    Tensor a = vec_f32({2, 2}, {1, 2, 3, 4});
    Tensor b = vec_f32({2, 2}, {5, 6, 7, 8});
    Tensor c = vec_f32({2}, {1, -1});
    // Defaults: alpha = beta = 1, no transposes.
    check_close(run("Gemm", {&a, &b, &c})[0], vec_f32({2, 2}, {20, 21, 44, 49}), 0, 0);
    check_close(run("Gemm", {&a, &b}, {{"transA", int64_t{1}}, {"alpha", 2.0}})[0],
                vec_f32({2, 2}, {52, 60, 76, 88}), 0, 0);
    // beta = 0: C is not read (a NaN in C does not leak).
    Tensor cn = vec_f32({1}, {std::numeric_limits<float>::quiet_NaN()});
    check_close(run("Gemm", {&a, &b, &cn}, {{"beta", 0.0}})[0], vec_f32({2, 2}, {19, 22, 43, 50}),
                0, 0);
}

TEST_CASE("Gemm: inference") {
    CHECK(infer_shape("Gemm", {f32({3, 4}), f32({4, 5})}) == Shape({3, 5}));
    CHECK(infer_shape("Gemm", {f32({4, 3}), f32({5, 4}), f32({5})},
                      {{"transA", int64_t{1}}, {"transB", int64_t{1}}}) == Shape({3, 5}));
    CHECK(infer_shape("Gemm", {f32(Shape({Dim::symbol("B"), Dim(4)})), f32({4, 5}), f32({1, 5})}) ==
          Shape({Dim::symbol("B"), Dim(5)}));
    CHECK(infer_shape("Gemm", {f32(Shape::unranked()), f32({4, 5})}) == Shape({Dim(), Dim(5)}));
    OneNode n("Gemm", {InputType({DType::bf16, Shape{2, 3}}), InputType({DType::bf16, Shape{3, 1}})});
    n.infer();
    CHECK(n.dtype() == DType::bf16);
}

TEST_CASE("Gemm: error messages") {
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({5, 6})}),
                   "node 'n' (Gemm): inner dimensions differ: A is [3,4] and B is [5,6]"));
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({5, 6})}, {{"transB", int64_t{1}}}),
                   "inner dimensions differ: A is [3,4] and B^T is [6,5]"));
    CHECK(contains(infer_error("Gemm", {f32({2, 3, 4}), f32({4, 5})}),
                   "input A must be 2-D, got shape [2,3,4]"));
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({4})}), "input B must be 2-D, got shape [4]"));
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({4, 5}), f32({2, 5})}),
                   "input C of shape [2,5] cannot be broadcast to the output shape [3,5]"));
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({4, 5}), f32({1, 1, 5})}),
                   "input C must have rank <= 2, got shape [1,1,5]"));
    CHECK(contains(infer_error("Gemm", {InputType({DType::i32, Shape{3, 4}}),
                                        InputType({DType::i32, Shape{4, 5}})}),
                   "input A has dtype i32; Gemm supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("Gemm", {f32({3, 4}), f32({4, 5})}, {{"alpha", "x"}}),
                   "attribute 'alpha' must be float, got string"));
}
