// Binary elementwise ops and PRelu. Before opset 7 they did not broadcast like NumPy:
// with `broadcast = 1`, B's shape matched a contiguous run of A's dims starting at
// `axis` (or A's trailing dims when `axis` is absent). The translator rewrites that
// into NumPy broadcasting by giving B trailing 1-dims; PRelu before opset 7 applied a
// 1-D slope per channel (dim 1), which is rewritten the same way.
#include <numeric>

#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

// B with `count` trailing 1-dims added (B's rank must be known).
Value* append_unit_dims(NodeContext& ctx, Value* b, std::size_t rank_b, std::size_t count) {
    if (count == 0) return b;
    std::vector<int64_t> axes(count);
    std::iota(axes.begin(), axes.end(), static_cast<int64_t>(rank_b));
    return ctx.make1("Unsqueeze", {b, ctx.const_i64(axes, "axes")});
}

std::vector<Value*> legacy_binary(NodeContext& ctx) {
    Value* a = ctx.required_input(0);
    Value* b = ctx.required_input(1);
    if (ctx.attr_i("broadcast", 0) != 0 && ctx.has_attr("axis")) {
        auto ra = NodeContext::rank_of(a), rb = NodeContext::rank_of(b);
        if (!ra || !rb)
            ctx.fail("legacy broadcasting (broadcast = 1 with axis) needs the ranks of both "
                     "inputs; give static input shapes, or convert the model to opset 7 or "
                     "newer");
        int64_t axis = ctx.attr_i("axis", 0);
        if (axis < 0) axis += static_cast<int64_t>(*ra);
        if (axis < 0 || axis + static_cast<int64_t>(*rb) > static_cast<int64_t>(*ra))
            ctx.fail("axis " + std::to_string(ctx.attr_i("axis", 0)) + " does not fit B (rank " +
                     std::to_string(*rb) + ") into A (rank " + std::to_string(*ra) + ")");
        b = append_unit_dims(ctx, b, *rb, *ra - static_cast<std::size_t>(axis) - *rb);
    }
    // Without an axis, B matched A's trailing dims: NumPy broadcasting does the same.
    Attributes attrs = ctx.attrs_without({"broadcast", "axis", "consumed_inputs"});
    return {ctx.make1(ctx.op_type(), {a, b}, std::move(attrs))};
}

std::vector<Value*> legacy_prelu(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    Value* slope = ctx.required_input(1);
    auto rx = NodeContext::rank_of(x), rs = NodeContext::rank_of(slope);
    bool per_channel = rs && *rs == 1 &&
                       !(slope->shape()[0].is_static() && slope->shape()[0].value() == 1);
    if (per_channel) {
        if (!rx)
            ctx.fail("a per-channel slope before opset 7 needs the rank of X; give static "
                     "input shapes, or convert the model to opset 7 or newer");
        if (*rx > 2) slope = append_unit_dims(ctx, slope, 1, *rx - 2);
    }
    return {ctx.make1("PRelu", {x, slope})};
}

}  // namespace

void register_elementwise(TranslatorRegistry& r) {
    const auto binary = {"Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal",
                         "Greater", "Less"};
    for (const char* op : binary) {
        r.add(kDefaultDomain, op, 1, 6, legacy_binary);
        r.add(kDefaultDomain, op, 7, kLatestOpset, pass_through());
    }
    r.add(kDefaultDomain, "PRelu", 1, 6, legacy_prelu);
    r.add(kDefaultDomain, "PRelu", 7, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
