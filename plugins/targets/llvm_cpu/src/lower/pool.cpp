// MaxPool (with its Indices output, storage_order 0 / 1), AveragePool and LpPool (1-3
// spatial axes, strides, dilations, pads / auto_pad, ceil_mode, count_include_pad),
// GlobalAveragePool, GlobalMaxPool and GlobalLpPool, and MaxUnpool. Every (image, channel)
// plane is one parallel task; each output position reduces over the taps inside the input
// (bounds computed per position). MaxUnpool zeroes the output (in parallel), then scatters
// X to its indices (serially: indices may repeat). A 2-D MaxPool without Indices takes
// conv_depthwise.cpp's row kernel instead, vectorized along the row (lower_max_pool_rows).
// Knobs: "parallel", and "vector_width" (MaxUnpool's zeroing).
#include <limits>

#include "lower/conv_depthwise.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

ExprP lowest(DType t) {
    if (is_float(t)) return kir::fimm(-std::numeric_limits<double>::infinity(), t);
    return kir::imm(t == DType::i8 ? -128 : 0, t);
}

void lower_pool(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const bool is_max = c.node().op() == "MaxPool", is_lp = c.node().op() == "LpPool";
    if (!is_float(t) && !(is_max && (t == DType::i8 || t == DType::u8))) c.unsupported("element type " + std::string(dtype_name(t)));
    const double p_exp = is_lp ? static_cast<double>(c.op().attr_i("p")) : 1.0;
    const bool with_indices = is_max && c.node().num_outputs() > 1;
    if (is_max && lower_max_pool_rows(c)) return;
    const auto kernel = c.op().attr_ints("kernel_shape");
    const auto axes = window_axes(c, kernel);
    const std::size_t r = axes.size();
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const int X = c.in(0), Y = c.out(0), I = with_indices ? c.out(1) : -1;
    const bool include_pad = !is_max && !is_lp && c.op().attr_i("count_include_pad") == 1;
    const int64_t planes = xs[0] * xs[1];
    const bool parallel = c.knob("parallel", planes > 1 ? 1 : 0) != 0;
    const int acc = c.kernel().add_local("acc", t, 1);
    const int arg = with_indices ? c.kernel().add_local("arg", DType::i64, 1) : -1;

    const int p = c.var("nc");
    std::vector<int> ov(r), kv(r);
    for (std::size_t i = 0; i < r; ++i) ov[i] = c.var("o" + std::to_string(i));
    for (std::size_t i = 0; i < r; ++i) kv[i] = c.var("k" + std::to_string(i));
    const auto xstr = strides_of(xs), ystr = strides_of(ys);
    ExprP xidx = kir::var(p) * xstr[1], yidx = kir::var(p) * ystr[1];
    ExprP count = kir::imm(1);
    // The Indices output: flat positions in X, the spatial axes row- or column-major.
    const bool col_major = with_indices && c.op().attr_i("storage_order") == 1;
    ExprP flat = kir::var(p) * xstr[1];
    int64_t col_stride = 1;
    for (std::size_t i = 0; i < r; ++i) {
        ExprP pos = kir::var(ov[i]) * axes[i].stride + kir::var(kv[i]) * axes[i].dilation - kir::imm(axes[i].pad_begin);
        xidx = xidx + pos * xstr[i + 2];
        flat = flat + pos * (col_major ? col_stride : xstr[i + 2]);
        col_stride *= xs[i + 2];
        yidx = yidx + kir::var(ov[i]) * ystr[i + 2];
        if (include_pad) {
            count = count * padded_taps(axes[i], kir::var(ov[i]));
        } else {
            auto [lo, hi] = taps_for_output(axes[i], kir::var(ov[i]));
            count = count * kir::max(kir::imm(0), hi - lo);
        }
    }
    ExprP accv = kir::load(acc, t, kir::imm(0));
    ExprP xv = kir::load(X, t, xidx);
    if (is_lp) xv = kir::binary(Op::Pow, kir::unary(Op::Abs, xv), kir::fimm(p_exp, t));
    std::vector<kir::StmtP> body{kir::store(acc, kir::imm(0), is_max ? kir::max(accv, xv) : kir::binary(Op::Add, accv, xv))};
    if (with_indices) {  // the reference's rule: the first tap, a larger value, or a number after NaN
        ExprP argv = kir::load(arg, DType::i64, kir::imm(0));
        ExprP take = kir::binary(Op::Or, kir::binary(Op::Lt, argv, kir::imm(0)), kir::binary(Op::Gt, xv, accv));
        if (is_float(t))
            take = kir::binary(Op::Or, take, kir::binary(Op::And, kir::unary(Op::IsNan, accv), kir::unary(Op::Not, kir::unary(Op::IsNan, xv))));
        body = {kir::guard(take, {kir::store(acc, kir::imm(0), xv), kir::store(arg, kir::imm(0), flat)})};
    }
    for (std::size_t i = r; i-- > 0;) {
        auto [lo, hi] = taps_for_output(axes[i], kir::var(ov[i]));
        body = {kir::loop(kv[i], lo, hi, std::move(body))};
    }
    ExprP result = is_max ? accv
                   : is_lp ? kir::binary(Op::Pow, accv, kir::fimm(1.0 / p_exp, t))
                           : kir::binary(Op::Div, accv, kir::cast(t, count));
    std::vector<kir::StmtP> per_out{kir::store(acc, kir::imm(0), is_max ? lowest(t) : kir::fimm(0, t))};
    per_out.insert(per_out.end(), body.begin(), body.end());
    per_out.push_back(kir::store(Y, yidx, result));
    if (with_indices) {
        per_out.insert(per_out.begin(), kir::store(arg, kir::imm(0), kir::imm(-1)));
        per_out.push_back(kir::store(I, yidx, kir::load(arg, DType::i64, kir::imm(0))));
    }
    std::vector<kir::StmtP> nest = std::move(per_out);
    for (std::size_t i = r; i-- > 0;) nest = {kir::loop(ov[i], axes[i].out, std::move(nest))};
    c.kernel().body = kir::loop(p, planes, std::move(nest), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = static_cast<double>(numel_of(ys) * numel_of(kernel));
}

void lower_global_pool(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const bool is_max = c.node().op() == "GlobalMaxPool", is_lp = c.node().op() == "GlobalLpPool";
    const double p_exp = is_lp ? static_cast<double>(c.op().attr_i("p")) : 1.0;
    const auto xs = c.in_shape(0);
    const int64_t planes = xs[0] * xs[1], inner = numel_of(xs) / std::max<int64_t>(planes, 1);
    const int X = c.in(0), Y = c.out(0);
    const int acc = c.kernel().add_local("acc", t, 1);
    const int p = c.var("nc"), i = c.var("i");
    ExprP accv = kir::load(acc, t, kir::imm(0));
    ExprP xv = kir::load(X, t, kir::var(p) * inner + kir::var(i));
    if (is_lp) xv = kir::binary(Op::Pow, kir::unary(Op::Abs, xv), kir::fimm(p_exp, t));
    const bool parallel = c.knob("parallel", planes > 1 && inner * planes >= 16384 ? 1 : 0) != 0;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    ExprP result = is_max ? accv
                   : is_lp ? kir::binary(Op::Pow, accv, kir::fimm(1.0 / p_exp, t))
                           : kir::binary(Op::Div, accv, kir::fimm(static_cast<double>(inner), t));
    c.kernel().body = kir::loop(p, planes, {
        kir::store(acc, kir::imm(0), is_max ? lowest(t) : kir::fimm(0, t)),
        kir::loop(i, inner, {kir::store(acc, kir::imm(0), is_max ? kir::max(accv, xv) : kir::binary(Op::Add, accv, xv))},
                  kir::LoopKind::vectorized, width),
        kir::store(Y, kir::var(p), result)}, parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = static_cast<double>(numel_of(xs));
}

// MaxUnpool: X scattered to the flat indices I of the unpooled shape, which sits at the
// origin of the (possibly larger, from output_shape) zero output.
void lower_max_unpool(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    if (c.in_dtype(1) != DType::i64) c.unsupported("indices of type " + std::string(dtype_name(c.in_dtype(1))));
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const auto kernel = c.op().attr_ints("kernel_shape");
    const std::size_t r = kernel.size();
    auto strides = c.op().attr_ints("strides"), pads = c.op().attr_ints("pads");
    if (strides.empty()) strides.assign(r, 1);
    if (pads.empty()) pads.assign(2 * r, 0);
    std::vector<int64_t> unpooled{xs[0], xs[1]};
    for (std::size_t i = 0; i < r; ++i) unpooled.push_back((xs[i + 2] - 1) * strides[i] + kernel[i] - pads[i] - pads[i + r]);
    for (std::size_t d = 0; d < ys.size(); ++d)
        if (ys[d] < unpooled[d]) c.unsupported("output_shape is smaller than the unpooled shape");
    const int X = c.in(0), I = c.in(1), Y = c.out(0);
    const bool parallel = c.knob("parallel", numel_of(ys) >= 16384 ? 1 : 0) != 0;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const kir::StmtP zero = loop_nest(c, ys, parallel, width, [&](const std::vector<ExprP>& o) {
        return std::vector<kir::StmtP>{kir::store(Y, linear_index(o, strides_of(ys)), kir::fimm(0, t))};
    });
    const int j = c.var("j");
    ExprP idx = kir::load(I, DType::i64, kir::var(j)), dst = idx;
    if (ys != unpooled) {
        const auto ustr = strides_of(unpooled), ystr = strides_of(ys);
        dst = kir::imm(0);
        for (std::size_t d = 0; d < ys.size(); ++d) dst = dst + kir::floormod(kir::floordiv(idx, ustr[d]), unpooled[d]) * ystr[d];
    }
    ExprP valid = kir::binary(Op::And, kir::binary(Op::Ge, idx, kir::imm(0)), kir::binary(Op::Lt, idx, kir::imm(numel_of(unpooled))));
    c.kernel().body = kir::block({zero, kir::loop(j, numel_of(xs), {kir::guard(valid, {kir::store(Y, dst, kir::load(X, t, kir::var(j)))})})});
}

ScheduleSpace pool_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }
ScheduleSpace unpool_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_pool_lowerings(LoweringTable& t) {
    t["MaxPool"] = {lower_pool, pool_space};
    t["AveragePool"] = {lower_pool, pool_space};
    t["GlobalAveragePool"] = {lower_global_pool, pool_space};
    t["GlobalMaxPool"] = {lower_global_pool, pool_space};
    t["LpPool"] = {lower_pool, pool_space};
    t["GlobalLpPool"] = {lower_global_pool, pool_space};
    t["MaxUnpool"] = {lower_max_unpool, unpool_space};
}

}  // namespace neo::llvm_cpu
