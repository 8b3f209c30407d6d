// MeanVarianceNormalization: zero mean, unit variance over the given axes.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("MeanVarianceNormalization: NumPy fixtures (default axes, custom axes)") {
    run_fixture_cases(data_dir("ops_norm"), "MeanVarianceNormalization");
}

TEST_CASE("MeanVarianceNormalization: hand-computed") {
    // Rows {1, 3} and {2, 6}: means 2 and 4, standard deviations 1 and 2.
    const Tensor x = floats({2, 2}, {1, 3, 2, 6});
    check_close(run1("MeanVarianceNormalization", {x}, {{"axes", std::vector<int64_t>{1}}}),
                floats({2, 2}, {-1, 1, -1, 1}), 1e-6, 0);
    // A constant row has standard deviation 0: the 1e-9 epsilon keeps it finite (0).
    check_close(run1("MeanVarianceNormalization", {floats({1, 2}, {5, 5})},
                     {{"axes", std::vector<int64_t>{1}}}),
                floats({1, 2}, {0, 0}), 0, 0);
}

TEST_CASE("MeanVarianceNormalization: inference") {
    const Shape s({Dim::symbol("N"), Dim(3), Dim(4), Dim(4)});
    CHECK(inferred_shape("MeanVarianceNormalization", {In::of(DType::f64, s)}) == s);
}

TEST_CASE("MeanVarianceNormalization: error messages") {
    CHECK(contains(infer_error("MeanVarianceNormalization", {In::of(DType::f32, {2, 3, 4})}),
                   "axis 3 is out of range for rank 3"));
    CHECK(contains(infer_error("MeanVarianceNormalization", {In::of(DType::f32, {2, 3})},
                               {{"axes", std::vector<int64_t>{1, -1}}}),
                   "attribute 'axes' names axis -1 twice ([1,-1])"));
    CHECK(contains(infer_error("MeanVarianceNormalization", {In::of(DType::u8, {2, 3, 4, 5})}),
                   "input X has dtype u8"));
}
