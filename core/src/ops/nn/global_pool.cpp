// GlobalAveragePool, GlobalMaxPool and GlobalLpPool (ONNX opset 22): X (N, C, D1..Dn) →
// (N, C, 1..1), the mean / max / Lp norm ((sum of |x|^p)^(1/p)) over all spatial positions
// of each channel. Any number of spatial axes.
#include <cmath>
#include <limits>
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {


void infer_global_pool(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    if (ctx.node().op() == "GlobalLpPool") lp_exponent(ctx);
    require_float(ctx, t, "input X");
    const Shape& xs = ctx.input_shape(0);
    if (!xs.ranked()) {
        ctx.set_output(0, t, Shape::unranked());
        return;
    }
    if (xs.rank() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + xs.str());
    std::vector<Dim> out{xs[0], xs[1]};
    out.resize(xs.rank(), Dim(1));
    ctx.set_output(0, t, Shape(std::move(out)));
}

void compute_global_pool(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_float(ctx, xt.dtype(), "input X");
    const auto xs = xt.shape();
    if (xs.size() < 2)
        ctx.fail("input X must have rank >= 2 (N, C, spatial...), got shape " + ints_str(xs));
    const bool max = ctx.node().op() == "GlobalMaxPool";
    const bool lp = ctx.node().op() == "GlobalLpPool";
    const double p_exp = lp ? static_cast<double>(lp_exponent(ctx)) : 1.0;
    const int64_t planes = xs[0] * xs[1], plane = prod(xs, 2, xs.size());
    const std::vector<double> x = to_f64(xt);
    std::vector<double> y(static_cast<std::size_t>(planes));
    for (int64_t p = 0; p < planes; ++p) {
        const double* xp = &x[static_cast<std::size_t>(p * plane)];
        double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
        for (int64_t i = 0; i < plane; ++i) {
            if (lp) acc += std::pow(std::abs(xp[i]), p_exp);
            else if (!max) acc += xp[i];
            else if (xp[i] > acc || std::isnan(xp[i])) acc = xp[i];
            if (max && std::isnan(acc)) break;  // NaN propagates
        }
        y[static_cast<std::size_t>(p)] = max  ? acc
                                         : lp ? std::pow(acc, 1.0 / p_exp)
                                              : acc / static_cast<double>(plane);
    }
    std::vector<int64_t> yshape{xs[0], xs[1]};
    yshape.resize(xs.size(), 1);
    ctx.set_output(0, from_f64(xt.dtype(), yshape, y));
}

void add(OpRegistry& r, const std::string& name, const std::string& doc,
         std::vector<AttrSpec> attrs = {}) {
    OpSchema s;
    s.name = name;
    s.attrs = std::move(attrs);
    s.infer = infer_global_pool;
    s.compute = compute_global_pool;
    s.doc = doc;
    r.add(std::move(s));
}

}  // namespace

void register_global_pool(OpRegistry& r) {
    add(r, "GlobalAveragePool",
        "Mean over all spatial axes, ONNX GlobalAveragePool-22. Float dtypes.");
    add(r, "GlobalMaxPool", "Max over all spatial axes, ONNX GlobalMaxPool-22. Float dtypes.");
    add(r, "GlobalLpPool",
        "Lp norm over all spatial axes, ONNX GlobalLpPool-22. Float dtypes; computed in double.",
        {{"p", AttrType::i, Attribute(int64_t{2}), false, "the exponent p of the Lp norm"}});
}

}  // namespace neo::ops::nn
