// Gather, GatherElements, GatherND: outputs made of input elements picked by index
// tensors (int32 or int64; negative indices count from the back).
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

void check_indices_dtype(const OpContext& ctx, DType t) {
    if (t != DType::undefined && t != DType::i32 && t != DType::i64)
        ctx.fail("indices must be i32 or i64, got " + std::string(dtype_name(t)));
}

// An index checked against [-dim, dim) and made non-negative.
int64_t checked_index(int64_t v, int64_t dim, std::size_t axis, const OpContext& ctx) {
    if (v < -dim || v >= dim)
        ctx.fail("index " + std::to_string(v) + " is out of range for axis " +
                 std::to_string(axis) + " of size " + std::to_string(dim));
    return v < 0 ? v + dim : v;
}

std::vector<int64_t> indices_of(const ComputeContext& ctx) {
    check_indices_dtype(ctx, ctx.input(1).dtype());
    return ctx.input(1).to_int_vector();
}

// ---- Gather ---------------------------------------------------------------------------------

void infer_gather(InferContext& ctx) {
    check_indices_dtype(ctx, ctx.input_dtype(1));
    const Shape& data = ctx.input_shape(0);
    const Shape& idx = ctx.input_shape(1);
    Shape out = Shape::unranked();
    if (data.ranked()) {
        if (data.rank() == 0) ctx.fail("cannot gather from a scalar");
        auto axis = static_cast<std::size_t>(
            existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(data.rank()), ctx));
        if (idx.ranked()) {
            std::vector<Dim> dims(data.dims().begin(), data.dims().begin() + axis);
            dims.insert(dims.end(), idx.dims().begin(), idx.dims().end());
            dims.insert(dims.end(), data.dims().begin() + axis + 1, data.dims().end());
            out = Shape(std::move(dims));
        }
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_gather(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    if (shape.empty()) ctx.fail("cannot gather from a scalar");
    auto axis = static_cast<std::size_t>(
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(shape.size()), ctx));
    auto idx = indices_of(ctx);
    const int64_t dim = shape[axis];
    for (auto& v : idx) v = checked_index(v, dim, axis, ctx);
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    std::vector<int64_t> out_shape(shape.begin(), shape.begin() + axis);
    auto idx_shape = ctx.input(1).shape();
    out_shape.insert(out_shape.end(), idx_shape.begin(), idx_shape.end());
    out_shape.insert(out_shape.end(), shape.begin() + axis + 1, shape.end());
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t v : idx)
            for (int64_t k = 0; k < inner; ++k) src.push_back((o * dim + v) * inner + k);
    ctx.set_output(0, gather_flat(x, out_shape, src));
}

// ---- GatherElements -------------------------------------------------------------------------

void infer_gather_elements(InferContext& ctx) {
    check_indices_dtype(ctx, ctx.input_dtype(1));
    const Shape& data = ctx.input_shape(0);
    const Shape& idx = ctx.input_shape(1);
    if (data.ranked() && idx.ranked()) {
        if (data.rank() != idx.rank())
            ctx.fail("data " + data.str() + " and indices " + idx.str() +
                     " must have the same rank");
        if (data.rank() == 0) ctx.fail("cannot gather from a scalar");
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(data.rank()), ctx);
    }
    ctx.set_output(0, ctx.input_dtype(0), idx);
}

void compute_gather_elements(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    auto idx_shape = ctx.input(1).shape();
    if (shape.size() != idx_shape.size())
        ctx.fail("data " + shape_str(shape) + " and indices " + shape_str(idx_shape) +
                 " must have the same rank");
    if (shape.empty()) ctx.fail("cannot gather from a scalar");
    auto axis = static_cast<std::size_t>(
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(shape.size()), ctx));
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != axis && idx_shape[d] > shape[d])
            ctx.fail("indices " + shape_str(idx_shape) + " exceed data " + shape_str(shape) +
                     " in dim " + std::to_string(d));
    auto idx = indices_of(ctx);
    auto st = strides_of(shape);
    std::vector<int64_t> src;
    src.reserve(idx.size());
    for_each_index(idx_shape, [&](const std::vector<int64_t>& p) {
        int64_t s = 0;
        for (std::size_t d = 0; d < p.size(); ++d)
            s += (d == axis ? checked_index(idx[src.size()], shape[d], d, ctx) : p[d]) * st[d];
        src.push_back(s);
    });
    ctx.set_output(0, gather_flat(x, idx_shape, src));
}

// ---- GatherND -------------------------------------------------------------------------------

// Output shape indices.shape[:-1] + data.shape[b+m:], m = indices.shape[-1].
Shape gather_nd_shape(const Shape& data, const Shape& idx, const OpContext& ctx) {
    int64_t b = ctx.attr_i("batch_dims");
    if (b < 0) ctx.fail("batch_dims must be non-negative, got " + std::to_string(b));
    if (!data.ranked() || !idx.ranked()) return Shape::unranked();
    auto r = static_cast<int64_t>(data.rank()), q = static_cast<int64_t>(idx.rank());
    if (r < 1 || q < 1) ctx.fail("data and indices must have rank >= 1");
    if (b >= std::min(r, q))
        ctx.fail("batch_dims " + std::to_string(b) + " must be less than the ranks of data " +
                 data.str() + " and indices " + idx.str());
    for (int64_t d = 0; d < b; ++d) {
        const Dim &x = data[static_cast<std::size_t>(d)], &y = idx[static_cast<std::size_t>(d)];
        if (x.is_static() && y.is_static() && x.value() != y.value())
            ctx.fail("batch dim " + std::to_string(d) + " differs between data " + data.str() +
                     " and indices " + idx.str());
    }
    const Dim& last = idx[static_cast<std::size_t>(q - 1)];
    if (!last.is_static()) return Shape::unranked();
    int64_t m = last.value();
    if (m < 1 || m > r - b)
        ctx.fail("the last dim of indices " + idx.str() + " must be in [1, " +
                 std::to_string(r - b) + "] for data " + data.str() + " and batch_dims " +
                 std::to_string(b));
    std::vector<Dim> dims(idx.dims().begin(), idx.dims().end() - 1);
    dims.insert(dims.end(), data.dims().begin() + b + m, data.dims().end());
    return Shape(std::move(dims));
}

void infer_gather_nd(InferContext& ctx) {
    check_indices_dtype(ctx, ctx.input_dtype(1));
    ctx.set_output(0, ctx.input_dtype(0),
                   gather_nd_shape(ctx.input_shape(0), ctx.input_shape(1), ctx));
}

void compute_gather_nd(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    auto idx_shape = ctx.input(1).shape();
    auto out_shape = gather_nd_shape(x.ir_shape(), ctx.input(1).ir_shape(), ctx).static_dims();
    auto idx = indices_of(ctx);
    const auto b = static_cast<std::size_t>(ctx.attr_i("batch_dims"));
    const auto m = static_cast<std::size_t>(idx_shape.back());
    auto st = strides_of(shape);
    int64_t batches = 1, tuples = 1, slice = 1;
    for (std::size_t d = 0; d < b; ++d) batches *= shape[d];
    for (std::size_t d = b; d + 1 < idx_shape.size(); ++d) tuples *= idx_shape[d];
    for (std::size_t d = b + m; d < shape.size(); ++d) slice *= shape[d];
    const int64_t batch_stride = b == 0 ? 0 : st[b - 1];
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for (int64_t bi = 0; bi < batches; ++bi)
        for (int64_t t = 0; t < tuples; ++t) {
            const int64_t* tuple = idx.data() + (bi * tuples + t) * static_cast<int64_t>(m);
            int64_t off = bi * batch_stride;
            for (std::size_t j = 0; j < m; ++j)
                off += checked_index(tuple[j], shape[b + j], b + j, ctx) * st[b + j];
            for (int64_t k = 0; k < slice; ++k) src.push_back(off + k);
        }
    ctx.set_output(0, gather_flat(x, out_shape, src));
}

}  // namespace

void register_gather_ops(OpRegistry& r) {
    r.add(make_schema(
        "Gather", 2, 2, 1, 1,
        {attr_with_default("axis", int64_t{0}, "the axis the indices select along")},
        infer_gather, compute_gather,
        "Takes the slices of data at the indices along axis (numpy.take)."));
    r.add(make_schema(
        "GatherElements", 2, 2, 1, 1,
        {attr_with_default("axis", int64_t{0}, "the axis the indices select along")},
        infer_gather_elements, compute_gather_elements,
        "out[p] = data[p with p[axis] = indices[p]] (numpy.take_along_axis)."));
    r.add(make_schema(
        "GatherND", 2, 2, 1, 1,
        {attr_with_default("batch_dims", int64_t{0}, "number of leading batch dims")},
        infer_gather_nd, compute_gather_nd,
        "Takes the slices of data addressed by the index tuples in the last dim of indices."));
}

}  // namespace neo::ops::tensor_ops
