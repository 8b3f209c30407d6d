// LpNormalization: division by the L1 or L2 norm along one axis.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("LpNormalization: NumPy fixtures (L1, L2, axes, all float dtypes)") {
    run_fixture_cases(data_dir("ops_norm"), "LpNormalization");
}

TEST_CASE("LpNormalization: hand-computed") {
    const Tensor x = floats({2, 2}, {3, 4, -1, 1});
    check_close(run1("LpNormalization", {x}), floats({2, 2}, {0.6f, 0.8f, -0.70710678f, 0.70710678f}),
                1e-6, 0);
    check_close(run1("LpNormalization", {x}, {{"axis", int64_t{0}}, {"p", int64_t{1}}}),
                floats({2, 2}, {0.75f, 0.8f, -0.25f, 0.2f}), 1e-6, 0);
    // A zero vector stays zero (as ONNX's backend test data expects; regression test for
    // node/test_l2normalization_axis_0).
    const Tensor z = run1("LpNormalization", {floats({1, 2}, {0, 0})});
    CHECK(z.at_double(0) == 0.0);
    CHECK(z.at_double(1) == 0.0);
}

TEST_CASE("LpNormalization: inference") {
    const Shape s({Dim::symbol("B"), Dim(7)});
    CHECK(inferred_shape("LpNormalization", {In::of(DType::bf16, s)}) == s);
}

TEST_CASE("LpNormalization: error messages") {
    CHECK(contains(infer_error("LpNormalization", {In::of(DType::f32, {2, 3})}, {{"p", int64_t{3}}}),
                   "attribute 'p' must be 1 or 2, got 3"));
    CHECK(contains(infer_error("LpNormalization", {In::of(DType::f32, {2, 3})}, {{"axis", int64_t{2}}}),
                   "axis 2 is out of range for rank 2"));
    CHECK(contains(infer_error("LpNormalization", {In::of(DType::f32, Shape())}),
                   "input must have rank >= 1, got a scalar"));
    CHECK(contains(infer_error("LpNormalization", {In::of(DType::i64, {2})}),
                   "input has dtype i64; LpNormalization supports f32, f64, f16, bf16"));
}
