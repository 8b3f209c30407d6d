// Feature preprocessing of ai.onnx.ml (opset 1), elementwise or per row:
//   Scaler      Y = (X - offset[c]) * scale[c] along the last axis (one value: every
//               feature; none: offset 0 / scale 1). X f32/f64/i64/i32, Y f32.
//   Normalizer  each row of X [N, C] (or [C]) divided by its norm: MAX = max |x|,
//               L1 = sum |x|, L2 = sqrt(sum x^2); a row whose norm is 0 stays 0. Y f32.
//   Binarizer   Y = 1 where X > threshold, else 0 (NaN gives 0), in X's dtype.
//   Imputer     X [N, C] (or [C]) with every element equal to the replaced value (NaN
//               matches NaN) set to the imputed value of its column (one value: every
//               column). Float X uses imputed_value_floats / replaced_value_float, integer
//               X imputed_value_int64s / replaced_value_int64. Y in X's dtype.
#include <cmath>

#include "ops/ml/ml_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::attr_with_default;

// fail() unless a per-feature list (1 value or one per feature) fits `cols` features.
void check_per_feature(const OpContext& ctx, const std::string& what, std::size_t n,
                       const Shape& x) {
    if (n <= 1) return;
    if (x.ranked() && x.rank() == 0)
        ctx.fail("attribute '" + what + "' has " + str(n) + " values, but input X is a scalar");
    if (x.ranked() && x.dims().back().is_static() && x.dims().back().value() != static_cast<int64_t>(n))
        ctx.fail("attribute '" + what + "' has " + str(n) + " values, but input X has " +
                 std::to_string(x.dims().back().value()) + " features (its last dim); give one "
                 "value per feature, or one for all");
}

// Element k of a per-feature list along a last axis of `cols`.
double per_feature(const std::vector<double>& v, int64_t k, int64_t cols, double none) {
    if (v.empty()) return none;
    if (v.size() == 1) return v[0];
    return v[static_cast<std::size_t>(k % cols)];
}

// ---- Scaler ------------------------------------------------------------------------------

void infer_scaler(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    const Shape& x = ctx.input_shape(0);
    check_per_feature(ctx, "offset", ctx.attr_floats("offset").size(), x);
    check_per_feature(ctx, "scale", ctx.attr_floats("scale").size(), x);
    ctx.set_output(0, DType::f32, x);
}

void compute_scaler(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_feature_dtype(ctx, xt.dtype(), "input X");
    const auto offset = ctx.attr_floats("offset"), scale = ctx.attr_floats("scale");
    check_per_feature(ctx, "offset", offset.size(), xt.ir_shape());
    check_per_feature(ctx, "scale", scale.size(), xt.ir_shape());
    const auto shape = xt.shape();
    const int64_t cols = shape.empty() ? 1 : shape.back();
    std::vector<double> x = nn::to_f64(xt);
    for (std::size_t k = 0; k < x.size(); ++k) {
        const auto i = static_cast<int64_t>(k);
        x[k] = (x[k] - per_feature(offset, i, cols, 0.0)) * per_feature(scale, i, cols, 1.0);
    }
    ctx.set_output(0, nn::from_f64(DType::f32, shape, x));
}

// ---- Normalizer --------------------------------------------------------------------------

void check_norm(const OpContext& ctx) {
    const std::string& n = ctx.attr_s("norm");
    if (n != "MAX" && n != "L1" && n != "L2")
        ctx.fail("attribute 'norm' must be MAX, L1 or L2, got '" + n + "'");
}

void infer_normalizer(InferContext& ctx) {
    require_feature_dtype(ctx, ctx.input_dtype(0), "input X");
    check_norm(ctx);
    infer_rows_cols(ctx, 0, "input X");
    ctx.set_output(0, DType::f32, ctx.input_shape(0));
}

void compute_normalizer(ComputeContext& ctx) {
    check_norm(ctx);
    Matrix x = feature_matrix(ctx, 0, "input X");
    const std::string& norm = ctx.attr_s("norm");
    for (int64_t r = 0; r < x.rows; ++r) {
        double* row = x.v.data() + r * x.cols;
        double d = 0.0;
        for (int64_t c = 0; c < x.cols; ++c) {
            if (norm == "MAX") d = std::max(d, std::abs(row[c]));
            else if (norm == "L1") d += std::abs(row[c]);
            else d += row[c] * row[c];
        }
        if (norm == "L2") d = std::sqrt(d);
        if (d == 0.0) continue;
        for (int64_t c = 0; c < x.cols; ++c) row[c] /= d;
    }
    ctx.set_output(0, nn::from_f64(DType::f32, ctx.input(0).shape(), x.v));
}

// ---- Binarizer ---------------------------------------------------------------------------

void infer_binarizer(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_feature_dtype(ctx, t, "input X");
    ctx.set_output(0, t, ctx.input_shape(0));
}

void compute_binarizer(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    require_feature_dtype(ctx, x.dtype(), "input X");
    const double threshold = ctx.attr_f("threshold");
    std::vector<double> y(static_cast<std::size_t>(x.numel()));
    for (int64_t i = 0; i < x.numel(); ++i)
        y[static_cast<std::size_t>(i)] = x.at_double(i) > threshold ? 1.0 : 0.0;
    ctx.set_output(0, nn::from_f64(x.dtype(), x.shape(), y));
}

// ---- Imputer -----------------------------------------------------------------------------

// The imputed values that fit X's dtype; fail() when the model sets none or the wrong kind.
std::size_t imputed_count(const OpContext& ctx, DType t) {
    const std::size_t nf = ctx.attr_floats("imputed_value_floats").size();
    const std::size_t ni = ctx.attr_ints("imputed_value_int64s").size();
    if (nf && ni) ctx.fail("sets both 'imputed_value_floats' and 'imputed_value_int64s'; set one");
    if (!nf && !ni) ctx.fail("sets neither 'imputed_value_floats' nor 'imputed_value_int64s'");
    if (t == DType::undefined) return nf + ni;
    if (is_float(t) && !nf)
        ctx.fail("input X is " + std::string(dtype_name(t)) + " but the model gives "
                 "'imputed_value_int64s'; float inputs take 'imputed_value_floats'");
    if (is_integer(t) && !ni)
        ctx.fail("input X is " + std::string(dtype_name(t)) + " but the model gives "
                 "'imputed_value_floats'; integer inputs take 'imputed_value_int64s'");
    return nf + ni;
}

void infer_imputer(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_feature_dtype(ctx, t, "input X");
    infer_rows_cols(ctx, 0, "input X");
    const std::size_t n = imputed_count(ctx, t);
    check_per_feature(ctx, is_integer(t) ? "imputed_value_int64s" : "imputed_value_floats", n,
                      ctx.input_shape(0));
    ctx.set_output(0, t, ctx.input_shape(0));
}

void compute_imputer(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Matrix shape_check = feature_matrix(ctx, 0, "input X");
    const DType t = xt.dtype();
    const std::size_t n = imputed_count(ctx, t);
    const std::string what = is_integer(t) ? "imputed_value_int64s" : "imputed_value_floats";
    check_per_feature(ctx, what, n, xt.ir_shape());
    const int64_t cols = shape_check.cols;
    if (is_integer(t)) {
        std::vector<int64_t> x = xt.to_int_vector();
        const auto& imputed = ctx.attr_ints("imputed_value_int64s");
        const int64_t replaced = ctx.attr_i("replaced_value_int64");
        for (std::size_t k = 0; k < x.size(); ++k)
            if (x[k] == replaced)
                x[k] = imputed.size() == 1 ? imputed[0] : imputed[k % static_cast<std::size_t>(cols)];
        ctx.set_output(0, Tensor::from_vector<int64_t>(xt.shape(), x).cast(t));
        return;
    }
    std::vector<double> x = shape_check.v;
    const auto imputed = ctx.attr_floats("imputed_value_floats");
    const double replaced = ctx.attr_f("replaced_value_float");
    for (std::size_t k = 0; k < x.size(); ++k) {
        const bool hit = std::isnan(replaced) ? std::isnan(x[k]) : x[k] == replaced;
        if (hit) x[k] = per_feature(imputed, static_cast<int64_t>(k), cols, 0.0);
    }
    ctx.set_output(0, nn::from_f64(t, xt.shape(), x));
}

}  // namespace

void register_preprocessing(OpRegistry& r) {
    r.add(make_ml_schema("Scaler", 1, 1, 1, 1,
                         {empty_floats("offset", "subtracted first: one per feature, or one"),
                          empty_floats("scale", "then multiplied: one per feature, or one")},
                         infer_scaler, compute_scaler,
                         "Y = (X - offset) * scale along the last axis. Y: f32."));
    r.add(make_ml_schema("Normalizer", 1, 1, 1, 1,
                         {attr_with_default("norm", Attribute("MAX"), "MAX, L1 or L2")},
                         infer_normalizer, compute_normalizer,
                         "Divides each row of X [N, C] by its MAX, L1 or L2 norm. Y: f32."));
    r.add(make_ml_schema("Binarizer", 1, 1, 1, 1,
                         {attr_with_default("threshold", Attribute(0.0), "1 above it, else 0")},
                         infer_binarizer, compute_binarizer,
                         "Y = X > threshold ? 1 : 0, in X's dtype."));
    r.add(make_ml_schema(
        "Imputer", 1, 1, 1, 1,
        {empty_floats("imputed_value_floats", "per column, or one (float inputs)"),
         empty_ints("imputed_value_int64s", "per column, or one (integer inputs)"),
         attr_with_default("replaced_value_float", Attribute(0.0), "the value to replace (NaN: NaNs)"),
         attr_with_default("replaced_value_int64", Attribute(int64_t{0}), "the value to replace")},
        infer_imputer, compute_imputer,
        "Replaces the elements of X [N, C] equal to the replaced value by the imputed value "
        "of their column. Y: X's dtype."));
}

}  // namespace neo::ops::ml
