// Depthwise Conv: each output channel reads one input channel (group == input channels,
// any number of output channels per group), 2-D, constant weights.
//
// One parallel task is (image, output channel, `rows_per_task` output rows). Each output
// element is written once: bias + the sum over every tap, the taps unrolled into one
// expression with the tap's weight a scalar (broadcast) and the output positions along the
// row vectorized. A tap whose input row lies in the padding reads 0 (one uniform select per
// row); along the row the positions are split at compile time into a left border, an
// interior whose taps all lie inside the input (plain loads) and a right border (a select
// per tap). As the output is only stored, epilogues (epilogue.hpp) fuse into it.
// Knobs: "depthwise" (0: conv.cpp's loop nest), "parallel", "vector_width", "rows_per_task".
#include "lower/conv_depthwise.hpp"

#include "lower/window.hpp"

namespace neo::llvm_cpu {

using kir::ExprP;

bool lower_conv_depthwise(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    if ((t != DType::f32 && t != DType::f64) || xs.size() != 4 || !c.constant(1) || ws[1] != 1 ||
        c.op().attr_i("group") != xs[1] || !c.knob("depthwise", 1))
        return false;
    const auto axes = window_axes(c, {ws[2], ws[3]});
    const WindowAxis &ah = axes[0], &aw = axes[1];
    const int64_t N = xs[0], C = xs[1], OC = ys[1], ocpg = OC / C;
    const int X = c.in(0), W = c.in(1), B = c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const int64_t rows = std::max<int64_t>(1, std::min(ah.out, c.knob("rows_per_task", std::max<int64_t>(1, ah.out / 4))));
    const int64_t chunks = (ah.out + rows - 1) / rows, tasks = N * OC * chunks;
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;

    const int task = c.var("task"), oh = c.var("oh");
    ExprP tv = kir::var(task);
    ExprP chunk = kir::floormod(tv, chunks), noc = kir::floordiv(tv, chunks);
    ExprP oc = kir::floormod(noc, OC), n = kir::floordiv(noc, OC);
    ExprP xplane = (n * C + kir::floordiv(oc, ocpg)) * (ah.in * aw.in), yrow = (noc * ah.out + kir::var(oh)) * aw.out;

    // Output positions [lo, hi) along the row have every tap inside the input.
    const int64_t reach = (aw.kernel - 1) * aw.dilation;
    const int64_t lo = std::min(aw.out, (aw.pad_begin + aw.stride - 1) / aw.stride);
    const int64_t hi = std::max(lo, std::min(aw.out, (aw.in - 1 + aw.pad_begin - reach) / aw.stride + 1));
    auto lt = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Lt, std::move(a), std::move(b)); };
    auto ge = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Ge, std::move(a), std::move(b)); };
    auto both = [](ExprP a, ExprP b) { return kir::binary(kir::Op::And, std::move(a), std::move(b)); };
    auto row_loop = [&](int64_t from, int64_t to, bool masked) -> std::vector<kir::StmtP> {
        if (from >= to) return {};
        const int ow = c.var("ow");
        ExprP acc = B >= 0 ? kir::load(B, t, oc) : kir::fimm(0, t);
        for (int64_t kh = 0; kh < ah.kernel; ++kh) {
            ExprP ih = kir::var(oh) * ah.stride + kir::imm(kh * ah.dilation - ah.pad_begin);
            ExprP row_in = both(ge(ih, kir::imm(0)), lt(ih, kir::imm(ah.in)));
            ExprP xrow = xplane + kir::max(kir::imm(0), kir::min(ih, kir::imm(ah.in - 1))) * aw.in;
            for (int64_t kw = 0; kw < aw.kernel; ++kw) {
                ExprP iw = kir::var(ow) * aw.stride + kir::imm(kw * aw.dilation - aw.pad_begin);
                ExprP inside = row_in;
                ExprP at = iw;
                if (masked) {
                    inside = both(inside, both(ge(iw, kir::imm(0)), lt(iw, kir::imm(aw.in))));
                    at = kir::max(kir::imm(0), kir::min(iw, kir::imm(aw.in - 1)));
                }
                ExprP x = kir::select(inside, kir::load(X, t, xrow + at), kir::fimm(0, t));
                acc = kir::muladd(kir::load(W, t, (oc * ah.kernel + kh) * aw.kernel + kw), x, acc);
            }
        }
        return {kir::loop(ow, kir::imm(from), kir::imm(to), {kir::store(Y, yrow + kir::var(ow), acc)},
                          masked ? kir::LoopKind::serial : kir::LoopKind::vectorized, masked ? 0 : width)};
    };
    std::vector<kir::StmtP> row;
    for (auto part : {row_loop(0, lo, true), row_loop(lo, hi, false), row_loop(hi, aw.out, true)})
        row.insert(row.end(), part.begin(), part.end());
    std::vector<kir::StmtP> body{kir::loop(oh, chunk * rows, kir::min(chunk * rows + rows, kir::imm(ah.out)), std::move(row))};
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(ah.kernel * aw.kernel);
    return true;
}

ScheduleSpace conv_depthwise_space(const CpuInfo&) {
    ScheduleSpace s{{"depthwise", {0, 1}}};
    s.push_back({"rows_per_task", {1, 2, 4, 8, 16, 32}});
    return s;
}

}  // namespace neo::llvm_cpu
