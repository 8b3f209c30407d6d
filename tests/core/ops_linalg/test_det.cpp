// Det (core/src/ops/linalg/det.cpp): NumPy fixtures (batched, pivoting, singular),
// hand-computed values, inference and errors.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("Det: NumPy fixtures") { run_fixture_cases(data_dir("ops_linalg"), "Det"); }

TEST_CASE("Det: hand-computed") {
    Tensor x = Tensor::from_vector<double>({2, 2, 2}, {1, 2, 3, 4, 2, 0, 0, 3});
    check_close(run1("Det", {x}), Tensor::from_vector<double>({2}, {-2, 6}), 1e-15, 1e-15);
    // An empty batch and 0x0 matrices (determinant 1).
    CHECK(run1("Det", {Tensor::zeros(DType::f32, {0, 3, 3})}).shape() == std::vector<int64_t>{0});
    check_same(run1("Det", {Tensor::zeros(DType::f32, {2, 0, 0})}),
               Tensor::from_vector<float>({2}, {1, 1}));
    Tensor h = Tensor::from_vector<float>({2, 2}, {2, 1, 1, 2}).cast(DType::bf16);
    Tensor y = run1("Det", {h});
    CHECK(y.dtype() == DType::bf16);
    check_close(y, Tensor::from_vector<float>({}, {3}), 0, 0);
}

TEST_CASE("Det: inference and errors") {
    const Dim n = Dim::symbol("N");
    CHECK(inferred_shape("Det", {In::of(DType::f32, Shape({n, Dim(3), Dim(3)}))}) == Shape({n}));
    CHECK(inferred_shape("Det", {In::of(DType::f64, Shape{4, 4})}) == Shape(std::vector<Dim>{}));
    CHECK(inferred_shape("Det", {In::of(DType::f32, Shape::unranked())}) == Shape::unranked());
    CHECK(contains(infer_error("Det", {In::of(DType::f32, Shape{3, 4})}),
                   "node 'n' (Det): input X has shape [3,4]; its last two dims must be equal"));
    CHECK(contains(infer_error("Det", {In::of(DType::f32, Shape{3})}),
                   "input X must have rank >= 2"));
    CHECK(contains(infer_error("Det", {In::of(DType::i32, Shape{2, 2})}),
                   "input X has dtype i32; Det supports f32, f64, f16, bf16"));
}
