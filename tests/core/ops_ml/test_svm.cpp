// SVMClassifier and SVMRegressor: NumPy fixtures (tests/data/ops_ml: every kernel, Platt
// probabilities, one-class, linear mode), string labels and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kCls = "ai.onnx.ml:SVMClassifier";
const std::string kReg = "ai.onnx.ml:SVMRegressor";
}  // namespace

TEST_CASE("SVMRegressor matches NumPy") { run_fixture_cases(data_dir("ops_ml"), kReg); }

TEST_CASE("SVMClassifier matches NumPy") { run_fixture_cases(data_dir("ops_ml"), kCls); }

TEST_CASE("SVMClassifier: two classes, string labels, by hand") {
    // Linear kernel, one support vector per class: sv0 = [1, 0], sv1 = [0, 1],
    // d = 1 * (x . sv0) + (-1) * (x . sv1) + 0.5; d > 0 votes for class 0.
    Attributes a{{"classlabels_strings", std::vector<std::string>{"cat", "dog"}},
                 {"coefficients", std::vector<double>{1, -1}},
                 {"support_vectors", std::vector<double>{1, 0, 0, 1}},
                 {"vectors_per_class", std::vector<int64_t>{1, 1}},
                 {"rho", std::vector<double>{0.5}}};
    auto out = run(kCls, {floats({3, 2}, {0, 2, 2, 0, 1, 1.5f})}, a, 2);
    // d: -1.5 -> dog, 2.5 -> cat, 0 -> dog (ties vote for the second class)
    check_same(out[0], Tensor::from_vector<std::string>({3}, {"dog", "cat", "dog"}));
    check_close(out[1], floats({3, 2}, {1.5f, -1.5f, -2.5f, 2.5f, 0, 0}), 1e-6, 1e-6);
}

TEST_CASE("SVM: inferred shapes") {
    Attributes a{{"classlabels_ints", std::vector<int64_t>{0, 1, 2, 3}},
                 {"coefficients", std::vector<double>(12, 1.0)},
                 {"support_vectors", std::vector<double>(8, 1.0)},
                 {"vectors_per_class", std::vector<int64_t>{1, 1, 1, 1}},
                 {"rho", std::vector<double>(6, 0.0)}};
    const In x = In::of(DType::f32, Shape({Dim::symbol("N"), Dim(2)}));
    CHECK(inferred_shape(kCls, {x}, a, 2, 1) == Shape({Dim::symbol("N"), Dim(6)}));
    a["prob_a"] = std::vector<double>(6, 1.0);
    a["prob_b"] = std::vector<double>(6, 0.0);
    CHECK(inferred_shape(kCls, {x}, a, 2, 1) == Shape({Dim::symbol("N"), Dim(4)}));
    Attributes r{{"coefficients", std::vector<double>{1, 2}}, {"rho", std::vector<double>{0}}};
    CHECK(inferred_shape(kReg, {x}, r) == Shape({Dim::symbol("N"), Dim(1)}));
}

TEST_CASE("SVM: errors") {
    Attributes a{{"classlabels_ints", std::vector<int64_t>{0, 1, 2}},
                 {"coefficients", std::vector<double>(8, 1.0)},
                 {"support_vectors", std::vector<double>(8, 1.0)},
                 {"vectors_per_class", std::vector<int64_t>{2, 1, 1}},
                 {"rho", std::vector<double>(3, 0.0)}};
    const In x2 = In::of(DType::f32, Shape({5, 2}));
    CHECK(infer_error(kCls, {x2}, a).empty());
    CHECK(contains(infer_error(kCls, {In::of(DType::f32, Shape({5, 3}))}, a),
                   "input X has 3 features (columns), the support vectors have 2"));
    Attributes bad = a;
    bad["rho"] = std::vector<double>{0.0};
    CHECK(contains(infer_error(kCls, {x2}, bad),
                   "attribute 'rho' has 1 values, expected 3 (one per pair of classes)"));
    bad = a;
    bad["vectors_per_class"] = std::vector<int64_t>{2, 2};
    CHECK(contains(infer_error(kCls, {x2}, bad), "attribute 'vectors_per_class' has 2 values, expected 3"));
    bad = a;
    bad["coefficients"] = std::vector<double>(6, 1.0);
    CHECK(contains(infer_error(kCls, {x2}, bad), "(classes - 1) x support vectors"));
    bad = a;
    bad["prob_a"] = std::vector<double>(3, 1.0);
    CHECK(contains(infer_error(kCls, {x2}, bad), "'prob_a' and 'prob_b' have 3 and 0 values"));
    bad = a;
    bad["kernel_type"] = "CUBIC";
    CHECK(contains(infer_error(kCls, {x2}, bad),
                   "attribute 'kernel_type' must be LINEAR, POLY, RBF or SIGMOID, got 'CUBIC'"));
    bad = a;
    bad["kernel_params"] = std::vector<double>{0.1};
    CHECK(contains(infer_error(kCls, {x2}, bad), "attribute 'kernel_params' has 1 values, expected 3"));

    Attributes r{{"coefficients", std::vector<double>{1, 2, 3}}, {"rho", std::vector<double>{0}},
                 {"n_supports", int64_t{2}}, {"support_vectors", std::vector<double>(4, 0.0)}};
    CHECK(contains(infer_error(kReg, {x2}, r),
                   "attribute 'coefficients' has 3 values, expected 2 (one per support vector)"));
    r["coefficients"] = std::vector<double>{1, 2};
    r["support_vectors"] = std::vector<double>(5, 0.0);
    CHECK(contains(infer_error(kReg, {x2}, r), "not a positive multiple of n_supports (2)"));
    r["support_vectors"] = std::vector<double>(4, 0.0);
    r["one_class"] = int64_t{2};
    CHECK(contains(infer_error(kReg, {x2}, r), "attribute 'one_class' must be 0 or 1, got 2"));
    Attributes no_rho{{"coefficients", std::vector<double>{1, 2}}, {"rho", std::vector<double>{}}};
    CHECK(contains(compute_error(kReg, {floats({1, 2}, {1, 2})}, no_rho), "attribute 'rho' is empty"));
}
