// A Conv over a window (not a plain 1x1) with the output positions of a row as the vectors,
// for few input channels per group: a network's first layer over an image's 3 colours.
// There conv_blocked.cpp's channel vectors spend much of the time scattering each vector's
// lanes over as many output planes; here every store is a contiguous vector of one output
// row, as in conv_pointwise.cpp. Measured here inside the bench models at 1 thread (median
// of interleaved profiled runs), against conv_blocked.cpp's kernel: SqueezeNet's 3 -> 64
// 3x3 stride 2 1.47 -> 0.63 ms, MobileNetV2's 3 -> 32 3x3 stride 2 0.68 -> 0.40 ms,
// EfficientNet-B0's 0.76 -> 0.63 ms, the ResNets' 7x7 stride 2 2.79 -> 2.58 ms.
//
// A task first copies the input rows its output row reads (every input channel and tap of
// the outer axes, 0 in the padding) into a local array, each row split by phase of the
// stride: padded position q = j * stride + phase goes to [phase][j], so that a tap's
// inputs of consecutive outputs are consecutive there (loading from X at the stride's step
// instead, SqueezeNet's first layer took 4.3 ms rather than 0.52). A register tile (gemm_kernel.hpp) has `oc_block` output channels as rows (a
// weight broadcast each) and `p_vectors` vectors of consecutive positions of the row as
// columns, reduced over the taps of the outer axes, the taps of the innermost axis and,
// innermost, the group's input channels. The weights are repacked at compile time to
// [group][channel block][tap][input channel][channel of the block] (zero past the group's
// last channel). A row's tiles start at multiples of the tile's columns; where those do not
// divide the row, its last tile ends at the row's end, overlapping the one before (the
// overlap is computed twice and stored twice with the same values).
//
// One parallel task is (image, group, `rows_per_task` output rows), each row's channel
// blocks in turn over the copied rows. Knobs: "vector_axis" (1: this kernel), "parallel",
// "oc_block", "p_vectors", "rows_per_task", "unroll_k" (of the input-channel loop).
#include "lower/conv_planar.hpp"

#include "lower/conv_blocked.hpp"
#include "lower/gemm_kernel.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {

using kir::ExprP;

bool planar_applies(int64_t taps, bool unit, int64_t row_positions, int lanes, int64_t row_copy) {
    return !(taps == 1 && unit) && row_positions >= lanes && row_copy <= 64 * 1024;
}

int64_t planar_row_copy(int64_t icpg, int64_t taps, int64_t kernel_w, int64_t out_w, int64_t stride_w, int64_t dilation_w) {
    const int64_t span = (out_w - 1) * stride_w + (kernel_w - 1) * dilation_w + 1;
    return icpg * (taps / kernel_w) * stride_w * ((span + stride_w - 1) / stride_w);
}

int64_t planar_by_default(int64_t group, int64_t icpg) { return group == 1 && icpg <= 4 ? 1 : 0; }

bool lower_conv_planar(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const Tensor* w = c.constant(1);
    if ((t != DType::f32 && t != DType::f64) || !w || c.node().domain() == "neo") return false;
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    if (xs.size() < 3) return false;
    const std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
    const std::vector<WindowAxis> axes = window_axes(c, kernel);
    const int64_t taps = numel_of(kernel);
    bool unit = true;
    for (const WindowAxis& a : axes) unit = unit && a.stride == 1 && a.pad_begin == 0 && a.pad_end == 0;
    const std::size_t r = axes.size();
    const WindowAxis& last = axes.back();
    const int lanes = c.lanes(t);
    const int64_t N = xs[0], C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    const int64_t row_copy = planar_row_copy(icpg, taps, last.kernel, last.out, last.stride, last.dilation);
    if (!planar_applies(taps, unit, last.out, lanes, row_copy) || c.knob("vector_axis", planar_by_default(group, icpg)) != 1)
        return false;

    const TileShape dflt = default_tile(c.cpu());
    const int64_t cols = std::clamp<int64_t>(c.knob("p_vectors", dflt.col_vectors), 1, last.out / lanes) * lanes;
    const int64_t rows = std::clamp<int64_t>(c.knob("oc_block", dflt.rows), 1, ocpg);
    const int unroll = static_cast<int>(c.knob("unroll_k", default_unroll(icpg)));
    const int64_t blocks = (ocpg + rows - 1) / rows, full_blocks = ocpg / rows, rem_rows = ocpg % rows;
    const int64_t tiles = (last.out + cols - 1) / cols;
    int64_t out_rows = 1;
    for (std::size_t i = 0; i + 1 < r; ++i) out_rows *= axes[i].out;
    const int64_t rpt = std::clamp<int64_t>(c.knob("rows_per_task", 1), 1, out_rows);
    const int64_t row_groups = (out_rows + rpt - 1) / rpt;
    // The input rows of one output row, padding included, as [ic][outer tap][phase][j]: the
    // padded position q = j * stride + phase, so that a tap's inputs for consecutive outputs
    // are consecutive.
    const int64_t s = last.stride, span = (last.out - 1) * s + (last.kernel - 1) * last.dilation + 1;
    const int64_t J = (span + s - 1) / s, outer_taps = taps / last.kernel;

    const int X = c.in(0), B = c.has_input(2) ? c.in(2) : -1;
    const int Wp = c.table("packed_weights", pack_conv_weights(*w, t, group, ocpg, icpg, taps, rows));
    const int Y = c.out(0);
    const int L = c.kernel().add_local("rows", t, row_copy);

    const int task = c.var("task"), rv = c.var("row"), bv = c.var("block"), ti = c.var("tile");
    ExprP tv = kir::var(task);
    ExprP rg = kir::floormod(tv, row_groups), ng = kir::floordiv(tv, row_groups);
    ExprP g = kir::floormod(ng, group), n = kir::floordiv(ng, group), blk = kir::var(bv);
    ExprP row = rg * rpt + kir::var(rv);
    std::vector<ExprP> o(r);  // output position along the outer axes
    for (int64_t i = static_cast<int64_t>(r) - 2, inner = 1; i >= 0; inner *= axes[static_cast<std::size_t>(i)].out, --i)
        o[static_cast<std::size_t>(i)] = kir::floormod(kir::floordiv(row, inner), axes[static_cast<std::size_t>(i)].out);
    std::vector<int64_t> xstr(r, 1);
    for (std::size_t i = r - 1; i-- > 0;) xstr[i] = xstr[i + 1] * axes[i + 1].in;
    const int64_t xplane = xstr[0] * axes[0].in, yplane = out_rows * last.out;
    auto both = [](ExprP a, ExprP b) { return kir::binary(kir::Op::And, std::move(a), std::move(b)); };
    auto within = [&](const ExprP& v, int64_t n_) { return both(kir::binary(kir::Op::Ge, v, kir::imm(0)), kir::binary(kir::Op::Lt, v, kir::imm(n_))); };
    auto clamp = [](const ExprP& v, int64_t n_) { return kir::max(kir::imm(0), kir::min(v, kir::imm(n_ - 1))); };

    // Copy the row's inputs (0 in the padding), per input channel and tap of the outer axes.
    // Where every phase of a position j lies inside the input, one loop over those j reads
    // all the phases of a stretch of the input together (consecutive loads that the vectors
    // split by phase; reading each phase apart took AVX-512 gathers, a third of SqueezeNet's
    // first layer); the positions at the ends select 0 in the padding, and a row outside the
    // input along an outer axis is 0 throughout.
    const int fi = c.var("fic"), ft = c.var("ftap");
    ExprP outer_inside, base = (n * C + g * icpg + kir::var(fi)) * xplane;
    for (int64_t i = static_cast<int64_t>(r) - 2, inner = 1; i >= 0; inner *= axes[static_cast<std::size_t>(i)].kernel, --i) {
        const WindowAxis& a = axes[static_cast<std::size_t>(i)];
        ExprP k = kir::floormod(kir::floordiv(kir::var(ft), inner), a.kernel);
        ExprP ih = o[static_cast<std::size_t>(i)] * a.stride + k * a.dilation - kir::imm(a.pad_begin);
        outer_inside = outer_inside ? both(outer_inside, within(ih, a.in)) : within(ih, a.in);
        base = base + clamp(ih, a.in) * xstr[static_cast<std::size_t>(i)];
    }
    enum class Fill { zero, padded, inside };
    // A loop over positions j in [from, to) storing every phase.
    auto copy = [&](int64_t from, int64_t to, Fill how) {
        const int j = c.var("j");
        std::vector<kir::StmtP> st;
        for (int64_t p = 0; p < s; ++p) {
            ExprP col = kir::var(j) * s + kir::imm(p - last.pad_begin);
            ExprP v = how == Fill::zero     ? kir::fimm(0, t)
                      : how == Fill::inside ? kir::load(X, t, base + col)
                                            : kir::select(within(col, last.in), kir::load(X, t, base + clamp(col, last.in)), kir::fimm(0, t));
            st.push_back(kir::store(L, ((kir::var(fi) * outer_taps + kir::var(ft)) * s + kir::imm(p)) * J + kir::var(j), v));
        }
        return how == Fill::inside ? kir::loop(j, kir::imm(from), kir::imm(to), std::move(st), kir::LoopKind::vectorized, lanes)
                                   : kir::loop(j, kir::imm(from), kir::imm(to), std::move(st));
    };
    // j in [j_lo, j_hi): j * s - pad_begin >= 0 and j * s + s - 1 - pad_begin < in.
    const int64_t j_lo = std::min(J, (last.pad_begin + s - 1) / s);
    const int64_t j_hi = std::clamp<int64_t>(last.in - s + last.pad_begin >= 0 ? (last.in - s + last.pad_begin) / s + 1 : 0, j_lo, J);
    std::vector<kir::StmtP> copy_row;
    if (j_lo > 0) copy_row.push_back(copy(0, j_lo, Fill::padded));
    if (j_hi > j_lo) copy_row.push_back(copy(j_lo, j_hi, Fill::inside));
    if (J > j_hi) copy_row.push_back(copy(j_hi, J, Fill::padded));
    if (outer_inside)
        copy_row = {kir::guard(outer_inside, std::move(copy_row)), kir::guard(kir::unary(kir::Op::Not, outer_inside), {copy(0, J, Fill::zero)})};
    kir::StmtP fill = kir::loop(fi, icpg, {kir::loop(ft, outer_taps, std::move(copy_row))});

    ExprP ow0 = kir::min(kir::var(ti) * cols, kir::imm(last.out - cols));
    // One tile of `nrows` channels.
    auto tile = [&](int64_t nrows) {
        const int ic = c.var("ic"), to = c.var("to"), kw = c.var("kw");
        RegisterTile rt;
        rt.rows = nrows, rt.cols = cols, rt.width = lanes, rt.unroll = unroll;
        rt.contiguous_store = true;
        rt.reduction = {{to, kir::imm(0), kir::imm(outer_taps)}, {kw, kir::imm(0), kir::imm(last.kernel)}, {ic, kir::imm(0), kir::imm(icpg)}};
        ExprP wrow = (((g * blocks + blk) * taps + kir::var(to) * last.kernel + kir::var(kw)) * icpg + kir::var(ic)) * rows;
        rt.a = [&, wrow](int64_t j) { return kir::load(Wp, t, wrow + kir::imm(j)); };
        ExprP q = kir::var(kw) * last.dilation;
        ExprP lrow = ((kir::var(ic) * outer_taps + kir::var(to)) * s + kir::floormod(q, s)) * J + kir::floordiv(q, s) + ow0;
        rt.b = [&, lrow](const ExprP& v) { return kir::load(L, t, lrow + v); };
        rt.store = [&](int64_t j, const ExprP& v, const ExprP& acc) {
            ExprP oc = g * ocpg + blk * rows + kir::imm(j);
            ExprP val = B >= 0 ? add(acc, kir::load(B, t, oc)) : acc;
            return std::vector<kir::StmtP>{kir::store(Y, (n * OC + oc) * yplane + row * last.out + ow0 + v, val)};
        };
        return std::vector<kir::StmtP>{kir::loop(ti, tiles, register_tile(c, t, rt))};
    };
    std::vector<kir::StmtP> by_rows;
    if (full_blocks > 0) by_rows.push_back(kir::guard(kir::binary(kir::Op::Lt, blk, kir::imm(full_blocks)), tile(rows)));
    if (rem_rows > 0) by_rows.push_back(kir::guard(kir::binary(kir::Op::Eq, blk, kir::imm(full_blocks)), tile(rem_rows)));
    std::vector<kir::StmtP> per_row{fill, kir::loop(bv, blocks, std::move(by_rows))};
    std::vector<kir::StmtP> body{kir::loop(rv, kir::imm(0), kir::min(kir::imm(rpt), kir::imm(out_rows) - rg * rpt), std::move(per_row))};
    const int64_t tasks = N * group * row_groups;
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(icpg * taps);
    return true;
}

}  // namespace neo::llvm_cpu
