// Hardmax: NumPy fixtures (axis, ties), hand-computed values, inference and error messages.
#include <limits>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("Hardmax: NumPy fixtures") { run_fixture_cases(data_dir("ops_nn/extra"), "Hardmax"); }

TEST_CASE("Hardmax: hand-computed") {
    Tensor x = floats({2, 3}, {1, 3, 3, -1, -5, -2});
    // A tie: the first maximum gets the 1.
    check_same(run1("Hardmax", {x}), floats({2, 3}, {0, 1, 0, 1, 0, 0}));
    check_same(run1("Hardmax", {x}, {{"axis", int64_t{0}}}), floats({2, 3}, {1, 1, 1, 0, 0, 0}));
    const float nan = std::numeric_limits<float>::quiet_NaN();
    check_same(run1("Hardmax", {floats({3}, {1, nan, 2})}), floats({3}, {0, 1, 0}));
    Tensor d = Tensor::from_vector<double>({2}, {-1, -2});
    check_same(run1("Hardmax", {d}), Tensor::from_vector<double>({2}, {1, 0}));
}

TEST_CASE("Hardmax: inference and errors") {
    const Shape n4(std::vector<Dim>{Dim::symbol("N"), 4});
    CHECK(inferred_shape("Hardmax", {In::of(DType::f16, n4)}) == n4);
    CHECK(contains(infer_error("Hardmax", {In::of(DType::f32, Shape{2, 3})},
                               {{"axis", int64_t{2}}}),
                   "axis 2 is out of range"));
    CHECK(contains(infer_error("Hardmax", {In::of(DType::i32, Shape{2, 3})}),
                   "input has dtype i32; Hardmax supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("Hardmax", {In::of(DType::f32, Shape{})}),
                   "input must have rank >= 1, got a scalar"));
}
