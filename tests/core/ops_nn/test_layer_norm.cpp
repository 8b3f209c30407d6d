// LayerNormalization, with the optional Mean / InvStdDev outputs.
#include <cmath>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("LayerNormalization: NumPy fixtures (axis, Mean/InvStdDev, broadcast Scale)") {
    run_fixture_cases("LayerNormalization");
}

TEST_CASE("LayerNormalization: hand-computed") {
    // Rows {1, 3} (mean 2, var 1) and {5, 9} (mean 7, var 4).
    Tensor x = vec_f32({2, 2}, {1, 3, 5, 9});
    Tensor s = vec_f32({2}, {1, 2}), b = vec_f32({2}, {0, 1});
    auto y = run("LayerNormalization", {&x, &s, &b}, {{"epsilon", 0.0}}, 3);
    check_close(y[0], vec_f32({2, 2}, {-1, 3, -1, 3}), 0, 0);
    check_close(y[1], vec_f32({2, 1}, {2, 7}), 0, 0);
    CHECK(y[2].dtype() == DType::f32);
    check_close(y[2], vec_f32({2, 1}, {1, 0.5f}), 0, 0);
    // Default epsilon 1e-5, no bias.
    y = run("LayerNormalization", {&x, &s});
    const float d = static_cast<float>(1.0 / std::sqrt(1.0 + 1e-5));
    const float e = static_cast<float>(2.0 / std::sqrt(4.0 + 1e-5));
    check_close(y[0], vec_f32({2, 2}, {-d, 2 * d, -e, 2 * e}), 1e-6, 1e-7);
}

TEST_CASE("LayerNormalization: inference") {
    Shape x({Dim::symbol("B"), Dim::symbol("S"), Dim(16)});
    CHECK(infer_shape("LayerNormalization", {f32(x), f32({16}), f32({16})}) == x);
    CHECK(infer_shape("LayerNormalization", {f32(x), f32({16})}, {}, 3, 1) ==
          Shape({Dim::symbol("B"), Dim::symbol("S"), Dim(1)}));
    CHECK(infer_shape("LayerNormalization", {f32(x), f32({1, 16})}, {{"axis", int64_t{1}}}, 2, 1) ==
          Shape({Dim::symbol("B"), Dim(1), Dim(1)}));
    CHECK(infer_shape("LayerNormalization", {f32(Shape::unranked()), f32({16})}, {}, 2, 1) ==
          Shape::unranked());
    // Mean / InvStdDev take the stash_type dtype; Y keeps X's.
    OneNode n("LayerNormalization", {InputType({DType::f16, Shape{2, 4}}),
                                     InputType({DType::f16, Shape{4}})},
              {{"stash_type", int64_t{11}}}, 3);
    n.infer();
    CHECK(n.dtype(0) == DType::f16);
    CHECK(n.dtype(1) == DType::f64);
    CHECK(n.dtype(2) == DType::f64);
}

TEST_CASE("LayerNormalization: error messages") {
    CHECK(contains(infer_error("LayerNormalization", {f32({2, 3, 4}), f32({4})},
                               {{"axis", int64_t{3}}}, 2),
                   "node 'n' (LayerNormalization): axis 3 is out of range for rank 3"));
    CHECK(contains(infer_error("LayerNormalization", {f32({2, 3, 4}), f32({3})}),
                   "input Scale of shape [3] cannot be broadcast to shape [2,3,4]"));
    CHECK(contains(infer_error("LayerNormalization", {f32({2, 3, 4}), f32({4}), f32({1, 2, 3, 4})}),
                   "input B of shape [1,2,3,4] cannot be broadcast to shape [2,3,4]"));
    CHECK(contains(infer_error("LayerNormalization", {f32({2, 4}), f32({4})},
                               {{"stash_type", int64_t{6}}}),
                   "attribute 'stash_type' must be a float element type (1 float, 10 float16, "
                   "11 double, 16 bfloat16), got 6"));
    CHECK(contains(infer_error("LayerNormalization",
                               {f32({2, 4}), InputType({DType::f64, Shape{4}})}),
                   "input Scale has dtype f64 but input X has dtype f32; they must match"));
    Tensor x = Tensor::zeros(DType::f32, {2, 3}), s = Tensor::zeros(DType::f32, {2});
    CHECK(contains(compute_error("LayerNormalization", {&x, &s}),
                   "input Scale of shape [2] cannot be broadcast to shape [2,3]"));
}
