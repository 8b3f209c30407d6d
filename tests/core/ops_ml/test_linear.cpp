// LinearClassifier and LinearRegressor: NumPy fixtures (tests/data/ops_ml), string labels,
// shapes and error messages.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kCls = "ai.onnx.ml:LinearClassifier";
const std::string kReg = "ai.onnx.ml:LinearRegressor";
}  // namespace

TEST_CASE("LinearRegressor matches NumPy") { run_fixture_cases(data_dir("ops_ml"), kReg); }

TEST_CASE("LinearClassifier matches NumPy") { run_fixture_cases(data_dir("ops_ml"), kCls); }

TEST_CASE("LinearClassifier: string labels, integer input") {
    // scores: row 0: [1*1 + 2*0, 1*0 + 2*1] + [0, 0.5] = [1, 2.5]; row 1: [3, 4.5]... by hand
    Attributes a{{"coefficients", std::vector<double>{1, 0, 0, 1}},
                 {"intercepts", std::vector<double>{0, 0.5}},
                 {"classlabels_strings", std::vector<std::string>{"no", "yes"}}};
    Tensor x = Tensor::from_vector<int64_t>({2, 2}, {1, 2, 5, 3});
    auto out = run(kCls, {x}, a, 2);
    check_same(out[0], Tensor::from_vector<std::string>({2}, {"yes", "no"}));
    check_close(out[1], floats({2, 2}, {1, 2.5f, 5, 3.5f}), 1e-6, 1e-6);
}

TEST_CASE("LinearClassifier: inferred shapes, one output") {
    Attributes a{{"coefficients", std::vector<double>{1, 2, 3, 4, 5, 6}},
                 {"classlabels_ints", std::vector<int64_t>{0, 1, 2}}};
    CHECK(inferred_shape(kCls, {In::of(DType::f32, Shape({Dim::symbol("N"), Dim(2)}))}, a, 2, 1) ==
          Shape({Dim::symbol("N"), Dim(3)}));
    CHECK(inferred_shape(kCls, {In::of(DType::f64, Shape({2}))}, a, 1) == Shape({1}));
    Tensor y = run1(kCls, {floats({1, 2}, {1, 1})}, a);
    check_same(y, ints({2}));  // scores 3, 7, 11
}

TEST_CASE("Linear models: errors") {
    Attributes a{{"coefficients", std::vector<double>{1, 2, 3, 4, 5, 6}},
                 {"classlabels_ints", std::vector<int64_t>{0, 1, 2}}};
    const In x4 = In::of(DType::f32, Shape({3, 4}));
    CHECK(contains(infer_error(kCls, {x4}, a), "not a multiple of the 4 features of input X"));
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({3, 3}))}, a),
                   "2 coefficient rows for 3 class labels"));
    CHECK(contains(infer_error(kCls, {In::of(DType::string, Shape({3, 2}))}, a),
                   "input X must be f32, f64, i64 or i32, got string"));
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({1, 3, 2}))}, a),
                   "must be a feature matrix [N, C] or a single row [C], got rank 3"));
    Attributes both = a;
    both["classlabels_strings"] = std::vector<std::string>{"a", "b", "c"};
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({3, 2}))}, both),
                   "sets both 'classlabels_ints' and 'classlabels_strings'"));
    Attributes none{{"coefficients", std::vector<double>{1, 2}}};
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({3, 2}))}, none),
                   "sets neither 'classlabels_ints' nor 'classlabels_strings'"));
    Attributes bad_post = a;
    bad_post["post_transform"] = "SIGMOID";
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({3, 2}))}, bad_post),
                   "attribute 'post_transform' must be NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or "
                   "PROBIT, got 'SIGMOID'"));
    Attributes icpt = a;
    icpt["intercepts"] = std::vector<double>{1, 2};
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({3, 2}))}, icpt),
                   "attribute 'intercepts' has 2 values, expected 3"));

    Attributes r{{"coefficients", std::vector<double>{1, 2, 3}}, {"targets", int64_t{2}}};
    CHECK(contains(infer_error(kReg, {In::of(DType::f32, Shape({3, 2}))}, r),
                   "has 3 values, not a multiple of attribute 'targets' (2)"));
    r["targets"] = int64_t{1};
    CHECK(contains(infer_error(kReg, {In::of(DType::f32, Shape({3, 2}))}, r),
                   "input X has 2 features (columns), the coefficients are for 3"));
    CHECK(contains(compute_error(kReg, {floats({1, 2}, {1, 2})}, r),
                   "input X has 2 features (columns), the coefficients are for 3"));
    CHECK(contains(infer_error(kReg, {In::of(DType::f32, Shape({3, 3}))}, {}),
                   "required attribute 'coefficients' is missing"));
}

TEST_CASE("LinearRegressor: PROBIT is the inverse normal CDF") {
    // PROBIT(0.975) = 1.959963985, PROBIT(0.5) = 0, PROBIT(0.1) = -1.281551566
    Attributes a{{"coefficients", std::vector<double>{1}}, {"post_transform", "PROBIT"}};
    Tensor y = run1(kReg, {Tensor::from_vector<double>({3, 1}, {0.975, 0.5, 0.1})}, a);
    check_close(y, floats({3, 1}, {1.959963985f, 0, -1.281551566f}), 1e-6, 1e-6);
}

TEST_CASE("LinearRegressor: SOFTMAX_ZERO leaves zero scores at zero") {
    // Scores x * [1, 0, 2]: for x = 1, [1, 0, 2] -> [e / (e + e^2), 0, e^2 / (e + e^2)];
    // for x = 0 every score is 0 and the row becomes 0.5 everywhere.
    Attributes a{{"coefficients", std::vector<double>{1, 0, 2}}, {"targets", int64_t{3}},
                 {"post_transform", "SOFTMAX_ZERO"}};
    const double e1 = std::exp(1.0), e2 = std::exp(2.0);
    Tensor y = run1(kReg, {floats({2, 1}, {1, 0})}, a);
    check_close(y, floats({2, 3}, {static_cast<float>(e1 / (e1 + e2)), 0, static_cast<float>(e2 / (e1 + e2)),
                                   0.5f, 0.5f, 0.5f}), 1e-6, 1e-7);
}
