// LayerNormalization (ONNX opset 17): normalizes X over the axes [axis, rank):
//   Mean = mean(X), InvStdDev = 1 / sqrt(mean((X - Mean)^2) + epsilon),
//   Y = (X - Mean) * InvStdDev * Scale + B
// Scale and B broadcast (unidirectionally) to X. The optional outputs Mean and InvStdDev
// have X's shape with the normalized axes set to 1, and the dtype chosen by stash_type.
#include <cmath>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

// The dtype of Mean / InvStdDev: stash_type is an ONNX TensorProto element type.
DType stash_dtype(const OpContext& ctx) {
    switch (ctx.attr_i("stash_type")) {
        case 1: return DType::f32;
        case 10: return DType::f16;
        case 11: return DType::f64;
        case 16: return DType::bf16;
        default:
            ctx.fail("attribute 'stash_type' must be a float element type (1 float, 10 float16, "
                     "11 double, 16 bfloat16), got " + std::to_string(ctx.attr_i("stash_type")));
    }
}

void infer_layer_norm(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input X");
    require_same_dtype(ctx, ctx.input_dtype(1), t, "input Scale", "input X");
    if (ctx.has_input(2)) require_same_dtype(ctx, ctx.input_dtype(2), t, "input B", "input X");
    const DType st = stash_dtype(ctx);
    const Shape& xs = ctx.input_shape(0);
    require_broadcastable_to(ctx, ctx.input_shape(1), xs, "input Scale");
    if (ctx.has_input(2)) require_broadcastable_to(ctx, ctx.input_shape(2), xs, "input B");
    ctx.set_output(0, t, xs);
    if (ctx.num_outputs() == 1) return;
    Shape stat = Shape::unranked();
    if (xs.ranked()) {
        const int64_t r = static_cast<int64_t>(xs.rank());
        const std::size_t axis = static_cast<std::size_t>(normalize_axis(ctx.attr_i("axis"), r, ctx));
        std::vector<Dim> d(xs.dims().begin(), xs.dims().begin() + static_cast<std::ptrdiff_t>(axis));
        d.resize(xs.rank(), Dim(1));
        stat = Shape(std::move(d));
    }
    for (std::size_t i = 1; i < ctx.num_outputs(); ++i) ctx.set_output(i, st, stat);
}

void compute_layer_norm(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& st = ctx.input(1);
    const Tensor* bt = ctx.optional_input(2);
    require_float(ctx, xt.dtype(), "input X");
    require_same_dtype(ctx, st.dtype(), xt.dtype(), "input Scale", "input X");
    if (bt) require_same_dtype(ctx, bt->dtype(), xt.dtype(), "input B", "input X");
    const DType stash = stash_dtype(ctx);
    const auto xs = xt.shape();
    const std::size_t axis = static_cast<std::size_t>(
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.size()), ctx));
    require_broadcastable_to(ctx, st.ir_shape(), xt.ir_shape(), "input Scale");
    if (bt) require_broadcastable_to(ctx, bt->ir_shape(), xt.ir_shape(), "input B");
    const double eps = ctx.attr_f("epsilon");

    std::vector<double> x = to_f64(xt);
    const std::vector<double> scale = broadcast_to(to_f64(st), st.shape(), xs);
    const std::vector<double> bias =
        bt ? broadcast_to(to_f64(*bt), bt->shape(), xs) : std::vector<double>();
    const int64_t outer = prod(xs, 0, axis), inner = prod(xs, axis, xs.size());
    std::vector<double> means(static_cast<std::size_t>(outer)), inv(means.size());
    for (int64_t o = 0; o < outer; ++o) {
        const std::size_t base = static_cast<std::size_t>(o * inner);
        double mean = 0.0, var = 0.0;
        for (int64_t i = 0; i < inner; ++i) mean += x[base + static_cast<std::size_t>(i)];
        mean /= static_cast<double>(inner);
        for (int64_t i = 0; i < inner; ++i) {
            const double d = x[base + static_cast<std::size_t>(i)] - mean;
            var += d * d;
        }
        var /= static_cast<double>(inner);
        const double is = 1.0 / std::sqrt(var + eps);
        for (int64_t i = 0; i < inner; ++i) {
            const std::size_t e = base + static_cast<std::size_t>(i);
            x[e] = (x[e] - mean) * is * scale[e] + (bt ? bias[e] : 0.0);
        }
        means[static_cast<std::size_t>(o)] = mean;
        inv[static_cast<std::size_t>(o)] = is;
    }
    ctx.set_output(0, from_f64(xt.dtype(), xs, x));
    std::vector<int64_t> stat_shape(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(axis));
    stat_shape.resize(xs.size(), 1);
    if (ctx.num_outputs() > 1) ctx.set_output(1, from_f64(stash, stat_shape, means));
    if (ctx.num_outputs() > 2) ctx.set_output(2, from_f64(stash, stat_shape, inv));
}

}  // namespace

void register_layer_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "LayerNormalization";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.max_outputs = 3;
    s.attrs = {
        {"axis", AttrType::i, Attribute(int64_t{-1}), false, "first normalized axis"},
        {"epsilon", AttrType::f, Attribute(1e-5), false, "added to the variance"},
        {"stash_type", AttrType::i, Attribute(int64_t{1}), false,
         "element type of Mean / InvStdDev (ONNX TensorProto code; 1 = float)"},
    };
    s.infer = infer_layer_norm;
    s.compute = compute_layer_norm;
    s.doc = "Layer normalization, ONNX LayerNormalization-17, with the optional Mean and "
            "InvStdDev outputs. Float dtypes; computed in double whatever stash_type says.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
