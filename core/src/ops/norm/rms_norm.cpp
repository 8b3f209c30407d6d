// RMSNormalization (ONNX opset 23): normalizes X by its root mean square over the axes
// [axis, rank):
//   Y = X / sqrt(mean(X^2) + epsilon) * scale
// scale broadcasts (unidirectionally) to X; Y takes scale's dtype, which may differ from X's.
#include <cmath>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops::norm {
namespace {

void check_shapes(const OpContext& ctx, const Shape& xs, const Shape& scale) {
    float_type_attr(ctx, "stash_type");
    if (!xs.ranked()) return;
    if (xs.rank() == 0) ctx.fail("input X must have rank >= 1, got a scalar");
    normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.rank()), ctx);
    nn::require_broadcastable_to(ctx, scale, xs, "input scale");
}

void infer_rms_norm(InferContext& ctx) {
    nn::require_float(ctx, ctx.input_dtype(0), "input X");
    const DType v = ctx.input_dtype(1);
    nn::require_float(ctx, v, "input scale");
    check_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1));
    ctx.set_output(0, v, ctx.input_shape(0));
}

void compute_rms_norm(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& st = ctx.input(1);
    nn::require_float(ctx, xt.dtype(), "input X");
    nn::require_float(ctx, st.dtype(), "input scale");
    check_shapes(ctx, xt.ir_shape(), st.ir_shape());
    const auto xs = xt.shape();
    const std::size_t axis = static_cast<std::size_t>(
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.size()), ctx));
    const double eps = ctx.attr_f("epsilon");
    std::vector<double> x = nn::to_f64(xt);
    const std::vector<double> scale = nn::broadcast_to(nn::to_f64(st), st.shape(), xs);
    const int64_t outer = nn::prod(xs, 0, axis), inner = nn::prod(xs, axis, xs.size());
    for (int64_t o = 0; o < outer; ++o) {
        const std::size_t base = static_cast<std::size_t>(o * inner);
        double sq = 0.0;
        for (int64_t i = 0; i < inner; ++i) {
            const double v = x[base + static_cast<std::size_t>(i)];
            sq += v * v;
        }
        const double inv = 1.0 / std::sqrt(sq / static_cast<double>(inner) + eps);
        for (int64_t i = 0; i < inner; ++i) {
            const std::size_t e = base + static_cast<std::size_t>(i);
            x[e] = x[e] * inv * scale[e];
        }
    }
    ctx.set_output(0, nn::from_f64(st.dtype(), xs, x));
}

}  // namespace

void register_rms_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "RMSNormalization";
    s.min_inputs = 2;
    s.max_inputs = 2;
    s.attrs = {
        {"axis", AttrType::i, Attribute(int64_t{-1}), false, "first normalized axis"},
        {"epsilon", AttrType::f, Attribute(1e-5), false, "added to the mean square"},
        {"stash_type", AttrType::i, Attribute(int64_t{1}), false,
         "precision of the normalization stage (ONNX TensorProto code; 1 = float)"},
    };
    s.infer = infer_rms_norm;
    s.compute = compute_rms_norm;
    s.doc = "Root-mean-square normalization, ONNX RMSNormalization-23. Float dtypes (Y takes "
            "scale's); computed in double whatever stash_type says.";
    r.add(std::move(s));
}

}  // namespace neo::ops::norm
