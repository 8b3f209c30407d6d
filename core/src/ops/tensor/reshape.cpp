// Reshape, Flatten, Squeeze, Unsqueeze: ops that change the shape but not the
// row-major order of the elements. Each op's shape rule is written once over IR shapes
// and used both by inference (dims may be unknown) and by compute (static dims).
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>
#include <set>

namespace neo::ops::tensor_ops {
namespace {

// ---- Reshape --------------------------------------------------------------------------------

// The output shape of Reshape(in, target): 0 copies the input dim (unless allowzero),
// -1 is inferred from the element count.
Shape reshape_shape(const Shape& in, const std::vector<int64_t>& target, bool allowzero,
                    const OpContext& ctx) {
    int infer_at = -1;
    bool has_zero = false;
    for (std::size_t i = 0; i < target.size(); ++i) {
        int64_t v = target[i];
        if (v < -1) ctx.fail("shape " + ints_str(target) + " has an invalid dim " + std::to_string(v));
        if (v == -1) {
            if (infer_at >= 0) ctx.fail("shape " + ints_str(target) + " has more than one -1");
            infer_at = static_cast<int>(i);
        }
        if (v == 0) has_zero = true;
    }
    if (allowzero && has_zero && infer_at >= 0)
        ctx.fail("shape " + ints_str(target) + " has both 0 and -1, which allowzero=1 forbids");

    std::vector<Dim> out(target.size());
    std::vector<bool> consumed(in.ranked() ? in.rank() : 0, false);
    for (std::size_t i = 0; i < target.size(); ++i) {
        int64_t v = target[i];
        if (v > 0 || (v == 0 && allowzero)) {
            out[i] = Dim(v);
        } else if (v == 0) {
            if (!in.ranked()) {
                out[i] = Dim::unknown();
                continue;
            }
            if (i >= in.rank())
                ctx.fail("shape " + ints_str(target) + " copies dim " + std::to_string(i) +
                         " (0) of an input of rank " + std::to_string(in.rank()));
            out[i] = in[i];
            consumed[i] = true;
        }
    }
    if (!in.ranked()) return Shape(std::move(out));

    // Element counts: the input dims not copied by a 0 against the output's fixed dims.
    int64_t in_static = 1, out_static = 1;
    std::vector<Dim> in_dynamic;
    for (std::size_t i = 0; i < in.rank(); ++i) {
        if (consumed[i]) continue;
        if (in[i].is_static())
            in_static *= in[i].value();
        else
            in_dynamic.push_back(in[i]);
    }
    for (std::size_t i = 0; i < target.size(); ++i)
        if (target[i] > 0 || (target[i] == 0 && allowzero)) out_static *= target[i];
    auto mismatch = [&] {
        ctx.fail("cannot reshape " + in.str() + " to " + ints_str(target) +
                 ": the element counts differ");
    };
    if (infer_at < 0) {
        if (in_dynamic.empty() && in_static != out_static) mismatch();
        return Shape(std::move(out));
    }
    auto& inferred = out[static_cast<std::size_t>(infer_at)];
    if (in_dynamic.empty()) {
        if (out_static == 0)
            ctx.fail("cannot infer the -1 of shape " + ints_str(target) + " for input " +
                     in.str() + ": the other dims have no elements");
        if (in_static % out_static != 0) mismatch();
        inferred = Dim(in_static / out_static);
    } else if (in_dynamic.size() == 1 && in_static == out_static) {
        inferred = in_dynamic[0];
    } else {
        inferred = Dim::unknown();
    }
    return Shape(std::move(out));
}

void infer_reshape(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(1), "the shape input");
    bool allowzero = ctx.attr_i("allowzero") != 0;
    const Shape& in = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (auto target = constant_ints(ctx, 1, "the shape input")) {
        out = reshape_shape(in, *target, allowzero, ctx);
    } else if (auto n = static_length(ctx, 1, "the shape input")) {
        out = unknown_dims(static_cast<std::size_t>(*n));
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_reshape(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto target = input_ints(ctx, 1, "the shape input");
    if (ctx.input(1).rank() != 1)
        ctx.fail("the shape input must be a 1-D tensor, got shape " +
                 shape_str(ctx.input(1).shape()));
    Shape out = reshape_shape(x.ir_shape(), target, ctx.attr_i("allowzero") != 0, ctx);
    ctx.set_output(0, reshaped(x, out.static_dims()));
}

// ---- Flatten --------------------------------------------------------------------------------

Shape flatten_shape(const Shape& in, const OpContext& ctx) {
    if (!in.ranked()) return unknown_dims(2);
    auto r = static_cast<int64_t>(in.rank());
    int64_t axis = ctx.attr_i("axis");
    if (axis < -r || axis > r)
        ctx.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                 std::to_string(r) + " (Flatten takes [-r, r])");
    if (axis < 0) axis += r;
    const auto& d = in.dims();
    return Shape({dim_product({d.begin(), d.begin() + axis}),
                  dim_product({d.begin() + axis, d.end()})});
}

void infer_flatten(InferContext& ctx) {
    ctx.set_output(0, ctx.input_dtype(0), flatten_shape(ctx.input_shape(0), ctx));
}

void compute_flatten(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    ctx.set_output(0, reshaped(x, flatten_shape(x.ir_shape(), ctx).static_dims()));
}

// ---- Squeeze / Unsqueeze --------------------------------------------------------------------

// Normalized, duplicate-free axes.
std::vector<int64_t> normalize_axes(const std::vector<int64_t>& axes, int64_t rank,
                                    const OpContext& ctx) {
    std::vector<int64_t> out;
    for (int64_t a : axes) {
        int64_t n = existing_axis(a, rank, ctx);
        if (std::find(out.begin(), out.end(), n) != out.end())
            ctx.fail("axes " + ints_str(axes) + " name axis " + std::to_string(n) + " twice");
        out.push_back(n);
    }
    return out;
}

// axes: nullopt = squeeze every dim of size 1.
Shape squeeze_shape(const Shape& in, const std::optional<std::vector<int64_t>>& axes,
                    const OpContext& ctx) {
    if (!in.ranked()) return Shape::unranked();
    std::vector<Dim> out;
    if (!axes) {
        for (const Dim& d : in.dims()) {
            if (!d.is_static()) return Shape::unranked();  // it may or may not be 1
            if (d.value() != 1) out.push_back(d);
        }
        return Shape(std::move(out));
    }
    auto ax = normalize_axes(*axes, static_cast<int64_t>(in.rank()), ctx);
    for (std::size_t i = 0; i < in.rank(); ++i) {
        bool squeezed = std::find(ax.begin(), ax.end(), static_cast<int64_t>(i)) != ax.end();
        if (!squeezed) {
            out.push_back(in[i]);
        } else if (in[i].is_static() && in[i].value() != 1) {
            ctx.fail("cannot squeeze axis " + std::to_string(i) + " of shape " + in.str() +
                     ": its size is " + std::to_string(in[i].value()) + ", not 1");
        }
    }
    return Shape(std::move(out));
}

void infer_squeeze(InferContext& ctx) {
    const Shape& in = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (!ctx.has_input(1)) {
        out = squeeze_shape(in, std::nullopt, ctx);
    } else {
        require_int_dtype(ctx, ctx.input_dtype(1), "the axes input");
        if (auto axes = constant_ints(ctx, 1, "the axes input")) {
            out = squeeze_shape(in, axes, ctx);
        } else if (auto n = static_length(ctx, 1, "the axes input"); n && in.ranked()) {
            if (*n > static_cast<int64_t>(in.rank()))
                ctx.fail("cannot squeeze " + std::to_string(*n) + " axes of shape " + in.str());
            out = unknown_dims(in.rank() - static_cast<std::size_t>(*n));
        }
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_squeeze(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    std::optional<std::vector<int64_t>> axes;
    if (ctx.has_input(1)) axes = input_ints(ctx, 1, "the axes input");
    ctx.set_output(0, reshaped(x, squeeze_shape(x.ir_shape(), axes, ctx).static_dims()));
}

Shape unsqueeze_shape(const Shape& in, const std::vector<int64_t>& axes, const OpContext& ctx) {
    if (!in.ranked()) return Shape::unranked();
    auto out_rank = static_cast<int64_t>(in.rank() + axes.size());
    auto ax = normalize_axes(axes, out_rank, ctx);
    std::vector<Dim> out;
    std::size_t next = 0;
    for (int64_t i = 0; i < out_rank; ++i) {
        if (std::find(ax.begin(), ax.end(), i) != ax.end())
            out.emplace_back(1);
        else
            out.push_back(in[next++]);
    }
    return Shape(std::move(out));
}

void infer_unsqueeze(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(1), "the axes input");
    const Shape& in = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (auto axes = constant_ints(ctx, 1, "the axes input")) {
        out = unsqueeze_shape(in, *axes, ctx);
    } else if (auto n = static_length(ctx, 1, "the axes input"); n && in.ranked()) {
        out = unknown_dims(in.rank() + static_cast<std::size_t>(*n));
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_unsqueeze(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto axes = input_ints(ctx, 1, "the axes input");
    ctx.set_output(0, reshaped(x, unsqueeze_shape(x.ir_shape(), axes, ctx).static_dims()));
}

}  // namespace

void register_reshape_ops(OpRegistry& r) {
    r.add(make_schema(
        "Reshape", 2, 2, 1, 1,
        {attr_with_default("allowzero", int64_t{0},
                           "1: a 0 in shape is a zero dim, not a copy of the input dim")},
        infer_reshape, compute_reshape,
        "Reshapes data to the shape input (0 copies the input dim, -1 is inferred)."));
    r.add(make_schema(
        "Flatten", 1, 1, 1, 1,
        {attr_with_default("axis", int64_t{1},
                           "dims before axis form the first output dim, the rest the second")},
        infer_flatten, compute_flatten, "Flattens the input to 2-D around axis."));
    r.add(make_schema(
        "Squeeze", 1, 2, 1, 1, {}, infer_squeeze, compute_squeeze,
        "Removes the size-1 dims named by the axes input (all of them without it)."));
    r.add(make_schema(
        "Unsqueeze", 2, 2, 1, 1, {}, infer_unsqueeze, compute_unsqueeze,
        "Inserts size-1 dims at the output positions named by the axes input."));
}

}  // namespace neo::ops::tensor_ops
