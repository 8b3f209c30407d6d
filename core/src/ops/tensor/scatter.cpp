// ScatterElements and ScatterND: a copy of data with the elements addressed by index
// tensors replaced by (or combined with) updates.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>
#include <type_traits>

namespace neo::ops::tensor_ops {
namespace {

enum class Reduction { none, add, mul, max, min };

Reduction reduction_of(const OpContext& ctx, DType t) {
    const std::string& s = ctx.attr_s("reduction");
    Reduction r;
    if (s == "none") r = Reduction::none;
    else if (s == "add") r = Reduction::add;
    else if (s == "mul") r = Reduction::mul;
    else if (s == "max") r = Reduction::max;
    else if (s == "min") r = Reduction::min;
    else ctx.fail("reduction must be none, add, mul, max or min, got '" + s + "'");
    if (r != Reduction::none && (t == DType::string || is_storage_only(t)))
        ctx.fail("reduction '" + s + "' is not defined for dtype " + std::string(dtype_name(t)) +
                 (t == DType::string ? "" : " (a storage-only type: cast it to compute)"));
    return r;
}

// dst = reduce(dst, v); f16/bf16 through float, bool as logical or/and.
template <class T> void combine(T& dst, const T& v, Reduction r) {
    if (r == Reduction::none) {
        dst = v;
    } else if constexpr (std::is_same_v<T, std::string> || is_small_float_v<T> || is_small_int_v<T>) {
        throw InternalError("scatter reduction on " + std::string(dtype_name(dtype_of<T>())));
    } else if constexpr (std::is_same_v<T, bool>) {
        dst = (r == Reduction::add || r == Reduction::max) ? (dst || v) : (dst && v);
    } else if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>) {
        float a = static_cast<float>(dst);
        combine(a, static_cast<float>(v), r);
        dst = T(a);
    } else {
        switch (r) {
            case Reduction::add: dst = static_cast<T>(dst + v); break;
            case Reduction::mul: dst = static_cast<T>(dst * v); break;
            case Reduction::max: dst = std::max(dst, v); break;
            case Reduction::min: dst = std::min(dst, v); break;
            case Reduction::none: break;
        }
    }
}

// out = data; then for each k: combine(out[dst[k]], updates[k]).
Tensor scatter_flat(const Tensor& data, const Tensor& updates, const std::vector<int64_t>& dst,
                    Reduction r) {
    Tensor out = data;
    std::visit(
        [&](auto& o) {
            using A = std::decay_t<decltype(o)>;
            const auto& u = std::get<A>(updates.storage());
            for (std::size_t k = 0; k < dst.size(); ++k)
                combine(o.data()[dst[k]], u.data()[k], r);
        },
        out.storage());
    return out;
}

void check_common(const OpContext& ctx, DType data, DType indices, DType updates) {
    if (indices != DType::undefined && indices != DType::i32 && indices != DType::i64)
        ctx.fail("indices must be i32 or i64, got " + std::string(dtype_name(indices)));
    if (data != DType::undefined && updates != DType::undefined && data != updates)
        ctx.fail("data and updates must have the same dtype, got " +
                 std::string(dtype_name(data)) + " and " + std::string(dtype_name(updates)));
    reduction_of(ctx, data);
}

int64_t checked_index(int64_t v, int64_t dim, std::size_t axis, const OpContext& ctx) {
    if (v < -dim || v >= dim)
        ctx.fail("index " + std::to_string(v) + " is out of range for axis " +
                 std::to_string(axis) + " of size " + std::to_string(dim));
    return v < 0 ? v + dim : v;
}

// ---- ScatterElements ------------------------------------------------------------------------

void infer_scatter_elements(InferContext& ctx) {
    check_common(ctx, ctx.input_dtype(0), ctx.input_dtype(1), ctx.input_dtype(2));
    const Shape &data = ctx.input_shape(0), &idx = ctx.input_shape(1), &upd = ctx.input_shape(2);
    if (idx.ranked() && upd.ranked() && idx.rank() == upd.rank()) {
        for (std::size_t d = 0; d < idx.rank(); ++d)
            if (idx[d].is_static() && upd[d].is_static() && idx[d].value() != upd[d].value())
                ctx.fail("indices " + idx.str() + " and updates " + upd.str() +
                         " must have the same shape");
    } else if (idx.ranked() && upd.ranked()) {
        ctx.fail("indices " + idx.str() + " and updates " + upd.str() + " must have the same shape");
    }
    if (data.ranked() && idx.ranked()) {
        if (data.rank() != idx.rank())
            ctx.fail("data " + data.str() + " and indices " + idx.str() + " must have the same rank");
        if (data.rank() == 0) ctx.fail("cannot scatter into a scalar");
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(data.rank()), ctx);
    }
    ctx.set_output(0, ctx.input_dtype(0), data);
}

void compute_scatter_elements(ComputeContext& ctx) {
    const Tensor &data = ctx.input(0), &indices = ctx.input(1), &updates = ctx.input(2);
    check_common(ctx, data.dtype(), indices.dtype(), updates.dtype());
    auto shape = data.shape(), idx_shape = indices.shape();
    if (idx_shape != updates.shape())
        ctx.fail("indices " + shape_str(idx_shape) + " and updates " +
                 shape_str(updates.shape()) + " must have the same shape");
    if (shape.size() != idx_shape.size())
        ctx.fail("data " + shape_str(shape) + " and indices " + shape_str(idx_shape) +
                 " must have the same rank");
    if (shape.empty()) ctx.fail("cannot scatter into a scalar");
    auto axis = static_cast<std::size_t>(
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(shape.size()), ctx));
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != axis && idx_shape[d] > shape[d])
            ctx.fail("indices " + shape_str(idx_shape) + " exceed data " + shape_str(shape) +
                     " in dim " + std::to_string(d));
    auto idx = indices.to_int_vector();
    auto st = strides_of(shape);
    std::vector<int64_t> dst;
    dst.reserve(idx.size());
    for_each_index(idx_shape, [&](const std::vector<int64_t>& p) {
        int64_t s = 0;
        for (std::size_t d = 0; d < p.size(); ++d)
            s += (d == axis ? checked_index(idx[dst.size()], shape[d], d, ctx) : p[d]) * st[d];
        dst.push_back(s);
    });
    ctx.set_output(0, scatter_flat(data, updates, dst, reduction_of(ctx, data.dtype())));
}

// ---- ScatterND ------------------------------------------------------------------------------

void infer_scatter_nd(InferContext& ctx) {
    check_common(ctx, ctx.input_dtype(0), ctx.input_dtype(1), ctx.input_dtype(2));
    const Shape &data = ctx.input_shape(0), &idx = ctx.input_shape(1), &upd = ctx.input_shape(2);
    if (data.ranked() && idx.ranked()) {
        if (idx.rank() < 1) ctx.fail("indices must have rank >= 1");
        const Dim& last = idx[idx.rank() - 1];
        if (last.is_static()) {
            const int64_t k = last.value();
            if (k < 1 || k > static_cast<int64_t>(data.rank()))
                ctx.fail("the last dim of indices " + idx.str() + " must be in [1, " +
                         std::to_string(data.rank()) + "] for data " + data.str());
            if (upd.ranked() &&
                upd.rank() != idx.rank() - 1 + data.rank() - static_cast<std::size_t>(k))
                ctx.fail("updates " + upd.str() + " must have shape indices.shape[:-1] + "
                         "data.shape[k:] for data " + data.str() + " and indices " + idx.str());
        }
    }
    ctx.set_output(0, ctx.input_dtype(0), data);
}

void compute_scatter_nd(ComputeContext& ctx) {
    const Tensor &data = ctx.input(0), &indices = ctx.input(1), &updates = ctx.input(2);
    check_common(ctx, data.dtype(), indices.dtype(), updates.dtype());
    auto shape = data.shape(), idx_shape = indices.shape();
    if (idx_shape.empty()) ctx.fail("indices must have rank >= 1");
    const int64_t k = idx_shape.back();
    if (k < 1 || k > static_cast<int64_t>(shape.size()))
        ctx.fail("the last dim of indices " + shape_str(idx_shape) + " must be in [1, " +
                 std::to_string(shape.size()) + "] for data " + shape_str(shape));
    std::vector<int64_t> want(idx_shape.begin(), idx_shape.end() - 1);
    want.insert(want.end(), shape.begin() + k, shape.end());
    if (updates.shape() != want)
        ctx.fail("updates " + shape_str(updates.shape()) + " must have shape " + shape_str(want) +
                 " (indices.shape[:-1] + data.shape[k:])");
    auto idx = indices.to_int_vector();
    auto st = strides_of(shape);
    int64_t slice = 1;
    for (std::size_t d = static_cast<std::size_t>(k); d < shape.size(); ++d) slice *= shape[d];
    const int64_t n_tuples = numel_of({idx_shape.begin(), idx_shape.end() - 1});
    std::vector<int64_t> dst;
    dst.reserve(static_cast<std::size_t>(numel_of(want)));
    for (int64_t t = 0; t < n_tuples; ++t) {
        int64_t off = 0;
        for (int64_t j = 0; j < k; ++j) {
            auto ax = static_cast<std::size_t>(j);
            off += checked_index(idx[static_cast<std::size_t>(t * k + j)], shape[ax], ax, ctx) * st[ax];
        }
        for (int64_t e = 0; e < slice; ++e) dst.push_back(off + e);
    }
    ctx.set_output(0, scatter_flat(data, updates, dst, reduction_of(ctx, data.dtype())));
}

}  // namespace

void register_scatter_ops(OpRegistry& r) {
    const char* reduction_doc = "how updates combine with data: none (replace), add, mul, max, min";
    r.add(make_schema(
        "ScatterElements", 3, 3, 1, 1,
        {attr_with_default("axis", int64_t{0}, "the axis the indices address"),
         attr_with_default("reduction", "none", reduction_doc)},
        infer_scatter_elements, compute_scatter_elements,
        "out = data; out[p with p[axis] = indices[p]] = updates[p] for every position p."));
    r.add(make_schema(
        "ScatterND", 3, 3, 1, 1, {attr_with_default("reduction", "none", reduction_doc)},
        infer_scatter_nd, compute_scatter_nd,
        "out = data; out[indices[t]] = updates[t] for every index tuple t (the last dim of "
        "indices)."));
}

}  // namespace neo::ops::tensor_ops
