// Depthwise Conv: each output channel reads one input channel (group == input channels,
// any number of output channels per group), 2-D, constant weights.
//
// One parallel task is (image, output channel, `rows_per_task` output rows). Each output
// element is written once: bias + the sum over every tap, the taps unrolled into one
// expression with the tap's weight a scalar (broadcast) and the output positions along the
// row vectorized. Rows and positions are split into borders, whose taps may lie in the
// padding (they read 0 through a select), and an interior whose taps are all inside the
// input (plain loads): a task's rows at run time, a row's positions at compile time. As the output is only stored, epilogues (epilogue.hpp) fuse into it.
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

    // Output positions [lo, hi) along an axis have every tap inside the input.
    auto inside_range = [](const WindowAxis& a) {
        const int64_t reach = (a.kernel - 1) * a.dilation;
        const int64_t lo = std::min(a.out, (a.pad_begin + a.stride - 1) / a.stride);
        return std::pair{lo, std::max(lo, std::min(a.out, (a.in - 1 + a.pad_begin - reach) / a.stride + 1))};
    };
    const auto [lo, hi] = inside_range(aw);
    const auto [row_lo, row_hi] = inside_range(ah);
    auto lt = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Lt, std::move(a), std::move(b)); };
    auto ge = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Ge, std::move(a), std::move(b)); };
    auto both = [](ExprP a, ExprP b) { return kir::binary(kir::Op::And, std::move(a), std::move(b)); };
    // Output positions [from, to) of row oh; `mask_row`: its taps' rows may lie outside the
    // input, `mask_col`: the positions' taps may.
    auto row_loop = [&](int64_t from, int64_t to, bool mask_row, bool mask_col) -> std::vector<kir::StmtP> {
        if (from >= to) return {};
        const int ow = c.var("ow");
        ExprP acc = B >= 0 ? kir::load(B, t, oc) : kir::fimm(0, t);
        for (int64_t kh = 0; kh < ah.kernel; ++kh) {
            ExprP ih = kir::var(oh) * ah.stride + kir::imm(kh * ah.dilation - ah.pad_begin);
            ExprP row_in = both(ge(ih, kir::imm(0)), lt(ih, kir::imm(ah.in)));
            ExprP xrow = xplane + (mask_row ? kir::max(kir::imm(0), kir::min(ih, kir::imm(ah.in - 1))) : ih) * aw.in;
            for (int64_t kw = 0; kw < aw.kernel; ++kw) {
                ExprP iw = kir::var(ow) * aw.stride + kir::imm(kw * aw.dilation - aw.pad_begin);
                ExprP inside = mask_row ? row_in : nullptr;
                ExprP at = iw;
                if (mask_col) {
                    ExprP col_in = both(ge(iw, kir::imm(0)), lt(iw, kir::imm(aw.in)));
                    inside = inside ? both(inside, col_in) : col_in;
                    at = kir::max(kir::imm(0), kir::min(iw, kir::imm(aw.in - 1)));
                }
                ExprP x = kir::load(X, t, xrow + at);
                if (inside) x = kir::select(inside, x, kir::fimm(0, t));
                acc = kir::muladd(kir::load(W, t, (oc * ah.kernel + kh) * aw.kernel + kw), x, acc);
            }
        }
        return {kir::loop(ow, kir::imm(from), kir::imm(to), {kir::store(Y, yrow + kir::var(ow), acc)},
                          mask_col ? kir::LoopKind::serial : kir::LoopKind::vectorized, mask_col ? 0 : width)};
    };
    auto rows_loop = [&](const ExprP& from, const ExprP& to, bool mask_row) {
        std::vector<kir::StmtP> row;
        for (auto part : {row_loop(0, lo, mask_row, true), row_loop(lo, hi, mask_row, false), row_loop(hi, aw.out, mask_row, true)})
            row.insert(row.end(), part.begin(), part.end());
        return kir::loop(oh, from, to, std::move(row));
    };
    // The task's rows, split into border rows / rows whose taps are all inside / border rows.
    ExprP first = chunk * rows, end = kir::min(chunk * rows + rows, kir::imm(ah.out));
    ExprP a = kir::min(end, kir::max(first, kir::imm(row_lo))), b = kir::min(end, kir::max(first, kir::imm(row_hi)));
    std::vector<kir::StmtP> body{rows_loop(first, a, true), rows_loop(a, b, false), rows_loop(b, end, true)};
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
