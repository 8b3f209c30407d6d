// OneHot: a new axis of size depth at `axis`, holding values[1] ("on") where its position
// equals the index and values[0] ("off") elsewhere. Indices may be negative (counting from
// depth); an index outside [-depth, depth) gives an all-off row.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

void check_numeric(const OpContext& ctx, DType t, const std::string& what) {
    if (t != DType::undefined && !is_float(t) && !is_integer(t))
        ctx.fail(what + " must be numeric, got " + std::string(dtype_name(t)));
}

// The depth from its tensor: one numeric value, truncated to an integer, >= 1.
int64_t depth_value(const OpContext& ctx, const Tensor& d) {
    check_numeric(ctx, d.dtype(), "depth (input 1)");
    if (d.numel() != 1)
        ctx.fail("depth (input 1) must hold one value, got shape " + d.ir_shape().str());
    const double v = d.at_double(0);
    if (!std::isfinite(v) || v < 1)
        ctx.fail("depth (input 1) must be at least 1, got " + std::to_string(v));
    return static_cast<int64_t>(v);
}

void infer_one_hot(InferContext& ctx) {
    check_numeric(ctx, ctx.input_dtype(0), "indices (input 0)");
    check_numeric(ctx, ctx.input_dtype(1), "depth (input 1)");
    const Shape& depth = ctx.input_shape(1);
    if (depth.is_static() && depth.numel() != 1)
        ctx.fail("depth (input 1) must hold one value, got shape " + depth.str());
    const Shape& values = ctx.input_shape(2);
    if (values.ranked() && values.rank() != 1)
        ctx.fail("values (input 2) must be 1-D [off, on], got shape " + values.str());
    if (values.is_static() && values.numel() != 2)
        ctx.fail("values (input 2) must hold two elements [off, on], got shape " + values.str());
    const Shape& idx = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (idx.ranked()) {
        const auto r = static_cast<int64_t>(idx.rank()) + 1;
        const auto axis = static_cast<std::size_t>(existing_axis(ctx.attr_i("axis"), r, ctx));
        Dim d = Dim::unknown();
        if (const Tensor* dt = ctx.input_constant(1)) d = Dim(depth_value(ctx, *dt));
        std::vector<Dim> dims(idx.dims().begin(), idx.dims().end());
        dims.insert(dims.begin() + static_cast<std::ptrdiff_t>(axis), d);
        out = Shape(std::move(dims));
    }
    ctx.set_output(0, ctx.input_dtype(2), std::move(out));
}

void compute_one_hot(ComputeContext& ctx) {
    const Tensor& indices = ctx.input(0);
    check_numeric(ctx, indices.dtype(), "indices (input 0)");
    const int64_t depth = depth_value(ctx, ctx.input(1));
    const Tensor& values = ctx.input(2);
    if (values.rank() != 1 || values.numel() != 2)
        ctx.fail("values (input 2) must be 1-D [off, on], got shape " + values.ir_shape().str());
    auto idx_shape = indices.shape();
    const auto r = static_cast<int64_t>(idx_shape.size()) + 1;
    const auto axis = static_cast<std::size_t>(existing_axis(ctx.attr_i("axis"), r, ctx));
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= idx_shape[d];
    for (std::size_t d = axis; d < idx_shape.size(); ++d) inner *= idx_shape[d];
    std::vector<int64_t> out_shape = idx_shape;
    out_shape.insert(out_shape.begin() + static_cast<std::ptrdiff_t>(axis), depth);
    std::vector<int64_t> src(static_cast<std::size_t>(numel_of(out_shape)), 0);
    for (int64_t a = 0; a < outer; ++a)
        for (int64_t b = 0; b < inner; ++b) {
            const double raw = indices.at_double(a * inner + b);
            if (!std::isfinite(raw)) continue;
            auto v = static_cast<int64_t>(raw);
            if (v < 0) v += depth;
            if (v < 0 || v >= depth) continue;  // out of range: all off
            src[static_cast<std::size_t>((a * depth + v) * inner + b)] = 1;
        }
    ctx.set_output(0, gather_flat(values, out_shape, src));
}

}  // namespace

void register_one_hot_ops(OpRegistry& r) {
    r.add(make_schema(
        "OneHot", 3, 3, 1, 1,
        {attr_with_default("axis", int64_t{-1},
                           "where the new axis of size depth goes (negative: from the back)")},
        infer_one_hot, compute_one_hot,
        "One-hot encoding of indices: values[1] at each index along a new axis of size "
        "depth, values[0] elsewhere."));
}

}  // namespace neo::ops::tensor_ops
