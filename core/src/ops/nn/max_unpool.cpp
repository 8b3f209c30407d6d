// MaxUnpool (ONNX opset 22): the partial inverse of MaxPool. X (N, C, D1..Dn) holds pooled
// values and I (same shape, int64) their flat indices into the unpooled tensor (as MaxPool's
// Indices output gives them) in the unpooled shape (N, C, O1..On) with
// O_i = (D_i - 1) * stride_i + kernel_i - pad_begin_i - pad_end_i; that tensor is zero except
// .flat[I[j]] = X[j]. With the optional input output_shape (the full shape, at least the
// unpooled one on every axis) the unpooled tensor is placed at the origin of a zero tensor
// of that shape (as onnx's reference does).
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

constexpr std::size_t kMaxSpatial = 3;

struct UnpoolAttrs {
    std::vector<int64_t> kernel, strides, pads;  // pads: begins then ends
};

UnpoolAttrs read_attrs(const OpContext& ctx) {
    UnpoolAttrs a;
    a.kernel = ctx.attr_ints("kernel_shape");
    const std::size_t sp = a.kernel.size();
    if (sp == 0) ctx.fail("attribute 'kernel_shape' must not be empty");
    if (sp > kMaxSpatial)
        ctx.fail("attribute 'kernel_shape' has " + std::to_string(sp) +
                 " values; only 1-D, 2-D and 3-D unpooling is supported");
    for (int64_t k : a.kernel)
        if (k < 1) ctx.fail("attribute 'kernel_shape' must be positive, got " + ints_str(a.kernel));
    a.strides = per_axis_attr(ctx, "strides", sp, 1, 1, 1);
    a.pads = per_axis_attr(ctx, "pads", sp, 2, 0, 0);
    return a;
}

int64_t default_extent(const UnpoolAttrs& a, std::size_t i, int64_t in) {
    return (in - 1) * a.strides[i] + a.kernel[i] - a.pads[i] - a.pads[i + a.kernel.size()];
}

// Fails unless an output_shape value `v` is a valid full output shape for X of rank `rank`.
void check_output_shape(const OpContext& ctx, const std::vector<int64_t>& v, std::size_t rank) {
    if (v.size() != rank)
        ctx.fail("input output_shape " + ints_str(v) + " has " + std::to_string(v.size()) +
                 " values but X has rank " + std::to_string(rank) +
                 "; it must hold the full output shape (N, C, spatial...)");
    for (int64_t d : v)
        if (d < 0) ctx.fail("input output_shape " + ints_str(v) + " has a negative extent");
}

std::vector<int64_t> shape_values(const Tensor& t) {
    std::vector<int64_t> v;
    for (int64_t i = 0; i < t.numel(); ++i) v.push_back(static_cast<int64_t>(t.at_double(i)));
    return v;
}

void check_shape_input(const OpContext& ctx, DType t, const Shape& s) {
    if (t != DType::undefined && t != DType::i64)
        ctx.fail("input output_shape has dtype " + std::string(dtype_name(t)) +
                 "; it must be i64");
    if (s.ranked() && s.rank() != 1)
        ctx.fail("input output_shape must be 1-D, got shape " + s.str());
}

void infer_max_unpool(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input X");
    const DType it = ctx.input_dtype(1);
    if (it != DType::undefined && it != DType::i64)
        ctx.fail("input I has dtype " + std::string(dtype_name(it)) + "; it must be i64");
    const UnpoolAttrs a = read_attrs(ctx);
    const std::size_t rank = a.kernel.size() + 2;
    const Shape& xs = ctx.input_shape(0);
    const Shape& is = ctx.input_shape(1);
    if (xs.ranked() && xs.rank() != rank)
        ctx.fail("input X has shape " + xs.str() + " but attribute 'kernel_shape' has " +
                 std::to_string(a.kernel.size()) + " values; X must have rank " +
                 std::to_string(rank) + " (N, C, spatial...)");
    if (xs.ranked() && is.ranked()) {
        bool same = is.rank() == xs.rank();
        for (std::size_t i = 0; same && i < rank; ++i)
            if (xs[i].is_static() && is[i].is_static() && xs[i].value() != is[i].value())
                same = false;
        if (!same)
            ctx.fail("input I has shape " + is.str() + " but X has shape " + xs.str() +
                     "; they must match");
    }
    if (ctx.num_inputs() > 2 && ctx.has_input(2)) {
        check_shape_input(ctx, ctx.input_dtype(2), ctx.input_shape(2));
        if (const Tensor* c = ctx.input_constant(2)) {
            const auto v = shape_values(*c);
            check_output_shape(ctx, v, rank);
            ctx.set_output(0, t, Shape::from(v));
            return;
        }
        ctx.set_output(0, t, Shape(std::vector<Dim>(rank, Dim::unknown())));
        return;
    }
    std::vector<Dim> out{xs.ranked() ? xs[0] : Dim::unknown(),
                         xs.ranked() ? xs[1] : Dim::unknown()};
    for (std::size_t i = 0; i < a.kernel.size(); ++i) {
        const Dim in = xs.ranked() ? xs[i + 2] : Dim::unknown();
        if (!in.is_static()) {
            out.push_back(Dim::unknown());
            continue;
        }
        const int64_t o = default_extent(a, i, in.value());
        if (o < 1)
            ctx.fail("spatial axis " + std::to_string(i) + " would have output extent " +
                     std::to_string(o) + "; check kernel_shape, strides and pads");
        out.emplace_back(o);
    }
    ctx.set_output(0, t, Shape(std::move(out)));
}

void compute_max_unpool(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& it = ctx.input(1);
    require_float(ctx, xt.dtype(), "input X");
    if (it.dtype() != DType::i64)
        ctx.fail("input I has dtype " + std::string(dtype_name(it.dtype())) + "; it must be i64");
    const UnpoolAttrs a = read_attrs(ctx);
    const std::size_t rank = a.kernel.size() + 2;
    const auto xs = xt.shape();
    if (xs.size() != rank)
        ctx.fail("input X has shape " + ints_str(xs) + " but attribute 'kernel_shape' has " +
                 std::to_string(a.kernel.size()) + " values; X must have rank " +
                 std::to_string(rank) + " (N, C, spatial...)");
    if (it.shape() != xs)
        ctx.fail("input I has shape " + ints_str(it.shape()) + " but X has shape " +
                 ints_str(xs) + "; they must match");
    std::vector<int64_t> ushape{xs[0], xs[1]};  // the unpooled shape the indices refer to
    for (std::size_t i = 0; i < a.kernel.size(); ++i) {
        const int64_t o = default_extent(a, i, xs[i + 2]);
        if (o < 1)
            ctx.fail("spatial axis " + std::to_string(i) + " would have output extent " +
                     std::to_string(o) + "; check kernel_shape, strides and pads");
        ushape.push_back(o);
    }
    std::vector<int64_t> yshape = ushape;
    if (const Tensor* st = ctx.optional_input(2)) {
        check_shape_input(ctx, st->dtype(), st->ir_shape());
        yshape = shape_values(*st);
        check_output_shape(ctx, yshape, rank);
        for (std::size_t i = 0; i < rank; ++i)
            if (yshape[i] < ushape[i] || (i < 2 && yshape[i] != ushape[i]))
                ctx.fail("input output_shape " + ints_str(yshape) +
                         " must keep N and C and be at least the unpooled shape " +
                         ints_str(ushape) + " on every spatial axis");
    }
    const std::vector<double> x = to_f64(xt);
    std::vector<double> u(static_cast<std::size_t>(prod(ushape, 0, rank)), 0.0);
    for (int64_t j = 0; j < xt.numel(); ++j) {
        const auto idx = static_cast<int64_t>(it.at_double(j));
        if (idx < 0 || idx >= static_cast<int64_t>(u.size()))
            ctx.fail("index I[" + std::to_string(j) + "] = " + std::to_string(idx) +
                     " is outside the unpooled tensor of " + std::to_string(u.size()) +
                     " elements " + ints_str(ushape));
        u[static_cast<std::size_t>(idx)] = x[static_cast<std::size_t>(j)];
    }
    // Place the unpooled tensor at the origin of the output.
    std::vector<double> y(static_cast<std::size_t>(prod(yshape, 0, rank)), 0.0);
    for (int64_t flat = 0; flat < static_cast<int64_t>(u.size()); ++flat) {
        int64_t rem = flat, dst = 0, stride = 1;
        for (std::size_t i = rank; i-- > 0;) {
            dst += (rem % ushape[i]) * stride;
            rem /= ushape[i];
            stride *= yshape[i];
        }
        y[static_cast<std::size_t>(dst)] = u[static_cast<std::size_t>(flat)];
    }
    ctx.set_output(0, from_f64(xt.dtype(), yshape, y));
}

}  // namespace

void register_max_unpool(OpRegistry& r) {
    OpSchema s;
    s.name = "MaxUnpool";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = {
        {"kernel_shape", AttrType::ints, std::nullopt, true, "window extent per spatial axis"},
        {"pads", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "[x1_begin, x2_begin, ..., x1_end, x2_end, ...] of the pooling (default 0)"},
        {"strides", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "stride per spatial axis (default 1)"},
    };
    s.infer = infer_max_unpool;
    s.compute = compute_max_unpool;
    s.doc = "Scatter of pooled values to their MaxPool indices, ONNX MaxUnpool-22. Float "
            "dtypes; I int64 (flat indices into the unpooled shape); optional output_shape "
            "(int64, the full output shape, zero-padded at the end of each axis).";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
