// LinearClassifier and LinearRegressor (ai.onnx.ml opset 1): linear models on a feature
// matrix X [N, C] (or one row [C]).
//
//   LinearRegressor   Y[n, t] = post(sum_c X[n, c] * coefficients[t * C + c] + intercepts[t]),
//                     Y: f32 [N, targets].
//   LinearClassifier  S[n, k] = sum_c X[n, c] * coefficients[k * C + c] + intercepts[k] for
//                     each of the K coefficient rows; K is the number of class labels, or 1
//                     for a binary model with two labels, whose single score s becomes the
//                     two scores [-s, s] (label: labels[1] when s > 0, else labels[0]).
//                     Otherwise the label is that of the highest raw score (the first on a
//                     tie). Z = post_transform(S), f32 [N, number of labels]; Y the labels
//                     [N] (i64 or string). multi_class is accepted and does not change
//                     the result (as in onnxruntime).
#include "ops/ml/ml_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::required_attr;

// The coefficient rows and features (columns) of a linear model: coefficients.size() =
// rows * cols.
struct Layout {
    std::size_t rows = 0, cols = 0;
};

Layout linear_layout(const OpContext& ctx, std::size_t n_coef, std::size_t rows,
                     const std::string& rows_what) {
    if (rows == 0) ctx.fail(rows_what + " is 0; the model has no output");
    if (n_coef == 0) ctx.fail("attribute 'coefficients' is empty");
    if (n_coef % rows != 0)
        ctx.fail("attribute 'coefficients' has " + str(n_coef) + " values, not a multiple of " +
                 rows_what + " (" + str(rows) + ")");
    return {rows, n_coef / rows};
}

void check_cols(const OpContext& ctx, const Dim& x_cols, std::size_t cols) {
    if (x_cols.is_static() && x_cols.value() != static_cast<int64_t>(cols))
        ctx.fail("input X has " + std::to_string(x_cols.value()) +
                 " features (columns), the coefficients are for " + str(cols));
}

// ---- LinearRegressor ---------------------------------------------------------------------

std::size_t regressor_targets(const OpContext& ctx) {
    const int64_t t = ctx.attr_i("targets");
    if (t < 1) ctx.fail("attribute 'targets' must be at least 1, got " + std::to_string(t));
    return static_cast<std::size_t>(t);
}

Layout regressor_layout(const OpContext& ctx) {
    const std::size_t targets = regressor_targets(ctx);
    Layout l = linear_layout(ctx, ctx.attr_floats("coefficients").size(), targets,
                             "attribute 'targets'");
    const std::size_t n_icpt = ctx.attr_floats("intercepts").size();
    if (n_icpt != 0) require_count(ctx, "intercepts", n_icpt, targets, "one per target");
    post_transform_of(ctx);
    return l;
}

void infer_linear_regressor(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const Layout l = regressor_layout(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_cols(ctx, rc.cols, l.cols);
    ctx.set_output(0, DType::f32, Shape({rc.rows, Dim(static_cast<int64_t>(l.rows))}));
}

void compute_linear_regressor(ComputeContext& ctx) {
    const Layout l = regressor_layout(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    check_cols(ctx, Dim(x.cols), l.cols);
    const auto coef = ctx.attr_floats("coefficients");
    const auto icpt = ctx.attr_floats("intercepts");
    const PostTransform post = post_transform_of(ctx);
    std::vector<double> y(static_cast<std::size_t>(x.rows) * l.rows);
    for (int64_t n = 0; n < x.rows; ++n) {
        double* out = y.data() + static_cast<std::size_t>(n) * l.rows;
        for (std::size_t t = 0; t < l.rows; ++t) {
            double s = icpt.empty() ? 0.0 : icpt[t];
            for (std::size_t c = 0; c < l.cols; ++c) s += x.row(n)[c] * coef[t * l.cols + c];
            out[t] = s;
        }
        apply_post_transform(post, out, l.rows);
    }
    ctx.set_output(0, nn::from_f64(DType::f32, {x.rows, static_cast<int64_t>(l.rows)}, y));
}

// ---- LinearClassifier --------------------------------------------------------------------

// The attributes of a LinearClassifier (its coefficient rows follow from X's columns).
struct ClassifierModel {
    ClassLabels labels;
    std::vector<double> coef, icpt;
    PostTransform post = PostTransform::none;
};

ClassifierModel classifier_model(const OpContext& ctx) {
    ClassifierModel m;
    m.labels = class_labels_of(ctx, "classlabels_ints", "classlabels_strings");
    m.coef = ctx.attr_floats("coefficients");
    m.icpt = ctx.attr_floats("intercepts");
    m.post = post_transform_of(ctx);
    if (m.coef.empty()) ctx.fail("attribute 'coefficients' is empty");
    return m;
}

// K for a model over C features: coefficients.size() / C, which must be the number of
// labels, or 1 with two labels.
std::size_t classifier_rows(const OpContext& ctx, const ClassifierModel& m, std::size_t cols) {
    if (cols == 0 || m.coef.size() % cols != 0)
        ctx.fail("attribute 'coefficients' has " + str(m.coef.size()) +
                 " values, not a multiple of the " + str(cols) + " features of input X");
    const std::size_t k = m.coef.size() / cols;
    if (k != m.labels.size() && !(k == 1 && m.labels.size() == 2))
        ctx.fail("has " + str(k) + " coefficient rows for " + str(m.labels.size()) +
                 " class labels; expected one row per class (or a single row for two classes)");
    if (!m.icpt.empty()) require_count(ctx, "intercepts", m.icpt.size(), k, "one per coefficient row");
    return k;
}

void infer_linear_classifier(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const ClassifierModel m = classifier_model(ctx);
    ctx.attr_i("multi_class");
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    if (rc.cols.is_static()) classifier_rows(ctx, m, static_cast<std::size_t>(rc.cols.value()));
    ctx.set_output(0, m.labels.dtype(), Shape({rc.rows}));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, DType::f32,
                       Shape({rc.rows, Dim(static_cast<int64_t>(m.labels.size()))}));
}

void compute_linear_classifier(ComputeContext& ctx) {
    const ClassifierModel m = classifier_model(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    const std::size_t cols = static_cast<std::size_t>(x.cols);
    const std::size_t k = classifier_rows(ctx, m, cols);
    const std::size_t nz = m.labels.size();
    std::vector<double> z(static_cast<std::size_t>(x.rows) * nz);
    std::vector<std::size_t> label(static_cast<std::size_t>(x.rows));
    std::vector<double> s(k);
    for (int64_t n = 0; n < x.rows; ++n) {
        for (std::size_t r = 0; r < k; ++r) {
            s[r] = m.icpt.empty() ? 0.0 : m.icpt[r];
            for (std::size_t c = 0; c < cols; ++c) s[r] += x.row(n)[c] * m.coef[r * cols + c];
        }
        double* out = z.data() + static_cast<std::size_t>(n) * nz;
        std::size_t best = 0;
        if (k == 1) {  // binary model with one score
            out[0] = -s[0];
            out[1] = s[0];
            best = s[0] > 0 ? 1 : 0;
        } else {
            for (std::size_t r = 0; r < k; ++r) {
                out[r] = s[r];
                if (s[r] > s[best]) best = r;
            }
        }
        label[static_cast<std::size_t>(n)] = best;
        apply_post_transform(m.post, out, nz);
    }
    ctx.set_output(0, labels_tensor(m.labels, label));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, nn::from_f64(DType::f32, {x.rows, static_cast<int64_t>(nz)}, z));
}

}  // namespace

void register_linear(OpRegistry& r) {
    const AttrSpec post = attr_with_default("post_transform", Attribute("NONE"),
                                            "NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or PROBIT");
    r.add(make_ml_schema(
        "LinearRegressor", 1, 1, 1, 1,
        {required_attr("coefficients", AttrType::floats, "targets x C weights, row-major"),
         empty_floats("intercepts", "one per target (default: none)"),
         attr_with_default("targets", Attribute(int64_t{1}), "number of regression targets"),
         post},
        infer_linear_regressor, compute_linear_regressor,
        "Linear regression: Y = X * coefficients^T + intercepts, then post_transform. "
        "X: f32/f64/i64/i32 [N, C] or [C]; Y: f32 [N, targets]."));
    r.add(make_ml_schema(
        "LinearClassifier", 1, 1, 1, 2,
        {required_attr("coefficients", AttrType::floats, "K x C weights, row-major"),
         empty_floats("intercepts", "one per coefficient row (default: none)"),
         attr_with_default("multi_class", Attribute(int64_t{0}), "accepted, no effect"),
         empty_ints("classlabels_ints", "int64 class labels"),
         empty_strings("classlabels_strings", "string class labels"), post},
        infer_linear_classifier, compute_linear_classifier,
        "Linear classifier: scores X * coefficients^T + intercepts (a single row for two "
        "classes gives scores [-s, s]), then post_transform; label of the highest raw "
        "score. Outputs: labels [N] (i64 or string), scores f32 [N, classes]."));
}

}  // namespace neo::ops::ml
