// LRN: local response normalization across channels.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("LRN: NumPy fixtures (default, even size, rank 2, all float dtypes)") {
    run_fixture_cases(data_dir("ops_norm"), "LRN");
}

TEST_CASE("LRN: hand-computed") {
    // One position, channels {1, 2, 3}, size 2: windows [c - 0, c + 1].
    const Tensor x = floats({1, 3}, {1, 2, 3});
    const Tensor y = run1("LRN", {x}, {{"size", int64_t{2}}, {"alpha", 2.0}, {"beta", 1.0},
                                       {"bias", 1.0}});
    // square sums 5, 13, 9; denominators 1 + 2/2 * sum.
    check_close(y, floats({1, 3}, {1.f / 6, 2.f / 14, 3.f / 10}), 1e-6, 0);
}

TEST_CASE("LRN: inference") {
    const Shape s({Dim::symbol("N"), Dim(8), Dim(4), Dim(4)});
    CHECK(inferred_shape("LRN", {In::of(DType::f16, s)}, {{"size", int64_t{5}}}) == s);
    CHECK(inferred_shape("LRN", {In::of(DType::f32, Shape::unranked())}, {{"size", int64_t{5}}}) ==
          Shape::unranked());
}

TEST_CASE("LRN: error messages") {
    CHECK(contains(infer_error("LRN", {In::of(DType::f32, {2, 3})}),
                   "required attribute 'size' is missing"));
    CHECK(contains(infer_error("LRN", {In::of(DType::f32, {2, 3})}, {{"size", int64_t{0}}}),
                   "attribute 'size' must be a positive number of channels, got 0"));
    CHECK(contains(infer_error("LRN", {In::of(DType::f32, {3})}, {{"size", int64_t{3}}}),
                   "input X must have rank >= 2 (N, C, spatial...), got shape [3]"));
    CHECK(contains(infer_error("LRN", {In::of(DType::i32, {2, 3})}, {{"size", int64_t{3}}}),
                   "input X has dtype i32; LRN supports f32, f64, f16, bf16"));
}
