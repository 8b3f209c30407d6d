#include "lower/gemm_kernel.hpp"

#include <algorithm>

namespace neo::llvm_cpu {

std::vector<kir::StmtP> register_tile(LowerCtx& c, DType t, const RegisterTile& tile) {
    const int64_t R = tile.rows, C = tile.cols;
    const int acc = c.kernel().add_local("acc", t, R * C);
    const auto vec = tile.width > 1 ? kir::LoopKind::vector_tile : kir::LoopKind::serial;
    const int hint = tile.width > 1 ? tile.width : 0;
    auto at = [&](int64_t r, const kir::ExprP& col) { return kir::imm(r * C) + col; };

    // Rows written out, each row's column loop vectorized and unrolled: each accumulator
    // has a constant place and stays in a register across the reduction. Row by row, a row's
    // broadcast is used up before the next one is loaded (LLVM keeps that order), and b's
    // vectors, identical loads in every row, are loaded once.
    const int z = c.var("z"), u = c.var("u"), s = c.var("s");
    std::vector<kir::StmtP> zero, update, store;
    for (int64_t r = 0; r < R; ++r) {
        zero.push_back(kir::store(acc, at(r, kir::var(z)), tile.init ? tile.init(r, kir::var(z)) : kir::fimm(0, t)));
        kir::ExprP cell = at(r, kir::var(u));
        update.push_back(kir::loop(u, C, {kir::store(acc, cell, kir::muladd(tile.a(r), tile.b(kir::var(u)), kir::load(acc, t, cell)))}, vec, hint));
        if (tile.store_block) {
            for (int64_t cb = 0; cb * tile.width < C; ++cb) {
                auto sts = tile.store_block(r, cb, kir::var(s), kir::load(acc, t, at(r, kir::imm(cb * tile.width) + kir::var(s))));
                store.push_back(kir::loop(s, tile.width, std::move(sts), vec, hint));
            }
            continue;
        }
        for (auto& st : tile.store(r, kir::var(s), kir::load(acc, t, at(r, kir::var(s))))) store.push_back(st);
    }
    zero = {kir::loop(z, C, std::move(zero), vec, hint)};
    // Scalar stores are unrolled completely: a loop over the columns would index the
    // accumulators by a variable, and LLVM then keeps all of them in memory, the reduction
    // too (AVX-512's 64-column tiles: ResNet-50's 2048 -> 512 channels at 7x7 ran at 64
    // GFLOP/s that way, at 174 unrolled).
    if (!tile.store_block)
        store = {tile.contiguous_store ? kir::loop(s, C, std::move(store), vec, hint) : kir::loop(s, C, std::move(store), kir::LoopKind::unrolled, 0)};
    std::vector<kir::StmtP> body = tile.prefetch ? tile.prefetch() : std::vector<kir::StmtP>{};
    body.insert(body.end(), update.begin(), update.end());
    for (std::size_t i = tile.reduction.size(); i-- > 0;) {
        const ReductionLoop& l = tile.reduction[i];
        // Outer reduction loops stay loops: unrolling them would copy the inner loop (code
        // size and compile time) for no gain.
        const int factor = i + 1 == tile.reduction.size() ? std::max(1, tile.unroll) : 1;
        body = {kir::loop(l.var, l.begin, l.end, std::move(body), kir::LoopKind::unrolled, factor)};
    }
    std::vector<kir::StmtP> out = std::move(zero);
    out.insert(out.end(), body.begin(), body.end());
    out.insert(out.end(), store.begin(), store.end());
    return out;
}

std::function<std::vector<kir::StmtP>()> spread_prefetch(int buffer, kir::ExprP next, int64_t cols, int64_t elem_size,
                                                        int64_t tiles, kir::ExprP q, int64_t numel) {
    return [=]() {
        // Tile q takes lines [q * per, q * per + per): the first lines / per tiles cover the
        // row; the later ones prefetch its last line again (a cache hit).
        const int64_t line = std::max<int64_t>(1, 64 / elem_size), lines = (cols + line - 1) / line;
        const int64_t per = (lines + std::max<int64_t>(1, tiles) - 1) / std::max<int64_t>(1, tiles);
        std::vector<kir::StmtP> out;
        for (int64_t i = 0; i < per; ++i) {
            kir::ExprP l = kir::min(q * per + kir::imm(i), kir::imm(lines - 1));
            out.push_back(kir::prefetch(buffer, kir::min(next + l * line, kir::imm(numel - 1))));
        }
        return out;
    };
}

int64_t default_unroll(int64_t k) { return std::clamp<int64_t>(k, 1, 4); }

TileShape default_tile(const CpuInfo& cpu) {
    TileShape s;
    s.col_vectors = cpu.vector_registers >= 32 ? 4 : cpu.vector_registers >= 16 ? 2 : 1;
    // rows * col_vectors accumulators, col_vectors of b and one row's broadcast (the tile
    // updates row by row, so one broadcast is live at a time).
    s.rows = std::max<int64_t>(1, (cpu.vector_registers - s.col_vectors - 1) / s.col_vectors);
    return s;
}

}  // namespace neo::llvm_cpu
