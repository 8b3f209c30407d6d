// ReverseSequence: for every batch entry b, reverses the first sequence_lens[b] elements
// along the time axis and keeps the rest in place.
#include <cstdint>
#include <string>
#include <vector>

#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

// The batch and time axes (0 or 1, different); fail() otherwise.
std::pair<std::size_t, std::size_t> batch_time_axes(const OpContext& ctx) {
    const int64_t b = ctx.attr_i("batch_axis"), t = ctx.attr_i("time_axis");
    if ((b != 0 && b != 1) || (t != 0 && t != 1) || b == t)
        ctx.fail("batch_axis and time_axis must be 0 and 1 in some order, got batch_axis=" +
                 std::to_string(b) + ", time_axis=" + std::to_string(t));
    return {static_cast<std::size_t>(b), static_cast<std::size_t>(t)};
}

void infer_reverse_sequence(InferContext& ctx) {
    auto [b, t] = batch_time_axes(ctx);
    (void)t;
    const Shape& x = ctx.input_shape(0);
    const Shape& lens = ctx.input_shape(1);
    DType lt = ctx.input_dtype(1);
    if (lt != DType::undefined && lt != DType::i64)
        ctx.fail("sequence_lens (input 1) must be i64, got " + std::string(dtype_name(lt)));
    if (x.ranked() && x.rank() < 2)
        ctx.fail("input must have rank >= 2 (time and batch axes), got shape " + x.str());
    if (lens.ranked() && lens.rank() != 1)
        ctx.fail("sequence_lens (input 1) must be 1-D, got shape " + lens.str());
    if (x.ranked() && lens.ranked() && x[b].is_static() && lens[0].is_static() &&
        x[b].value() != lens[0].value())
        ctx.fail("sequence_lens " + lens.str() + " must have one entry per batch entry (" +
                 std::to_string(x[b].value()) + ")");
    ctx.set_output(0, ctx.input_dtype(0), x);
}

void compute_reverse_sequence(ComputeContext& ctx) {
    auto [baxis, taxis] = batch_time_axes(ctx);
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    if (shape.size() < 2)
        ctx.fail("input must have rank >= 2 (time and batch axes), got shape " + shape_str(shape));
    if (ctx.input(1).dtype() != DType::i64)
        ctx.fail("sequence_lens (input 1) must be i64, got " +
                 std::string(dtype_name(ctx.input(1).dtype())));
    auto lens = ctx.input(1).to_int_vector();
    if (ctx.input(1).rank() != 1 || static_cast<int64_t>(lens.size()) != shape[baxis])
        ctx.fail("sequence_lens " + ctx.input(1).ir_shape().str() +
                 " must have one entry per batch entry (" + std::to_string(shape[baxis]) + ")");
    const int64_t steps = shape[taxis];
    for (int64_t len : lens)
        if (len < 0 || len > steps)
            ctx.fail("sequence length " + std::to_string(len) + " is outside [0, " +
                     std::to_string(steps) + "] (the size of the time axis)");
    auto st = strides_of(shape);
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(x.numel()));
    for_each_index(shape, [&](const std::vector<int64_t>& p) {
        const int64_t len = lens[static_cast<std::size_t>(p[baxis])];
        int64_t off = 0;
        for (std::size_t d = 0; d < p.size(); ++d) {
            int64_t i = p[d];
            if (d == taxis && i < len) i = len - 1 - i;
            off += i * st[d];
        }
        src.push_back(off);
    });
    ctx.set_output(0, gather_flat(x, shape, src));
}

}  // namespace

void register_reverse_sequence_ops(OpRegistry& r) {
    r.add(make_schema(
        "ReverseSequence", 2, 2, 1, 1,
        {attr_with_default("batch_axis", int64_t{1}, "the batch axis (0 or 1)"),
         attr_with_default("time_axis", int64_t{0}, "the time axis (1 or 0)")},
        infer_reverse_sequence, compute_reverse_sequence,
        "Reverses the first sequence_lens[b] steps along the time axis of each batch entry b."));
}

}  // namespace neo::ops::tensor_ops
