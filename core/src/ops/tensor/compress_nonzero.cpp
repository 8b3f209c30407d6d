// Compress and NonZero: data-dependent selections. Compress keeps the slices along an axis
// (or the elements of the flattened input) whose condition entry is true; NonZero gives the
// indices of the non-zero elements, one row per input dim ([rank, count], i64).
#include <cstdint>
#include <string>
#include <vector>

#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

// ---- Compress -------------------------------------------------------------------------------

void check_condition(const OpContext& ctx, DType t, const Shape& s) {
    if (t != DType::undefined && t != DType::boolean)
        ctx.fail("condition (input 1) must be bool, got " + std::string(dtype_name(t)));
    if (s.ranked() && s.rank() != 1)
        ctx.fail("condition (input 1) must be 1-D, got shape " + s.str());
}

void infer_compress(InferContext& ctx) {
    check_condition(ctx, ctx.input_dtype(1), ctx.input_shape(1));
    const Shape& x = ctx.input_shape(0);
    // A constant condition decides the kept length (entries past the axis are checked
    // when the node runs).
    Dim kept = Dim::unknown();
    if (const Tensor* c = ctx.input_constant(1); c && c->dtype() == DType::boolean) {
        int64_t n = 0;
        for (int64_t i = 0; i < c->numel(); ++i) n += c->at_int(i) != 0;
        kept = Dim(n);
    }
    Shape out = Shape::unranked();
    if (!ctx.has_attr("axis")) {
        out = unknown_dims(1);
        out.dims()[0] = kept;
    } else if (x.ranked()) {
        const auto axis = static_cast<std::size_t>(
            existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(x.rank()), ctx));
        out = x;
        out.dims()[axis] = kept;
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_compress(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& cond = ctx.input(1);
    check_condition(ctx, cond.dtype(), cond.ir_shape());
    const bool has_axis = ctx.has_attr("axis");
    auto shape = has_axis ? x.shape() : std::vector<int64_t>{x.numel()};
    const auto axis = has_axis ? static_cast<std::size_t>(existing_axis(
                                     ctx.attr_i("axis"), static_cast<int64_t>(shape.size()), ctx))
                               : std::size_t{0};
    const auto& c = cond.array<bool>();
    const int64_t len = shape[axis];
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < cond.numel(); ++i) {
        if (!c.data()[i]) continue;
        if (i >= len)
            ctx.fail("condition (input 1) selects entry " + std::to_string(i) +
                     " but the axis being compressed has size " + std::to_string(len));
        kept.push_back(i);
    }
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    auto out_shape = shape;
    out_shape[axis] = static_cast<int64_t>(kept.size());
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for (int64_t a = 0; a < outer; ++a)
        for (int64_t k : kept)
            for (int64_t b = 0; b < inner; ++b) src.push_back((a * len + k) * inner + b);
    ctx.set_output(0, gather_flat(x, out_shape, src));
}

// ---- NonZero --------------------------------------------------------------------------------

void infer_nonzero(InferContext& ctx) {
    DType t = ctx.input_dtype(0);
    if (t == DType::string) ctx.fail("input must be numeric or bool, got string");
    const Shape& x = ctx.input_shape(0);
    // A scalar counts as a 1-D tensor of one element (as numpy.nonzero does).
    Dim rows = x.ranked() ? Dim(std::max<int64_t>(static_cast<int64_t>(x.rank()), 1))
                          : Dim::unknown();
    ctx.set_output(0, DType::i64, Shape({rows, Dim::unknown()}));
}

void compute_nonzero(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() == DType::string) ctx.fail("input must be numeric or bool, got string");
    auto shape = x.shape();
    if (shape.empty()) shape = {1};
    std::vector<std::vector<int64_t>> coords(shape.size());
    int64_t f = 0;
    for_each_index(shape, [&](const std::vector<int64_t>& p) {
        if (x.at_double(f++) != 0)
            for (std::size_t d = 0; d < p.size(); ++d) coords[d].push_back(p[d]);
    });
    const auto n = static_cast<int64_t>(coords[0].size());
    std::vector<int64_t> out;
    out.reserve(coords.size() * static_cast<std::size_t>(n));
    for (const auto& row : coords) out.insert(out.end(), row.begin(), row.end());
    ctx.set_output(0, Tensor::from_vector<int64_t>({static_cast<int64_t>(shape.size()), n}, out));
}

}  // namespace

void register_compress_nonzero_ops(OpRegistry& r) {
    r.add(make_schema(
        "Compress", 2, 2, 1, 1,
        {optional_attr("axis", AttrType::i,
                       "the axis to select along (default: select from the flattened input)")},
        infer_compress, compute_compress,
        "Keeps the slices along axis whose entry in the 1-D bool condition is true."));
    r.add(make_schema("NonZero", 1, 1, 1, 1, {}, infer_nonzero, compute_nonzero,
                      "The indices of the non-zero elements, shape [rank, count], i64, in "
                      "row-major order."));
}

}  // namespace neo::ops::tensor_ops
