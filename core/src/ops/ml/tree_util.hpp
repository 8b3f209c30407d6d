#pragma once
// Tree ensembles shared by TreeEnsembleClassifier, TreeEnsembleRegressor (node lists keyed
// by tree id and node id) and TreeEnsemble (opset 5: node and leaf arrays by index). Both
// forms are read into one Ensemble: nodes by index, branches pointing at child indices,
// leaves holding (output, weight) pairs, one root per tree. The structure is checked once
// (children exist, no cycles), so walking a tree always ends at a leaf.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ops/ml/ml_util.hpp"

namespace neo::ops::ml {

enum class NodeMode { leq, lt, gte, gt, eq, neq, member, leaf };

struct TreeNode {
    NodeMode mode = NodeMode::leaf;
    int64_t feature = 0;
    double value = 0.0;              // the split threshold
    bool missing_true = false;       // a NaN feature takes the true branch
    std::size_t yes = 0, no = 0;     // children (branches)
    std::vector<double> members;     // the set of a member node
    std::vector<std::pair<std::size_t, double>> weights;  // leaves: (output, weight)
};

struct Ensemble {
    std::vector<TreeNode> nodes;
    std::vector<std::size_t> roots;
    // How a NaN feature is routed. Legacy ops: by missing_true alone. TreeEnsemble:
    // the comparison itself (false, except for NEQ), or the true branch when missing_true.
    bool nan_by_flag_only = true;
    int64_t max_feature = -1;  // the highest feature index a branch reads
};

enum class Aggregate { average, sum, min, max };

// Checks children, features and weights and that every tree is acyclic; fail() otherwise.
void validate_ensemble(const OpContext& ctx, Ensemble& e, std::size_t n_outputs);
// fail() unless X's column count (when known) covers every feature the trees read.
void check_tree_features(const OpContext& ctx, const Ensemble& e, const Dim& cols);
// The leaf a row reaches from `root`.
std::size_t leaf_of(const Ensemble& e, std::size_t root, const double* x);
// Aggregates the leaf weights every tree gives row x into out[0, n_outputs): SUM, AVERAGE
// (the sum over the number of trees), MIN or MAX. Outputs no leaf contributes to are 0.
void aggregate_row(const Ensemble& e, const double* x, Aggregate agg, double* out,
                   std::size_t n_outputs);

// The legacy node-list form: nodes_* attributes, and leaf weights in <prefix>_treeids,
// <prefix>_nodeids, <prefix>_ids, <weights_attr> (or <weights_attr>_as_tensor).
Ensemble legacy_ensemble(const OpContext& ctx, const std::string& prefix,
                         const std::string& weights_attr, std::size_t n_outputs);
// The attribute specs of that form (nodes_* and the leaf-weight lists).
std::vector<AttrSpec> legacy_tree_attrs(const std::string& prefix, const std::string& weights_attr);
// base_values (or base_values_as_tensor).
std::vector<double> legacy_base_values(const OpContext& ctx);

}  // namespace neo::ops::ml
