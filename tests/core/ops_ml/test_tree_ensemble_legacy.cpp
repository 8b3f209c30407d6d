// TreeEnsembleRegressor and TreeEnsembleClassifier: small hand-computed ensembles covering
// every node mode, missing values, the aggregate functions, base values, post transforms,
// the binary forms, string labels, the "_as_tensor" attributes and error messages.
#include <cmath>
#include <limits>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kReg = "ai.onnx.ml:TreeEnsembleRegressor";
const std::string kCls = "ai.onnx.ml:TreeEnsembleClassifier";
const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Tree 0: node 0 (x0 <= 0.5, NaN goes true) -> leaf 1 | node 2 (x1 > 2) -> leaf 3 | leaf 4.
// Tree 1: node 0 (x1 == 1) -> leaf 1 | leaf 2.
Attributes two_trees() {
    return {{"nodes_treeids", std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1}},
            {"nodes_nodeids", std::vector<int64_t>{0, 1, 2, 3, 4, 0, 1, 2}},
            {"nodes_featureids", std::vector<int64_t>{0, 0, 1, 0, 0, 1, 0, 0}},
            {"nodes_modes", std::vector<std::string>{"BRANCH_LEQ", "LEAF", "BRANCH_GT", "LEAF",
                                                     "LEAF", "BRANCH_EQ", "LEAF", "LEAF"}},
            {"nodes_values", std::vector<double>{0.5, 0, 2, 0, 0, 1, 0, 0}},
            {"nodes_truenodeids", std::vector<int64_t>{1, 0, 3, 0, 0, 1, 0, 0}},
            {"nodes_falsenodeids", std::vector<int64_t>{2, 0, 4, 0, 0, 2, 0, 0}},
            {"nodes_missing_value_tracks_true", std::vector<int64_t>{1, 0, 0, 0, 0, 0, 0, 0}}};
}

// Rows: [0, 1] reaches leaves (0:1, 1:1); [1, 3] (0:3, 1:2); [NaN, 0] (0:1, 1:2).
Tensor rows() { return floats({3, 2}, {0, 1, 1, 3, kNaN, 0}); }

Attributes regressor(const std::string& agg) {
    Attributes a = two_trees();
    a["target_treeids"] = std::vector<int64_t>{0, 0, 0, 0, 1, 1};
    a["target_nodeids"] = std::vector<int64_t>{1, 3, 3, 4, 1, 2};
    a["target_ids"] = std::vector<int64_t>{0, 0, 1, 1, 0, 1};
    a["target_weights"] = std::vector<double>{1, 2, -1, 4, 10, 0.5};
    a["n_targets"] = int64_t{2};
    a["aggregate_function"] = agg;
    return a;
}
}  // namespace

TEST_CASE("TreeEnsembleRegressor: aggregate functions, missing values, base values") {
    check_close(run1(kReg, {rows()}, regressor("SUM")), floats({3, 2}, {11, 0, 2, -0.5f, 1, 0.5f}), 0, 1e-6);
    check_close(run1(kReg, {rows()}, regressor("AVERAGE")),
                floats({3, 2}, {5.5f, 0, 1, -0.25f, 0.5f, 0.25f}), 0, 1e-6);
    // A target no reached leaf weighs stays 0 under MIN and MAX.
    check_close(run1(kReg, {rows()}, regressor("MIN")), floats({3, 2}, {1, 0, 2, -1, 1, 0.5f}), 0, 1e-6);
    check_close(run1(kReg, {rows()}, regressor("MAX")), floats({3, 2}, {10, 0, 2, 0.5f, 1, 0.5f}), 0, 1e-6);
    Attributes base = regressor("SUM");
    base["base_values"] = std::vector<double>{100, 200};
    check_close(run1(kReg, {rows()}, base), floats({3, 2}, {111, 200, 102, 199.5f, 101, 200.5f}), 0, 1e-4);
    Attributes logistic = regressor("SUM");
    logistic["post_transform"] = "LOGISTIC";
    const double l = 1 / (1 + std::exp(-11.0));
    check_close(run1(kReg, {Tensor::from_vector<double>({1, 2}, {0, 1})}, logistic),
                floats({1, 2}, {static_cast<float>(l), 0.5f}), 1e-6, 1e-7);
    // The same model from the _as_tensor attributes (opset 3) and integer input.
    Attributes as_tensor = regressor("SUM");
    as_tensor.erase("nodes_values");
    as_tensor.erase("target_weights");
    as_tensor["nodes_values_as_tensor"] = TensorPtr(std::make_shared<const Tensor>(
        Tensor::from_vector<double>({8}, {0.5, 0, 2, 0, 0, 1, 0, 0})));
    as_tensor["target_weights_as_tensor"] = TensorPtr(std::make_shared<const Tensor>(
        Tensor::from_vector<double>({6}, {1, 2, -1, 4, 10, 0.5})));
    check_close(run1(kReg, {Tensor::from_vector<int32_t>({2, 2}, {0, 1, 1, 3})}, as_tensor),
                floats({2, 2}, {11, 0, 2, -0.5f}), 0, 1e-6);
}

TEST_CASE("TreeEnsembleRegressor: every branch mode") {
    // One node comparing x0 with 1: true -> weight 1, false -> weight 2; x = 0, 1, 2.
    const std::vector<std::pair<std::string, std::vector<float>>> modes{
        {"BRANCH_LEQ", {1, 1, 2}}, {"BRANCH_LT", {1, 2, 2}}, {"BRANCH_GTE", {2, 1, 1}},
        {"BRANCH_GT", {2, 2, 1}},  {"BRANCH_EQ", {2, 1, 2}}, {"BRANCH_NEQ", {1, 2, 1}}};
    for (const auto& [mode, want] : modes) {
        INFO(mode);
        Attributes a{{"nodes_treeids", std::vector<int64_t>{0, 0, 0}},
                     {"nodes_nodeids", std::vector<int64_t>{0, 1, 2}},
                     {"nodes_featureids", std::vector<int64_t>{0, 0, 0}},
                     {"nodes_modes", std::vector<std::string>{mode, "LEAF", "LEAF"}},
                     {"nodes_values", std::vector<double>{1, 0, 0}},
                     {"nodes_truenodeids", std::vector<int64_t>{1, 0, 0}},
                     {"nodes_falsenodeids", std::vector<int64_t>{2, 0, 0}},
                     {"target_treeids", std::vector<int64_t>{0, 0}},
                     {"target_nodeids", std::vector<int64_t>{1, 2}},
                     {"target_ids", std::vector<int64_t>{0, 0}},
                     {"target_weights", std::vector<double>{1, 2}}};
        check_close(run1(kReg, {floats({3, 1}, {0, 1, 2})}, a), floats({3, 1}, want), 0, 0);
        // Without missing_value_tracks_true a NaN takes the false branch.
        check_close(run1(kReg, {floats({1}, {kNaN})}, a), floats({1, 1}, {2}), 0, 0);
    }
}

TEST_CASE("TreeEnsembleClassifier: multi-class with string labels") {
    Attributes a = two_trees();
    a["class_treeids"] = std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1};
    a["class_nodeids"] = std::vector<int64_t>{1, 1, 3, 4, 4, 1, 2};
    a["class_ids"] = std::vector<int64_t>{0, 1, 2, 1, 2, 0, 1};
    a["class_weights"] = std::vector<double>{0.8, 0.2, 1, 0.6, 0.4, 0.5, 0.5};
    a["classlabels_strings"] = std::vector<std::string>{"a", "b", "c"};
    Tensor x = floats({3, 2}, {0, 1, 1, 3, 1, 0});
    auto out = run(kCls, {x}, a, 2);
    check_same(out[0], Tensor::from_vector<std::string>({3}, {"a", "c", "b"}));
    check_close(out[1], floats({3, 3}, {1.3f, 0.2f, 0, 0, 0.5f, 1, 0, 1.1f, 0.4f}), 0, 1e-6);
    a["post_transform"] = "SOFTMAX";
    a["base_values"] = std::vector<double>{0, 0, 1};
    out = run(kCls, {x}, a, 2);
    // Raw scores plus base values: [1.3, 0.2, 1], [0, 0.5, 2], [0, 1.1, 1.4]; softmax by row.
    const std::vector<std::vector<double>> raw{{1.3, 0.2, 1}, {0, 0.5, 2}, {0, 1.1, 1.4}};
    std::vector<float> want;
    for (const auto& r : raw) {
        const double sum = std::exp(r[0]) + std::exp(r[1]) + std::exp(r[2]);
        for (double v : r) want.push_back(static_cast<float>(std::exp(v) / sum));
    }
    check_same(out[0], Tensor::from_vector<std::string>({3}, {"a", "c", "c"}));
    check_close(out[1], floats({3, 3}, want), 1e-6, 1e-7);
}

namespace {
// A binary model: one tree (tree 0 of two_trees()), every weight for class `id`.
Attributes binary(int64_t id, std::vector<double> weights, const std::string& post) {
    Attributes a = two_trees();
    for (auto& [name, v] : a)
        if (name.rfind("nodes_", 0) == 0) {
            if (v.type() == AttrType::ints) v = std::vector<int64_t>(v.ints().begin(), v.ints().begin() + 5);
            else if (v.type() == AttrType::floats) { auto f = v.floats(); v = std::vector<double>(f.begin(), f.begin() + 5); }
            else v = std::vector<std::string>(v.strings().begin(), v.strings().begin() + 5);
        }
    a["class_treeids"] = std::vector<int64_t>{0, 0, 0};
    a["class_nodeids"] = std::vector<int64_t>{1, 3, 4};
    a["class_ids"] = std::vector<int64_t>{id, id, id};
    a["class_weights"] = std::move(weights);
    a["classlabels_int64s"] = std::vector<int64_t>{3, 9};
    a["post_transform"] = post;
    return a;
}
float sigmoid(double v) { return static_cast<float>(1 / (1 + std::exp(-v))); }
}  // namespace

TEST_CASE("TreeEnsembleClassifier: binary forms") {
    // Rows reach leaves 1, 3 and 4 of tree 0.
    Tensor x = floats({3, 2}, {0, 1, 1, 3, 1, 0});
    SUBCASE("gradient boosting: one base value, LOGISTIC -> [1 - p, p]") {
        Attributes a = binary(0, {1, -2, 0.25}, "LOGISTIC");
        a["base_values"] = std::vector<double>{-0.5};
        auto out = run(kCls, {x}, a, 2);
        check_same(out[0], ints({9, 3, 3}));
        check_close(out[1], floats({3, 2}, {sigmoid(-0.5), sigmoid(0.5), sigmoid(2.5), sigmoid(-2.5),
                                            sigmoid(0.25), sigmoid(-0.25)}), 1e-6, 1e-7);
    }
    SUBCASE("probabilities (NONE, no negative weight) -> [1 - s, s], threshold 0.5") {
        auto out = run(kCls, {x}, binary(1, {0.9, 0.2, 0.6}, "NONE"), 2);
        check_same(out[0], ints({9, 3, 9}));
        check_close(out[1], floats({3, 2}, {0.1f, 0.9f, 0.8f, 0.2f, 0.4f, 0.6f}), 1e-6, 1e-7);
    }
    SUBCASE("margins (NONE, mixed weights) -> [-s, s], threshold 0") {
        auto out = run(kCls, {x}, binary(0, {1, -2, 0.25}, "NONE"), 2);
        check_same(out[0], ints({9, 3, 9}));
        check_close(out[1], floats({3, 2}, {-1, 1, 2, -2, -0.25f, 0.25f}), 1e-6, 1e-7);
    }
}

TEST_CASE("Tree ensembles: errors") {
    const In x = In::of(DType::f32, Shape({4, 2}));
    Attributes a = regressor("SUM");
    CHECK(infer_error(kReg, {x}, a).empty());
    CHECK(contains(infer_error(kReg, {In::of(DType::f32, Shape({4, 1}))}, a),
                   "the trees read feature 1, but input X has 1 features (columns)"));
    Attributes bad = a;
    bad["aggregate_function"] = "MEDIAN";
    CHECK(contains(infer_error(kReg, {x}, bad), "must be AVERAGE, SUM, MIN or MAX, got 'MEDIAN'"));
    bad = a;
    bad["nodes_falsenodeids"] = std::vector<int64_t>{2, 0, 7, 0, 0, 2, 0, 0};
    CHECK(contains(infer_error(kReg, {x}, bad),
                   "node 2 of tree 0 branches to node 7, which tree 0 does not have"));
    bad = a;
    bad["nodes_modes"] = std::vector<std::string>{"BRANCH_LEQ", "BRANCH_LEQ", "BRANCH_GT", "LEAF",
                                                  "LEAF", "BRANCH_EQ", "LEAF", "LEAF"};
    CHECK(contains(infer_error(kReg, {x}, bad), "node 1 of tree 0, which is a branch, not a LEAF"));
    bad = a;
    bad["nodes_modes"] = std::vector<std::string>{"BRANCH_LEQ", "LEAF", "BRANCH_GT", "LEAF",
                                                  "LEAF", "BRANCH_MEMBER", "LEAF", "LEAF"};
    CHECK(contains(infer_error(kReg, {x}, bad), "attribute 'nodes_modes' has 'BRANCH_MEMBER'"));
    bad = a;  // node 2 of tree 0 branches back to the root
    bad["nodes_truenodeids"] = std::vector<int64_t>{1, 0, 0, 0, 0, 1, 0, 0};
    CHECK(contains(infer_error(kReg, {x}, bad), "the trees have a cycle through node 0"));
    bad = a;
    bad["target_ids"] = std::vector<int64_t>{0, 0, 1, 2, 0, 1};
    CHECK(contains(infer_error(kReg, {x}, bad), "attribute 'target_ids' has 2, outside [0, 2)"));
    bad = a;
    bad["nodes_values"] = std::vector<double>{0.5};
    CHECK(contains(infer_error(kReg, {x}, bad),
                   "attribute 'nodes_values' has 1 values, expected 8 (one per node, as nodes_treeids)"));
    bad = a;
    bad["nodes_nodeids"] = std::vector<int64_t>{0, 1, 2, 3, 3, 0, 1, 2};
    CHECK(contains(infer_error(kReg, {x}, bad), "node 3 of tree 0 is defined twice"));
    bad = a;
    bad["base_values"] = std::vector<double>{1};
    CHECK(contains(infer_error(kReg, {x}, bad), "attribute 'base_values' has 1 values, expected 2"));
    bad = a;
    bad["nodes_values_as_tensor"] = TensorPtr(std::make_shared<const Tensor>(Tensor::from_vector<double>({1}, {0})));
    CHECK(contains(infer_error(kReg, {x}, bad), "sets both 'nodes_values' and 'nodes_values_as_tensor'"));

    Attributes c = binary(0, {1, -2, 0.25}, "NONE");
    c["classlabels_int64s"] = std::vector<int64_t>{4};
    CHECK(contains(infer_error(kCls, {x}, c, 2), "has 1 class label; a classifier needs at least two"));
}
