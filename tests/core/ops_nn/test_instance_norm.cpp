// InstanceNormalization.
#include <cmath>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("InstanceNormalization: NumPy fixtures") { run_fixture_cases("InstanceNormalization"); }

TEST_CASE("InstanceNormalization: hand-computed") {
    // Channel 0: {1, 3} (mean 2, var 1); channel 1: {4, 8} (mean 6, var 4).
    Tensor x = vec_f32({1, 2, 2}, {1, 3, 4, 8});
    Tensor s = vec_f32({2}, {2, 5}), b = vec_f32({2}, {1, -1});
    auto y = run("InstanceNormalization", {&x, &s, &b}, {{"epsilon", 0.0}});
    check_close(y[0], vec_f32({1, 2, 2}, {-1, 3, -6, 4}), 0, 0);
    // Default epsilon 1e-5.
    y = run("InstanceNormalization", {&x, &s, &b});
    const float d0 = static_cast<float>(2.0 / std::sqrt(1.0 + 1e-5));
    const float d1 = static_cast<float>(10.0 / std::sqrt(4.0 + 1e-5));
    check_close(y[0], vec_f32({1, 2, 2}, {1 - d0, 1 + d0, -1 - d1, -1 + d1}), 1e-6, 1e-7);
}

TEST_CASE("InstanceNormalization: inference") {
    Shape x({Dim::symbol("N"), Dim(3), Dim(), Dim(5)});
    CHECK(infer_shape("InstanceNormalization", {f32(x), f32({3}), f32({3})}) == x);
    CHECK(infer_shape("InstanceNormalization", {f32(Shape::unranked()), f32({3}), f32({3})}) ==
          Shape::unranked());
}

TEST_CASE("InstanceNormalization: error messages") {
    CHECK(contains(infer_error("InstanceNormalization", {f32({1, 3, 4}), f32({2}), f32({3})}),
                   "node 'n' (InstanceNormalization): input scale has shape [2] but X has 3 "
                   "channels (shape [1,3,4])"));
    CHECK(contains(infer_error("InstanceNormalization", {f32({1, 3, 4}), f32({3}), f32({1, 3})}),
                   "input B must be 1-D, got shape [1,3]"));
    CHECK(contains(infer_error("InstanceNormalization", {f32({3}), f32({3}), f32({3})}),
                   "input X must have rank >= 2 (N, C, spatial...), got shape [3]"));
    CHECK(contains(infer_error("InstanceNormalization",
                               {InputType({DType::i32, Shape{1, 3, 4}}), f32({3}), f32({3})}),
                   "input X has dtype i32; InstanceNormalization supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("InstanceNormalization", {f32({1, 3, 4}), f32({3})}),
                   "has 2 inputs, InstanceNormalization takes 3"));
}
