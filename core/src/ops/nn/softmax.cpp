// Softmax and LogSoftmax (ONNX opset 13): along one axis (attribute axis, default -1),
//   Softmax(x)    = exp(x - max) / sum(exp(x - max))
//   LogSoftmax(x) = x - max - log(sum(exp(x - max)))
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

void infer_softmax(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input");
    const Shape& s = ctx.input_shape(0);
    if (s.ranked()) normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(s.rank()), ctx);
    ctx.set_output(0, t, s);
}

void compute_softmax(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_float(ctx, xt.dtype(), "input");
    const auto xs = xt.shape();
    const std::size_t axis = static_cast<std::size_t>(
        normalize_axis(ctx.attr_i("axis"), static_cast<int64_t>(xs.size()), ctx));
    const bool log = ctx.node().op() == "LogSoftmax";
    const int64_t outer = prod(xs, 0, axis), n = xs[axis], inner = prod(xs, axis + 1, xs.size());
    std::vector<double> x = to_f64(xt);
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t in = 0; in < inner; ++in) {
            double* p = &x[static_cast<std::size_t>(o * n * inner + in)];
            auto at = [&](int64_t i) -> double& { return p[i * inner]; };
            double mx = -std::numeric_limits<double>::infinity();
            for (int64_t i = 0; i < n; ++i) mx = std::max(mx, at(i));
            if (std::isinf(mx)) mx = 0.0;  // all -inf (or +inf present): no shift
            double sum = 0.0;
            for (int64_t i = 0; i < n; ++i) sum += std::exp(at(i) - mx);
            const double log_sum = std::log(sum);
            for (int64_t i = 0; i < n; ++i)
                at(i) = log ? at(i) - mx - log_sum : std::exp(at(i) - mx) / sum;
        }
    ctx.set_output(0, from_f64(xt.dtype(), xs, x));
}

void add(OpRegistry& r, const std::string& name, const std::string& doc) {
    OpSchema s;
    s.name = name;
    s.attrs = {{"axis", AttrType::i, Attribute(int64_t{-1}), false,
                "the axis normalized over (negative: from the back)"}};
    s.infer = infer_softmax;
    s.compute = compute_softmax;
    s.doc = doc;
    r.add(std::move(s));
}

}  // namespace

void register_softmax(OpRegistry& r) {
    add(r, "Softmax", "Softmax along one axis, ONNX Softmax-13. Float dtypes; computed in double.");
    add(r, "LogSoftmax",
        "Log of softmax along one axis, ONNX LogSoftmax-13. Float dtypes; computed in double.");
}

}  // namespace neo::ops::nn
