// Tree ensembles: checking, walking and aggregating (see tree_util.hpp), and reading the
// legacy node-list form of TreeEnsembleClassifier / TreeEnsembleRegressor.
#include "ops/ml/tree_util.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {

namespace {

std::string node_str(std::size_t i) { return "node " + str(i); }

}  // namespace

void validate_ensemble(const OpContext& ctx, Ensemble& e, std::size_t n_outputs) {
    const std::size_t n = e.nodes.size();
    if (e.roots.empty()) ctx.fail("has no trees");
    for (std::size_t i = 0; i < n; ++i) {
        const TreeNode& t = e.nodes[i];
        if (t.mode == NodeMode::leaf) {
            for (const auto& [out, w] : t.weights)
                if (out >= n_outputs)
                    ctx.fail("a leaf weight is for output " + str(out) + ", but the model has " +
                             str(n_outputs) + (n_outputs == 1 ? " output" : " outputs"));
            continue;
        }
        if (t.yes >= n || t.no >= n)
            ctx.fail(node_str(i) + " branches to a node that does not exist");
        if (t.feature < 0)
            ctx.fail(node_str(i) + " reads feature " + std::to_string(t.feature) +
                     "; feature ids must not be negative");
        e.max_feature = std::max(e.max_feature, t.feature);
    }
    // Acyclic: depth-first from every root; state 1 = on the current path, 2 = done.
    std::vector<uint8_t> state(n, 0);
    for (std::size_t root : e.roots) {
        if (root >= n) ctx.fail("a tree root is not a node of the model");
        std::vector<std::pair<std::size_t, int>> stack{{root, 0}};
        while (!stack.empty()) {
            auto& [i, step] = stack.back();
            const TreeNode& t = e.nodes[i];
            if (step == 0) {
                if (state[i] == 2) { stack.pop_back(); continue; }
                state[i] = 1;
            }
            if (t.mode == NodeMode::leaf || step == 2) {
                state[i] = 2;
                stack.pop_back();
                continue;
            }
            const std::size_t child = step == 0 ? t.yes : t.no;
            ++step;
            if (state[child] == 1)
                ctx.fail("the trees have a cycle through " + node_str(child) +
                         "; every path must end at a leaf");
            if (state[child] == 0) stack.push_back({child, 0});
        }
    }
}

void check_tree_features(const OpContext& ctx, const Ensemble& e, const Dim& cols) {
    if (cols.is_static() && e.max_feature >= cols.value())
        ctx.fail("the trees read feature " + std::to_string(e.max_feature) + ", but input X has " +
                 std::to_string(cols.value()) + " features (columns)");
}

namespace {

bool compare(const TreeNode& t, double x) {
    switch (t.mode) {
        case NodeMode::leq: return x <= t.value;
        case NodeMode::lt: return x < t.value;
        case NodeMode::gte: return x >= t.value;
        case NodeMode::gt: return x > t.value;
        case NodeMode::eq: return x == t.value;
        case NodeMode::neq: return x != t.value;
        case NodeMode::member:
            return std::find(t.members.begin(), t.members.end(), x) != t.members.end();
        case NodeMode::leaf: break;
    }
    return false;
}

}  // namespace

std::size_t leaf_of(const Ensemble& e, std::size_t root, const double* x) {
    std::size_t i = root;
    while (e.nodes[i].mode != NodeMode::leaf) {
        const TreeNode& t = e.nodes[i];
        const double v = x[t.feature];
        bool go_true;
        if (std::isnan(v)) go_true = e.nan_by_flag_only ? t.missing_true : (t.missing_true || compare(t, v));
        else go_true = compare(t, v);
        i = go_true ? t.yes : t.no;
    }
    return i;
}

void aggregate_row(const Ensemble& e, const double* x, Aggregate agg, double* out,
                   std::size_t n_outputs) {
    std::vector<uint8_t> seen(n_outputs, 0);
    std::fill(out, out + n_outputs, 0.0);
    for (std::size_t root : e.roots) {
        for (const auto& [k, w] : e.nodes[leaf_of(e, root, x)].weights) {
            switch (agg) {
                case Aggregate::sum:
                case Aggregate::average: out[k] += w; break;
                case Aggregate::min: out[k] = seen[k] ? std::min(out[k], w) : w; break;
                case Aggregate::max: out[k] = seen[k] ? std::max(out[k], w) : w; break;
            }
            seen[k] = 1;
        }
    }
    if (agg == Aggregate::average)
        for (std::size_t k = 0; k < n_outputs; ++k) out[k] /= static_cast<double>(e.roots.size());
}

// ---- the legacy node-list form ---------------------------------------------------------

namespace {

NodeMode legacy_mode(const OpContext& ctx, const std::string& s) {
    if (s == "BRANCH_LEQ") return NodeMode::leq;
    if (s == "BRANCH_LT") return NodeMode::lt;
    if (s == "BRANCH_GTE") return NodeMode::gte;
    if (s == "BRANCH_GT") return NodeMode::gt;
    if (s == "BRANCH_EQ") return NodeMode::eq;
    if (s == "BRANCH_NEQ") return NodeMode::neq;
    if (s == "LEAF") return NodeMode::leaf;
    ctx.fail("attribute 'nodes_modes' has '" + s + "'; modes are BRANCH_LEQ, BRANCH_LT, "
             "BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ and LEAF");
}

std::string tree_node(int64_t tree, int64_t node) {
    return "node " + std::to_string(node) + " of tree " + std::to_string(tree);
}

}  // namespace

Ensemble legacy_ensemble(const OpContext& ctx, const std::string& prefix,
                         const std::string& weights_attr, std::size_t n_outputs) {
    const auto& tree_ids = ctx.attr_ints("nodes_treeids");
    const auto& node_ids = ctx.attr_ints("nodes_nodeids");
    const auto& features = ctx.attr_ints("nodes_featureids");
    const auto& modes = ctx.attr("nodes_modes").strings();
    const auto& yes = ctx.attr_ints("nodes_truenodeids");
    const auto& no = ctx.attr_ints("nodes_falsenodeids");
    const auto& missing = ctx.attr_ints("nodes_missing_value_tracks_true");
    const auto values = floats_or_tensor(ctx, "nodes_values", "nodes_values_as_tensor");
    const std::size_t n = tree_ids.size();
    if (n == 0) ctx.fail("attribute 'nodes_treeids' is empty; the model has no nodes");
    const std::string per_node = "one per node, as nodes_treeids";
    require_count(ctx, "nodes_nodeids", node_ids.size(), n, per_node);
    require_count(ctx, "nodes_featureids", features.size(), n, per_node);
    require_count(ctx, "nodes_modes", modes.size(), n, per_node);
    require_count(ctx, "nodes_truenodeids", yes.size(), n, per_node);
    require_count(ctx, "nodes_falsenodeids", no.size(), n, per_node);
    require_count(ctx, "nodes_values", values.size(), n, per_node);
    if (!missing.empty()) require_count(ctx, "nodes_missing_value_tracks_true", missing.size(), n, per_node);

    Ensemble e;
    e.nan_by_flag_only = true;
    std::map<std::pair<int64_t, int64_t>, std::size_t> index;
    std::map<int64_t, std::size_t> root_of;  // tree id -> its first node
    for (std::size_t i = 0; i < n; ++i) {
        if (!index.emplace(std::make_pair(tree_ids[i], node_ids[i]), i).second)
            ctx.fail(tree_node(tree_ids[i], node_ids[i]) + " is defined twice");
        root_of.emplace(tree_ids[i], i);
    }
    auto child = [&](std::size_t i, int64_t id) {
        auto it = index.find({tree_ids[i], id});
        if (it == index.end())
            ctx.fail(tree_node(tree_ids[i], node_ids[i]) + " branches to node " +
                     std::to_string(id) + ", which tree " + std::to_string(tree_ids[i]) +
                     " does not have");
        return it->second;
    };
    e.nodes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        TreeNode& t = e.nodes[i];
        t.mode = legacy_mode(ctx, modes[i]);
        if (t.mode == NodeMode::leaf) continue;
        t.feature = features[i];
        t.value = values[i];
        t.missing_true = !missing.empty() && missing[i] != 0;
        t.yes = child(i, yes[i]);
        t.no = child(i, no[i]);
    }
    for (const auto& [tree, root] : root_of) e.roots.push_back(root);

    const auto& w_trees = ctx.attr_ints(prefix + "_treeids");
    const auto& w_nodes = ctx.attr_ints(prefix + "_nodeids");
    const auto& w_ids = ctx.attr_ints(prefix + "_ids");
    const auto weights = floats_or_tensor(ctx, weights_attr, weights_attr + "_as_tensor");
    const std::size_t nw = w_trees.size();
    const std::string per_weight = "one per leaf weight, as " + prefix + "_treeids";
    require_count(ctx, prefix + "_nodeids", w_nodes.size(), nw, per_weight);
    require_count(ctx, prefix + "_ids", w_ids.size(), nw, per_weight);
    require_count(ctx, weights_attr, weights.size(), nw, per_weight);
    for (std::size_t j = 0; j < nw; ++j) {
        auto it = index.find({w_trees[j], w_nodes[j]});
        if (it == index.end())
            ctx.fail("a leaf weight is for " + tree_node(w_trees[j], w_nodes[j]) +
                     ", which does not exist");
        TreeNode& t = e.nodes[it->second];
        if (t.mode != NodeMode::leaf)
            ctx.fail("a leaf weight is for " + tree_node(w_trees[j], w_nodes[j]) +
                     ", which is a branch, not a LEAF");
        if (w_ids[j] < 0 || static_cast<std::size_t>(w_ids[j]) >= n_outputs)
            ctx.fail("attribute '" + prefix + "_ids' has " + std::to_string(w_ids[j]) +
                     ", outside [0, " + str(n_outputs) + ")");
        t.weights.emplace_back(static_cast<std::size_t>(w_ids[j]), weights[j]);
    }
    validate_ensemble(ctx, e, n_outputs);
    return e;
}

std::vector<AttrSpec> legacy_tree_attrs(const std::string& prefix, const std::string& weights_attr) {
    using tensor_ops::optional_attr;
    return {
        empty_ints("nodes_treeids", "tree id of each node"),
        empty_ints("nodes_nodeids", "node id of each node (unique within its tree)"),
        empty_ints("nodes_featureids", "feature a branch compares"),
        empty_strings("nodes_modes", "BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, "
                                     "BRANCH_NEQ or LEAF"),
        empty_floats("nodes_values", "threshold of a branch"),
        optional_attr("nodes_values_as_tensor", AttrType::tensor, "nodes_values as a tensor"),
        empty_ints("nodes_truenodeids", "node id taken when the comparison holds"),
        empty_ints("nodes_falsenodeids", "node id taken otherwise"),
        empty_ints("nodes_missing_value_tracks_true", "1: a NaN feature takes the true branch"),
        empty_floats("nodes_hitrates", "unused"),
        optional_attr("nodes_hitrates_as_tensor", AttrType::tensor, "unused"),
        empty_ints(prefix + "_treeids", "tree of each leaf weight"),
        empty_ints(prefix + "_nodeids", "leaf node of each leaf weight"),
        empty_ints(prefix + "_ids", "output (class or target) of each leaf weight"),
        empty_floats(weights_attr, "the leaf weights"),
        optional_attr(weights_attr + "_as_tensor", AttrType::tensor, "the leaf weights as a tensor"),
        empty_floats("base_values", "added to each output"),
        optional_attr("base_values_as_tensor", AttrType::tensor, "base_values as a tensor"),
    };
}

std::vector<double> legacy_base_values(const OpContext& ctx) {
    return floats_or_tensor(ctx, "base_values", "base_values_as_tensor");
}

}  // namespace neo::ops::ml
