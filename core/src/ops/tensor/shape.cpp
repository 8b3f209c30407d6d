// Shape and Size: the input's shape (or element count) as an i64 tensor.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <algorithm>

namespace neo::ops::tensor_ops {
namespace {

// [start, end) of the dims Shape returns for a rank-r input: negative values count from
// the back, then both are clamped to [0, r].
std::pair<int64_t, int64_t> shape_range(const OpContext& ctx, int64_t r) {
    auto clamp = [r](int64_t v) { return std::clamp(v < 0 ? v + r : v, int64_t{0}, r); };
    int64_t start = clamp(ctx.attr_i("start"));
    int64_t end = ctx.has_attr("end") ? clamp(ctx.attr_i("end")) : r;
    return {start, std::max(start, end)};
}

void infer_shape(InferContext& ctx) {
    const Shape& in = ctx.input_shape(0);
    Dim n;
    if (in.ranked()) {
        auto [start, end] = shape_range(ctx, static_cast<int64_t>(in.rank()));
        n = Dim(end - start);
    }
    ctx.set_output(0, DType::i64, Shape({n}));
}

void compute_shape(ComputeContext& ctx) {
    auto shape = ctx.input(0).shape();
    auto [start, end] = shape_range(ctx, static_cast<int64_t>(shape.size()));
    std::vector<int64_t> dims(shape.begin() + start, shape.begin() + end);
    ctx.set_output(0, Tensor::from_vector({static_cast<int64_t>(dims.size())}, dims));
}

void infer_size(InferContext& ctx) {
    ctx.input_shape(0);  // the input is required
    ctx.set_output(0, DType::i64, Shape{});
}

void compute_size(ComputeContext& ctx) {
    ctx.set_output(0, Tensor::from_vector<int64_t>({}, {ctx.input(0).numel()}));
}

}  // namespace

void register_shape_ops(OpRegistry& r) {
    r.add(make_schema(
        "Shape", 1, 1, 1, 1,
        {attr_with_default("start", int64_t{0}, "first dim to return (negative: from the back)"),
         optional_attr("end", AttrType::i, "one past the last dim to return; default: all")},
        infer_shape, compute_shape, "The input's shape (dims start..end) as a 1-D i64 tensor."));
    r.add(make_schema("Size", 1, 1, 1, 1, {}, infer_size, compute_size,
                      "The input's element count as an i64 scalar."));
}

}  // namespace neo::ops::tensor_ops
