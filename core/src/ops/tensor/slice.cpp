// Slice: a strided window of the input, with ONNX's clamping of starts and ends.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>
#include <limits>

namespace neo::ops::tensor_ops {
namespace {

struct AxisSlice {
    int64_t start = 0;  // first index taken (valid when count > 0)
    int64_t count = 0;  // elements taken
};

// ONNX's rule: negative start/end count from the back; then for step > 0 both are clamped
// to [0, dim], for step < 0 start to [0, dim-1] and end to [-1, dim-1].
AxisSlice slice_axis(int64_t start, int64_t end, int64_t step, int64_t dim) {
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    AxisSlice s;
    if (step > 0) {
        s.start = std::clamp<int64_t>(start, 0, dim);
        end = std::clamp<int64_t>(end, 0, dim);
        s.count = end > s.start ? (end - s.start - 1) / step + 1 : 0;
    } else {
        if (dim == 0) return s;
        s.start = std::clamp<int64_t>(start, 0, dim - 1);
        end = std::clamp<int64_t>(end, -1, dim - 1);
        // -step, kept in range for step == INT64_MIN (any step that large takes one element)
        const int64_t neg = step == std::numeric_limits<int64_t>::min()
                                ? std::numeric_limits<int64_t>::max()
                                : -step;
        s.count = s.start > end ? (s.start - end - 1) / neg + 1 : 0;
    }
    return s;
}

// The slice parameters, checked and with axes normalized (axes default 0..n-1, steps 1).
struct SliceParams {
    std::vector<int64_t> starts, ends, axes, steps;
};

SliceParams check_params(std::vector<int64_t> starts, std::vector<int64_t> ends,
                         std::optional<std::vector<int64_t>> axes,
                         std::optional<std::vector<int64_t>> steps, int64_t rank,
                         const OpContext& ctx) {
    const std::size_t n = starts.size();
    if (ends.size() != n)
        ctx.fail("starts " + ints_str(starts) + " and ends " + ints_str(ends) +
                 " differ in length");
    SliceParams p{std::move(starts), std::move(ends), {}, {}};
    if (axes) {
        if (axes->size() != n)
            ctx.fail("axes " + ints_str(*axes) + " and starts " + ints_str(p.starts) +
                     " differ in length");
        for (int64_t a : *axes) {
            int64_t ax = existing_axis(a, rank, ctx);
            if (std::find(p.axes.begin(), p.axes.end(), ax) != p.axes.end())
                ctx.fail("axes " + ints_str(*axes) + " name axis " + std::to_string(ax) + " twice");
            p.axes.push_back(ax);
        }
    } else {
        if (static_cast<int64_t>(n) > rank)
            ctx.fail("starts " + ints_str(p.starts) + " has more entries than the input has axes (" +
                     std::to_string(rank) + ")");
        for (std::size_t i = 0; i < n; ++i) p.axes.push_back(static_cast<int64_t>(i));
    }
    if (steps) {
        if (steps->size() != n)
            ctx.fail("steps " + ints_str(*steps) + " and starts " + ints_str(p.starts) +
                     " differ in length");
        for (int64_t s : *steps)
            if (s == 0) ctx.fail("steps " + ints_str(*steps) + " has a 0 entry");
        p.steps = *steps;
    } else {
        p.steps.assign(n, 1);
    }
    return p;
}

// An end this large takes a dim of unknown size to its end (exporters use INT64_MAX or
// INT32_MAX for "to the end").
constexpr int64_t kToEnd = std::numeric_limits<int32_t>::max();

void infer_slice(InferContext& ctx) {
    const Shape& in = ctx.input_shape(0);
    for (std::size_t i = 1; i < ctx.num_inputs(); ++i)
        if (ctx.has_input(i)) require_int_dtype(ctx, ctx.input_dtype(i), "the starts/ends/axes/steps inputs");
    if (!in.ranked()) {
        ctx.set_output(0, ctx.input_dtype(0), Shape::unranked());
        return;
    }
    const auto rank = static_cast<int64_t>(in.rank());
    Shape out = in;
    auto starts = constant_ints(ctx, 1, "the starts input");
    auto ends = constant_ints(ctx, 2, "the ends input");
    std::optional<std::vector<int64_t>> axes, steps;
    bool axes_known = !ctx.has_input(3), steps_known = !ctx.has_input(4);
    if (ctx.has_input(3) && (axes = constant_ints(ctx, 3, "the axes input"))) axes_known = true;
    if (ctx.has_input(4) && (steps = constant_ints(ctx, 4, "the steps input"))) steps_known = true;
    if (starts && ends && axes_known && steps_known) {
        auto p = check_params(*starts, *ends, axes, steps, rank, ctx);
        for (std::size_t i = 0; i < p.axes.size(); ++i) {
            auto a = static_cast<std::size_t>(p.axes[i]);
            const Dim& d = in[a];
            if (d.is_static())
                out.dims()[a] = Dim(slice_axis(p.starts[i], p.ends[i], p.steps[i], d.value()).count);
            else if (!(p.steps[i] == 1 && p.starts[i] == 0 && p.ends[i] >= kToEnd))
                out.dims()[a] = Dim::unknown();
        }
    } else if (axes_known) {
        // Which axes are sliced is known, by how much is not.
        std::vector<int64_t> ax;
        if (axes) {
            ax = *axes;
        } else {
            auto n = starts ? std::optional<int64_t>(static_cast<int64_t>(starts->size()))
                            : static_length(ctx, 1, "the starts input");
            if (!n) n = rank;
            for (int64_t i = 0; i < std::min(*n, rank); ++i) ax.push_back(i);
        }
        for (int64_t a : ax) out.dims()[static_cast<std::size_t>(existing_axis(a, rank, ctx))] = Dim::unknown();
    } else {
        out = unknown_dims(in.rank());
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_slice(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    std::optional<std::vector<int64_t>> axes, steps;
    if (ctx.has_input(3)) axes = input_ints(ctx, 3, "the axes input");
    if (ctx.has_input(4)) steps = input_ints(ctx, 4, "the steps input");
    auto p = check_params(input_ints(ctx, 1, "the starts input"), input_ints(ctx, 2, "the ends input"),
                          axes, steps, static_cast<int64_t>(shape.size()), ctx);
    auto strides = strides_of(shape);
    auto out_shape = shape;
    auto out_strides = strides;
    int64_t base = 0;
    for (std::size_t i = 0; i < p.axes.size(); ++i) {
        auto a = static_cast<std::size_t>(p.axes[i]);
        AxisSlice s = slice_axis(p.starts[i], p.ends[i], p.steps[i], shape[a]);
        out_shape[a] = s.count;
        if (s.count > 0) base += s.start * strides[a];
        out_strides[a] = s.count > 1 ? strides[a] * p.steps[i] : 0;  // no overflow for huge steps
    }
    ctx.set_output(0, gather_flat(x, out_shape, strided_source(out_shape, base, out_strides)));
}

}  // namespace

void register_slice_ops(OpRegistry& r) {
    r.add(make_schema(
        "Slice", 3, 5, 1, 1, {}, infer_slice, compute_slice,
        "Takes elements starts[i] up to (excluding) ends[i] with step steps[i] along axes[i] "
        "(negative values count from the back; out-of-range values are clamped)."));
}

}  // namespace neo::ops::tensor_ops
