// ArrayFeatureExtractor (ai.onnx.ml opset 1): selects columns (elements of the last axis)
// of X by the int64 indices Y (any shape, read flattened: k indices).
//   Z[..., j] = X[..., Y[j]];  Z: X's dtype, shape X.shape[:-1] + [k], or [1, k] for a 1-D X
// (as onnxruntime does). An index outside [0, X.shape[-1]) is an error.
#include "ops/ml/ml_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::numel_of;

void check_dtypes(const OpContext& ctx, DType x, DType y) {
    if (x != DType::undefined && x != DType::f32 && x != DType::f64 && x != DType::i64 &&
        x != DType::i32 && x != DType::string)
        ctx.fail("input X must be f32, f64, i64, i32 or string, got " + std::string(dtype_name(x)));
    if (y != DType::undefined && y != DType::i64)
        ctx.fail("input Y (the indices) must be i64, got " + std::string(dtype_name(y)));
}

void check_indices(const OpContext& ctx, const std::vector<int64_t>& idx, int64_t cols) {
    for (int64_t i : idx)
        if (i < 0 || i >= cols)
            ctx.fail("index " + std::to_string(i) + " in input Y is out of range: input X has " +
                     std::to_string(cols) + " columns (its last dim)");
}

void infer_array_feature_extractor(InferContext& ctx) {
    check_dtypes(ctx, ctx.input_dtype(0), ctx.input_dtype(1));
    const Shape& x = ctx.input_shape(0);
    const Shape& y = ctx.input_shape(1);
    Dim k = y.is_static() ? Dim(y.numel()) : Dim::unknown();
    if (const Tensor* c = ctx.input_constant(1)) {
        k = Dim(c->numel());
        if (x.ranked() && x.rank() > 0 && x.dims().back().is_static())
            check_indices(ctx, c->to_int_vector(), x.dims().back().value());
    }
    if (!x.ranked()) {
        ctx.set_output(0, ctx.input_dtype(0), Shape::unranked());
        return;
    }
    if (x.rank() == 0) ctx.fail("input X is a scalar; it needs at least one axis to select from");
    std::vector<Dim> dims;
    if (x.rank() == 1) dims.emplace_back(1);
    else dims.assign(x.dims().begin(), x.dims().end() - 1);
    dims.push_back(k);
    ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(dims)));
}

void compute_array_feature_extractor(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    check_dtypes(ctx, x.dtype(), ctx.input(1).dtype());
    const auto xs = x.shape();
    if (xs.empty()) ctx.fail("input X is a scalar; it needs at least one axis to select from");
    const std::vector<int64_t> idx = ctx.input(1).to_int_vector();
    const int64_t cols = xs.back();
    check_indices(ctx, idx, cols);
    const int64_t k = static_cast<int64_t>(idx.size());
    std::vector<int64_t> out_shape;
    if (xs.size() == 1) out_shape.push_back(1);
    else out_shape.assign(xs.begin(), xs.end() - 1);
    out_shape.push_back(k);
    const int64_t rows = numel_of(out_shape) / std::max<int64_t>(k, 1);
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(rows * k));
    for (int64_t r = 0; r < rows && k > 0; ++r)
        for (int64_t j : idx) src.push_back(r * cols + j);
    ctx.set_output(0, tensor_ops::gather_flat(x, out_shape, src));
}

}  // namespace

void register_array_feature_extractor(OpRegistry& r) {
    r.add(make_ml_schema(
        "ArrayFeatureExtractor", 2, 2, 1, 1, {}, infer_array_feature_extractor,
        compute_array_feature_extractor,
        "Selects elements of X's last axis by the int64 indices Y: Z = X[..., Y]; a 1-D X "
        "gives [1, k]."));
}

}  // namespace neo::ops::ml
