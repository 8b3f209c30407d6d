// TreeEnsembleClassifier (ai.onnx.ml opsets 1 and 3): a tree ensemble (random forest,
// gradient boosting, decision tree) classifying the rows of X [N, C] (or [C]).
//
// Every tree routes a row to a leaf (tree_util.hpp: BRANCH_* comparisons, a NaN feature
// goes where nodes_missing_value_tracks_true says); the class weights of the reached leaves
// are summed per class: acc[k]. With K class labels:
// * Binary form (K = 2 and every class weight is for the same class id b): the model
//   gives one score s = acc[b] + base, where base is base_values[0] (one value),
//   base_values[b] (two values) or 0. A probability-like score (post_transform PROBIT, or
//   NONE with no negative class weight) becomes [1 - s, s]; a margin (any other case)
//   becomes [-s, s]. post_transform is then applied to the pair, and the label is
//   classlabels[1] when the second transformed score is the larger.
// * Otherwise: Z[k] = acc[k] + base_values[k] (none: 0); the label is that of the highest
//   Z before post_transform (the first on a tie), then post_transform is applied.
// Outputs: labels [N] (i64 or string), Z f32 [N, K].
#include <set>

#include "ops/ml/ml_util.hpp"
#include "ops/ml/tree_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

struct ClassifierModel {
    ClassLabels labels;
    Ensemble trees;
    std::vector<double> base;
    PostTransform post = PostTransform::none;
    bool binary = false;
    std::size_t binary_id = 0;   // the one class id of the binary form
    bool probability = false;    // binary: the score is probability-like
};

ClassifierModel classifier_model(const OpContext& ctx) {
    ClassifierModel m;
    m.labels = class_labels_of(ctx, "classlabels_int64s", "classlabels_strings");
    const std::size_t k = m.labels.size();
    if (k < 2) ctx.fail("has " + str(k) + " class label; a classifier needs at least two");
    m.post = post_transform_of(ctx);
    m.trees = legacy_ensemble(ctx, "class", "class_weights", k);
    m.base = legacy_base_values(ctx);
    const auto& ids = ctx.attr_ints("class_ids");
    const std::set<int64_t> distinct(ids.begin(), ids.end());
    m.binary = k == 2 && distinct.size() == 1;
    if (m.binary) {
        m.binary_id = static_cast<std::size_t>(*distinct.begin());
        bool positive = true;
        for (const auto& node : m.trees.nodes)
            for (const auto& [out, w] : node.weights) positive = positive && w >= 0;
        m.probability = m.post == PostTransform::probit || (m.post == PostTransform::none && positive);
        if (m.base.size() > 2)
            ctx.fail("attribute 'base_values' has " + str(m.base.size()) +
                     " values; a binary model takes at most 2");
    } else if (!m.base.empty()) {
        require_count(ctx, "base_values", m.base.size(), k, "one per class");
    }
    return m;
}

void infer_tree_classifier(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const ClassifierModel m = classifier_model(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_tree_features(ctx, m.trees, rc.cols);
    ctx.set_output(0, m.labels.dtype(), Shape({rc.rows}));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, DType::f32,
                       Shape({rc.rows, Dim(static_cast<int64_t>(m.labels.size()))}));
}

void compute_tree_classifier(ComputeContext& ctx) {
    const ClassifierModel m = classifier_model(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    check_tree_features(ctx, m.trees, Dim(x.cols));
    const std::size_t k = m.labels.size();
    std::vector<double> z(static_cast<std::size_t>(x.rows) * k);
    std::vector<std::size_t> label(static_cast<std::size_t>(x.rows));
    for (int64_t n = 0; n < x.rows; ++n) {
        double* out = z.data() + static_cast<std::size_t>(n) * k;
        aggregate_row(m.trees, x.row(n), Aggregate::sum, out, k);
        std::size_t best = 0;
        if (m.binary) {
            double s = out[m.binary_id];
            if (m.base.size() == 1) s += m.base[0];
            else if (m.base.size() == 2) s += m.base[m.binary_id];
            out[0] = m.probability ? 1.0 - s : -s;
            out[1] = s;
            apply_post_transform(m.post, out, 2);
            best = out[1] > out[0] ? 1 : 0;
        } else {
            for (std::size_t c = 0; c < k; ++c) {
                if (!m.base.empty()) out[c] += m.base[c];
                if (out[c] > out[best]) best = c;
            }
            apply_post_transform(m.post, out, k);
        }
        label[static_cast<std::size_t>(n)] = best;
    }
    ctx.set_output(0, labels_tensor(m.labels, label));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, nn::from_f64(DType::f32, {x.rows, static_cast<int64_t>(k)}, z));
}

}  // namespace

void register_tree_ensemble_classifier(OpRegistry& r) {
    std::vector<AttrSpec> attrs = legacy_tree_attrs("class", "class_weights");
    attrs.push_back(empty_ints("classlabels_int64s", "int64 class labels"));
    attrs.push_back(empty_strings("classlabels_strings", "string class labels"));
    attrs.push_back(tensor_ops::attr_with_default(
        "post_transform", Attribute("NONE"), "NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or PROBIT"));
    r.add(make_ml_schema(
        "TreeEnsembleClassifier", 1, 1, 1, 2, std::move(attrs), infer_tree_classifier,
        compute_tree_classifier,
        "Tree ensemble classifier: per-class sums of the leaf weights the trees reach, plus "
        "base_values, then post_transform (a binary model with one score s gives [1-s, s] "
        "or [-s, s]). Outputs: labels [N] (i64 or string), scores f32 [N, K]."));
}

}  // namespace neo::ops::ml
