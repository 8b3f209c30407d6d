// Helpers shared by the ai.onnx.ml ops: schemas, list attributes, post transforms,
// feature matrices and class labels.
#include "ops/ml/ml_util.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {

OpSchema make_ml_schema(std::string name, int min_inputs, int max_inputs, int min_outputs,
                        int max_outputs, std::vector<AttrSpec> attrs, InferFn infer,
                        ComputeFn compute, std::string doc) {
    OpSchema s = tensor_ops::make_schema(std::move(name), min_inputs, max_inputs, min_outputs,
                                         max_outputs, std::move(attrs), std::move(infer),
                                         std::move(compute), std::move(doc));
    s.domain = kMlDomain;
    return s;
}

AttrSpec empty_ints(std::string name, std::string doc) {
    return tensor_ops::attr_with_default(std::move(name), Attribute(std::vector<int64_t>{}),
                                         std::move(doc));
}
AttrSpec empty_floats(std::string name, std::string doc) {
    return tensor_ops::attr_with_default(std::move(name), Attribute(std::vector<double>{}),
                                         std::move(doc));
}
AttrSpec empty_strings(std::string name, std::string doc) {
    return tensor_ops::attr_with_default(std::move(name), Attribute(std::vector<std::string>{}),
                                         std::move(doc));
}

std::vector<double> tensor_attr_f64(const OpContext& ctx, const std::string& name) {
    const TensorPtr& t = ctx.attr(name).tensor();
    if (!t) ctx.fail("attribute '" + name + "' holds no tensor");
    if (!is_float(t->dtype()) && !is_integer(t->dtype()))
        ctx.fail("attribute '" + name + "' must be a numeric tensor, got " +
                 std::string(dtype_name(t->dtype())));
    return nn::to_f64(*t);
}

std::vector<double> floats_or_tensor(const OpContext& ctx, const std::string& name,
                                     const std::string& tensor_name) {
    const bool has_list = ctx.has_attr(name), has_tensor = ctx.has_attr(tensor_name);
    if (has_list && has_tensor)
        ctx.fail("sets both '" + name + "' and '" + tensor_name + "'; set only one of them");
    if (has_tensor) return tensor_attr_f64(ctx, tensor_name);
    if (has_list) return ctx.attr_floats(name);
    return {};
}

std::string str(std::size_t v) { return std::to_string(v); }

void require_count(const OpContext& ctx, const std::string& what, std::size_t have,
                   std::size_t want, const std::string& why) {
    if (have != want)
        ctx.fail("attribute '" + what + "' has " + str(have) + " values, expected " + str(want) +
                 (why.empty() ? "" : " (" + why + ")"));
}

// ---- post transforms ---------------------------------------------------------------------

PostTransform post_transform_of(const OpContext& ctx) {
    const std::string& s = ctx.attr_s("post_transform");
    if (s == "NONE") return PostTransform::none;
    if (s == "SOFTMAX") return PostTransform::softmax;
    if (s == "LOGISTIC") return PostTransform::logistic;
    if (s == "SOFTMAX_ZERO") return PostTransform::softmax_zero;
    if (s == "PROBIT") return PostTransform::probit;
    ctx.fail("attribute 'post_transform' must be NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO or "
             "PROBIT, got '" + s + "'");
}

double logistic(double x) {
    // exp of a non-positive number only, so that no intermediate overflows.
    const double e = std::exp(-std::abs(x));
    return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

namespace {

// erfinv(y) for y in (-1, 1): Winitzki's closed form as a start, then Newton steps on erf.
double erfinv(double y) {
    if (y <= -1.0) return -std::numeric_limits<double>::infinity();
    if (y >= 1.0) return std::numeric_limits<double>::infinity();
    if (y == 0.0) return 0.0;
    constexpr double a = 0.147;
    constexpr double pi = 3.14159265358979323846;
    const double ln = std::log((1.0 - y) * (1.0 + y));
    const double t = 2.0 / (pi * a) + 0.5 * ln;
    double x = std::copysign(std::sqrt(std::sqrt(t * t - ln / a) - t), y);
    const double two_over_sqrt_pi = 1.12837916709551257390;
    for (int i = 0; i < 4; ++i) {
        const double slope = two_over_sqrt_pi * std::exp(-x * x);
        if (slope == 0.0) break;
        x -= (std::erf(x) - y) / slope;
    }
    return x;
}

void softmax_row(double* row, std::size_t n, bool skip_zeros) {
    if (n == 0) return;
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i)
        if (!skip_zeros || row[i] != 0.0) mx = std::max(mx, row[i]);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (skip_zeros && row[i] == 0.0) continue;
        row[i] = std::exp(row[i] - mx);
        sum += row[i];
    }
    if (sum == 0.0) {  // SOFTMAX_ZERO of an all-zero row
        std::fill(row, row + n, 0.5);
        return;
    }
    for (std::size_t i = 0; i < n; ++i) row[i] /= sum;
}

}  // namespace

double probit(double p) { return std::sqrt(2.0) * erfinv(2.0 * p - 1.0); }

void apply_post_transform(PostTransform t, double* row, std::size_t n) {
    switch (t) {
        case PostTransform::none: return;
        case PostTransform::logistic:
            for (std::size_t i = 0; i < n; ++i) row[i] = logistic(row[i]);
            return;
        case PostTransform::softmax: softmax_row(row, n, false); return;
        case PostTransform::softmax_zero: softmax_row(row, n, true); return;
        case PostTransform::probit:
            for (std::size_t i = 0; i < n; ++i) row[i] = probit(row[i]);
            return;
    }
}

// ---- feature matrices --------------------------------------------------------------------

void require_feature_dtype(const OpContext& ctx, DType t, const std::string& what) {
    if (t == DType::undefined || t == DType::f32 || t == DType::f64 || t == DType::i64 ||
        t == DType::i32)
        return;
    ctx.fail(what + " must be f32, f64, i64 or i32, got " + std::string(dtype_name(t)));
}

RowsCols infer_rows_cols(const InferContext& ctx, std::size_t i, const std::string& what) {
    const Shape& s = ctx.input_shape(i);
    if (!s.ranked()) return {Dim::unknown(), Dim::unknown()};
    if (s.rank() == 1) return {Dim(1), s[0]};
    if (s.rank() == 2) return {s[0], s[1]};
    ctx.fail(what + " must be a feature matrix [N, C] or a single row [C], got rank " +
             str(s.rank()) + " " + s.str());
}

Matrix feature_matrix(const ComputeContext& ctx, std::size_t i, const std::string& what) {
    const Tensor& t = ctx.input(i);
    require_feature_dtype(ctx, t.dtype(), what);
    const auto shape = t.shape();
    if (shape.empty() || shape.size() > 2)
        ctx.fail(what + " must be a feature matrix [N, C] or a single row [C], got shape " +
                 tensor_ops::shape_str(shape));
    Matrix m;
    m.rows = shape.size() == 1 ? 1 : shape[0];
    m.cols = shape.back();
    m.v = nn::to_f64(t);
    return m;
}

// ---- class labels ------------------------------------------------------------------------

ClassLabels class_labels_of(const OpContext& ctx, const std::string& ints_name,
                            const std::string& strings_name) {
    ClassLabels l;
    l.ints = ctx.attr_ints(ints_name);
    l.strings = ctx.attr(strings_name).strings();
    if (l.ints.empty() == l.strings.empty())
        ctx.fail(l.ints.empty() ? "sets neither '" + ints_name + "' nor '" + strings_name +
                                      "'; a classifier needs its class labels in one of them"
                                : "sets both '" + ints_name + "' and '" + strings_name +
                                      "'; set only one of them");
    l.use_strings = !l.strings.empty();
    return l;
}

Tensor labels_tensor(const ClassLabels& labels, const std::vector<std::size_t>& index) {
    const std::vector<int64_t> shape{static_cast<int64_t>(index.size())};
    if (labels.use_strings) {
        std::vector<std::string> v;
        for (std::size_t k : index) v.push_back(labels.strings.at(k));
        return Tensor::from_vector<std::string>(shape, v);
    }
    std::vector<int64_t> v;
    for (std::size_t k : index) v.push_back(labels.ints.at(k));
    return Tensor::from_vector<int64_t>(shape, v);
}

}  // namespace neo::ops::ml
