// TreeEnsembleRegressor (ai.onnx.ml opsets 1 and 3): a tree ensemble regressing n_targets
// values from each row of X [N, C] (or [C]).
//
// Every tree routes a row to a leaf (tree_util.hpp); the target weights of the reached
// leaves are aggregated per target by aggregate_function: SUM, AVERAGE (the sum divided by
// the number of trees), MIN or MAX (a target no reached leaf has a weight for is 0). Then
// base_values[t] is added and post_transform applied to the row. Y: f32 [N, n_targets].
#include "ops/ml/ml_util.hpp"
#include "ops/ml/tree_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

struct RegressorModel {
    Ensemble trees;
    std::vector<double> base;
    std::size_t targets = 0;
    Aggregate agg = Aggregate::sum;
    PostTransform post = PostTransform::none;
};

Aggregate aggregate_of(const OpContext& ctx) {
    const std::string& s = ctx.attr_s("aggregate_function");
    if (s == "SUM") return Aggregate::sum;
    if (s == "AVERAGE") return Aggregate::average;
    if (s == "MIN") return Aggregate::min;
    if (s == "MAX") return Aggregate::max;
    ctx.fail("attribute 'aggregate_function' must be AVERAGE, SUM, MIN or MAX, got '" + s + "'");
}

RegressorModel regressor_model(const OpContext& ctx) {
    RegressorModel m;
    const int64_t t = ctx.attr_i("n_targets");
    if (t < 1) ctx.fail("attribute 'n_targets' must be at least 1, got " + std::to_string(t));
    m.targets = static_cast<std::size_t>(t);
    m.agg = aggregate_of(ctx);
    m.post = post_transform_of(ctx);
    m.trees = legacy_ensemble(ctx, "target", "target_weights", m.targets);
    m.base = legacy_base_values(ctx);
    if (!m.base.empty()) require_count(ctx, "base_values", m.base.size(), m.targets, "one per target");
    return m;
}

void infer_tree_regressor(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const RegressorModel m = regressor_model(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_tree_features(ctx, m.trees, rc.cols);
    ctx.set_output(0, DType::f32, Shape({rc.rows, Dim(static_cast<int64_t>(m.targets))}));
}

void compute_tree_regressor(ComputeContext& ctx) {
    const RegressorModel m = regressor_model(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    check_tree_features(ctx, m.trees, Dim(x.cols));
    std::vector<double> y(static_cast<std::size_t>(x.rows) * m.targets);
    for (int64_t n = 0; n < x.rows; ++n) {
        double* out = y.data() + static_cast<std::size_t>(n) * m.targets;
        aggregate_row(m.trees, x.row(n), m.agg, out, m.targets);
        if (!m.base.empty())
            for (std::size_t t = 0; t < m.targets; ++t) out[t] += m.base[t];
        apply_post_transform(m.post, out, m.targets);
    }
    ctx.set_output(0, nn::from_f64(DType::f32, {x.rows, static_cast<int64_t>(m.targets)}, y));
}

}  // namespace

void register_tree_ensemble_regressor(OpRegistry& r) {
    using tensor_ops::attr_with_default;
    std::vector<AttrSpec> attrs = legacy_tree_attrs("target", "target_weights");
    attrs.push_back(attr_with_default("n_targets", Attribute(int64_t{1}), "number of targets"));
    attrs.push_back(attr_with_default("aggregate_function", Attribute("SUM"),
                                      "AVERAGE, SUM, MIN or MAX"));
    attrs.push_back(attr_with_default("post_transform", Attribute("NONE"),
                                      "NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or PROBIT"));
    r.add(make_ml_schema(
        "TreeEnsembleRegressor", 1, 1, 1, 1, std::move(attrs), infer_tree_regressor,
        compute_tree_regressor,
        "Tree ensemble regressor: leaf weights aggregated per target (SUM, AVERAGE, MIN, "
        "MAX), plus base_values, then post_transform. Y: f32 [N, n_targets]."));
}

}  // namespace neo::ops::ml
