// The ONNX-ML lowerings compiled for this machine and run with 1 and 2 threads, against the
// reference interpreter: the scikit-learn-style fixture models of tests/data/ops_ml (linear
// models, SVMs, preprocessing) in one graph, random tree ensembles of every form (branch
// modes, NaN routing, aggregates, base values, post transforms, binary classifiers), and
// an IR-text graph of the elementwise ops.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/passes/pass_manager.hpp"
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::test;

namespace {

// Compiles g and compares every output with the reference interpreter's.
void check_native(const Graph& g, const std::vector<Tensor>& inputs, const std::string& name) {
    auto want = Interpreter(g).run(inputs);
    auto dir = scratch(name);
    build_native(g, host_target(), dir);
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        auto got = run_native(dir, inputs, threads);
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CAPTURE(g.outputs()[i]->name());
            CHECK(tolerance_ratio(got[i], want[i], 1e-5, 1e-6) <= 1.0);
        }
    }
    std::filesystem::remove_all(dir);
}

Node* add_ml_node(Graph& g, const std::string& op, std::vector<Value*> inputs, std::size_t n_out, Attributes attrs) {
    Node* n = g.add_node(op, std::move(inputs), n_out, std::move(attrs), op + std::to_string(g.nodes().size()));
    n->set_domain("ai.onnx.ml");
    for (std::size_t i = 0; i < n_out; ++i) g.add_output(n->output(i));
    return n;
}

// A random forest in the legacy node-list form (TreeEnsembleRegressor / Classifier): node
// ids per tree in creation order, thresholds on a 1/8 grid (so that == and != hit), a
// random missing_value_tracks_true, leaves with `per_leaf` weights for random outputs.
Attributes legacy_forest(std::mt19937& rng, int trees, int features, int64_t outputs, int per_leaf,
                         const std::vector<std::string>& modes, const std::string& prefix, double w_lo) {
    std::vector<int64_t> tree_ids, node_ids, feats, yes, no, missing, w_trees, w_nodes, w_ids;
    std::vector<std::string> node_modes;
    std::vector<double> values, weights;
    std::uniform_real_distribution<double> unit(0, 1);
    auto pick = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
    for (int64_t t = 0; t < trees; ++t) {
        int64_t next = 0;
        std::function<int64_t(int)> grow = [&](int depth) {
            const int64_t id = next++;
            const std::size_t i = tree_ids.size();
            tree_ids.push_back(t), node_ids.push_back(id), feats.push_back(pick(features)), yes.push_back(0), no.push_back(0);
            missing.push_back(pick(2)), values.push_back(static_cast<double>(pick(15) - 7) / 8);
            if (depth == 0 || (depth < 4 && unit(rng) < 0.25)) {
                node_modes.push_back("LEAF");
                for (int k = 0; k < per_leaf; ++k)
                    w_trees.push_back(t), w_nodes.push_back(id), w_ids.push_back(per_leaf == outputs ? k : pick(outputs)),
                        weights.push_back(static_cast<float>(w_lo + (1 - w_lo) * unit(rng)));
                return id;
            }
            node_modes.push_back(modes[static_cast<std::size_t>(pick(static_cast<int64_t>(modes.size())))]);
            const int64_t a = grow(depth - 1), b = grow(depth - 1);
            yes[i] = a, no[i] = b;
            return id;
        };
        grow(6);
    }
    return {{"nodes_treeids", tree_ids}, {"nodes_nodeids", node_ids}, {"nodes_featureids", feats},
            {"nodes_modes", node_modes}, {"nodes_values", values}, {"nodes_truenodeids", yes},
            {"nodes_falsenodeids", no}, {"nodes_missing_value_tracks_true", missing},
            {prefix + "_treeids", w_trees}, {prefix + "_nodeids", w_nodes}, {prefix + "_ids", w_ids},
            {prefix == "target" ? "target_weights" : "class_weights", weights}};
}

TensorPtr tensor_of(DType t, const std::vector<double>& v) {
    return std::make_shared<Tensor>(Tensor::from_vector<double>({static_cast<int64_t>(v.size())}, v).cast(t));
}

// TreeEnsemble (opset 5): branches [0, n) in breadth order, every mode including set
// membership, leaves [0, leaves).
Attributes opset5_forest(std::mt19937& rng, int trees, int features, int64_t targets, double w_lo, int64_t aggregate, int64_t post) {
    std::vector<int64_t> feats, yes, no, yes_leaf, no_leaf, missing, roots, targets_of;
    std::vector<double> splits, modes, members, weights;
    std::uniform_real_distribution<double> unit(0, 1);
    auto pick = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
    auto leaf = [&] {
        weights.push_back(w_lo + (1 - w_lo) * unit(rng)), targets_of.push_back(pick(targets));
        return static_cast<int64_t>(weights.size() - 1);
    };
    std::function<int64_t(int)> grow = [&](int depth) {
        const auto i = static_cast<int64_t>(feats.size());
        const int64_t mode = pick(7);
        feats.push_back(pick(features)), splits.push_back(static_cast<double>(pick(15) - 7) / 8), modes.push_back(static_cast<double>(mode));
        missing.push_back(pick(2)), yes.push_back(0), no.push_back(0), yes_leaf.push_back(0), no_leaf.push_back(0);
        if (mode == 6) {
            for (int m = 0; m < 3; ++m) members.push_back(static_cast<double>(pick(15) - 7) / 8);
            members.push_back(std::nan(""));
        }
        for (int side = 0; side < 2; ++side) {
            const bool is_leaf = depth == 0 || unit(rng) < 0.2;
            const int64_t child = is_leaf ? leaf() : grow(depth - 1);
            (side ? no : yes)[static_cast<std::size_t>(i)] = child;
            (side ? no_leaf : yes_leaf)[static_cast<std::size_t>(i)] = is_leaf;
        }
        return i;
    };
    for (int t = 0; t < trees; ++t) roots.push_back(grow(5));
    Attributes a{{"nodes_featureids", feats}, {"nodes_splits", tensor_of(DType::f64, splits)},
                 {"nodes_modes", tensor_of(DType::u8, modes)}, {"nodes_truenodeids", yes}, {"nodes_falsenodeids", no},
                 {"nodes_trueleafs", yes_leaf}, {"nodes_falseleafs", no_leaf}, {"nodes_missing_value_tracks_true", missing},
                 {"leaf_weights", tensor_of(DType::f64, weights)}, {"leaf_targetids", targets_of}, {"tree_roots", roots},
                 {"n_targets", targets}, {"aggregate_function", aggregate}, {"post_transform", post}};
    if (!members.empty()) a["membership_values"] = tensor_of(DType::f64, members);
    return a;
}

// Random features in [-1, 1] with grid values (1/8 steps) and NaNs mixed in.
Tensor features_with_nans(DType t, int64_t rows, int64_t cols, std::mt19937& rng) {
    std::uniform_real_distribution<double> unit(-1, 1);
    std::vector<double> v(static_cast<std::size_t>(rows * cols));
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = i % 11 == 3 ? std::nan("") : i % 4 == 1 ? static_cast<double>(static_cast<int64_t>(rng() % 15) - 7) / 8 : unit(rng);
    return Tensor::from_vector<double>({rows, cols}, v).cast(t);
}

}  // namespace

TEST_CASE("llvm_cpu: ONNX-ML fixture models match the reference interpreter") {
    const std::string dir = op_test::data_dir("ops_ml");
    std::ifstream f(dir + "cases.json");
    REQUIRE(f.good());
    Graph g;
    std::vector<Tensor> inputs;
    for (const auto& c : nlohmann::json::parse(f)) {
        std::vector<Value*> ins;
        for (const auto& in : c["inputs"]) {
            inputs.push_back(read_npy(dir + in.get<std::string>()));
            ins.push_back(g.add_input(c["name"].get<std::string>() + "_x", inputs.back().dtype(), inputs.back().ir_shape()));
        }
        Attributes attrs;
        for (const auto& [k, v] : c["attrs"].items()) attrs[k] = op_test::attr_from_json(v);
        add_ml_node(g, op_test::split_op(c["op"]).second, ins, c["outputs"].size(), attrs);
    }
    standard_pipeline().run(g);
    check_native(g, inputs, "ml_fixtures");
}

TEST_CASE("llvm_cpu: tree ensembles match the reference interpreter") {
    std::mt19937 rng(5);
    Graph g;
    const std::vector<Tensor> inputs{features_with_nans(DType::f32, 40, 6, rng), features_with_nans(DType::f64, 40, 6, rng)};
    Value* x = g.add_input("x", DType::f32, inputs[0].ir_shape());
    Value* x64 = g.add_input("x64", DType::f64, inputs[1].ir_shape());
    const std::vector<std::string> all{"BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"};
    struct Reg {
        std::vector<std::string> modes;
        const char* aggregate;
        const char* post;
        int64_t targets;
        int per_leaf;
        std::vector<double> base;
    };
    for (const Reg& r : {Reg{{"BRANCH_LEQ"}, "SUM", "NONE", 1, 1, {0.5}}, Reg{all, "AVERAGE", "LOGISTIC", 2, 2, {0.1, -0.2}},
                         Reg{all, "MIN", "SOFTMAX", 3, 1, {}}, Reg{{"BRANCH_LT", "BRANCH_NEQ"}, "MAX", "SOFTMAX_ZERO", 3, 1, {}}}) {
        Attributes a = legacy_forest(rng, 12, 6, r.targets, r.per_leaf, r.modes, "target", -1);
        a["n_targets"] = r.targets, a["aggregate_function"] = r.aggregate, a["post_transform"] = r.post;
        if (!r.base.empty()) a["base_values"] = r.base;
        add_ml_node(g, "TreeEnsembleRegressor", {x}, 1, a);
    }
    // Multi-class (a weight per class at every leaf) with base values, then binary models.
    Attributes multi = legacy_forest(rng, 8, 6, 3, 3, all, "class", -1);
    multi["classlabels_int64s"] = std::vector<int64_t>{7, 8, 9}, multi["base_values"] = std::vector<double>{0.1, 0.2, -0.1};
    multi["post_transform"] = "SOFTMAX";
    add_ml_node(g, "TreeEnsembleClassifier", {x64}, 2, multi);
    for (const char* post : {"NONE", "LOGISTIC"}) {
        Attributes bin = legacy_forest(rng, 8, 6, 1, 1, {"BRANCH_LEQ"}, "class", post == std::string("NONE") ? 0 : -1);
        bin["class_ids"] = std::vector<int64_t>(bin["class_ids"].ints().size(), 1);
        bin["classlabels_int64s"] = std::vector<int64_t>{0, 1}, bin["base_values"] = std::vector<double>{-0.3};
        bin["post_transform"] = post;
        add_ml_node(g, "TreeEnsembleClassifier", {x}, 2, bin);
    }
    add_ml_node(g, "TreeEnsemble", {x64}, 1, opset5_forest(rng, 10, 6, 3, -1, 1, 0));
    add_ml_node(g, "TreeEnsemble", {x}, 1, opset5_forest(rng, 10, 6, 1, 0.05, 0, 4));
    add_ml_node(g, "TreeEnsemble", {x}, 1, opset5_forest(rng, 6, 6, 2, -1, 3, 2));
    standard_pipeline().run(g);
    check_native(g, inputs, "ml_trees");
}

TEST_CASE("llvm_cpu: ONNX-ML elementwise ops and encoders match the reference interpreter") {
    auto g = make_graph(R"(graph g(%x: f32[4,5], %i: i64[3,5], %d: f64[7]) {
        %idx: i64[3] = const [4, 0, 2]
        %a = ai.onnx.ml.ArrayFeatureExtractor(%x, %idx)
        %b = ai.onnx.ml.Binarizer(%i) {threshold = 2.0}
        %c = ai.onnx.ml.Scaler(%d) {offset = [0.5], scale = [2.0]}
        %e = ai.onnx.ml.Imputer(%i) {imputed_value_int64s = [9, 8, 7, 6, 5], replaced_value_int64 = 3}
        %f = ai.onnx.ml.LabelEncoder(%i) {keys_int64s = [0, 1, 4], values_floats = [0.5, 1.5, 2.5], default_float = -1.0}
        %g = ai.onnx.ml.Normalizer(%x) {norm = "L2"}
        return %a, %b, %c, %e, %f, %g })");
    check_native(*g, random_inputs(*g), "ml_elementwise");
}
