// GroupNormalization (opset 21): per-group statistics, per-channel scale and bias.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("GroupNormalization: NumPy fixtures (groups, epsilon, rank 2, all float dtypes)") {
    run_fixture_cases(data_dir("ops_norm"), "GroupNormalization");
}

TEST_CASE("GroupNormalization: hand-computed") {
    // N=1, C=4, 1 position, 2 groups: {1, 3} (mean 2, var 1) and {0, 4} (mean 2, var 4).
    const Tensor x = floats({1, 4, 1}, {1, 3, 0, 4});
    const Tensor s = floats({4}, {1, 2, 3, 4}), b = floats({4}, {0, 0, 1, 1});
    check_close(run1("GroupNormalization", {x, s, b}, {{"num_groups", int64_t{2}}, {"epsilon", 0.0}}),
                floats({1, 4, 1}, {-1, 2, -2, 5}), 1e-6, 0);
}

TEST_CASE("GroupNormalization: inference") {
    const Shape s({Dim::symbol("N"), Dim(8), Dim::symbol("H"), Dim(2)});
    CHECK(inferred_shape("GroupNormalization",
                         {In::of(DType::f32, s), In::of(DType::f32, {8}), In::of(DType::f32, {8})},
                         {{"num_groups", int64_t{4}}}) == s);
    // Unknown channels: the divisibility is checked when computing.
    CHECK(inferred_shape("GroupNormalization",
                         {In::of(DType::f32, Shape::unranked()), In::of(DType::f32, {8}),
                          In::of(DType::f32, {8})},
                         {{"num_groups", int64_t{3}}}) == Shape::unranked());
}

TEST_CASE("GroupNormalization: error messages") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    const Attributes two{{"num_groups", int64_t{2}}};
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6, 2}), f32({6}), f32({6})},
                               {{"num_groups", int64_t{4}}}),
                   "X has 6 channels (shape [1,6,2]), not divisible by num_groups 4"));
    // The opset 18-20 form (scale/bias per group) must have been translated.
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6, 2}), f32({2}), f32({2})}, two),
                   "input scale has shape [2] but X has 6 channels (shape [1,6,2]); it takes one "
                   "value per channel"));
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6, 2}), f32({6}), f32({1, 6})}, two),
                   "input bias must be 1-D (C), got shape [1,6]"));
    CHECK(contains(infer_error("GroupNormalization", {f32({6}), f32({6}), f32({6})}, two),
                   "input X must have rank >= 2"));
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6}), f32({6}), f32({6})},
                               {{"num_groups", int64_t{0}}}),
                   "attribute 'num_groups' must be positive, got 0"));
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6}), f32({6}), f32({6})},
                               {{"num_groups", int64_t{2}}, {"stash_type", int64_t{7}}}),
                   "attribute 'stash_type' must be a float element type"));
    CHECK(contains(infer_error("GroupNormalization",
                               {f32({1, 6}), In::of(DType::f16, {6}), f32({6})}, two),
                   "input scale has dtype f16 but input X has dtype f32; they must match"));
    CHECK(contains(infer_error("GroupNormalization", {f32({1, 6}), f32({6})}, two),
                   "has 2 inputs, GroupNormalization takes 3"));
    CHECK(contains(compute_error("GroupNormalization",
                                 {Tensor::zeros(DType::f32, {1, 5}), Tensor::zeros(DType::f32, {5}),
                                  Tensor::zeros(DType::f32, {5})},
                                 two),
                   "X has 5 channels (shape [1,5]), not divisible by num_groups 2"));
}
