#pragma once
// A register-blocked multiply-accumulate tile, the inner kernel of the blocked Conv and
// MatMul / Gemm lowerings: `rows` x `cols` accumulators held in registers, updated once per
// step of a reduction loop nest with acc[r][c] += a(r) * b(c). The `a` operand of a row is
// one scalar broadcast over the columns; the `b` operands of the columns are contiguous, so
// each row's update is one vector multiply-add per `width` columns. With
// rows * cols / width accumulators plus cols / width operands of b and one broadcast fitting
// in the CPU's vector registers, the reduction's inner loop is loads and FMAs only.
#include <functional>
#include <vector>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

struct ReductionLoop {
    int var = -1;
    kir::ExprP begin, end;
};

struct RegisterTile {
    int64_t rows = 1, cols = 1;
    int width = 1;                              // vector lanes of the columns' loop
    std::vector<ReductionLoop> reduction;       // outermost first
    int unroll = 1;                             // unroll factor of the innermost reduction loop
    // The accumulator's starting value at row r, column `col` (a loop variable); empty: 0.
    std::function<kir::ExprP(int64_t r, const kir::ExprP& col)> init;
    // Operand of row r (a compile-time row) and of column `col` (a loop variable) for the
    // current reduction step.
    std::function<kir::ExprP(int64_t r)> a;
    std::function<kir::ExprP(const kir::ExprP& col)> b;
    // Statements run once per reduction step before the rows' updates (prefetches of data
    // a later tile reads); empty: none.
    std::function<std::vector<kir::StmtP>()> prefetch;
    // Whether consecutive columns of a row are stored to consecutive elements: then the
    // store loop is vectorized too (an epilogue, e.g. an exp, then runs on whole vectors);
    // else it is unrolled, one scalar store per column.
    bool contiguous_store = false;
    // Statements storing the finished accumulator `acc` of row r, column `col`.
    std::function<std::vector<kir::StmtP>(int64_t r, const kir::ExprP& col, const kir::ExprP& acc)> store;
    // Instead of `store`, when set: statements storing row r's column vector cb (columns
    // [cb * width, cb * width + width)), `lane` its vectorized loop variable; for outputs
    // whose consecutive columns are consecutive only within a vector (channel blocks).
    std::function<std::vector<kir::StmtP>(int64_t r, int64_t cb, const kir::ExprP& lane, const kir::ExprP& acc)> store_block;
};

// A RegisterTile::prefetch for tiles that read their `b` rows from memory the first time
// and from the caches after: while `tiles` consecutive register tiles (the q-th of them,
// 0 <= q < tiles) reduce over rows that are now cached, each reduction step prefetches its
// share of the 64-byte lines of the `cols` elements at `next`, the row the next group of
// tiles reads at that step, so that the whole next row arrives over the first tiles instead
// of being waited for (indices clamped to the buffer's `numel` elements).
std::function<std::vector<kir::StmtP>()> spread_prefetch(int buffer, kir::ExprP next, int64_t cols, int64_t elem_size,
                                                        int64_t tiles, kir::ExprP q, int64_t numel);

// The tile's statements: start the accumulators (at 0 or `init`), run the reduction, store.
// Its accumulators are a new local buffer of the kernel, so every argument must already have
// been added.
std::vector<kir::StmtP> register_tile(LowerCtx& c, DType t, const RegisterTile& tile);

// Default tile for the CPU: column vectors and rows such that the accumulators, the
// vectors of b and every row's broadcast fit in the vector registers.
struct TileShape {
    int64_t rows = 1, col_vectors = 1;
};
TileShape default_tile(const CpuInfo& cpu);
// The default unroll of a register tile's reduction of `k` steps: 4, or all of them when
// fewer (measured here with neo-tune's findings: ResNet-50's 1x1 Convs 5 to 30% faster than
// not unrolled, 1024 -> 256 channels at 14x14 1.99 -> 1.43 ms; 2048 -> 512 at 7x7 in the
// blocked kernel 1.77 -> 1.40 ms; the transformer encoder of bench/ 1.09x at 1 and 2 threads).
int64_t default_unroll(int64_t k);

}  // namespace neo::llvm_cpu
