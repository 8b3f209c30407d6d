#include "ops/nn/window.hpp"

#include <algorithm>
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {

std::vector<AttrSpec> window_attr_specs(bool with_ceil_mode) {
    std::vector<AttrSpec> specs = {
        {"auto_pad", AttrType::s, Attribute("NOTSET"), false,
         "NOTSET (use pads), SAME_UPPER / SAME_LOWER (output = ceil(input / stride), odd "
         "padding at the end / beginning) or VALID (no padding)"},
        {"dilations", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "dilation per spatial axis (default 1)"},
        {"pads", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "[x1_begin, x2_begin, ..., x1_end, x2_end, ...] (default 0)"},
        {"strides", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "stride per spatial axis (default 1)"},
    };
    if (with_ceil_mode)
        specs.push_back({"ceil_mode", AttrType::i, Attribute(int64_t{0}), false,
                         "1: ceil instead of floor for the output shape"});
    return specs;
}

std::vector<int64_t> per_axis_attr(const OpContext& ctx, const std::string& name,
                                   std::size_t rank, std::size_t factor, int64_t fill,
                                   int64_t min_value) {
    std::vector<int64_t> v = ctx.attr_ints(name);
    if (v.empty()) return std::vector<int64_t>(rank * factor, fill);
    if (v.size() != rank * factor)
        ctx.fail("attribute '" + name + "' has " + std::to_string(v.size()) +
                 " values, expected " + std::to_string(rank * factor) +
                 (factor == 2 ? " (begin and end per spatial axis)" : " (one per spatial axis)"));
    for (int64_t x : v)
        if (x < min_value)
            ctx.fail("attribute '" + name + "' must be " +
                     (min_value == 0 ? "non-negative" : "positive") + ", got " + ints_str(v));
    return v;
}

Window read_window(const OpContext& ctx, std::vector<int64_t> kernel) {
    Window w;
    w.rank = kernel.size();
    for (int64_t k : kernel)
        if (k == 0 || k < -1) ctx.fail("kernel shape must be positive, got " + ints_str(kernel));
    w.kernel = std::move(kernel);
    const std::string& ap = ctx.attr_s("auto_pad");
    if (ap == "NOTSET") w.auto_pad = AutoPad::notset;
    else if (ap == "SAME_UPPER") w.auto_pad = AutoPad::same_upper;
    else if (ap == "SAME_LOWER") w.auto_pad = AutoPad::same_lower;
    else if (ap == "VALID") w.auto_pad = AutoPad::valid;
    else
        ctx.fail("attribute 'auto_pad' must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '" +
                 ap + "'");
    w.strides = per_axis_attr(ctx, "strides", w.rank, 1, 1, 1);
    w.dilations = per_axis_attr(ctx, "dilations", w.rank, 1, 1, 1);
    w.pads = per_axis_attr(ctx, "pads", w.rank, 2, 0, 0);
    if (w.auto_pad != AutoPad::notset) std::fill(w.pads.begin(), w.pads.end(), 0);
    if (ctx.schema().find_attr("ceil_mode")) {
        int64_t c = ctx.attr_i("ceil_mode");
        if (c != 0 && c != 1)
            ctx.fail("attribute 'ceil_mode' must be 0 or 1, got " + std::to_string(c));
        w.ceil_mode = c == 1;
    }
    return w;
}

AxisGeometry axis_geometry(const Window& w, std::size_t i, int64_t in, const OpContext& ctx) {
    const int64_t k = w.kernel[i], s = w.strides[i], d = w.dilations[i];
    check_internal(k > 0, "axis_geometry with an unknown kernel extent");
    const int64_t eff = (k - 1) * d + 1;  // extent covered by the dilated kernel
    AxisGeometry g;
    if (w.auto_pad == AutoPad::same_upper || w.auto_pad == AutoPad::same_lower) {
        g.out = (in + s - 1) / s;
        int64_t total = std::max<int64_t>(0, (g.out - 1) * s + eff - in);
        int64_t small = total / 2, big = total - small;
        g.pad_begin = w.auto_pad == AutoPad::same_upper ? small : big;
        g.pad_end = total - g.pad_begin;
    } else {
        if (w.auto_pad == AutoPad::notset) {
            g.pad_begin = w.pads[i];
            g.pad_end = w.pads[i + w.rank];
        }
        int64_t span = in + g.pad_begin + g.pad_end - eff;
        if (span < 0)
            ctx.fail("spatial axis " + std::to_string(i) + ": the input extent " +
                     std::to_string(in) + " padded by " + std::to_string(g.pad_begin) + "+" +
                     std::to_string(g.pad_end) + " is smaller than the dilated kernel extent " +
                     std::to_string(eff));
        if (w.ceil_mode) {
            g.out = (span + s - 1) / s + 1;
            // A last window that would start in the end padding is dropped.
            if ((g.out - 1) * s >= in + g.pad_begin) --g.out;
        } else {
            g.out = span / s + 1;
        }
    }
    if (g.out < 1)
        ctx.fail("spatial axis " + std::to_string(i) + " would have output extent " +
                 std::to_string(g.out));
    return g;
}

Dim output_dim(const Window& w, std::size_t i, const Dim& in, const OpContext& ctx) {
    const int64_t k = w.kernel[i];
    if (k > 0 && in.is_static()) return axis_geometry(w, i, in.value(), ctx).out;
    if (k > 0 && w.strides[i] == 1) {
        const int64_t eff = (k - 1) * w.dilations[i] + 1;
        bool keeps = false;
        switch (w.auto_pad) {
            case AutoPad::same_upper:
            case AutoPad::same_lower: keeps = true; break;
            case AutoPad::valid: keeps = eff == 1; break;
            case AutoPad::notset: keeps = w.pads[i] + w.pads[i + w.rank] == eff - 1; break;
        }
        if (keeps) return in;
    }
    return Dim::unknown();
}

std::vector<int64_t> kernel_from_weights(const OpContext& ctx, std::size_t rank, const Shape& w) {
    std::vector<int64_t> k(rank, -1);
    if (w.ranked())
        for (std::size_t i = 0; i < rank && i + 2 < w.rank(); ++i)
            if (w[i + 2].is_static()) k[i] = w[i + 2].value();
    if (!ctx.attr_ints("kernel_shape").empty()) {
        const auto& ks = ctx.attr_ints("kernel_shape");
        if (ks.size() != rank)
            ctx.fail("attribute 'kernel_shape' has " + std::to_string(ks.size()) +
                     " values, expected " + std::to_string(rank) + " (one per spatial axis)");
        for (std::size_t i = 0; i < rank; ++i) {
            if (k[i] != -1 && k[i] != ks[i])
                ctx.fail("attribute 'kernel_shape' " + ints_str(ks) +
                         " does not match the weight shape " + w.str());
            k[i] = ks[i];
        }
    }
    return k;
}

void check_spatial_rank(const OpContext& ctx, std::size_t rank, const std::string& what,
                        const Shape& s) {
    if (rank < 3)
        ctx.fail(what + " must have rank >= 3 (N, C, spatial...), got shape " + s.str());
    if (rank - 2 > 3)
        ctx.fail(what + " has " + std::to_string(rank - 2) +
                 " spatial axes; only 1-D, 2-D and 3-D convolutions are supported");
}

std::size_t conv_rank(const OpContext& ctx, const Shape& xs, const Shape& ws) {
    std::size_t rank = 0;
    if (xs.ranked()) rank = xs.rank(), check_spatial_rank(ctx, rank, "input X", xs);
    if (ws.ranked()) {
        check_spatial_rank(ctx, ws.rank(), "weight W", ws);
        if (rank && ws.rank() != rank)
            ctx.fail("weight W has shape " + ws.str() + " but input X has shape " + xs.str() +
                     "; their ranks must match");
        rank = ws.rank();
    }
    if (!rank && !ctx.attr_ints("kernel_shape").empty())
        rank = ctx.attr_ints("kernel_shape").size() + 2;
    return rank;
}

}  // namespace neo::ops::nn
