// Concat and Split: joining tensors along an axis and cutting one into pieces.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <type_traits>

namespace neo::ops::tensor_ops {
namespace {

// ---- Concat ---------------------------------------------------------------------------------

void infer_concat(InferContext& ctx) {
    DType t = DType::undefined;
    const Shape* first = nullptr;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        DType ti = ctx.input_dtype(i);
        if (t != DType::undefined && ti != DType::undefined && ti != t)
            ctx.fail("all inputs must have the same dtype, got " + std::string(dtype_name(t)) +
                     " and " + std::string(dtype_name(ti)));
        if (t == DType::undefined) t = ti;
        const Shape& s = ctx.input_shape(i);
        if (!s.ranked()) continue;
        if (first && s.rank() != first->rank())
            ctx.fail("all inputs must have the same rank, got shapes " + first->str() + " and " +
                     s.str());
        if (!first) first = &s;
    }
    if (!first) {
        ctx.set_output(0, t, Shape::unranked());
        return;
    }
    const std::size_t r = first->rank();
    auto axis = static_cast<std::size_t>(existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(r), ctx));
    std::vector<Dim> out(r);
    bool all_ranked = true;
    int64_t axis_sum = 0;
    bool axis_static = true;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        const Shape& s = ctx.input_shape(i);
        if (!s.ranked()) {
            all_ranked = false;
            continue;
        }
        if (s[axis].is_static())
            axis_sum += s[axis].value();
        else
            axis_static = false;
    }
    out[axis] = all_ranked && axis_static ? Dim(axis_sum) : Dim::unknown();
    if (ctx.num_inputs() == 1 && all_ranked) out[axis] = (*first)[axis];
    for (std::size_t d = 0; d < r; ++d) {
        if (d == axis) continue;
        // Any static size wins (and must agree); a symbol shared by every input survives.
        std::optional<int64_t> static_size;
        std::optional<Dim> common;
        bool all_same = true;
        for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
            const Shape& s = ctx.input_shape(i);
            const Dim dim = s.ranked() ? s[d] : Dim::unknown();
            if (dim.is_static()) {
                if (static_size && *static_size != dim.value())
                    ctx.fail("input shapes " + first->str() + " and " + s.str() +
                             " differ in dim " + std::to_string(d) + " (only axis " +
                             std::to_string(axis) + " may differ)");
                static_size = dim.value();
            }
            if (!common)
                common = dim;
            else if (!(dim == *common))
                all_same = false;
        }
        out[d] = static_size ? Dim(*static_size) : all_same ? *common : Dim::unknown();
    }
    ctx.set_output(0, t, Shape(std::move(out)));
}

void compute_concat(ComputeContext& ctx) {
    const Tensor& x0 = ctx.input(0);
    auto shape0 = x0.shape();
    const auto r = static_cast<int64_t>(shape0.size());
    if (r == 0) ctx.fail("cannot concatenate scalars");
    auto axis = static_cast<std::size_t>(existing_axis(ctx.attr_i("axis"), r, ctx));
    std::vector<int64_t> out_shape = shape0;
    out_shape[axis] = 0;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        const Tensor& x = ctx.input(i);
        if (x.dtype() != x0.dtype())
            ctx.fail("all inputs must have the same dtype, got " +
                     std::string(dtype_name(x0.dtype())) + " and " +
                     std::string(dtype_name(x.dtype())));
        auto s = x.shape();
        bool ok = s.size() == shape0.size();
        for (std::size_t d = 0; ok && d < s.size(); ++d) ok = d == axis || s[d] == shape0[d];
        if (!ok)
            ctx.fail("input shapes " + shape_str(shape0) + " and " + shape_str(s) +
                     " differ outside axis " + std::to_string(axis));
        out_shape[axis] += s[axis];
    }
    // outer: product of the dims before axis; each input contributes a contiguous block of
    // dim[axis] * inner elements per outer index.
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape0[d];
    for (std::size_t d = axis + 1; d < shape0.size(); ++d) inner *= shape0[d];
    Tensor out = Tensor::zeros(x0.dtype(), out_shape);
    std::visit(
        [&](auto& o) {
            using A = std::decay_t<decltype(o)>;
            const int64_t out_block = out_shape[axis] * inner;
            int64_t offset = 0;
            for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
                const auto& a = std::get<A>(ctx.input(i).storage());
                const int64_t block = static_cast<int64_t>(ctx.input(i).shape()[axis]) * inner;
                for (int64_t k = 0; k < outer; ++k)
                    std::copy(a.data() + k * block, a.data() + (k + 1) * block,
                              o.data() + k * out_block + offset);
                offset += block;
            }
        },
        out.storage());
    ctx.set_output(0, std::move(out));
}

// ---- Split ----------------------------------------------------------------------------------

// Sizes of the pieces along axis when no split input is given: num_outputs (or the
// node's output count) pieces of ceil(dim / n), the last one smaller.
std::vector<int64_t> even_split(int64_t dim, int64_t n, const OpContext& ctx) {
    int64_t chunk = dim % n == 0 ? dim / n : dim / n + 1;
    std::vector<int64_t> sizes(static_cast<std::size_t>(n), chunk);
    sizes.back() = dim - chunk * (n - 1);
    if (sizes.back() < 0)
        ctx.fail("cannot split a dim of size " + std::to_string(dim) + " into " +
                 std::to_string(n) + " pieces of " + std::to_string(chunk) +
                 " (the last piece would be negative)");
    return sizes;
}

// Whether num_outputs = n pieces of ceil(dim / n) fit a dim (the last piece may be smaller,
// never negative). Inference leaves the sizes unknown when they do not: such a Split may sit
// in an If branch that is never taken for these shapes (AffineGrid's 2-D/3-D function body);
// running it fails.
bool splits_evenly(int64_t dim, int64_t n) {
    if (n < 1) return false;
    int64_t chunk = dim % n == 0 ? dim / n : dim / n + 1;
    return dim - chunk * (n - 1) >= 0;
}

// How many outputs the node must have when the split input is absent; checks num_outputs.
int64_t split_count(const OpContext& ctx, std::size_t num_outputs, bool has_split) {
    if (!ctx.has_attr("num_outputs")) return static_cast<int64_t>(num_outputs);
    if (has_split) ctx.fail("give either the split input or the num_outputs attribute, not both");
    int64_t n = ctx.attr_i("num_outputs");
    if (n < 1 || n != static_cast<int64_t>(num_outputs))
        ctx.fail("num_outputs is " + std::to_string(n) + " but the node has " +
                 std::to_string(num_outputs) + " outputs");
    return n;
}

void check_split(const std::vector<int64_t>& split, std::size_t num_outputs,
                 std::optional<int64_t> dim, const OpContext& ctx) {
    if (split.size() != num_outputs)
        ctx.fail("split " + ints_str(split) + " has " + std::to_string(split.size()) +
                 " entries but the node has " + std::to_string(num_outputs) + " outputs");
    int64_t sum = 0;
    for (int64_t s : split) {
        if (s < 0) ctx.fail("split " + ints_str(split) + " has a negative entry");
        sum += s;
    }
    if (dim && sum != *dim)
        ctx.fail("split " + ints_str(split) + " sums to " + std::to_string(sum) +
                 " but the dim being split has size " + std::to_string(*dim));
}

void infer_split(InferContext& ctx) {
    const Shape& in = ctx.input_shape(0);
    DType t = ctx.input_dtype(0);
    bool has_split = ctx.has_input(1);
    int64_t n = split_count(ctx, ctx.num_outputs(), has_split);
    if (has_split) require_int_dtype(ctx, ctx.input_dtype(1), "the split input");
    if (!in.ranked()) {
        for (std::size_t i = 0; i < ctx.num_outputs(); ++i) ctx.set_output(i, t, Shape::unranked());
        return;
    }
    auto axis = static_cast<std::size_t>(
        existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(in.rank()), ctx));
    const Dim& d = in[axis];
    std::optional<int64_t> dim;
    if (d.is_static()) dim = d.value();
    std::vector<Dim> sizes(ctx.num_outputs(), Dim::unknown());
    if (has_split) {
        if (auto split = constant_ints(ctx, 1, "the split input")) {
            check_split(*split, ctx.num_outputs(), dim, ctx);
            for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i] = Dim((*split)[i]);
        }
    } else if (dim && splits_evenly(*dim, n)) {
        auto split = even_split(*dim, n, ctx);
        for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i] = Dim(split[i]);
    } else if (n == 1) {
        sizes[0] = d;
    }
    for (std::size_t i = 0; i < ctx.num_outputs(); ++i) {
        Shape s = in;
        s.dims()[axis] = sizes[i];
        ctx.set_output(i, t, std::move(s));
    }
}

void compute_split(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    const auto r = static_cast<int64_t>(shape.size());
    if (r == 0) ctx.fail("cannot split a scalar");
    auto axis = static_cast<std::size_t>(existing_axis(ctx.attr_i("axis"), r, ctx));
    bool has_split = ctx.has_input(1);
    int64_t n = split_count(ctx, ctx.num_outputs(), has_split);
    std::vector<int64_t> split;
    if (has_split) {
        split = input_ints(ctx, 1, "the split input");
        check_split(split, ctx.num_outputs(), shape[axis], ctx);
    } else {
        split = even_split(shape[axis], n, ctx);
    }
    auto strides = strides_of(shape);
    int64_t start = 0;
    for (std::size_t i = 0; i < split.size(); ++i) {
        auto out_shape = shape;
        out_shape[axis] = split[i];
        ctx.set_output(i, gather_flat(x, out_shape,
                                      strided_source(out_shape, start * strides[axis], strides)));
        start += split[i];
    }
}

}  // namespace

void register_concat_split_ops(OpRegistry& r) {
    r.add(make_schema(
        "Concat", 1, kVariadic, 1, 1,
        {required_attr("axis", AttrType::i, "the axis to concatenate along (negative: from the back)")},
        infer_concat, compute_concat,
        "Concatenates the inputs along axis; their other dims must agree."));
    r.add(make_schema(
        "Split", 1, 2, 1, kVariadic,
        {attr_with_default("axis", int64_t{0}, "the axis to split (negative: from the back)"),
         optional_attr("num_outputs", AttrType::i,
                       "number of equal pieces (the last one smaller) when there is no split input")},
        infer_split, compute_split,
        "Splits the input along axis into pieces of the sizes in the split input, or into "
        "equal pieces."));
}

}  // namespace neo::ops::tensor_ops
