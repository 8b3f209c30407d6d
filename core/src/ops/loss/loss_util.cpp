// The part NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss share: checking the
// (scores, labels, weights) triple, gathering the per-element losses and reducing them.
//   loss[n, d] = -log_prob[n, c, d] * weight[c],  c = target[n, d]  (0 if c == ignore_index)
//   "none": loss;  "sum": sum(loss);  "mean": sum(loss) / sum(weight[c] over the elements
//   not ignored)  (without weights: the number of elements not ignored)
#include <string>

#include "ops/loss/loss_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::loss {
namespace {

enum class Reduction { none, sum, mean };

Reduction reduction_of(const OpContext& ctx) {
    const std::string& r = ctx.attr_s("reduction");
    if (r == "none") return Reduction::none;
    if (r == "sum") return Reduction::sum;
    if (r == "mean") return Reduction::mean;
    ctx.fail("attribute 'reduction' must be \"none\", \"sum\" or \"mean\", got \"" + r + "\"");
}

void check_dtypes(const OpContext& ctx, const InputNames& names, DType x, DType target,
                  DType weight) {
    nn::require_float(ctx, x, "input " + names.input);
    if (target != DType::undefined && target != DType::i32 && target != DType::i64)
        ctx.fail("input " + names.target + " has dtype " + std::string(dtype_name(target)) +
                 "; class indices must be i32 or i64");
    nn::require_same_dtype(ctx, weight, x, "input " + names.weight, "input " + names.input);
}

// Checks the shapes against each other; returns the per-element loss shape (N, d1..dk).
Shape check_shapes(const OpContext& ctx, const InputNames& names, const Shape& xs,
                   const Shape& ts, const Shape* ws) {
    reduction_of(ctx);
    if (xs.ranked() && xs.rank() < 2)
        ctx.fail("input " + names.input + " must have rank >= 2 (N, C, d1..dk), got shape " +
                 xs.str());
    if (ws && ws->ranked() && ws->rank() != 1)
        ctx.fail("input " + names.weight + " must be 1-D (one weight per class), got shape " +
                 ws->str());
    if (!xs.ranked()) return ts;
    std::vector<Dim> per_elem{xs[0]};
    per_elem.insert(per_elem.end(), xs.dims().begin() + 2, xs.dims().end());
    if (ts.ranked()) {
        bool ok = ts.rank() == per_elem.size();
        for (std::size_t i = 0; ok && i < ts.rank(); ++i) {
            if (ts[i].is_static() && per_elem[i].is_static() && ts[i].value() != per_elem[i].value())
                ok = false;
            else if (!per_elem[i].is_static())
                per_elem[i] = ts[i];
        }
        if (!ok)
            ctx.fail("input " + names.target + " has shape " + ts.str() + " but input " +
                     names.input + " has shape " + xs.str() + "; " + names.target +
                     " must be " + names.input + "'s shape without axis 1 (the classes)");
    }
    if (ws && ws->ranked() && (*ws)[0].is_static() && xs[1].is_static() &&
        (*ws)[0].value() != xs[1].value())
        ctx.fail("input " + names.weight + " has shape " + ws->str() + " but input " +
                 names.input + " has " + std::to_string(xs[1].value()) + " classes (shape " +
                 xs.str() + ")");
    return Shape(std::move(per_elem));
}

}  // namespace

std::vector<AttrSpec> loss_attrs() {
    return {
        {"reduction", AttrType::s, Attribute(std::string("mean")), false,
         "how the per-element losses are reduced: none, sum or mean"},
        {"ignore_index", AttrType::i, std::nullopt, false,
         "a target value whose elements contribute nothing (optional)"},
    };
}

void infer_loss(InferContext& ctx, const InputNames& names) {
    const DType t = ctx.input_dtype(0);
    check_dtypes(ctx, names, t, ctx.input_dtype(1),
                 ctx.has_input(2) ? ctx.input_dtype(2) : DType::undefined);
    const Shape per_elem = check_shapes(ctx, names, ctx.input_shape(0), ctx.input_shape(1),
                                        ctx.has_input(2) ? &ctx.input_shape(2) : nullptr);
    ctx.set_output(0, t, reduction_of(ctx) == Reduction::none ? per_elem : Shape());
}

Tensor reduce_loss(const ComputeContext& ctx, const InputNames& names,
                   const std::vector<double>& log_prob) {
    const Tensor& xt = ctx.input(0);
    const Tensor& tt = ctx.input(1);
    const Tensor* wt = ctx.optional_input(2);
    check_dtypes(ctx, names, xt.dtype(), tt.dtype(), wt ? wt->dtype() : DType::undefined);
    const Shape w_shape = wt ? wt->ir_shape() : Shape();
    check_shapes(ctx, names, xt.ir_shape(), tt.ir_shape(), wt ? &w_shape : nullptr);
    const auto xs = xt.shape();
    const int64_t n = xs[0], c = xs[1], inner = nn::prod(xs, 2, xs.size());
    const std::vector<int64_t> target = tensor_ops::input_ints(ctx, 1, "input " + names.target);
    const std::vector<double> weight = wt ? nn::to_f64(*wt) : std::vector<double>();
    const bool has_ignore = ctx.has_attr("ignore_index");
    const int64_t ignore = has_ignore ? ctx.attr_i("ignore_index") : 0;
    std::vector<double> loss(target.size(), 0.0);
    double loss_sum = 0.0, weight_sum = 0.0;
    for (int64_t b = 0; b < n; ++b)
        for (int64_t d = 0; d < inner; ++d) {
            const std::size_t e = static_cast<std::size_t>(b * inner + d);
            const int64_t cls = target[e];
            if (has_ignore && cls == ignore) continue;
            if (cls < 0 || cls >= c)
                ctx.fail("input " + names.target + " holds class " + std::to_string(cls) +
                         " at element " + std::to_string(e) + ", outside [0, " +
                         std::to_string(c) + ")" +
                         (has_ignore ? " and not ignore_index " + std::to_string(ignore)
                                     : std::string()));
            const double w = wt ? weight[static_cast<std::size_t>(cls)] : 1.0;
            loss[e] = -log_prob[static_cast<std::size_t>((b * c + cls) * inner + d)] * w;
            loss_sum += loss[e];
            weight_sum += w;
        }
    switch (reduction_of(ctx)) {
        case Reduction::none: return nn::from_f64(xt.dtype(), tt.shape(), loss);
        case Reduction::sum: return nn::from_f64(xt.dtype(), {}, {loss_sum});
        case Reduction::mean: break;
    }
    return nn::from_f64(xt.dtype(), {}, {loss_sum / weight_sum});
}

}  // namespace neo::ops::loss
