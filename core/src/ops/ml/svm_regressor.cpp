// SVMRegressor (ai.onnx.ml opset 1): support vector regression (and one-class SVM) on
// X [N, C] (or [C]).
//   n_supports > 0: s = sum_v coefficients[v] * K(x, support_vectors[v]) + rho[0]
//   n_supports = 0: s = x . coefficients + rho[0] (linear, the kernel is not used)
//   one_class = 1:  y = 1 when s > 0, else -1 (the inlier / outlier decision);
//   otherwise y = post_transform(s). Y: f32 [N, 1].
#include "ops/ml/ml_util.hpp"
#include "ops/ml/svm_kernel.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::required_attr;

struct SvrModel {
    SvmKernel kernel;
    PostTransform post = PostTransform::none;
    std::vector<double> coef, sv;
    double rho = 0.0;
    std::size_t n_sv = 0, cols = 0;
    bool one_class = false;
};

SvrModel svr_model(const OpContext& ctx) {
    SvrModel m;
    m.kernel = svm_kernel_of(ctx);
    m.post = post_transform_of(ctx);
    m.coef = ctx.attr_floats("coefficients");
    m.sv = ctx.attr_floats("support_vectors");
    const auto rho = ctx.attr_floats("rho");
    if (rho.empty()) ctx.fail("attribute 'rho' is empty; the model needs its bias");
    m.rho = rho[0];
    const int64_t oc = ctx.attr_i("one_class");
    if (oc != 0 && oc != 1) ctx.fail("attribute 'one_class' must be 0 or 1, got " + std::to_string(oc));
    m.one_class = oc == 1;
    const int64_t ns = ctx.attr_i("n_supports");
    if (ns < 0) ctx.fail("attribute 'n_supports' must not be negative, got " + std::to_string(ns));
    m.n_sv = static_cast<std::size_t>(ns);
    if (m.coef.empty()) ctx.fail("attribute 'coefficients' is empty");
    if (m.n_sv == 0) {
        m.cols = m.coef.size();
        return m;
    }
    require_count(ctx, "coefficients", m.coef.size(), m.n_sv, "one per support vector");
    if (m.sv.empty() || m.sv.size() % m.n_sv != 0)
        ctx.fail("attribute 'support_vectors' has " + str(m.sv.size()) + " values, not a "
                 "positive multiple of n_supports (" + str(m.n_sv) + ")");
    m.cols = m.sv.size() / m.n_sv;
    return m;
}

void check_features(const OpContext& ctx, const Dim& cols, const SvrModel& m) {
    if (cols.is_static() && cols.value() != static_cast<int64_t>(m.cols))
        ctx.fail("input X has " + std::to_string(cols.value()) + " features (columns), the " +
                 (m.n_sv ? "support vectors have " : "coefficients are for ") + str(m.cols));
}

void infer_svm_regressor(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const SvrModel m = svr_model(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_features(ctx, rc.cols, m);
    ctx.set_output(0, DType::f32, Shape({rc.rows, Dim(1)}));
}

void compute_svm_regressor(ComputeContext& ctx) {
    const SvrModel m = svr_model(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    check_features(ctx, Dim(x.cols), m);
    std::vector<double> y(static_cast<std::size_t>(x.rows));
    for (int64_t n = 0; n < x.rows; ++n) {
        double s = m.rho;
        if (m.n_sv == 0) {
            for (std::size_t c = 0; c < m.cols; ++c) s += x.row(n)[c] * m.coef[c];
        } else {
            for (std::size_t v = 0; v < m.n_sv; ++v)
                s += m.coef[v] * m.kernel(x.row(n), m.sv.data() + v * m.cols, m.cols);
        }
        double& out = y[static_cast<std::size_t>(n)];
        if (m.one_class) {
            out = s > 0 ? 1.0 : -1.0;
        } else {
            out = s;
            apply_post_transform(m.post, &out, 1);
        }
    }
    ctx.set_output(0, nn::from_f64(DType::f32, {x.rows, 1}, y));
}

}  // namespace

void register_svm_regressor(OpRegistry& r) {
    r.add(make_ml_schema(
        "SVMRegressor", 1, 1, 1, 1,
        {required_attr("coefficients", AttrType::floats,
                       "one per support vector (linear: one per feature)"),
         empty_floats("kernel_params", "[gamma, coef0, degree]"),
         attr_with_default("kernel_type", Attribute("LINEAR"), "LINEAR, POLY, RBF or SIGMOID"),
         attr_with_default("n_supports", Attribute(int64_t{0}), "number of support vectors"),
         attr_with_default("one_class", Attribute(int64_t{0}), "1: output +1 / -1 (one-class SVM)"),
         attr_with_default("post_transform", Attribute("NONE"),
                           "NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or PROBIT"),
         required_attr("rho", AttrType::floats, "the bias (one value)"),
         empty_floats("support_vectors", "[n_supports, C]")},
        infer_svm_regressor, compute_svm_regressor,
        "Support vector regression or one-class SVM: kernel expansion over the support "
        "vectors (or a linear model) plus rho. Y: f32 [N, 1]."));
}

}  // namespace neo::ops::ml
