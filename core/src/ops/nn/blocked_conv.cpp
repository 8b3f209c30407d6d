// The channel-blocked layout, which the block-channels pass (passes/block_channels.hpp)
// plans for code generators whose convolutions run fastest on it: a tensor (N, C, D1..Dn)
// held as (N, C/b, D1..Dn, b), channel c at [c / b] ... [c % b], C a multiple of b.
//
// neo.BlockedConv: Conv (same inputs, attributes and meaning) whose X is blocked when
// in_block > 0 (in blocks of in_block channels) and whose Y is blocked when out_block > 0;
// W and B keep Conv's shapes. neo.Unblock: a blocked tensor back to (N, C, D1..Dn).
#include <string>

#include "neo/core/passes/block_channels.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

const std::string kDomain = "neo";

// Row-major doubles of a tensor of plain dims (N, C, D...) into blocks of b channels
// (to_blocks), or out of them.
std::vector<double> reorder(const std::vector<double>& x, const std::vector<int64_t>& plain, int64_t b, bool to_blocks) {
    const int64_t groups = plain[0] * plain[1] / b, plane = prod(plain, 2, plain.size());
    std::vector<double> y(x.size());
    for (int64_t g = 0; g < groups; ++g)
        for (int64_t p = 0; p < plane; ++p)
            for (int64_t i = 0; i < b; ++i) {
                const auto blocked = static_cast<std::size_t>((g * plane + p) * b + i), flat = static_cast<std::size_t>((g * b + i) * plane + p);
                y[to_blocks ? blocked : flat] = x[to_blocks ? flat : blocked];
            }
    return y;
}

int64_t block_attr(const OpContext& ctx, const char* name) {
    const int64_t b = ctx.attr_i(name);
    if (b < 0) ctx.fail(std::string("attribute '") + name + "' must be 0 or positive, got " + std::to_string(b));
    return b;
}

void require_blocked(const OpContext& ctx, const Shape& s, int64_t b, const std::string& what) {
    if (!s.ranked()) return;
    if (s.rank() < 4 || s.rank() > 6) ctx.fail(what + " must be blocked (N, C/b, D1..Dn, b) with 1 to 3 spatial axes, got shape " + s.str());
    if (b > 0 && s[s.rank() - 1].is_static() && s[s.rank() - 1].value() != b)
        ctx.fail(what + " has blocks of " + std::to_string(s[s.rank() - 1].value()) + " channels, expected " + std::to_string(b) + " (shape " + s.str() + ")");
}

void infer_blocked_conv(InferContext& ctx) {
    const DType xt = ctx.input_dtype(0);
    require_float(ctx, xt, "input X");
    require_same_dtype(ctx, ctx.input_dtype(1), xt, "input W", "input X");
    const int64_t ib = block_attr(ctx, "in_block"), ob = block_attr(ctx, "out_block");
    const Shape& xs = ctx.input_shape(0);
    const Shape& ws = ctx.input_shape(1);
    if (ib > 0) require_blocked(ctx, xs, ib, "input X");
    if (!xs.ranked() || !ws.ranked()) {
        ctx.set_output(0, xt, Shape::unranked());
        return;
    }
    std::vector<Dim> x(xs.dims());
    if (ib > 0) {
        x.pop_back();
        x[1] = x[1].is_static() ? Dim(x[1].value() * ib) : Dim::unknown();
    }
    const std::size_t sp = x.size() - 2;
    if (ws.rank() != x.size()) ctx.fail("weight W has shape " + ws.str() + " but input X has " + std::to_string(sp) + " spatial axes");
    const Window win = read_window(ctx, kernel_from_weights(ctx, sp, ws));
    const Dim m = ws[0];
    if (ob > 0 && m.is_static() && m.value() % ob != 0)
        ctx.fail("the " + std::to_string(m.value()) + " output channels (W.shape[0]) are not a multiple of out_block " + std::to_string(ob));
    std::vector<Dim> out{x[0], ob > 0 && m.is_static() ? Dim(m.value() / ob) : m};
    for (std::size_t i = 0; i < sp; ++i) out.push_back(output_dim(win, i, x[i + 2], ctx));
    if (ob > 0) out.push_back(Dim(ob));
    ctx.set_output(0, xt, Shape(std::move(out)));
}

void compute_blocked_conv(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const int64_t ib = block_attr(ctx, "in_block"), ob = block_attr(ctx, "out_block");
    Tensor plain = xt;
    if (ib > 0) {
        require_blocked(ctx, xt.ir_shape(), ib, "input X");
        plain = from_f64(xt.dtype(), plain_dims(xt.shape()), reorder(to_f64(xt), plain_dims(xt.shape()), ib, false));
    }
    // The reference is Conv's own, on the plain tensors.
    const OpSchema* conv = OpRegistry::global().find("", "Conv");
    std::vector<const Tensor*> ins{&plain, &ctx.input(1)};
    if (ctx.optional_input(2)) ins.push_back(ctx.optional_input(2));
    Tensor y = compute_node(*conv, ctx.node(), ins)[0];
    if (ob > 0) {
        if (y.shape()[1] % ob != 0)
            ctx.fail("the " + std::to_string(y.shape()[1]) + " output channels are not a multiple of out_block " + std::to_string(ob));
        y = from_f64(y.dtype(), blocked_dims(y.shape(), ob), reorder(to_f64(y), y.shape(), ob, true));
    }
    ctx.set_output(0, std::move(y));
}

void infer_unblock(InferContext& ctx) {
    const Shape& xs = ctx.input_shape(0);
    require_blocked(ctx, xs, 0, "input X");
    if (!xs.ranked()) {
        ctx.set_output(0, ctx.input_dtype(0), Shape::unranked());
        return;
    }
    std::vector<Dim> out(xs.dims());
    const Dim b = out.back();
    out.pop_back();
    out[1] = out[1].is_static() && b.is_static() ? Dim(out[1].value() * b.value()) : Dim::unknown();
    ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(out)));
}

void compute_unblock(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_blocked(ctx, xt.ir_shape(), 0, "input X");
    const auto plain = plain_dims(xt.shape());
    ctx.set_output(0, from_f64(xt.dtype(), plain, reorder(to_f64(xt), plain, xt.shape().back(), false)));
}

}  // namespace

void register_blocked_conv(OpRegistry& r) {
    OpSchema s;
    s.domain = kDomain;
    s.name = "BlockedConv";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = window_attr_specs(false);
    s.attrs.push_back({"group", AttrType::i, Attribute(int64_t{1}), false, "as Conv's"});
    s.attrs.push_back({"kernel_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false, "as Conv's"});
    s.attrs.push_back({"in_block", AttrType::i, Attribute(int64_t{0}), false, "channels per block of X (0: X is (N, C, D...))"});
    s.attrs.push_back({"out_block", AttrType::i, Attribute(int64_t{0}), false, "channels per block of Y (0: Y is (N, M, O...))"});
    s.infer = infer_blocked_conv;
    s.compute = compute_blocked_conv;
    s.doc = "Conv on channel-blocked tensors (N, C/b, D..., b); planned by the block-channels pass.";
    r.add(std::move(s));

    OpSchema u;
    u.domain = kDomain;
    u.name = "Unblock";
    u.infer = infer_unblock;
    u.compute = compute_unblock;
    u.doc = "A channel-blocked tensor (N, C/b, D..., b) back to (N, C, D...).";
    r.add(std::move(u));
}

}  // namespace neo::ops::nn
