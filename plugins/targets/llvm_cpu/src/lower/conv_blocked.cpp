// Conv with constant weights, blocked for the vector registers (conv.cpp's direct loop nest
// is the fallback: weights computed at run time, groups with fewer output channels than a
// vector's lanes, integer or 16-bit types).
//
// The output channels of each group are cut into blocks of `oc_vectors` vectors; the weights
// are repacked at compile time to [group][block][tap][input channel][channel of the block]
// (zero past the group's last channel), so the block's weights of one (tap, input channel)
// are contiguous vectors. Along the innermost spatial axis, output positions are cut into
// tiles of `ow_block` (the last tile smaller when that does not divide the axis); a tile is a
// register tile (gemm_kernel.hpp) with the positions as rows (an input element broadcast
// each) and the block's channels as columns, reduced over the taps and, innermost, the
// group's input channels. Taps along outer axes are bounded per output row. Tiles whose
// taps along the innermost axis all lie inside the input read it directly; tiles at the
// border select 0 for the taps outside. A 1x1 convolution with unit strides and no padding
// is a matrix product: its spatial axes are flattened into one.
//
// One parallel task is (image, group, `rows_per_task` output rows, `tiles_per_task` tiles
// of each, channel block), the channel blocks innermost. When a block's weights of all the
// group's input channels exceed L1, the task reduces in passes of `ic_block` input channels
// over all its tiles, keeping the partial sums in a local array, so that a pass's weights
// and input stay in L1 (only the last pass stores the output, so epilogues fuse as before).
// neo.BlockedConv (X and / or Y in blocks of channels, block_channels.hpp) is the same
// kernel: over a blocked X the reduction runs over (block, channel of the block), reading a
// tile's positions from one place per block; a blocked Y (blocks of the vector's lanes)
// takes each of a tile's column vectors as one contiguous store.
// Within a model the weights come from memory (a model's weights exceed the caches): only
// the first of a pass's tiles reads them from there, and it waited on them. So the tiles of
// a pass prefetch, spread over them, the weights of the next pass (or of the task's next
// block after the last pass), which then arrive while the pass computes from the caches
// (knob "prefetch", on by default). Measured here in the model at 1 thread: ResNet-18's
// 512-channel 3x3 layers at 7x7 2.1 -> 1.6 ms; six such layers in a row, where each one's
// 9.4 MB of weights comes from memory, 2.0 -> 1.35 ms each (1.13 with warm weights).
// Knobs: "blocked" (0: conv.cpp's loop nest), "parallel", "oc_vectors", "ow_block",
// "tiles_per_task", "rows_per_task", "ic_block", "unroll_k" (of the input-channel loop),
// "prefetch".
#include "lower/conv_blocked.hpp"

#include "lower/gemm_kernel.hpp"
#include "lower/window.hpp"
#include "neo/core/passes/block_channels.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;

// Bytes of one input channel's plane.
int64_t xplane_bytes(const std::vector<WindowAxis>& axes, int64_t size) {
    int64_t n = size;
    for (const WindowAxis& a : axes) n *= a.in;
    return n;
}

}  // namespace

Tensor pack_conv_weights(const Tensor& w, DType t, int64_t group, int64_t ocpg, int64_t icpg, int64_t taps, int64_t cols) {
    const int64_t blocks = (ocpg + cols - 1) / cols;
    const Tensor w64 = w.cast(DType::f64);
    const double* src = w64.array<double>().data();
    std::vector<double> packed(static_cast<std::size_t>(group * blocks * icpg * taps * cols), 0.0);
    std::size_t at = 0;
    for (int64_t g = 0; g < group; ++g)
        for (int64_t b = 0; b < blocks; ++b)
            for (int64_t k = 0; k < taps; ++k)
                for (int64_t ic = 0; ic < icpg; ++ic)
                    for (int64_t v = 0; v < cols; ++v, ++at) {
                        const int64_t oc = b * cols + v;
                        if (oc < ocpg) packed[at] = src[((g * ocpg + oc) * icpg + ic) * taps + k];
                    }
    return Tensor::from_vector<double>({static_cast<int64_t>(packed.size())}, packed).cast(t);
}

bool lower_conv_blocked(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const Tensor* w = c.constant(1);
    // neo.BlockedConv: X and / or Y in channel blocks (N, C/b, D..., b); the shapes below
    // are the plain ones.
    const bool blocked_op = c.node().domain() == "neo";
    const int64_t ib = blocked_op ? c.op().attr_i("in_block") : 0, ob = blocked_op ? c.op().attr_i("out_block") : 0;
    const auto xs = ib > 0 ? plain_dims(c.in_shape(0)) : c.in_shape(0), ws = c.in_shape(1);
    const auto ys = ob > 0 ? plain_dims(c.out_shape(0)) : c.out_shape(0);
    const int64_t N = xs[0], C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    const int lanes = c.lanes(t);
    if (blocked_op && (t != DType::f32 || !w || group != 1 || (ob > 0 && ob != lanes) || ocpg < lanes || icpg % std::max<int64_t>(ib, 1) != 0))
        c.unsupported("a BlockedConv needs f32, constant weights, one group and output blocks of the vector's lanes");
    if ((t != DType::f32 && t != DType::f64) || !w || ocpg < lanes || xs.size() < 3 || (!blocked_op && !c.knob("blocked", 1))) return false;

    const std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
    std::vector<WindowAxis> axes = window_axes(c, kernel, xs, ys);
    const int64_t taps = numel_of(kernel);
    bool pointwise = taps == 1;
    for (const WindowAxis& a : axes) pointwise = pointwise && a.stride == 1 && a.pad_begin == 0 && a.pad_end == 0;
    if (pointwise) {
        const int64_t positions = numel_of(std::vector<int64_t>(ys.begin() + 2, ys.end()));
        axes = {WindowAxis{positions, positions, 1, 1, 1, 0, 0}};
    }
    const std::size_t r = axes.size();
    const WindowAxis& last = axes.back();

    const TileShape dflt = default_tile(c.cpu());
    // Rows of a register tile by default: fewer than default_tile()'s, whose count fits the
    // pointwise and matrix kernels (measured here: a 3x3 stride-2 Conv at 4 rows 78 GFLOP/s,
    // at 6 rows 64; a 512-channel 1x1 at 7x7 85 against 72).
    const int64_t base_rows = std::max<int64_t>(1, (c.cpu().vector_registers - dflt.col_vectors) / (dflt.col_vectors + 1));
    const int64_t vectors = std::min<int64_t>(c.knob("oc_vectors", dflt.col_vectors), (ocpg + lanes - 1) / lanes);
    const int64_t cols = vectors * lanes, blocks = (ocpg + cols - 1) / cols;
    // By default those rows, or one more when that leaves a fuller last tile along the axis
    // (14 positions: 5 + 5 + 4 rather than 4 + 4 + 4 + 2).
    auto filled = [&](int64_t r) { return static_cast<double>(last.out) / static_cast<double>((last.out + r - 1) / r * r); };
    const int64_t fit = filled(base_rows + 1) > filled(base_rows) ? base_rows + 1 : base_rows;
    const int64_t rows = std::max<int64_t>(1, c.knob("ow_block", fit));
    // Tiles at multiples of `rows` along the innermost axis (the last one `rem` positions
    // when `rows` does not divide it). Tiles [t_first, t_end) have every tap inside the input.
    const int64_t reach = (last.kernel - 1) * last.dilation;
    const int64_t lo = std::min(last.out, (last.pad_begin + last.stride - 1) / last.stride);
    const int64_t hi = std::max(lo, std::min(last.out, (last.in - 1 + last.pad_begin - reach) / last.stride + 1));
    const int64_t full = last.out / rows, rem = last.out % rows, tiles = full + (rem > 0 ? 1 : 0);
    const int64_t t_first = std::min(full, (lo + rows - 1) / rows), t_end = std::max(t_first, std::min(full, hi / rows));
    const bool rem_inside = full * rows >= lo && hi == last.out;
    const int64_t per_task = std::max<int64_t>(1, c.knob("tiles_per_task", std::max<int64_t>(1, 256 / (rows * cols / lanes))));
    const int64_t chunks = (tiles + per_task - 1) / per_task;
    int64_t out_rows = 1;
    for (std::size_t i = 0; i + 1 < r; ++i) out_rows *= axes[i].out;
    // One task takes `rows_per_task` output rows (of the outer axes) and the reduction runs
    // in passes of `ic_block` input channels, the partial sums kept in a local array between
    // passes. Consecutive tasks are the channel blocks of the same rows, whose input then
    // stays in cache. By default a task takes the rows (with partial sums of at most 8 KiB)
    // that stream the fewest bytes from beyond L2: all the weights once per group of rows,
    // plus, where a task's input exceeds 256 KiB, that input once per task.
    const int64_t size = static_cast<int64_t>(dtype_size(t));
    const int64_t task_tiles = std::min(per_task, tiles);
    const int64_t w_ic = taps * cols * size;  // the block's weights of one input channel
    auto x_ic = [&](int64_t nrows) {         // bytes one input channel gives a task of nrows rows
        int64_t band = 1;
        for (std::size_t i = 0; i + 1 < r; ++i)
            band *= i + 2 == r ? (nrows - 1) * axes[i].stride + (axes[i].kernel - 1) * axes[i].dilation + 1 : axes[i].kernel;
        const int64_t span = std::min(last.in, task_tiles * rows * last.stride + reach);
        return std::min(xplane_bytes(axes, size), band * ((span * size + 63) / 64 + 1) * 64);
    };
    auto part_bytes = [&](int64_t nrows) { return nrows * task_tiles * rows * cols * size; };
    auto streamed = [&](int64_t nrows) {
        const double groups = static_cast<double>((out_rows + nrows - 1) / nrows), input = static_cast<double>(icpg * x_ic(nrows));
        const double weights = groups * static_cast<double>(blocks * icpg * w_ic);
        return weights + (input > 256 * 1024 ? groups * static_cast<double>(blocks * chunks) * input : 0.0);
    };
    int64_t row_dflt = 1;
    for (int64_t nrows = 2; nrows <= out_rows && part_bytes(nrows) <= 8192; ++nrows)
        if (streamed(nrows) < streamed(row_dflt)) row_dflt = nrows;
    const int64_t rpt = std::clamp<int64_t>(c.knob("rows_per_task", row_dflt), 1, out_rows);
    const int64_t per_ic = w_ic + x_ic(rpt);
    // Where the group's weights and input exceed L1, a 1x1 pass takes the input channels
    // whose weights and input fit 20 KiB of L1 beside the partial sums. With several taps, a
    // pass takes 32 input channels (18 KiB of a 3x3 block's weights) and unrolls their loop
    // by 2: measured here on the stride-2 3x3 Convs of the ResNets against that L1 rule's 7 to
    // 12 channels unrolled by 1, 56x56 64 -> 128 channels went from 2.03 to 1.51 ms (median
    // over interleaved runs) and 28x28 128 -> 256 from 2.72 to 2.22 ms.
    int64_t kc_dflt = icpg;
    if (icpg * per_ic > 32 * 1024)
        kc_dflt = taps > 1 ? std::min<int64_t>(32, std::max<int64_t>(1, 20 * 1024 / w_ic))
                           : std::max<int64_t>(1, (20 * 1024 - part_bytes(rpt)) / per_ic);
    // A pass over a blocked X takes whole blocks.
    const int64_t kb = std::max<int64_t>(ib, 1);
    const int64_t kc = std::clamp<int64_t>(c.knob("ic_block", kc_dflt) / kb * kb, kb, icpg);
    const int64_t passes = (icpg + kc - 1) / kc;
    // A 1x1 Conv's reduction, and one over a few input channels (an image's 3 colours, whose
    // loop of 3 steps was a large part of the ResNets' 7x7 stride-2 first layer), take
    // default_unroll(); a pass over several taps unrolls by 2, as said above.
    const int64_t unroll_dflt = icpg <= 4 || taps == 1 ? default_unroll(icpg) : passes > 1 ? 2 : 1;
    const int unroll = static_cast<int>(c.knob("unroll_k", unroll_dflt));
    const int64_t row_groups = (out_rows + rpt - 1) / rpt;

    const int X = c.in(0), B = c.has_input(2) ? c.in(2) : -1;
    const int Wp = c.table("packed_weights", pack_conv_weights(*w, t, group, ocpg, icpg, taps, cols));
    const int64_t w_numel = group * blocks * taps * icpg * cols;
    const bool prefetch = c.knob("prefetch", 1) != 0;
    const int Y = c.out(0);
    const int part = passes > 1 ? c.kernel().add_local("part", t, rpt * task_tiles * rows * cols) : -1;

    // The task's coordinates.
    const int task = c.var("task"), rv = c.var("row");
    ExprP tv = kir::var(task);
    ExprP blk = kir::floormod(tv, blocks), ch = kir::floormod(kir::floordiv(tv, blocks), chunks);
    ExprP rg = kir::floormod(kir::floordiv(tv, blocks * chunks), row_groups);
    ExprP ng = kir::floordiv(tv, blocks * chunks * row_groups);
    ExprP g = kir::floormod(ng, group), n = kir::floordiv(ng, group);
    ExprP row = rg * rpt + kir::var(rv);
    std::vector<ExprP> o(r);  // output position along the outer axes
    for (int64_t i = static_cast<int64_t>(r) - 2, inner = 1; i >= 0; inner *= axes[static_cast<std::size_t>(i)].out, --i)
        o[static_cast<std::size_t>(i)] = kir::floormod(kir::floordiv(row, inner), axes[static_cast<std::size_t>(i)].out);

    // Input and output offsets: the spatial strides of the (possibly flattened) axes.
    std::vector<int64_t> xstr(r, 1), ystr(r, 1);
    for (std::size_t i = r - 1; i-- > 0;) xstr[i] = xstr[i + 1] * axes[i + 1].in, ystr[i] = ystr[i + 1] * axes[i + 1].out;
    const int64_t xplane = xstr[0] * axes[0].in, yplane = ystr[0] * axes[0].out;

    const int ti = c.var("tile");
    ExprP tv_ = kir::var(ti), ow0 = tv_ * rows;
    // A pass reads the partial sums of the previous ones (but the first) and stores its own
    // (but the last, which stores the output).
    enum class Pass { only, partial, last };
    auto part_at = [&](int64_t j, const ExprP& v) {
        return ((kir::var(rv) * task_tiles + tv_ - ch * per_task) * rows + kir::imm(j)) * cols + v;
    };

    // One tile of `nrows` positions from `ow0`, input channels [ic0, ic1); `masked`: its taps
    // along the innermost axis may fall outside the input (those read 0).
    auto tile = [&](int64_t nrows, bool masked, Pass pass, const ExprP& ic0, const ExprP& ic1) {
        const int ic = c.var("ic");
        std::vector<int> k(r);
        for (std::size_t i = 0; i < r; ++i) k[i] = c.var("k" + std::to_string(i));
        RegisterTile rt;
        rt.rows = nrows, rt.cols = cols, rt.width = lanes, rt.unroll = unroll;
        for (std::size_t i = 0; i + 1 < r; ++i) {
            auto [b0, b1] = taps_for_output(axes[i], o[i]);
            rt.reduction.push_back({k[i], b0, b1});
        }
        rt.reduction.push_back({k[r - 1], kir::imm(0), kir::imm(last.kernel)});
        // Over a blocked X, the input channels are (block, channel of the block), the
        // latter innermost: the tile's positions then read one place of X per block.
        const int icb = ib > 0 ? c.var("icb") : -1;
        if (ib > 0) {
            rt.reduction.push_back({icb, kir::floordiv(ic0, ib), kir::floordiv(ic1, ib)});
            rt.reduction.push_back({ic, kir::imm(0), kir::imm(ib)});
        } else {
            rt.reduction.push_back({ic, ic0, ic1});
        }
        ExprP spatial = kir::imm(0), tap = kir::imm(0);
        for (std::size_t i = 0; i + 1 < r; ++i)
            spatial = spatial + (o[i] * axes[i].stride + kir::var(k[i]) * axes[i].dilation - kir::imm(axes[i].pad_begin)) * xstr[i];
        for (std::size_t i = 0; i < r; ++i) tap = tap * axes[i].kernel + kir::var(k[i]);
        // X's element at (input channel, innermost position iw): xrow + iw * xstep.
        const ExprP ic_all = ib > 0 ? kir::var(icb) * ib + kir::var(ic) : kir::var(ic);
        const ExprP xrow = ib > 0 ? ((n * (C / ib) + kir::var(icb)) * xplane + spatial) * ib + kir::var(ic)
                                  : (n * C + g * icpg + kir::var(ic)) * xplane + spatial;
        const int64_t xstep = kb;
        ExprP kpos = kir::var(k[r - 1]) * last.dilation - kir::imm(last.pad_begin);
        rt.a = [&, xrow, kpos, masked](int64_t j) {
            ExprP iw = (ow0 + kir::imm(j)) * last.stride + kpos;
            if (!masked) return kir::load(X, t, xrow + iw * xstep);
            ExprP inside = kir::binary(kir::Op::And, kir::binary(kir::Op::Ge, iw, kir::imm(0)), kir::binary(kir::Op::Lt, iw, kir::imm(last.in)));
            ExprP safe = kir::max(kir::imm(0), kir::min(iw, kir::imm(last.in - 1)));
            return kir::select(inside, kir::load(X, t, xrow + safe * xstep), kir::fimm(0, t));
        };
        ExprP wrow = (((g * blocks + blk) * taps + tap) * icpg + ic_all) * cols;
        rt.b = [&, wrow](const ExprP& v) { return kir::load(Wp, t, wrow + v); };
        // The weights the next pass reads at this step: the next input channels' (a partial
        // pass) or the next block's first pass (the last or only pass).
        if (prefetch) {
            ExprP next = pass == Pass::partial ? wrow + kc * cols : wrow + taps * icpg * cols - ic0 * cols;
            rt.prefetch = spread_prefetch(Wp, next, cols, size, rpt * task_tiles, kir::var(rv) * task_tiles + tv_ - ch * per_task, w_numel);
        }
        if (pass != Pass::only) rt.init = [&](int64_t j, const ExprP& v) { return kir::load(part, t, part_at(j, v)); };
        ExprP yrow = row * last.out;
        rt.store = [&, yrow, pass](int64_t j, const ExprP& v, const ExprP& acc) {
            if (pass == Pass::partial) return std::vector<kir::StmtP>{kir::store(part, part_at(j, v), acc)};
            ExprP ocl = blk * cols + v, oc = g * ocpg + ocl;
            ExprP val = B >= 0 ? add(acc, kir::load(B, t, oc)) : acc;
            kir::StmtP st = kir::store(Y, (n * OC + oc) * yplane + yrow + ow0 + kir::imm(j), val);
            if (ocpg % cols == 0) return std::vector<kir::StmtP>{st};
            return std::vector<kir::StmtP>{kir::guard(kir::binary(kir::Op::Lt, ocl, kir::imm(ocpg)), {st})};
        };
        // A blocked Y takes each column vector (one block of channels) as one store.
        if (ob > 0 && pass != Pass::partial)
            rt.store_block = [&, yrow](int64_t j, int64_t cb, const ExprP& lane, const ExprP& acc) {
                ExprP yb = blk * vectors + kir::imm(cb), oc = yb * ob + lane;
                ExprP val = B >= 0 ? add(acc, kir::load(B, t, oc)) : acc;
                kir::StmtP st = kir::store(Y, ((n * (OC / ob) + yb) * yplane + yrow + ow0 + kir::imm(j)) * ob + lane, val);
                if ((OC / ob) % vectors == 0) return std::vector<kir::StmtP>{st};
                return std::vector<kir::StmtP>{kir::guard(kir::binary(kir::Op::Lt, yb, kir::imm(OC / ob)), {st})};
            };
        return register_tile(c, t, rt);
    };

    // The task's rows and tiles, each tile by its kind, for one pass.
    auto lt = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Lt, std::move(a), std::move(b)); };
    auto both = [](ExprP a, ExprP b) { return kir::binary(kir::Op::And, std::move(a), std::move(b)); };
    auto sweep = [&](Pass pass, const ExprP& ic0, const ExprP& ic1) {
        std::vector<kir::StmtP> kinds;
        if (t_end > t_first)
            kinds.push_back(kir::guard(both(lt(tv_, kir::imm(t_end)), lt(kir::imm(t_first - 1), tv_)), tile(rows, false, pass, ic0, ic1)));
        if (t_first > 0 || t_end < full)
            kinds.push_back(kir::guard(both(lt(tv_, kir::imm(full)), kir::binary(kir::Op::Or, lt(tv_, kir::imm(t_first)), lt(kir::imm(t_end - 1), tv_))),
                                       tile(rows, true, pass, ic0, ic1)));
        if (rem > 0) kinds.push_back(kir::guard(kir::binary(kir::Op::Eq, tv_, kir::imm(full)), tile(rem, !rem_inside, pass, ic0, ic1)));
        kir::StmtP tiles_loop = kir::loop(ti, ch * per_task, kir::min(ch * per_task + per_task, kir::imm(tiles)), std::move(kinds));
        return kir::loop(rv, kir::imm(0), kir::min(kir::imm(rpt), kir::imm(out_rows) - rg * rpt), {tiles_loop});
    };
    std::vector<kir::StmtP> body;
    if (passes == 1) {
        body.push_back(sweep(Pass::only, kir::imm(0), kir::imm(icpg)));
    } else {
        const int z = c.var("z"), p = c.var("pass");
        body.push_back(kir::loop(z, rpt * task_tiles * rows * cols, {kir::store(part, kir::var(z), kir::fimm(0, t))},
                                 kir::LoopKind::vectorized, lanes));
        body.push_back(kir::loop(p, passes - 1, {sweep(Pass::partial, kir::var(p) * kc, kir::var(p) * kc + kc)}));
        body.push_back(sweep(Pass::last, kir::imm((passes - 1) * kc), kir::imm(icpg)));
    }
    const int64_t tasks = N * group * blocks * row_groups * chunks;
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(icpg * taps);
    return true;
}

ScheduleSpace conv_blocked_space(const CpuInfo& cpu) {
    ScheduleSpace s{{"blocked", {0, 1}}};
    std::vector<nlohmann::json> vectors, rows;
    for (int v = 1; v <= 4; ++v) vectors.push_back(v);
    for (int r = 1; r <= std::max(8, cpu.vector_registers / 2); ++r) rows.push_back(r);
    s.push_back({"oc_vectors", vectors});
    s.push_back({"ow_block", rows});
    s.push_back({"tiles_per_task", {1, 2, 4, 8, 16, 32, 64}});
    s.push_back({"unroll_k", {1, 2, 4}});
    s.push_back({"ic_block", {8, 16, 32, 64, 128, 256, 512, 4096}});
    s.push_back({"rows_per_task", {1, 2, 4, 8, 16, 32}});
    s.push_back({"prefetch", {0, 1}});
    return s;
}

}  // namespace neo::llvm_cpu
