// Scaler, Normalizer, Binarizer and Imputer: NumPy fixtures (tests/data/ops_ml), integer
// inputs, NaN imputation and error messages.
#include <cmath>
#include <limits>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("Scaler matches NumPy") { run_fixture_cases(data_dir("ops_ml"), "ai.onnx.ml:Scaler"); }
TEST_CASE("Normalizer matches NumPy") { run_fixture_cases(data_dir("ops_ml"), "ai.onnx.ml:Normalizer"); }
TEST_CASE("Binarizer matches NumPy") { run_fixture_cases(data_dir("ops_ml"), "ai.onnx.ml:Binarizer"); }
TEST_CASE("Imputer matches NumPy") { run_fixture_cases(data_dir("ops_ml"), "ai.onnx.ml:Imputer"); }

TEST_CASE("Preprocessing: integer inputs, by hand") {
    Tensor xi = Tensor::from_vector<int64_t>({2, 3}, {1, 0, 3, 0, 5, 0});
    check_close(run1("ai.onnx.ml:Scaler", {xi}, {{"offset", std::vector<double>{1}},
                                                 {"scale", std::vector<double>{0.5, 1, 2}}}),
                floats({2, 3}, {0, -1, 4, -0.5f, 4, -2}), 0, 0);
    check_same(run1("ai.onnx.ml:Binarizer", {xi}, {{"threshold", 0.5}}),
               Tensor::from_vector<int64_t>({2, 3}, {1, 0, 1, 0, 1, 0}));
    check_same(run1("ai.onnx.ml:Imputer", {xi}, {{"imputed_value_int64s", std::vector<int64_t>{7, 8, 9}}}),
               Tensor::from_vector<int64_t>({2, 3}, {1, 8, 3, 7, 5, 9}));
    check_close(run1("ai.onnx.ml:Normalizer", {xi}, {{"norm", "L1"}}),
                floats({2, 3}, {0.25f, 0, 0.75f, 0, 1, 0}), 0, 1e-7);
}

TEST_CASE("Imputer: NaN as the replaced value") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor x = floats({2, 2}, {nan, 1, 2, nan});
    check_same(run1("ai.onnx.ml:Imputer", {x}, {{"imputed_value_floats", std::vector<double>{-1}},
                                                {"replaced_value_float", static_cast<double>(nan)}}),
               floats({2, 2}, {-1, 1, 2, -1}));
}

TEST_CASE("Preprocessing: errors") {
    const In x = In::of(DType::f32, Shape({2, 3}));
    CHECK(contains(infer_error("ai.onnx.ml:Scaler", {x}, {{"scale", std::vector<double>{1, 2}}}),
                   "attribute 'scale' has 2 values, but input X has 3 features"));
    CHECK(contains(infer_error("ai.onnx.ml:Normalizer", {x}, {{"norm", "L3"}}),
                   "attribute 'norm' must be MAX, L1 or L2, got 'L3'"));
    CHECK(contains(infer_error("ai.onnx.ml:Binarizer", {In::of(DType::boolean, Shape({2}))}, {}),
                   "input X must be f32, f64, i64 or i32, got bool"));
    CHECK(contains(infer_error("ai.onnx.ml:Imputer", {x}, {}),
                   "sets neither 'imputed_value_floats' nor 'imputed_value_int64s'"));
    CHECK(contains(infer_error("ai.onnx.ml:Imputer", {x}, {{"imputed_value_int64s", std::vector<int64_t>{1}}}),
                   "float inputs take 'imputed_value_floats'"));
    CHECK(contains(infer_error("ai.onnx.ml:Imputer", {x}, {{"imputed_value_floats", std::vector<double>{1, 2}}}),
                   "attribute 'imputed_value_floats' has 2 values, but input X has 3 features"));
}
