// TreeEnsemble (ai.onnx.ml opset 5): the tree ensemble with tensor attributes, regressing
// n_targets values from each row of X [N, C] (or [C]) of f32, f64 or f16.
//
// Branch node i compares feature nodes_featureids[i] with nodes_splits[i] by nodes_modes[i]
// (0 <=, 1 <, 2 >=, 3 >, 4 ==, 5 !=, 6 set membership). Membership sets come from
// membership_values: the sets of the member nodes in node order, each ended by a NaN. A
// NaN feature takes the true branch when nodes_missing_value_tracks_true[i] is 1, else the
// comparison decides (false but for !=). The true child is nodes_truenodeids[i], a leaf
// index when nodes_trueleafs[i] is 1, else a node index (the same for false). Leaf j adds
// leaf_weights[j] to target leaf_targetids[j]; tree_roots lists each tree's root node.
// Weights are aggregated per target (aggregate_function 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX; a
// target no reached leaf has a weight for is 0), then post_transform (0 NONE, 1 SOFTMAX,
// 2 LOGISTIC, 3 SOFTMAX_ZERO, 4 PROBIT) is applied to the row. Y: X's dtype [N, n_targets].
#include <cmath>

#include "ops/ml/ml_util.hpp"
#include "ops/ml/tree_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

struct Model {
    Ensemble trees;
    std::size_t targets = 0;
    Aggregate agg = Aggregate::sum;
    PostTransform post = PostTransform::none;
};

const Tensor& tensor_attr(const OpContext& ctx, const std::string& name) {
    const TensorPtr& t = ctx.attr(name).tensor();
    if (!t) ctx.fail("attribute '" + name + "' holds no tensor");
    return *t;
}

// A float tensor attribute; fail() unless its dtype is a float type.
std::vector<double> float_tensor_attr(const OpContext& ctx, const std::string& name) {
    const Tensor& t = tensor_attr(ctx, name);
    if (!is_float(t.dtype()))
        ctx.fail("attribute '" + name + "' must be a float tensor (like input X), got " +
                 std::string(dtype_name(t.dtype())));
    return nn::to_f64(t);
}

Model model_of(const OpContext& ctx) {
    Model m;
    const int64_t nt = ctx.attr_i("n_targets");
    if (nt < 1) ctx.fail("attribute 'n_targets' must be at least 1, got " + std::to_string(nt));
    m.targets = static_cast<std::size_t>(nt);
    switch (ctx.attr_i("aggregate_function")) {
        case 0: m.agg = Aggregate::average; break;
        case 1: m.agg = Aggregate::sum; break;
        case 2: m.agg = Aggregate::min; break;
        case 3: m.agg = Aggregate::max; break;
        default:
            ctx.fail("attribute 'aggregate_function' must be 0 (AVERAGE), 1 (SUM), 2 (MIN) or "
                     "3 (MAX), got " + std::to_string(ctx.attr_i("aggregate_function")));
    }
    const PostTransform posts[] = {PostTransform::none, PostTransform::softmax,
                                   PostTransform::logistic, PostTransform::softmax_zero,
                                   PostTransform::probit};
    const int64_t pt = ctx.attr_i("post_transform");
    if (pt < 0 || pt > 4)
        ctx.fail("attribute 'post_transform' must be 0 (NONE), 1 (SOFTMAX), 2 (LOGISTIC), "
                 "3 (SOFTMAX_ZERO) or 4 (PROBIT), got " + std::to_string(pt));
    m.post = posts[pt];

    const auto splits = float_tensor_attr(ctx, "nodes_splits");
    const Tensor& modes_t = tensor_attr(ctx, "nodes_modes");
    if (!is_integer(modes_t.dtype()))
        ctx.fail("attribute 'nodes_modes' must be an integer (uint8) tensor, got " +
                 std::string(dtype_name(modes_t.dtype())));
    const auto modes = modes_t.to_int_vector();
    const auto& features = ctx.attr_ints("nodes_featureids");
    const auto& yes = ctx.attr_ints("nodes_truenodeids");
    const auto& no = ctx.attr_ints("nodes_falsenodeids");
    const auto& yes_leaf = ctx.attr_ints("nodes_trueleafs");
    const auto& no_leaf = ctx.attr_ints("nodes_falseleafs");
    const auto& missing = ctx.attr_ints("nodes_missing_value_tracks_true");
    const std::size_t n = features.size();
    if (n == 0) ctx.fail("attribute 'nodes_featureids' is empty; the model has no nodes");
    const std::string per_node = "one per node, as nodes_featureids";
    require_count(ctx, "nodes_splits", splits.size(), n, per_node);
    require_count(ctx, "nodes_modes", modes.size(), n, per_node);
    require_count(ctx, "nodes_truenodeids", yes.size(), n, per_node);
    require_count(ctx, "nodes_falsenodeids", no.size(), n, per_node);
    require_count(ctx, "nodes_trueleafs", yes_leaf.size(), n, per_node);
    require_count(ctx, "nodes_falseleafs", no_leaf.size(), n, per_node);
    if (!missing.empty()) require_count(ctx, "nodes_missing_value_tracks_true", missing.size(), n, per_node);

    const auto weights = float_tensor_attr(ctx, "leaf_weights");
    const auto& leaf_targets = ctx.attr_ints("leaf_targetids");
    const std::size_t n_leaves = weights.size();
    require_count(ctx, "leaf_targetids", leaf_targets.size(), n_leaves, "one per leaf, as leaf_weights");

    std::vector<double> members;
    if (ctx.has_attr("membership_values")) members = float_tensor_attr(ctx, "membership_values");
    std::size_t next_member = 0;

    // Nodes [0, n) are the branches, [n, n + leaves) the leaves.
    Ensemble& e = m.trees;
    e.nan_by_flag_only = false;
    e.nodes.resize(n + n_leaves);
    auto child = [&](std::size_t i, int64_t id, int64_t is_leaf, const std::string& what) {
        const std::size_t limit = is_leaf ? n_leaves : n;
        if (id < 0 || static_cast<std::size_t>(id) >= limit)
            ctx.fail("node " + str(i) + ": " + what + " " + std::to_string(id) + " is not a " +
                     (is_leaf ? "leaf" : "node") + " index (the model has " + str(limit) + ")");
        return static_cast<std::size_t>(id) + (is_leaf ? n : 0);
    };
    for (std::size_t i = 0; i < n; ++i) {
        TreeNode& t = e.nodes[i];
        if (modes[i] < 0 || modes[i] > 6)
            ctx.fail("attribute 'nodes_modes' has " + std::to_string(modes[i]) + " at node " +
                     str(i) + "; modes are 0 (<=), 1 (<), 2 (>=), 3 (>), 4 (==), 5 (!=) and "
                     "6 (member)");
        t.mode = static_cast<NodeMode>(modes[i]);
        t.feature = features[i];
        t.value = splits[i];
        t.missing_true = !missing.empty() && missing[i] != 0;
        t.yes = child(i, yes[i], yes_leaf[i], "true child");
        t.no = child(i, no[i], no_leaf[i], "false child");
        if (t.mode != NodeMode::member) continue;
        while (next_member < members.size() && !std::isnan(members[next_member]))
            t.members.push_back(members[next_member++]);
        if (next_member >= members.size())
            ctx.fail("attribute 'membership_values' has no NaN-ended set for member node " +
                     str(i) + "; list each member node's set, in node order, each ended by NaN");
        ++next_member;
    }
    for (std::size_t j = 0; j < n_leaves; ++j) {
        if (leaf_targets[j] < 0 || static_cast<std::size_t>(leaf_targets[j]) >= m.targets)
            ctx.fail("attribute 'leaf_targetids' has " + std::to_string(leaf_targets[j]) +
                     ", outside [0, n_targets = " + str(m.targets) + ")");
        e.nodes[n + j].weights.emplace_back(static_cast<std::size_t>(leaf_targets[j]), weights[j]);
    }
    for (int64_t root : ctx.attr_ints("tree_roots")) {
        if (root < 0 || static_cast<std::size_t>(root) >= n)
            ctx.fail("attribute 'tree_roots' has " + std::to_string(root) + ", not a node index "
                     "(the model has " + str(n) + " nodes)");
        e.roots.push_back(static_cast<std::size_t>(root));
    }
    validate_ensemble(ctx, e, m.targets);
    return m;
}

void require_input_dtype(const OpContext& ctx, DType t) {
    if (t != DType::undefined && t != DType::f32 && t != DType::f64 && t != DType::f16)
        ctx.fail("input X must be f32, f64 or f16, got " + std::string(dtype_name(t)));
}

void infer_tree_ensemble(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_input_dtype(ctx, t);
    const Model m = model_of(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_tree_features(ctx, m.trees, rc.cols);
    ctx.set_output(0, t, Shape({rc.rows, Dim(static_cast<int64_t>(m.targets))}));
}

void compute_tree_ensemble(ComputeContext& ctx) {
    const Model m = model_of(ctx);
    const DType t = ctx.input(0).dtype();
    require_input_dtype(ctx, t);
    const auto shape = ctx.input(0).shape();
    if (shape.empty() || shape.size() > 2)
        ctx.fail("input X must be a feature matrix [N, C] or a single row [C], got shape " +
                 tensor_ops::shape_str(shape));
    const int64_t rows = shape.size() == 1 ? 1 : shape[0], cols = shape.back();
    check_tree_features(ctx, m.trees, Dim(cols));
    const std::vector<double> x = nn::to_f64(ctx.input(0));
    std::vector<double> y(static_cast<std::size_t>(rows) * m.targets);
    for (int64_t n = 0; n < rows; ++n) {
        double* out = y.data() + static_cast<std::size_t>(n) * m.targets;
        aggregate_row(m.trees, x.data() + n * cols, m.agg, out, m.targets);
        apply_post_transform(m.post, out, m.targets);
    }
    ctx.set_output(0, nn::from_f64(t, {rows, static_cast<int64_t>(m.targets)}, y));
}

}  // namespace

void register_tree_ensemble(OpRegistry& r) {
    using tensor_ops::attr_with_default;
    using tensor_ops::optional_attr;
    using tensor_ops::required_attr;
    r.add(make_ml_schema(
        "TreeEnsemble", 1, 1, 1, 1,
        {attr_with_default("aggregate_function", Attribute(int64_t{1}),
                           "0 AVERAGE, 1 SUM, 2 MIN, 3 MAX"),
         required_attr("leaf_targetids", AttrType::ints, "target of each leaf"),
         required_attr("leaf_weights", AttrType::tensor, "weight of each leaf"),
         optional_attr("membership_values", AttrType::tensor,
                       "the sets of the member nodes, in node order, each ended by NaN"),
         required_attr("n_targets", AttrType::i, "number of targets"),
         required_attr("nodes_falseleafs", AttrType::ints, "1: the false child is a leaf"),
         required_attr("nodes_falsenodeids", AttrType::ints, "false child of each node"),
         required_attr("nodes_featureids", AttrType::ints, "feature each node compares"),
         optional_attr("nodes_hitrates", AttrType::tensor, "unused"),
         empty_ints("nodes_missing_value_tracks_true", "1: a NaN feature takes the true branch"),
         required_attr("nodes_modes", AttrType::tensor,
                       "uint8 per node: 0 <=, 1 <, 2 >=, 3 >, 4 ==, 5 !=, 6 member"),
         required_attr("nodes_splits", AttrType::tensor, "threshold of each node"),
         required_attr("nodes_trueleafs", AttrType::ints, "1: the true child is a leaf"),
         required_attr("nodes_truenodeids", AttrType::ints, "true child of each node"),
         attr_with_default("post_transform", Attribute(int64_t{0}),
                           "0 NONE, 1 SOFTMAX, 2 LOGISTIC, 3 SOFTMAX_ZERO, 4 PROBIT"),
         required_attr("tree_roots", AttrType::ints, "root node of each tree")},
        infer_tree_ensemble, compute_tree_ensemble,
        "Tree ensemble (ai.onnx.ml opset 5) with tensor attributes and set-membership "
        "nodes: leaf weights aggregated per target, then post_transform. Y: X's dtype "
        "[N, n_targets]."));
}

}  // namespace neo::ops::ml
