// BatchNormalization (ONNX opset 15), inference mode only:
//   Y = (X - input_mean) / sqrt(input_var + epsilon) * scale + B
// per channel (axis 1) of X (N, C, D1..Dn). training_mode = 1 (and with it the outputs
// running_mean / running_var) is refused: neo compiles models for inference.
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

const char* const kParamNames[] = {"scale", "B", "input_mean", "input_var"};

void check_mode(const OpContext& ctx, std::size_t num_outputs) {
    if (ctx.attr_i("training_mode") != 0)
        ctx.fail("training_mode=1 is not supported (neo runs inference only); export the model "
                 "in inference mode");
    if (num_outputs > 1)
        ctx.fail("has " + std::to_string(num_outputs) +
                 " outputs, but running_mean / running_var are only produced with "
                 "training_mode=1, which is not supported; use a single output Y");
}

void infer_batch_norm(InferContext& ctx) {
    check_mode(ctx, ctx.num_outputs());
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input X");
    const Shape& xs = ctx.input_shape(0);
    if (xs.ranked() && xs.rank() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, ...), got shape " + xs.str());
    const Dim c = xs.ranked() ? xs[1] : Dim::unknown();
    for (std::size_t i = 1; i <= 4; ++i) {
        const std::string what = "input " + std::string(kParamNames[i - 1]);
        require_float(ctx, ctx.input_dtype(i), what);
        const Shape& ps = ctx.input_shape(i);
        if (!ps.ranked()) continue;
        if (ps.rank() != 1) ctx.fail(what + " must be 1-D, got shape " + ps.str());
        if (ps[0].is_static() && c.is_static() && ps[0].value() != c.value())
            ctx.fail(what + " has shape " + ps.str() + " but X has " +
                     std::to_string(c.value()) + " channels (shape " + xs.str() + ")");
    }
    ctx.set_output(0, t, xs);
}

void compute_batch_norm(ComputeContext& ctx) {
    check_mode(ctx, ctx.num_outputs());
    const Tensor& xt = ctx.input(0);
    require_float(ctx, xt.dtype(), "input X");
    const auto xs = xt.shape();
    if (xs.size() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, ...), got shape " + ints_str(xs));
    const int64_t n = xs[0], c = xs[1], inner = prod(xs, 2, xs.size());
    std::vector<double> params[4];
    for (std::size_t i = 1; i <= 4; ++i) {
        const Tensor& p = ctx.input(i);
        const std::string what = "input " + std::string(kParamNames[i - 1]);
        require_float(ctx, p.dtype(), what);
        if (p.rank() != 1 || p.shape()[0] != c)
            ctx.fail(what + " has shape " + ints_str(p.shape()) + " but X has " +
                     std::to_string(c) + " channels (shape " + ints_str(xs) + ")");
        params[i - 1] = to_f64(p);
    }
    const double eps = ctx.attr_f("epsilon");
    std::vector<double> x = to_f64(xt);
    for (int64_t ch = 0; ch < c; ++ch) {
        const std::size_t ci = static_cast<std::size_t>(ch);
        const double mul = params[0][ci] / std::sqrt(params[3][ci] + eps);
        const double mean = params[2][ci], bias = params[1][ci];
        for (int64_t b = 0; b < n; ++b) {
            double* p = &x[static_cast<std::size_t>((b * c + ch) * inner)];
            for (int64_t i = 0; i < inner; ++i) p[i] = (p[i] - mean) * mul + bias;
        }
    }
    ctx.set_output(0, from_f64(xt.dtype(), xs, x));
}

}  // namespace

void register_batch_norm(OpRegistry& r) {
    OpSchema s;
    s.name = "BatchNormalization";
    s.min_inputs = s.max_inputs = 5;
    s.max_outputs = 3;
    s.attrs = {
        {"epsilon", AttrType::f, Attribute(1e-5), false, "added to the variance"},
        {"momentum", AttrType::f, Attribute(0.9), false, "training only; ignored"},
        {"training_mode", AttrType::i, Attribute(int64_t{0}), false,
         "must be 0 (inference); 1 is refused"},
    };
    s.infer = infer_batch_norm;
    s.compute = compute_batch_norm;
    s.doc = "Batch normalization in inference mode, ONNX BatchNormalization-15. Float dtypes "
            "(scale/B/mean/var may be of another float dtype than X); computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
