// MatMul / Gemm with a constant B (the weights of fully connected layers and of most
// transformer projections), register-blocked.
//
// B is repacked at compile time into column blocks of `n_vectors` vectors,
// [block][k][column of the block] (zero past column N), so one step of the reduction
// reads a block's row of B as contiguous vectors. The rows of A are cut into tiles of
// `m_block` (the last one smaller when that does not divide them); a tile times a column
// block is a register tile (gemm_kernel.hpp): one A element broadcast per row, one vector of
// B per column vector, FMAs into accumulators held in registers over the whole K loop;
// alpha, beta * C and the store follow. Tasks (parallel) are (column block, row tile), the
// tiles of one block next to each other so the block stays in cache.
// Knobs: "packed" (0: matmul.cpp's loop nest), "parallel", "n_vectors", "m_block", "unroll_k".
#include "lower/matmul_packed.hpp"

#include "lower/gemm_kernel.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;

// op(B) [K, N] as [block][k][cols], zero-padded past column N.
Tensor pack_b(const Tensor& b, DType t, int64_t K, int64_t N, bool trans_b, int64_t cols) {
    const int64_t blocks = (N + cols - 1) / cols;
    const Tensor b64 = b.cast(DType::f64);
    const double* src = b64.array<double>().data();
    std::vector<double> packed(static_cast<std::size_t>(blocks * K * cols), 0.0);
    std::size_t at = 0;
    for (int64_t nb = 0; nb < blocks; ++nb)
        for (int64_t k = 0; k < K; ++k)
            for (int64_t v = 0; v < cols; ++v, ++at) {
                const int64_t n = nb * cols + v;
                if (n < N) packed[at] = src[trans_b ? n * K + k : k * N + n];
            }
    return Tensor::from_vector<double>({static_cast<int64_t>(packed.size())}, packed).cast(t);
}

}  // namespace

bool lower_gemm_packed(LowerCtx& c, const PackedGemm& p) {
    const DType t = c.out_dtype(0);
    const Tensor* b = c.constant(1);
    const int lanes = c.lanes(t);
    if ((t != DType::f32 && t != DType::f64) || !b || c.in_dtype(0) != t || p.N < lanes || !c.knob("packed", 1)) return false;

    const TileShape dflt = default_tile(c.cpu());
    const int64_t vectors = std::min<int64_t>(c.knob("n_vectors", dflt.col_vectors), (p.N + lanes - 1) / lanes);
    const int64_t cols = vectors * lanes, blocks = (p.N + cols - 1) / cols;
    const int64_t rows = std::max<int64_t>(1, std::min<int64_t>(p.rows, c.knob("m_block", dflt.rows)));
    const int unroll = static_cast<int>(c.knob("unroll_k", default_unroll(p.K)));
    const int64_t full = p.rows / rows, rem = p.rows % rows, tiles = full + (rem > 0 ? 1 : 0);

    const int A = c.in(0), C = p.bias >= 0 ? c.in(static_cast<std::size_t>(p.bias)) : -1;
    const int Bp = c.table("packed_b", pack_b(*b, t, p.K, p.N, p.trans_b, cols));
    const int Y = c.out(0);

    const int task = c.var("task");
    ExprP ti = kir::floormod(kir::var(task), tiles), nb = kir::floordiv(kir::var(task), tiles);
    auto tile = [&](int64_t nrows) {
        const int k = c.var("k");
        RegisterTile rt;
        rt.rows = nrows, rt.cols = cols, rt.width = lanes, rt.unroll = unroll;
        rt.contiguous_store = true;
        rt.reduction.push_back({k, kir::imm(0), kir::imm(p.K)});
        ExprP m0 = ti * rows;
        rt.a = [&, m0, k](int64_t j) {
            ExprP m = m0 + kir::imm(j);
            return kir::load(A, t, p.trans_a ? kir::var(k) * p.rows + m : m * p.K + kir::var(k));
        };
        ExprP brow = (nb * p.K + kir::var(k)) * cols;
        rt.b = [&, brow](const ExprP& v) { return kir::load(Bp, t, brow + v); };
        rt.store = [&, m0](int64_t j, const ExprP& v, const ExprP& acc) {
            ExprP m = m0 + kir::imm(j), n = nb * cols + v;
            ExprP y = p.alpha != 1.0 ? mul(kir::fimm(p.alpha, t), acc) : acc;
            if (C >= 0) {
                ExprP bias = kir::load(C, t, m * p.bias_strides[0] + n * p.bias_strides[1]);
                y = add(y, p.beta != 1.0 ? mul(kir::fimm(p.beta, t), bias) : bias);
            }
            kir::StmtP st = kir::store(Y, m * p.N + n, y);
            if (p.N % cols == 0) return std::vector<kir::StmtP>{st};
            return std::vector<kir::StmtP>{kir::guard(kir::binary(kir::Op::Lt, n, kir::imm(p.N)), {st})};
        };
        return register_tile(c, t, rt);
    };
    std::vector<kir::StmtP> kinds;
    if (full > 0) kinds.push_back(kir::guard(kir::binary(kir::Op::Lt, ti, kir::imm(full)), tile(rows)));
    if (rem > 0) kinds.push_back(kir::guard(kir::binary(kir::Op::Eq, ti, kir::imm(full)), tile(rem)));
    const int64_t tasks = blocks * tiles;
    const bool parallel = c.knob("parallel", tasks > 1 && p.rows * p.N * p.K >= 32768 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(task, tasks, std::move(kinds), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(p.rows) * static_cast<double>(p.N) * static_cast<double>(p.K);
    return true;
}

ScheduleSpace gemm_packed_space(const CpuInfo& cpu) {
    ScheduleSpace s{{"packed", {0, 1}}};
    std::vector<nlohmann::json> vectors, rows;
    for (int v = 1; v <= 4; ++v) vectors.push_back(v);
    for (int r = 1; r <= std::max(8, cpu.vector_registers / 2); ++r) rows.push_back(r);
    s.push_back({"n_vectors", vectors});
    s.push_back({"m_block", rows});
    return s;
}

}  // namespace neo::llvm_cpu
