// LpNormalization (ONNX opset 22): divides X by its Lp norm along one axis,
//   Y = X / (sum(|X|^p))^(1/p),   p = 1 or 2.
// A vector whose norm is 0 stays 0 (ONNX's backend test data expects 0, not 0/0 = NaN).
#include <cmath>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops::norm {
namespace {

using nn::prod;

void check_attrs(const OpContext& ctx, const Shape& xs) {
    const int64_t p = ctx.attr_i("p");
    if (p != 1 && p != 2)
        ctx.fail("attribute 'p' must be 1 or 2, got " + std::to_string(p));
    if (!xs.ranked()) return;
    if (xs.rank() == 0) ctx.fail("input must have rank >= 1, got a scalar");
    normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.rank()), ctx);
}

void infer_lp_normalization(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "input");
    check_attrs(ctx, ctx.input_shape(0));
    ctx.set_output(0, t, ctx.input_shape(0));
}

void compute_lp_normalization(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "input");
    check_attrs(ctx, xt.ir_shape());
    const auto xs = xt.shape();
    const std::size_t axis = static_cast<std::size_t>(
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.size()), ctx));
    const bool l1 = ctx.attr_i("p") == 1;
    const int64_t outer = prod(xs, 0, axis), n = xs[axis], inner = prod(xs, axis + 1, xs.size());
    std::vector<double> x = nn::to_f64(xt);
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t in = 0; in < inner; ++in) {
            double* p = &x[static_cast<std::size_t>(o * n * inner + in)];
            double norm = 0.0;
            for (int64_t i = 0; i < n; ++i) norm += l1 ? std::abs(p[i * inner]) : p[i * inner] * p[i * inner];
            if (!l1) norm = std::sqrt(norm);
            if (norm != 0.0)
                for (int64_t i = 0; i < n; ++i) p[i * inner] /= norm;
        }
    ctx.set_output(0, nn::from_f64(xt.dtype(), xs, x));
}

}  // namespace

void register_lp_normalization(OpRegistry& r) {
    OpSchema s;
    s.name = "LpNormalization";
    s.attrs = {
        {"axis", AttrType::i, Attribute(int64_t{-1}), false, "the axis normalized along"},
        {"p", AttrType::i, Attribute(int64_t{2}), false, "the norm's order: 1 or 2"},
    };
    s.infer = infer_lp_normalization;
    s.compute = compute_lp_normalization;
    s.doc = "Lp normalization along one axis, ONNX LpNormalization-22. Float dtypes; computed "
            "in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::norm
