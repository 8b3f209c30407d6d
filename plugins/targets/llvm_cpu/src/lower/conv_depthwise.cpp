// Depthwise Conv: each output channel reads one input channel (group == input channels,
// any number of output channels per group), 2-D, constant weights.
//
// One parallel task is (image, output channel, `rows_per_task` output rows). It first copies
// the input rows its outputs read into a local buffer with the padding as zeros (with a
// column stride, each row's columns split by phase, so that every tap reads consecutive
// elements for consecutive outputs), then writes each output element once: bias + the sum
// over every tap, the taps unrolled into one expression with the tap's weight a scalar
// (broadcast), the positions along the row vectorized (a last vector overlapping the one
// before where the row is not a multiple of the width), and no tap ever outside the buffer.
// As the output is only stored, epilogues (epilogue.hpp) fuse into it. A 2-D MaxPool runs
// the same kernel with -inf as the padding and the taps' maximum in place of the sum.
// Kernels of more than 64 taps, or whose rows exceed the buffer, stay with the loop nests
// (rows_kernel_fits()).
// With unit strides a small plane can run as one flat row instead ("plane" 1): a task takes
// all of a channel's rows, its outputs are computed at every place of the padded buffer's
// grid from the first output to the last (the columns between a row's last output and the
// next row's first too, then dropped) in vectors of all the lanes, and copied out row by
// row. On rows narrower than the lanes that wastes fewer lanes than vectors along each row.
// Knobs: "depthwise" (0: conv.cpp's loop nest), "parallel", "vector_width", "rows_per_task",
// "plane".
#include "lower/conv_depthwise.hpp"

#include <algorithm>
#include <limits>

#include "lower/window.hpp"

namespace neo::llvm_cpu {

using kir::ExprP;

namespace {

// The kernel of both: a depthwise Conv (W, B as given) or a MaxPool (`max`: W and B -1,
// the padding -inf, the taps' maximum).
bool lower_rows(LowerCtx& c, const std::vector<int64_t>& kernel, bool max, int width, bool plane = false) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const auto axes = window_axes(c, kernel);
    const WindowAxis &ah = axes[0], &aw = axes[1];
    if (!rows_kernel_fits(ah.kernel, aw.kernel, ah.dilation, aw.dilation, aw.out, aw.stride)) return false;
    const int64_t N = xs[0], C = xs[1], OC = ys[1], ocpg = OC / C;
    const int X = c.in(0), W = max ? -1 : c.in(1), B = !max && c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const ExprP pad = max ? kir::fimm(-std::numeric_limits<double>::infinity(), t) : kir::fimm(0, t);

    // The task's input rows, zero-padded, in a local buffer: row lr holds input row
    // first_row * sh - pad_top + lr, column j input column j - pad_left.
    const int64_t sh = ah.stride, sw = aw.stride, reach = (ah.kernel - 1) * ah.dilation + 1;
    const int64_t lcols = (aw.out - 1) * sw + (aw.kernel - 1) * aw.dilation + 1;
    // By default as many rows as keep the buffer within 16 KiB of f32 (at least one).
    const int64_t fit = std::max<int64_t>(1, (4096 / lcols - reach) / sh + 1);
    const int64_t rows = plane ? ah.out : std::clamp<int64_t>(c.knob("rows_per_task", fit), 1, ah.out);
    const int64_t lrows = (rows - 1) * sh + reach;
    // With a column stride, each buffer row holds its columns split by phase (j % sw) so
    // that the outputs of a row read consecutive elements for every tap: column j at
    // (j % sw) * pcols + j / sw.
    const int64_t pcols = (lcols + sw - 1) / sw, lstride = sw * pcols;
    const int64_t chunks = (ah.out + rows - 1) / rows, tasks = N * OC * chunks;
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;
    // A plane's vectors read past the last row: its buffer has room for them, zeroed.
    const int64_t lanes = c.lanes(t), span = (ah.out - 1) * lstride + aw.out, flat = (span + lanes - 1) / lanes * lanes;
    const int64_t tail = plane ? std::max<int64_t>(0, flat + (reach - 1) * lstride + (aw.kernel - 1) * aw.dilation - lrows * lstride) : 0;
    const int L = c.kernel().add_local("padded", t, lrows * lstride + tail);

    const int task = c.var("task"), oh = c.var("oh"), lr = c.var("lr"), j = c.var("j"), ow = c.var("ow");
    ExprP tv = kir::var(task);
    ExprP chunk = kir::floormod(tv, chunks), noc = kir::floordiv(tv, chunks);
    ExprP oc = kir::floormod(noc, OC), n = kir::floordiv(noc, OC);
    ExprP xplane = (n * C + kir::floordiv(oc, ocpg)) * (ah.in * aw.in);
    ExprP first = chunk * rows, end = kir::min(chunk * rows + rows, kir::imm(ah.out));

    // Fill: rows inside the input copy their columns between zero borders, others are zero;
    // phase by phase, slot jj holding column jj * sw + p.
    ExprP ih = first * sh + kir::var(lr) - kir::imm(ah.pad_begin);
    // Slots [from, to) of the phases `phases` (one store each per slot, so that the loads of
    // all phases together read consecutive input).
    auto fill = [&](std::vector<int64_t> phases, int64_t from, int64_t to, bool copy) -> kir::StmtP {
        from = std::clamp<int64_t>(from, 0, pcols), to = std::clamp<int64_t>(to, from, pcols);
        std::vector<kir::StmtP> stores;
        for (int64_t p : phases) {
            ExprP v = copy ? kir::load(X, t, xplane + ih * aw.in + kir::var(j) * sw + kir::imm(p - aw.pad_begin)) : pad;
            stores.push_back(kir::store(L, kir::var(lr) * lstride + kir::imm(p * pcols) + kir::var(j), v));
        }
        // With a column stride, a vectorized copy reads the input with gathers (AVX-512),
        // costly over short rows: under two full vectors per phase it is unrolled scalar
        // moves (in the models at 1 thread, interleaved: SqueezeNet's 27x27 -> 13x13 MaxPool
        // 0.128 -> 0.044 ms; MobileNetV2's stride-2 depthwise 28x28 -> 14x14 0.076 -> 0.042
        // and 14x14 -> 7x7 0.100 -> 0.049 ms). Over longer rows the gathers won (112x112 ->
        // 56x56: 0.19 ms, as scalar moves 0.38).
        if (sw > 1 && copy && pcols < 2 * lanes)
            return kir::loop(j, kir::imm(from), kir::imm(to), std::move(stores), kir::LoopKind::unrolled, 4);
        return kir::loop(j, kir::imm(from), kir::imm(to), std::move(stores), kir::LoopKind::vectorized, width);
    };
    ExprP row_in = kir::binary(kir::Op::And, kir::binary(kir::Op::Ge, ih, kir::imm(0)), kir::binary(kir::Op::Lt, ih, kir::imm(ah.in)));
    const int64_t left = aw.pad_begin, right = aw.pad_begin + aw.in;
    auto slot = [&](int64_t col, int64_t p) { return col <= p ? 0 : (col - p + sw - 1) / sw; };  // first slot at or past col
    // The slots every phase copies, and per phase the ones before and after.
    int64_t lo = 0, hi = pcols;
    std::vector<int64_t> all;
    for (int64_t p = 0; p < sw; ++p) lo = std::max(lo, slot(left, p)), hi = std::min(hi, slot(right, p)), all.push_back(p);
    hi = std::max(lo, hi);
    std::vector<kir::StmtP> copy_row{fill(all, lo, hi, true)}, zero_row{fill(all, 0, pcols, false)};
    for (int64_t p = 0; p < sw; ++p) {
        copy_row.push_back(fill({p}, 0, slot(left, p), false));
        copy_row.push_back(fill({p}, slot(left, p), std::min(lo, slot(right, p)), true));
        copy_row.push_back(fill({p}, std::max(lo, hi), slot(right, p), true));
        copy_row.push_back(fill({p}, slot(right, p), pcols, false));
    }
    kir::StmtP fill_rows = kir::loop(lr, kir::imm(0), kir::min(kir::imm(lrows), (end - first - kir::imm(1)) * sh + kir::imm(reach)),
                                     {kir::guard(row_in, copy_row), kir::guard(kir::unary(kir::Op::Not, row_in), zero_row)});

    // Each output row from the buffer, every tap inside it.
    // A kernel of more than 9 taps sums them in up to 3 independent chains of multiply-adds,
    // added at the end: as one chain of 25 dependent multiply-adds the core waited on their
    // latency (EfficientNet's 5x5 layers, 14x14 480 channels: 0.195 ms, in 3 chains 0.171).
    const int64_t nchains = std::clamp<int64_t>((ah.kernel * aw.kernel + 8) / 9, 1, 3);
    std::vector<ExprP> chain(static_cast<std::size_t>(nchains));
    if (B >= 0) chain[0] = kir::load(B, t, oc);
    // The buffer place of the current output's tap (0, 0): along its row, or of the plane.
    const int q = c.var("q");
    ExprP origin = plane ? kir::var(q) : (kir::var(oh) - first) * sh * lstride + kir::var(ow);
    int64_t tapi = 0;
    for (int64_t kh = 0; kh < ah.kernel; ++kh)
        for (int64_t kw = 0; kw < aw.kernel; ++kw, ++tapi) {
            const int64_t col = kw * aw.dilation;  // of the row's first output
            ExprP x = kir::load(L, t, origin + kir::imm(kh * ah.dilation * lstride + col % sw * pcols + col / sw));
            ExprP& a = chain[static_cast<std::size_t>(tapi % nchains)];
            if (max) {
                a = a ? kir::max(a, x) : x;
                continue;
            }
            ExprP wv = kir::load(W, t, (oc * ah.kernel + kh) * aw.kernel + kw);
            a = a ? kir::muladd(wv, x, a) : mul(wv, x);
        }
    ExprP acc = chain[0];
    for (std::size_t i = 1; i < chain.size(); ++i) acc = max ? kir::max(acc, chain[i]) : add(acc, chain[i]);  // every chain has a tap
    // With a costly epilogue the sums go to a local row, written out by a loop of its own:
    // fused into the sums' loop, the chain's constants and temporaries spilled the taps'
    // weights (EfficientNet's 3x3 and 5x5 layers with SiLU 1.3-1.6x slower than the sums and
    // a separate pass).
    // A plane's sums all go there first.
    const int R = plane ? c.kernel().add_local("plane", t, flat) : c.costly_epilogue() ? c.kernel().add_local("row", t, aw.out) : -1;
    const int ow2 = c.var("ow");
    auto outputs = [&](int64_t from, int64_t to) {
        ExprP y_at = (noc * ah.out + kir::var(oh)) * aw.out;
        if (plane)
            return std::vector<kir::StmtP>{kir::loop(ow2, kir::imm(from), kir::imm(to),
                                                     {kir::store(Y, y_at + kir::var(ow2), kir::load(R, t, kir::var(oh) * lstride + kir::var(ow2)))},
                                                     kir::LoopKind::vectorized, width)};
        if (R < 0)
            return std::vector<kir::StmtP>{kir::loop(ow, kir::imm(from), kir::imm(to), {kir::store(Y, y_at + kir::var(ow), acc)},
                                                     kir::LoopKind::vectorized, width)};
        return std::vector<kir::StmtP>{
            kir::loop(ow, kir::imm(from), kir::imm(to), {kir::store(R, kir::var(ow), acc)}, kir::LoopKind::vectorized, width),
            kir::loop(ow2, kir::imm(from), kir::imm(to), {kir::store(Y, y_at + kir::var(ow2), kir::load(R, t, kir::var(ow2)))},
                      kir::LoopKind::vectorized, width)};
    };
    // Whole vectors along the row; a row that they do not divide ends with one more vector
    // over its last `width` outputs (those before recomputed to the same values) rather than
    // a scalar remainder.
    const int64_t whole = width > 1 && aw.out > width ? aw.out / width * width : aw.out;
    std::vector<kir::StmtP> out_row = outputs(0, whole);
    if (whole < aw.out)
        for (kir::StmtP& st : outputs(aw.out - width, aw.out)) out_row.push_back(std::move(st));
    std::vector<kir::StmtP> body{fill_rows};
    if (plane) {
        const int z = c.var("z");
        body.insert(body.begin(), kir::loop(z, kir::imm(lrows * lstride), kir::imm(lrows * lstride + tail), {kir::store(L, kir::var(z), pad)}));
        body.push_back(kir::loop(q, kir::imm(0), kir::imm(flat), {kir::store(R, kir::var(q), acc)}, kir::LoopKind::vectorized, static_cast<int>(lanes)));
    }
    body.push_back(kir::loop(oh, first, end, std::move(out_row)));
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = (max ? 1.0 : 2.0) * static_cast<double>(numel_of(ys)) * static_cast<double>(ah.kernel * aw.kernel);
    return true;
}

}  // namespace

bool lower_conv_depthwise(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    if ((t != DType::f32 && t != DType::f64) || xs.size() != 4 || !c.constant(1) || ws[1] != 1 || c.op().attr_i("group") != xs[1])
        return false;
    const int64_t out_w = ys[3];
    if (!c.knob("depthwise", depthwise_by_default(out_w, c.lanes(t)))) return false;
    const auto axes = window_axes(c, {ws[2], ws[3]});
    const bool plane_fits = plane_applies(axes[0].out, out_w, ws[2], ws[3], axes[0].dilation, axes[1].dilation, axes[0].stride, axes[1].stride);
    // By default only under a costly epilogue (which the rows' outputs also take through a
    // local row) and for at most 9 taps: measured here on AVX-512, EfficientNet-B0's 3x3
    // layers with SiLU at 14x14 went from 0.140 to 0.077 ms and at 7x7 from 0.159 to 0.116,
    // while its 5x5 ones ran 2-3x slower as planes, and MobileNetV2's 3x3 ones with ReLU6
    // 1.2-1.8x slower than along their rows.
    const int64_t plane_dflt = c.costly_epilogue() && ws[2] * ws[3] <= 9 ? plane_by_default(axes[0].out, out_w, ws[3], axes[1].dilation, c.lanes(t)) : 0;
    const bool plane = plane_fits && c.knob("plane", plane_dflt) != 0;
    return lower_rows(c, {ws[2], ws[3]}, false, static_cast<int>(c.knob("vector_width", default_depthwise_width(out_w, c.lanes(t)))), plane);
}

bool lower_max_pool_rows(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    if ((t != DType::f32 && t != DType::f64) || xs.size() != 4 || c.node().num_outputs() > 1 || ys[3] < 4) return false;
    return lower_rows(c, c.op().attr_ints("kernel_shape"), true, default_depthwise_width(ys[3], c.lanes(t)));
}

bool rows_kernel_fits(int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t out_w, int64_t sw) {
    const int64_t reach_h = (kh - 1) * dh + 1, span_w = (out_w - 1) * sw + (kw - 1) * dw + 1;
    return kh * kw <= 64 && reach_h * (span_w + sw) <= 64 * 1024;
}

bool plane_applies(int64_t out_h, int64_t out_w, int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t sh, int64_t sw) {
    const int64_t rows = out_h - 1 + (kh - 1) * dh + 1, cols = out_w + (kw - 1) * dw;
    return sh == 1 && sw == 1 && kh * kw <= 64 && (rows + 1) * cols + 64 <= 16 * 1024;
}

int64_t plane_by_default(int64_t out_h, int64_t out_w, int64_t kw, int64_t dw, int lanes) {
    // Vectors per tap: along the rows (the last one overlapping), or over the plane's grid.
    const int64_t w = default_depthwise_width(out_w, lanes), along = out_h * ((out_w + w - 1) / w);
    const int64_t cols = out_w + (kw - 1) * dw, flat = ((out_h - 1) * cols + out_w + lanes - 1) / lanes;
    // The plane's copy out costs about a quarter of the sums.
    return 5 * flat < 4 * along ? 1 : 0;
}

int64_t depthwise_by_default(int64_t out_w, int lanes) { return out_w >= lanes || (lanes > 8 && out_w >= 4) ? 1 : 0; }

int default_depthwise_width(int64_t out_w, int lanes) {
    int w = lanes;
    while (w > 1 && w > out_w) w /= 2;
    return w;
}

ScheduleSpace conv_depthwise_space(const CpuInfo&) {
    ScheduleSpace s{{"depthwise", {0, 1}}};
    s.push_back({"rows_per_task", {1, 2, 4, 8, 16, 32}});
    s.push_back({"plane", {0, 1}});
    return s;
}

}  // namespace neo::llvm_cpu
