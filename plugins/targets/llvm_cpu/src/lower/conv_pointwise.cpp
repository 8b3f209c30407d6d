// A 1x1 Conv with unit strides and no padding is, per image and group, the matrix product
// Y[oc][p] = sum_k W[oc][k] X[k][p] over the flattened positions p. Here the positions are
// the vectors: a register tile (gemm_kernel.hpp) has `oc_block` output channels as rows (a
// weight broadcast each) and `p_vectors` vectors of positions as columns (contiguous loads
// of an input channel's row), so every store is a contiguous vector of an output row; this
// suits the small reductions (few input channels) of mobile networks, where conv_blocked.cpp's
// channel vectors spend their time scattering stores.
//
// The weights are repacked at compile time to [group][channel block][k][channel of the
// block] (zero past the group's last channel). One parallel task is (image, group,
// `tiles_per_task` tiles of positions, channel block), the channel blocks innermost so
// that consecutive tasks read the same positions of X. Tiles at the end of the positions
// (fewer than a tile's columns: their whole vectors, then one column per step) and of the
// channels (fewer rows) are their own variants. Knobs: "vector_axis" (1: this kernel),
// "parallel", "oc_block", "p_vectors", "tiles_per_task", "unroll_k".
#include "lower/conv_pointwise.hpp"

#include "lower/gemm_kernel.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;

// Weights [OC, icpg] as [group][block][k][rows], zero-padded per group.
Tensor pack_weights(const Tensor& w, DType t, int64_t group, int64_t ocpg, int64_t icpg, int64_t rows) {
    const int64_t blocks = (ocpg + rows - 1) / rows;
    const Tensor w64 = w.cast(DType::f64);
    const double* src = w64.array<double>().data();
    std::vector<double> packed(static_cast<std::size_t>(group * blocks * icpg * rows), 0.0);
    std::size_t at = 0;
    for (int64_t g = 0; g < group; ++g)
        for (int64_t b = 0; b < blocks; ++b)
            for (int64_t k = 0; k < icpg; ++k)
                for (int64_t r = 0; r < rows; ++r, ++at)
                    if (b * rows + r < ocpg) packed[at] = src[(g * ocpg + b * rows + r) * icpg + k];
    return Tensor::from_vector<double>({static_cast<int64_t>(packed.size())}, packed).cast(t);
}

}  // namespace

bool lower_conv_pointwise(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const Tensor* w = c.constant(1);
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    if ((t != DType::f32 && t != DType::f64) || !w || xs.size() < 3 || numel_of({ws.begin() + 2, ws.end()}) != 1) return false;
    for (const WindowAxis& a : window_axes(c, std::vector<int64_t>(ws.size() - 2, 1)))
        if (a.stride != 1 || a.pad_begin != 0 || a.pad_end != 0) return false;
    const int lanes = c.lanes(t);
    const int64_t P = numel_of({ys.begin() + 2, ys.end()});
    const int64_t N = xs[0], C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    if (P < lanes || c.knob("vector_axis", pointwise_by_default(P, icpg, ocpg, lanes)) != 1) return false;

    const TileShape dflt = default_tile(c.cpu());
    const int64_t cols = std::min<int64_t>(c.knob("p_vectors", dflt.col_vectors), P / lanes) * lanes;
    const int64_t rows = std::max<int64_t>(1, std::min<int64_t>(ocpg, c.knob("oc_block", dflt.rows)));
    const int unroll = static_cast<int>(c.knob("unroll_k", default_unroll(icpg)));
    const int64_t blocks = (ocpg + rows - 1) / rows, full_blocks = ocpg / rows, rem_rows = ocpg % rows;
    const int64_t full = P / cols, rem = P % cols, tiles = full + (rem > 0 ? 1 : 0);
    // A task's positions of X (tiles_per_task tiles, all channels of the group) fill about
    // 32 KiB of L1, while the group's weights, read once per task's positions, stay in L2;
    // larger weights are read from further away, so the task takes positions up to 256 KiB
    // (in L2) to read them fewer times.
    const int64_t size = static_cast<int64_t>(dtype_size(t));
    const int64_t x_budget = icpg * ocpg * size > 256 * 1024 ? 256 * 1024 : 32 * 1024;
    const int64_t fit = std::max<int64_t>(1, x_budget / (icpg * cols * size));
    const int64_t per_task = std::max<int64_t>(1, c.knob("tiles_per_task", std::min(fit, tiles)));
    const int64_t chunks = (tiles + per_task - 1) / per_task;

    const int X = c.in(0), B = c.has_input(2) ? c.in(2) : -1;
    const int Wp = c.table("packed_weights", pack_weights(*w, t, group, ocpg, icpg, rows));
    const int Y = c.out(0);

    const int task = c.var("task");
    ExprP tv = kir::var(task);
    ExprP blk = kir::floormod(tv, blocks), ch = kir::floormod(kir::floordiv(tv, blocks), chunks);
    ExprP ng = kir::floordiv(tv, blocks * chunks), g = kir::floormod(ng, group), n = kir::floordiv(ng, group);
    const int ti = c.var("tile");
    ExprP p0 = kir::var(ti) * cols;

    // A tile of `ncols` columns from p0 + off.
    auto tile = [&](int64_t nrows, int64_t ncols, int64_t off) {
        const int k = c.var("k");
        RegisterTile rt;
        rt.rows = nrows, rt.cols = ncols, rt.unroll = unroll;
        rt.contiguous_store = true;
        rt.width = lanes;
        while (ncols % rt.width != 0) rt.width /= 2;  // the last tile: narrower vectors
        rt.reduction.push_back({k, kir::imm(0), kir::imm(icpg)});
        ExprP arow = ((g * blocks + blk) * icpg + kir::var(k)) * rows;
        rt.a = [&, arow](int64_t r) { return kir::load(Wp, t, arow + kir::imm(r)); };
        ExprP xrow = (n * C + g * icpg + kir::var(k)) * P + p0 + kir::imm(off);
        rt.b = [&, xrow](const ExprP& v) { return kir::load(X, t, xrow + v); };
        rt.store = [&](int64_t r, const ExprP& v, const ExprP& acc) {
            ExprP oc = g * ocpg + blk * rows + kir::imm(r);
            ExprP val = B >= 0 ? add(acc, kir::load(B, t, oc)) : acc;
            return std::vector<kir::StmtP>{kir::store(Y, (n * OC + oc) * P + p0 + kir::imm(off) + v, val)};
        };
        return register_tile(c, t, rt);
    };
    auto lt = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Lt, std::move(a), std::move(b)); };
    auto eq = [](ExprP a, ExprP b) { return kir::binary(kir::Op::Eq, std::move(a), std::move(b)); };
    // The tile variants of one channel block (`nrows` rows).
    auto tiles_of = [&](int64_t nrows) {
        std::vector<kir::StmtP> kinds;
        if (full > 0) kinds.push_back(kir::guard(lt(kir::var(ti), kir::imm(full)), tile(nrows, cols, 0)));
        // The last tile: its whole vectors, then the columns left. After a whole vector of
        // the same tile, those are one whole vector ending at the tile's end, which computes
        // and stores again the vector's last columns (the same values, from the same task);
        // else in narrower vectors (odd counts: one column at a time). SqueezeNet's 13x13
        // positions (10 vectors and 9 columns): its 512 -> 1000 channel classifier went
        // from 1.07 to 1.04 ms in the model at 1 thread (median of 8 interleaved rounds).
        const int64_t rem_vec = rem / lanes * lanes;
        std::vector<kir::StmtP> last;
        if (rem_vec > 0) last = tile(nrows, rem_vec, 0);
        if (rem > rem_vec)
            for (auto& st : rem_vec > 0 ? tile(nrows, lanes, rem - lanes) : tile(nrows, rem - rem_vec, rem_vec)) last.push_back(st);
        if (rem > 0) kinds.push_back(kir::guard(eq(kir::var(ti), kir::imm(full)), std::move(last)));
        return kinds;
    };
    std::vector<kir::StmtP> by_rows;
    if (full_blocks > 0) by_rows.push_back(kir::guard(lt(blk, kir::imm(full_blocks)), tiles_of(rows)));
    if (rem_rows > 0) by_rows.push_back(kir::guard(eq(blk, kir::imm(full_blocks)), tiles_of(rem_rows)));
    std::vector<kir::StmtP> body{kir::loop(ti, ch * per_task, kir::min(ch * per_task + per_task, kir::imm(tiles)), std::move(by_rows))};
    const int64_t tasks = N * group * chunks * blocks;
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(icpg);
    return true;
}

int64_t pointwise_by_default(int64_t positions, int64_t icpg, int64_t ocpg, int lanes) {
    // Positions as vectors, unless they are under 8 vectors and end in a short column (7x7:
    // 49 = 6 vectors and 1) while conv_blocked.cpp's kernel applies (measured here: 512 ->
    // 2048 channels at 7x7 79 GFLOP/s blocked, 65 as positions; 512 -> 1000 at 13x13 66
    // blocked, 78 as positions).
    const bool short_tail = positions % std::max(1, lanes / 2) != 0;
    return positions < 8 * lanes && short_tail && icpg >= 128 && ocpg >= lanes ? 0 : 1;
}

ScheduleSpace conv_pointwise_space(const CpuInfo& cpu) {
    ScheduleSpace s{{"vector_axis", {0, 1}}};
    std::vector<nlohmann::json> vectors, rows;
    for (int v = 1; v <= 4; ++v) vectors.push_back(v);
    for (int r = 1; r <= std::max(8, cpu.vector_registers / 2); ++r) rows.push_back(r);
    s.push_back({"p_vectors", vectors});
    s.push_back({"oc_block", rows});
    return s;
}

}  // namespace neo::llvm_cpu
