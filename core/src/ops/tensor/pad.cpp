// Pad: grows (or, with negative pads, crops) each axis, filling the new elements with a
// constant, the mirror image of the data (reflect), its edge values or its wrap-around.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>

namespace neo::ops::tensor_ops {
namespace {

enum class PadMode { constant, reflect, edge, wrap };

PadMode pad_mode(const OpContext& ctx) {
    const std::string& m = ctx.attr_s("mode");
    if (m == "constant") return PadMode::constant;
    if (m == "reflect") return PadMode::reflect;
    if (m == "edge") return PadMode::edge;
    if (m == "wrap") return PadMode::wrap;
    ctx.fail("mode must be constant, reflect, edge or wrap, got '" + m + "'");
}

// Per-axis (begin, end) pads of a rank-r input from the pads and axes inputs.
std::vector<std::pair<int64_t, int64_t>> full_pads(const std::vector<int64_t>& pads,
                                                   const std::optional<std::vector<int64_t>>& axes,
                                                   int64_t r, const OpContext& ctx) {
    std::vector<int64_t> ax;
    if (axes) {
        for (int64_t a : *axes) {
            int64_t n = existing_axis(a, r, ctx);
            if (std::find(ax.begin(), ax.end(), n) != ax.end())
                ctx.fail("axes " + ints_str(*axes) + " name axis " + std::to_string(n) + " twice");
            ax.push_back(n);
        }
    } else {
        for (int64_t i = 0; i < r; ++i) ax.push_back(i);
    }
    if (pads.size() != 2 * ax.size())
        ctx.fail("pads " + ints_str(pads) + " must have 2 * " + std::to_string(ax.size()) +
                 " entries (begin and end of each padded axis)");
    std::vector<std::pair<int64_t, int64_t>> out(static_cast<std::size_t>(r), {0, 0});
    for (std::size_t i = 0; i < ax.size(); ++i)
        out[static_cast<std::size_t>(ax[i])] = {pads[i], pads[i + ax.size()]};
    return out;
}

int64_t padded_dim(int64_t dim, std::pair<int64_t, int64_t> p, std::size_t axis,
                   const OpContext& ctx) {
    int64_t n = dim + p.first + p.second;
    if (n < 0)
        ctx.fail("pads (" + std::to_string(p.first) + ", " + std::to_string(p.second) +
                 ") remove more than the " + std::to_string(dim) + " elements of axis " +
                 std::to_string(axis));
    return n;
}

void infer_pad(InferContext& ctx) {
    pad_mode(ctx);
    require_int_dtype(ctx, ctx.input_dtype(1), "the pads input");
    DType t = ctx.input_dtype(0);
    if (ctx.has_input(2) && ctx.input_dtype(2) != DType::undefined && t != DType::undefined &&
        ctx.input_dtype(2) != t)
        ctx.fail("constant_value must have the data's dtype " + std::string(dtype_name(t)) +
                 ", got " + std::string(dtype_name(ctx.input_dtype(2))));
    const Shape& in = ctx.input_shape(0);
    if (!in.ranked()) {
        ctx.set_output(0, t, Shape::unranked());
        return;
    }
    const auto r = static_cast<int64_t>(in.rank());
    std::optional<std::vector<int64_t>> axes;
    bool axes_known = true;
    if (ctx.has_input(3)) {
        require_int_dtype(ctx, ctx.input_dtype(3), "the axes input");
        axes = constant_ints(ctx, 3, "the axes input");
        axes_known = axes.has_value();
    }
    auto pads = constant_ints(ctx, 1, "the pads input");
    Shape out = in;
    if (pads && axes_known) {
        auto p = full_pads(*pads, axes, r, ctx);
        for (std::size_t i = 0; i < in.rank(); ++i) {
            if (in[i].is_static())
                out.dims()[i] = Dim(padded_dim(in[i].value(), p[i], i, ctx));
            else if (p[i].first + p[i].second != 0)
                out.dims()[i] = Dim::unknown();
        }
    } else if (axes) {
        for (int64_t a : *axes) out.dims()[static_cast<std::size_t>(existing_axis(a, r, ctx))] = Dim();
    } else {
        out = unknown_dims(in.rank());
    }
    ctx.set_output(0, t, std::move(out));
}

// Source index along one axis for output position o (-1: the constant), after cropping the
// axis to [lo, lo + m) and padding `before` elements in front of it.
int64_t source_pos(int64_t o, int64_t before, int64_t lo, int64_t m, PadMode mode) {
    int64_t i = o - before;
    if (i >= 0 && i < m) return lo + i;
    switch (mode) {
        case PadMode::constant: return -1;
        case PadMode::edge: return lo + std::clamp<int64_t>(i, 0, m - 1);
        case PadMode::wrap: return lo + ((i % m) + m) % m;
        case PadMode::reflect: {
            if (m == 1) return lo;
            int64_t period = 2 * (m - 1), k = ((i % period) + period) % period;
            return lo + (k < m ? k : period - k);
        }
    }
    return -1;
}

void compute_pad(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    PadMode mode = pad_mode(ctx);
    auto shape = x.shape();
    const auto r = static_cast<int64_t>(shape.size());
    std::optional<std::vector<int64_t>> axes;
    if (ctx.has_input(3)) axes = input_ints(ctx, 3, "the axes input");
    auto p = full_pads(input_ints(ctx, 1, "the pads input"), axes, r, ctx);

    Tensor fill = Tensor::zeros(x.dtype(), {});
    if (const Tensor* c = ctx.optional_input(2); c && c->numel() > 0) {
        if (c->dtype() != x.dtype())
            ctx.fail("constant_value must have the data's dtype " +
                     std::string(dtype_name(x.dtype())) + ", got " +
                     std::string(dtype_name(c->dtype())));
        if (c->numel() != 1)
            ctx.fail("constant_value must be a scalar, got shape " + shape_str(c->shape()));
        fill = *c;
    }

    // Per axis: the source position of every output position (-1: constant).
    std::vector<int64_t> out_shape(shape.size());
    std::vector<std::vector<int64_t>> maps(shape.size());
    for (std::size_t a = 0; a < shape.size(); ++a) {
        out_shape[a] = padded_dim(shape[a], p[a], a, ctx);
        int64_t lo = std::max<int64_t>(0, -p[a].first);
        int64_t m = shape[a] - lo - std::max<int64_t>(0, -p[a].second);
        int64_t before = std::max<int64_t>(0, p[a].first);
        if (m < 0)
            ctx.fail("pads (" + std::to_string(p[a].first) + ", " + std::to_string(p[a].second) +
                     ") crop more than the " + std::to_string(shape[a]) + " elements of axis " +
                     std::to_string(a));
        if (m == 0 && mode != PadMode::constant && out_shape[a] > 0)
            ctx.fail("cannot pad axis " + std::to_string(a) + " in mode " + ctx.attr_s("mode") +
                     ": it has no elements to repeat");
        for (int64_t o = 0; o < out_shape[a]; ++o)
            maps[a].push_back(source_pos(o, before, lo, m, mode));
    }
    auto st = strides_of(shape);
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for_each_index(out_shape, [&](const std::vector<int64_t>& o) {
        int64_t s = 0;
        for (std::size_t a = 0; a < o.size(); ++a) {
            int64_t pos = maps[a][static_cast<std::size_t>(o[a])];
            if (pos < 0) {
                s = -1;
                break;
            }
            s += pos * st[a];
        }
        src.push_back(s);
    });
    ctx.set_output(0, gather_flat(x, out_shape, src, &fill));
}

}  // namespace

void register_pad_ops(OpRegistry& r) {
    r.add(make_schema(
        "Pad", 2, 4, 1, 1,
        {attr_with_default("mode", "constant", "constant, reflect, edge or wrap")},
        infer_pad, compute_pad,
        "Pads (negative pads: crops) the axes of the input; pads = [begins..., ends...] "
        "for the axes input (default: all axes)."));
}

}  // namespace neo::ops::tensor_ops
