// SVMClassifier (ai.onnx.ml opset 1): a support vector classifier on X [N, C] (or [C]),
// with the semantics of libsvm / onnxruntime that skl2onnx exports rely on.
//
// K classes (classlabels_ints or classlabels_strings).
// * SVC mode (vectors_per_class set): support_vectors [V, C], vectors_per_class[k]
//   of them per class in order; coefficients [K-1, V]; one-vs-one: for every pair i < j
//   (in order (0,1), (0,2), ..., (1,2), ...) the decision value
//     d = sum_{v in class i} coefficients[j-1, v] * K(x, sv_v)
//       + sum_{v in class j} coefficients[i, v]   * K(x, sv_v) + rho[pair]
//   votes for i when d > 0, else for j. The label is the class with the most votes (the
//   first on a tie).
//   Scores: with prob_a/prob_b (Platt scaling), every pair's probability
//     r_ij = 1 / (1 + exp(prob_a[pair] * d + prob_b[pair])), clamped to [1e-7, 1 - 1e-7]
//   is coupled into K class probabilities (libsvm's multiclass_probability: Wu, Lin and
//   Weng 2004, at most max(100, K) iterations, stopping at 0.005 / K), giving [N, K].
//   Without them the scores are the decision values, [N, K(K-1)/2]; for two classes the
//   single value d becomes [-d, d].
// * Linear mode (no vectors_per_class): coefficients [K, C], score_k = x . w_k + rho[0]
//   (the kernel is not used); the label is the highest score's. Scores [N, K].
// post_transform is applied to each row of scores last. Outputs: labels [N] (i64 or
// string), scores f32.
#include <algorithm>
#include <cmath>

#include "ops/ml/ml_util.hpp"
#include "ops/ml/svm_kernel.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::required_attr;

struct SvcModel {
    ClassLabels labels;
    SvmKernel kernel;
    PostTransform post = PostTransform::none;
    std::vector<double> coef, rho, prob_a, prob_b, sv;
    std::vector<int64_t> per_class;  // support vectors per class (empty: linear mode)
    std::vector<std::size_t> start;  // first support vector of each class
    std::size_t n_sv = 0;            // V
    std::size_t k = 0;               // classes
    std::size_t cols = 0;            // C; 0 in linear mode until X is known

    bool svc() const { return !per_class.empty(); }
    bool proba() const { return !prob_a.empty(); }
    std::size_t pairs() const { return k * (k - 1) / 2; }
    std::size_t score_cols() const {
        if (!svc() || proba()) return k;
        return k > 2 ? pairs() : 2;
    }
};

SvcModel svc_model(const OpContext& ctx) {
    SvcModel m;
    m.labels = class_labels_of(ctx, "classlabels_ints", "classlabels_strings");
    m.k = m.labels.size();
    m.kernel = svm_kernel_of(ctx);
    m.post = post_transform_of(ctx);
    m.coef = ctx.attr_floats("coefficients");
    m.rho = ctx.attr_floats("rho");
    m.prob_a = ctx.attr_floats("prob_a");
    m.prob_b = ctx.attr_floats("prob_b");
    m.sv = ctx.attr_floats("support_vectors");
    m.per_class = ctx.attr_ints("vectors_per_class");
    if (m.coef.empty()) ctx.fail("attribute 'coefficients' is empty");
    if (m.prob_a.size() != m.prob_b.size())
        ctx.fail("attributes 'prob_a' and 'prob_b' have " + str(m.prob_a.size()) + " and " +
                 str(m.prob_b.size()) + " values; Platt scaling needs one of each per class pair");
    if (!m.svc()) {
        if (m.rho.empty()) ctx.fail("attribute 'rho' is empty; the linear model needs its bias");
        if (m.coef.size() % m.k != 0)
            ctx.fail("attribute 'coefficients' has " + str(m.coef.size()) +
                     " values, not a multiple of the " + str(m.k) + " classes (linear mode: one "
                     "weight row per class)");
        m.cols = m.coef.size() / m.k;
        return m;
    }
    require_count(ctx, "vectors_per_class", m.per_class.size(), m.k, "one count per class label");
    if (m.k < 2) ctx.fail("has one class label; a support vector classifier needs at least two");
    for (int64_t c : m.per_class) {
        if (c < 0) ctx.fail("attribute 'vectors_per_class' has a negative count " + std::to_string(c));
        m.start.push_back(m.n_sv);
        m.n_sv += static_cast<std::size_t>(c);
    }
    if (m.n_sv == 0) ctx.fail("attribute 'vectors_per_class' counts no support vectors");
    if (m.sv.empty() || m.sv.size() % m.n_sv != 0)
        ctx.fail("attribute 'support_vectors' has " + str(m.sv.size()) + " values, not a "
                 "positive multiple of the " + str(m.n_sv) + " support vectors");
    m.cols = m.sv.size() / m.n_sv;
    require_count(ctx, "coefficients", m.coef.size(), (m.k - 1) * m.n_sv,
                  "(classes - 1) x support vectors");
    require_count(ctx, "rho", m.rho.size(), m.pairs(), "one per pair of classes");
    if (m.proba()) require_count(ctx, "prob_a", m.prob_a.size(), m.pairs(), "one per pair of classes");
    return m;
}

void check_features(const OpContext& ctx, const Dim& cols, const SvcModel& m) {
    if (cols.is_static() && cols.value() != static_cast<int64_t>(m.cols))
        ctx.fail("input X has " + std::to_string(cols.value()) + " features (columns), the " +
                 (m.svc() ? "support vectors have " : "coefficients are for ") + str(m.cols));
}

void infer_svm_classifier(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const SvcModel m = svc_model(ctx);
    const RowsCols rc = infer_rows_cols(ctx, 0, "input X");
    check_features(ctx, rc.cols, m);
    ctx.set_output(0, m.labels.dtype(), Shape({rc.rows}));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, DType::f32,
                       Shape({rc.rows, Dim(static_cast<int64_t>(m.score_cols()))}));
}

// libsvm's pairwise coupling: class probabilities p from pairwise r (r[i*k+j] = P(i | i or j)).
std::vector<double> couple(const std::vector<double>& r, std::size_t k) {
    std::vector<double> q(k * k, 0.0), qp(k), p(k, 1.0 / static_cast<double>(k));
    for (std::size_t t = 0; t < k; ++t)
        for (std::size_t j = 0; j < k; ++j) {
            if (j == t) continue;
            q[t * k + t] += r[j * k + t] * r[j * k + t];
            q[t * k + j] = -r[j * k + t] * r[t * k + j];
        }
    const double eps = 0.005 / static_cast<double>(k);
    const std::size_t max_iter = std::max<std::size_t>(100, k);
    for (std::size_t it = 0; it < max_iter; ++it) {
        double pqp = 0.0;
        for (std::size_t t = 0; t < k; ++t) {
            qp[t] = 0.0;
            for (std::size_t j = 0; j < k; ++j) qp[t] += q[t * k + j] * p[j];
            pqp += p[t] * qp[t];
        }
        double max_err = 0.0;
        for (std::size_t t = 0; t < k; ++t) max_err = std::max(max_err, std::abs(qp[t] - pqp));
        if (max_err < eps) break;
        for (std::size_t t = 0; t < k; ++t) {
            const double diff = (pqp - qp[t]) / q[t * k + t];
            p[t] += diff;
            pqp = (pqp + diff * (diff * q[t * k + t] + 2.0 * qp[t])) / ((1.0 + diff) * (1.0 + diff));
            for (std::size_t j = 0; j < k; ++j) {
                qp[j] = (qp[j] + diff * q[t * k + j]) / (1.0 + diff);
                p[j] /= 1.0 + diff;
            }
        }
    }
    return p;
}

// One row of SVC mode: fills `out` (score_cols() values) and returns the winning class.
std::size_t svc_row(const SvcModel& m, const double* x, double* out) {
    std::vector<double> kv(m.n_sv);
    for (std::size_t v = 0; v < m.n_sv; ++v) kv[v] = m.kernel(x, m.sv.data() + v * m.cols, m.cols);
    std::vector<double> d;
    std::vector<int64_t> votes(m.k, 0);
    std::size_t pair = 0;
    for (std::size_t i = 0; i < m.k; ++i)
        for (std::size_t j = i + 1; j < m.k; ++j, ++pair) {
            double s = m.rho[pair];
            const auto ni = static_cast<std::size_t>(m.per_class[i]);
            const auto nj = static_cast<std::size_t>(m.per_class[j]);
            for (std::size_t v = m.start[i]; v < m.start[i] + ni; ++v)
                s += m.coef[(j - 1) * m.n_sv + v] * kv[v];
            for (std::size_t v = m.start[j]; v < m.start[j] + nj; ++v)
                s += m.coef[i * m.n_sv + v] * kv[v];
            d.push_back(s);
            ++votes[s > 0 ? i : j];
        }
    const std::size_t best = static_cast<std::size_t>(
        std::max_element(votes.begin(), votes.end()) - votes.begin());
    if (m.proba()) {
        std::vector<double> r(m.k * m.k, 0.0);
        pair = 0;
        for (std::size_t i = 0; i < m.k; ++i)
            for (std::size_t j = i + 1; j < m.k; ++j, ++pair) {
                // 1 / (1 + exp(a * d + b)) = logistic(-(a * d + b))
                double v = logistic(-(m.prob_a[pair] * d[pair] + m.prob_b[pair]));
                v = std::clamp(v, 1e-7, 1.0 - 1e-7);
                r[i * m.k + j] = v;
                r[j * m.k + i] = 1.0 - v;
            }
        const auto p = couple(r, m.k);
        std::copy(p.begin(), p.end(), out);
    } else if (m.k == 2) {
        out[0] = -d[0];
        out[1] = d[0];
    } else {
        std::copy(d.begin(), d.end(), out);
    }
    return best;
}

void compute_svm_classifier(ComputeContext& ctx) {
    const SvcModel m = svc_model(ctx);
    const Matrix x = feature_matrix(ctx, 0, "input X");
    check_features(ctx, Dim(x.cols), m);
    const std::size_t nz = m.score_cols();
    std::vector<double> z(static_cast<std::size_t>(x.rows) * nz);
    std::vector<std::size_t> label(static_cast<std::size_t>(x.rows));
    for (int64_t n = 0; n < x.rows; ++n) {
        double* out = z.data() + static_cast<std::size_t>(n) * nz;
        std::size_t best = 0;
        if (m.svc()) {
            best = svc_row(m, x.row(n), out);
        } else {
            for (std::size_t c = 0; c < m.k; ++c) {
                double s = m.rho[0];
                for (std::size_t f = 0; f < m.cols; ++f) s += x.row(n)[f] * m.coef[c * m.cols + f];
                out[c] = s;
                if (s > out[best]) best = c;
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

void register_svm_classifier(OpRegistry& r) {
    r.add(make_ml_schema(
        "SVMClassifier", 1, 1, 1, 2,
        {empty_ints("classlabels_ints", "int64 class labels"),
         empty_strings("classlabels_strings", "string class labels"),
         required_attr("coefficients", AttrType::floats,
                       "SVC: [K-1, V] dual coefficients; linear: [K, C] weights"),
         empty_floats("kernel_params", "[gamma, coef0, degree]"),
         attr_with_default("kernel_type", Attribute("LINEAR"), "LINEAR, POLY, RBF or SIGMOID"),
         attr_with_default("post_transform", Attribute("NONE"),
                           "NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or PROBIT"),
         empty_floats("prob_a", "Platt scaling A, one per class pair"),
         empty_floats("prob_b", "Platt scaling B, one per class pair"),
         required_attr("rho", AttrType::floats, "bias of each class pair (linear: one)"),
         empty_floats("support_vectors", "[V, C], grouped by class"),
         empty_ints("vectors_per_class", "support vectors of each class (empty: linear mode)")},
        infer_svm_classifier, compute_svm_classifier,
        "Support vector classifier (one-vs-one with votes; optional Platt-scaled "
        "probabilities coupled as in libsvm). Outputs: labels [N] (i64 or string), scores "
        "f32 [N, K] (probabilities or linear scores) or [N, K(K-1)/2] decision values "
        "([N, 2] as [-d, d] for two classes)."));
}

}  // namespace neo::ops::ml
