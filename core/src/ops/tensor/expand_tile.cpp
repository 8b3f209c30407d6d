// Expand and Tile: repeat the input's elements, by broadcasting or by tiling.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>

namespace neo::ops::tensor_ops {
namespace {

// ---- Expand ---------------------------------------------------------------------------------

void check_expand_shape(const std::vector<int64_t>& shape, const OpContext& ctx) {
    for (int64_t d : shape)
        if (d < 0) ctx.fail("shape " + ints_str(shape) + " has a negative dim");
}

void infer_expand(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(1), "the shape input");
    const Shape& in = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (auto shape = constant_ints(ctx, 1, "the shape input")) {
        check_expand_shape(*shape, ctx);
        out = broadcast_shapes(in, Shape::from(*shape), ctx);
    } else if (auto n = static_length(ctx, 1, "the shape input"); n && in.ranked()) {
        // An input dim other than 1 survives the broadcast (or the shapes are incompatible).
        std::size_t r = std::max(in.rank(), static_cast<std::size_t>(*n));
        out = unknown_dims(r);
        for (std::size_t i = 0; i < in.rank(); ++i) {
            const Dim& d = in[i];
            if (d.is_static() && d.value() != 1) out.dims()[r - in.rank() + i] = d;
        }
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_expand(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = input_ints(ctx, 1, "the shape input");
    check_expand_shape(shape, ctx);
    auto in_shape = x.shape();
    auto out_shape = broadcast_static(in_shape, shape, ctx);
    // Input strides aligned to the output's trailing axes; 0 along broadcast axes.
    auto in_strides = strides_of(in_shape);
    std::vector<int64_t> strides(out_shape.size(), 0);
    std::size_t lead = out_shape.size() - in_shape.size();
    for (std::size_t i = 0; i < in_shape.size(); ++i)
        if (in_shape[i] != 1) strides[lead + i] = in_strides[i];
    ctx.set_output(0, gather_flat(x, out_shape, strided_source(out_shape, 0, strides)));
}

// ---- Tile -----------------------------------------------------------------------------------

void check_repeats(const std::vector<int64_t>& repeats, std::size_t rank, const OpContext& ctx) {
    if (repeats.size() != rank)
        ctx.fail("repeats " + ints_str(repeats) + " has " + std::to_string(repeats.size()) +
                 " entries but the input has rank " + std::to_string(rank));
    for (int64_t r : repeats)
        if (r < 0) ctx.fail("repeats " + ints_str(repeats) + " has a negative entry");
}

void infer_tile(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(1), "the repeats input");
    const Shape& in = ctx.input_shape(0);
    auto n = static_length(ctx, 1, "the repeats input");
    Shape out = Shape::unranked();
    if (in.ranked()) {
        if (n && *n != static_cast<int64_t>(in.rank()))
            ctx.fail("the repeats input has " + std::to_string(*n) +
                     " entries but the input has rank " + std::to_string(in.rank()));
        out = unknown_dims(in.rank());
        if (auto repeats = constant_ints(ctx, 1, "the repeats input")) {
            check_repeats(*repeats, in.rank(), ctx);
            for (std::size_t i = 0; i < in.rank(); ++i) {
                int64_t rep = (*repeats)[i];
                if (rep == 1)
                    out.dims()[i] = in[i];
                else if (rep == 0 || in[i].is_static())
                    out.dims()[i] = Dim(rep == 0 ? 0 : in[i].value() * rep);
            }
        }
    } else if (n) {
        out = unknown_dims(static_cast<std::size_t>(*n));
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_tile(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto in_shape = x.shape();
    auto repeats = input_ints(ctx, 1, "the repeats input");
    check_repeats(repeats, in_shape.size(), ctx);
    std::vector<int64_t> out_shape(in_shape.size());
    for (std::size_t i = 0; i < in_shape.size(); ++i) out_shape[i] = in_shape[i] * repeats[i];
    auto st = strides_of(in_shape);
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for_each_index(out_shape, [&](const std::vector<int64_t>& o) {
        int64_t s = 0;
        for (std::size_t i = 0; i < o.size(); ++i) s += (o[i] % in_shape[i]) * st[i];
        src.push_back(s);
    });
    ctx.set_output(0, gather_flat(x, out_shape, src));
}

}  // namespace

void register_expand_tile_ops(OpRegistry& r) {
    r.add(make_schema("Expand", 2, 2, 1, 1, {}, infer_expand, compute_expand,
                      "Broadcasts the input to the shape input (bidirectionally: the output "
                      "shape is the broadcast of both)."));
    r.add(make_schema("Tile", 2, 2, 1, 1, {}, infer_tile, compute_tile,
                      "Repeats the input repeats[i] times along each axis i."));
}

}  // namespace neo::ops::tensor_ops
