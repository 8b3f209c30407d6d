// Hardmax (ONNX opset 13): along one axis (attribute axis, default -1), 1 at the first
// position holding the maximum and 0 elsewhere. A NaN counts as the maximum (as in NumPy's
// and PyTorch's argmax): the first NaN of a slice gets the 1.
#include <cmath>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

void infer_hardmax(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input");
    const Shape& s = ctx.input_shape(0);
    if (s.ranked()) {
        if (s.rank() == 0) ctx.fail("input must have rank >= 1, got a scalar");
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(s.rank()), ctx);
    }
    ctx.set_output(0, t, s);
}

void compute_hardmax(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_float(ctx, xt.dtype(), "input");
    const auto xs = xt.shape();
    if (xs.empty()) ctx.fail("input must have rank >= 1, got a scalar");
    const auto axis = static_cast<std::size_t>(
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.size()), ctx));
    const int64_t outer = prod(xs, 0, axis), n = xs[axis], inner = prod(xs, axis + 1, xs.size());
    const std::vector<double> x = to_f64(xt);
    std::vector<double> y(x.size(), 0.0);
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t in = 0; in < inner; ++in) {
            const int64_t base = o * n * inner + in;
            int64_t best = -1;
            for (int64_t i = 0; i < n; ++i) {
                const double v = x[static_cast<std::size_t>(base + i * inner)];
                if (std::isnan(v)) {
                    best = i;
                    break;
                }
                if (best < 0 || v > x[static_cast<std::size_t>(base + best * inner)]) best = i;
            }
            if (best >= 0) y[static_cast<std::size_t>(base + best * inner)] = 1.0;
        }
    ctx.set_output(0, from_f64(xt.dtype(), xs, y));
}

}  // namespace

void register_hardmax(OpRegistry& r) {
    OpSchema s;
    s.name = "Hardmax";
    s.attrs = {{"axis", AttrType::i, Attribute(int64_t{-1}), false,
                "the axis the maximum is taken along (negative: from the back)"}};
    s.infer = infer_hardmax;
    s.compute = compute_hardmax;
    s.doc = "One-hot of the first maximum along one axis, ONNX Hardmax-13. Float dtypes.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
