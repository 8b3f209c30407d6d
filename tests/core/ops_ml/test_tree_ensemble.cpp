// TreeEnsemble (ai.onnx.ml opset 5): tensor attributes, leaves by index, set membership,
// NaN routing, aggregate functions and post transforms, by hand; error messages.
#include <cmath>
#include <limits>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kOp = "ai.onnx.ml:TreeEnsemble";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TensorPtr tensor(Tensor t) { return std::make_shared<const Tensor>(std::move(t)); }

// Tree 0: node 0 (x0 <= 0.5; NaN true) -> leaf 0 | node 1 (x1 in {2, 5}) -> leaf 1 | leaf 2.
// Tree 1: node 2 (x1 != 1) -> leaf 3 | leaf 4.
// Leaves: 0 -> (target 0, 1), 1 -> (1, -1), 2 -> (1, 4), 3 -> (0, 10), 4 -> (1, 0.5).
Attributes model(int64_t agg) {
    return {{"n_targets", int64_t{2}},
            {"aggregate_function", agg},
            {"nodes_featureids", std::vector<int64_t>{0, 1, 1}},
            {"nodes_modes", tensor(Tensor::from_vector<uint8_t>({3}, {0, 6, 5}))},
            {"nodes_splits", tensor(Tensor::from_vector<float>({3}, {0.5f, 0, 1}))},
            {"nodes_truenodeids", std::vector<int64_t>{0, 1, 3}},
            {"nodes_trueleafs", std::vector<int64_t>{1, 1, 1}},
            {"nodes_falsenodeids", std::vector<int64_t>{1, 2, 4}},
            {"nodes_falseleafs", std::vector<int64_t>{0, 1, 1}},
            {"nodes_missing_value_tracks_true", std::vector<int64_t>{1, 0, 0}},
            {"membership_values", tensor(Tensor::from_vector<float>({3}, {2, 5, NAN}))},
            {"leaf_targetids", std::vector<int64_t>{0, 1, 1, 0, 1}},
            {"leaf_weights", tensor(Tensor::from_vector<float>({5}, {1, -1, 4, 10, 0.5f}))},
            {"tree_roots", std::vector<int64_t>{0, 2}}};
}
}  // namespace

TEST_CASE("TreeEnsemble: set membership, NaN, aggregate functions") {
    // Rows and the leaves they reach: [0, 1] -> 0, 4; [1, 5] -> 1, 3; [1, 3] -> 2, 3;
    // [NaN, NaN] -> 0 (missing tracks true), 3 (NaN != 1 holds).
    Tensor x = floats({4, 2}, {0, 1, 1, 5, 1, 3, NAN, NAN});
    check_close(run1(kOp, {x}, model(1)), floats({4, 2}, {1, 0.5f, 10, -1, 10, 4, 11, 0}), 0, 1e-6);
    check_close(run1(kOp, {x}, model(0)), floats({4, 2}, {0.5f, 0.25f, 5, -0.5f, 5, 2, 5.5f, 0}), 0, 1e-6);
    check_close(run1(kOp, {x}, model(2)), floats({4, 2}, {1, 0.5f, 10, -1, 10, 4, 1, 0}), 0, 1e-6);
    check_close(run1(kOp, {x}, model(3)), floats({4, 2}, {1, 0.5f, 10, -1, 10, 4, 10, 0}), 0, 1e-6);
}

TEST_CASE("TreeEnsemble: dtypes and post transforms") {
    Attributes a = model(1);
    a["nodes_splits"] = tensor(Tensor::from_vector<double>({3}, {0.5, 0, 1}));
    a["membership_values"] = tensor(Tensor::from_vector<double>({3}, {2, 5, kNaN}));
    a["leaf_weights"] = tensor(Tensor::from_vector<double>({5}, {1, -1, 4, 10, 0.5}));
    a["post_transform"] = int64_t{2};  // LOGISTIC
    Tensor y = run1(kOp, {Tensor::from_vector<double>({2}, {0, 1})}, a);
    check_close(y, Tensor::from_vector<double>({1, 2}, {1 / (1 + std::exp(-1.0)), 1 / (1 + std::exp(-0.5))}),
                1e-12, 1e-12);
    a["post_transform"] = int64_t{1};  // SOFTMAX of [1, 0.5]
    y = run1(kOp, {Tensor::from_vector<double>({1, 2}, {0, 1})}, a);
    const double s = std::exp(1.0) + std::exp(0.5);
    check_close(y, Tensor::from_vector<double>({1, 2}, {std::exp(1.0) / s, std::exp(0.5) / s}), 1e-12, 1e-12);
    Tensor h = run1(kOp, {floats({1, 2}, {0, 1}).cast(DType::f16)}, model(1));
    CHECK(h.dtype() == DType::f16);
}

TEST_CASE("TreeEnsemble: shapes and errors") {
    const In x = In::of(DType::f32, Shape({Dim::symbol("N"), Dim(2)}));
    CHECK(inferred_shape(kOp, {x}, model(1)) == Shape({Dim::symbol("N"), Dim(2)}));
    CHECK(contains(infer_error(kOp, {In::of(DType::i64, Shape({3, 2}))}, model(1)),
                   "input X must be f32, f64 or f16, got i64"));
    Attributes bad = model(1);
    bad["nodes_modes"] = tensor(Tensor::from_vector<uint8_t>({3}, {0, 6, 9}));
    CHECK(contains(infer_error(kOp, {x}, bad), "attribute 'nodes_modes' has 9 at node 2"));
    bad = model(1);
    bad["membership_values"] = tensor(Tensor::from_vector<float>({2}, {2, 5}));
    CHECK(contains(infer_error(kOp, {x}, bad), "has no NaN-ended set for member node 1"));
    bad = model(1);
    bad["nodes_falsenodeids"] = std::vector<int64_t>{1, 2, 5};
    CHECK(contains(infer_error(kOp, {x}, bad), "node 2: false child 5 is not a leaf index (the model has 5)"));
    bad = model(1);
    bad["nodes_trueleafs"] = std::vector<int64_t>{1, 0, 1};  // node 1 -> node 1
    CHECK(contains(infer_error(kOp, {x}, bad), "the trees have a cycle through node 1"));
    bad = model(1);
    bad["leaf_targetids"] = std::vector<int64_t>{0, 1, 2, 0, 1};
    CHECK(contains(infer_error(kOp, {x}, bad), "'leaf_targetids' has 2, outside [0, n_targets = 2)"));
    bad = model(1);
    bad["tree_roots"] = std::vector<int64_t>{0, 3};
    CHECK(contains(infer_error(kOp, {x}, bad), "attribute 'tree_roots' has 3, not a node index"));
    bad = model(7);
    CHECK(contains(infer_error(kOp, {x}, bad), "attribute 'aggregate_function' must be 0 (AVERAGE)"));
    bad = model(1);
    bad["leaf_weights"] = tensor(Tensor::from_vector<int64_t>({5}, {1, 2, 3, 4, 5}));
    CHECK(contains(infer_error(kOp, {x}, bad), "attribute 'leaf_weights' must be a float tensor"));
    CHECK(contains(infer_error(kOp, {In::of(DType::f32, Shape({3, 1}))}, model(1)),
                   "the trees read feature 1, but input X has 1 features"));
}
