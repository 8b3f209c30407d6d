// BatchNormalization (inference mode).
#include <cmath>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
std::vector<InputType> params(Shape x, int64_t c) {
    return {f32(std::move(x)), f32({c}), f32({c}), f32({c}), f32({c})};
}
}  // namespace

TEST_CASE("BatchNormalization: NumPy fixtures") { run_fixture_cases("BatchNormalization"); }

TEST_CASE("BatchNormalization: hand-computed, default epsilon") {
    Tensor x = vec_f32({1, 2, 2}, {1, 3, 10, 20});
    Tensor scale = vec_f32({2}, {2, 1}), b = vec_f32({2}, {0, 1});
    Tensor mean = vec_f32({2}, {1, 10}), var = vec_f32({2}, {4, 1});
    auto y = run("BatchNormalization", {&x, &scale, &b, &mean, &var});
    const double s0 = 2.0 / std::sqrt(4.0 + 1e-5), s1 = 1.0 / std::sqrt(1.0 + 1e-5);
    check_close(y[0],
                vec_f32({1, 2, 2}, {0.f, static_cast<float>(2 * s0), 1.f,
                                    static_cast<float>(10 * s1 + 1)}),
                1e-6, 1e-7);
}

TEST_CASE("BatchNormalization: parameters may have another float dtype than X") {
    Tensor x = vec_f32({1, 1, 2}, {1, 2}).cast(DType::f16);
    Tensor one = vec_f32({1}, {1}), zero = vec_f32({1}, {0});
    auto y = run("BatchNormalization", {&x, &one, &zero, &zero, &one}, {{"epsilon", 0.0}});
    CHECK(y[0].dtype() == DType::f16);
    check_close(y[0], vec_f32({1, 1, 2}, {1, 2}), 0, 0);
}

TEST_CASE("BatchNormalization: inference") {
    Shape x({Dim::symbol("N"), Dim(3), Dim(), Dim(7)});
    CHECK(infer_shape("BatchNormalization", params(x, 3)) == x);
    CHECK(infer_shape("BatchNormalization", params(Shape::unranked(), 3)) == Shape::unranked());
    CHECK(infer_shape("BatchNormalization", params(Shape{4, 3}, 3)) == Shape({4, 3}));
}

TEST_CASE("BatchNormalization: error messages") {
    CHECK(contains(infer_error("BatchNormalization", params(Shape{2, 3, 4}, 3),
                               {{"training_mode", int64_t{1}}}),
                   "node 'n' (BatchNormalization): training_mode=1 is not supported (neo runs "
                   "inference only)"));
    CHECK(contains(infer_error("BatchNormalization", params(Shape{2, 3, 4}, 3), {}, 3),
                   "has 3 outputs, but running_mean / running_var are only produced with "
                   "training_mode=1"));
    CHECK(contains(infer_error("BatchNormalization", params(Shape{2, 3, 4}, 4)),
                   "input scale has shape [4] but X has 3 channels (shape [2,3,4])"));
    auto ps = params(Shape{2, 3, 4}, 3);
    ps[4] = f32({3, 1});
    CHECK(contains(infer_error("BatchNormalization", ps), "input input_var must be 1-D, got shape [3,1]"));
    CHECK(contains(infer_error("BatchNormalization", params(Shape{3}, 3)),
                   "input X must have rank >= 2 (N, C, ...), got shape [3]"));
    ps = params(Shape{2, 3}, 3);
    ps[2] = InputType({DType::i64, Shape{3}});
    CHECK(contains(infer_error("BatchNormalization", ps),
                   "input B has dtype i64; BatchNormalization supports f32, f64, f16, bf16"));
    ps.pop_back();
    CHECK(contains(infer_error("BatchNormalization", ps),
                   "has 4 inputs, BatchNormalization takes 5"));
    Tensor x = Tensor::zeros(DType::f32, {1, 2, 2}), p = Tensor::zeros(DType::f32, {3});
    CHECK(contains(compute_error("BatchNormalization", {&x, &p, &p, &p, &p}),
                   "input scale has shape [3] but X has 2 channels (shape [1,2,2])"));
}
