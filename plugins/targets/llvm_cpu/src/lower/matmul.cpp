// MatMul (numpy semantics: batch broadcasting, 1-D operands), Gemm, MatMulInteger and
// QLinearMatMul.
//
// B not transposed ("ikj"): for each row of the output (rows of all batches run in
// parallel), for each tile of `tile_n` columns: zero a private accumulator tile, for each
// k add A[m,k] * B[k, tile] with the tile's loop vectorized, then store the tile.
// B transposed (Gemm transB=1): each output element is a dot product of two contiguous
// rows, vectorized over k.
// Knobs: "parallel", "tile_n", "vector_width", "unroll_k".
// With a constant B (and a B without batch dims), MatMul and Gemm take the register-blocked
// kernel over a packed B of matmul_packed.cpp instead.
#include "lower/lowering.hpp"
#include "lower/matmul_packed.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

struct MatMulShape {
    int64_t batch = 1, M = 1, N = 1, K = 1;
    std::vector<int64_t> batch_dims;          // output batch dims
    std::vector<int64_t> a_bstride, b_bstride;  // element strides per batch dim (0: broadcast)
};

MatMulShape matmul_shape(LowerCtx& c, std::size_t a_input = 0, std::size_t b_input = 1) {
    auto a = c.in_shape(a_input), b = c.in_shape(b_input);
    if (a.empty() || b.empty()) c.unsupported("rank-0 operands");
    MatMulShape s;
    const bool a1 = a.size() == 1, b1 = b.size() == 1;
    if (a1) a.insert(a.begin(), 1);
    if (b1) b.push_back(1);
    s.M = a[a.size() - 2];
    s.K = a.back();
    s.N = b.back();
    const std::size_t rank = std::max(a.size(), b.size());
    std::vector<int64_t> ab(a.begin(), a.end() - 2), bb(b.begin(), b.end() - 2);
    ab.insert(ab.begin(), rank - a.size(), 1);
    bb.insert(bb.begin(), rank - b.size(), 1);
    int64_t as = s.M * s.K, bs = s.K * s.N;
    s.batch_dims.resize(rank - 2);
    s.a_bstride.assign(rank - 2, 0);
    s.b_bstride.assign(rank - 2, 0);
    for (std::size_t d = rank - 2; d-- > 0;) {
        s.batch_dims[d] = std::max(ab[d], bb[d]);
        if (ab[d] != 1) s.a_bstride[d] = as;
        if (bb[d] != 1) s.b_bstride[d] = bs;
        as *= ab[d];
        bs *= bb[d];
    }
    s.batch = numel_of(s.batch_dims);
    return s;
}

// Batch offsets of A and B for flattened batch index `b`.
std::pair<ExprP, ExprP> batch_offsets(const MatMulShape& s, const ExprP& b) {
    ExprP ao = kir::imm(0), bo = kir::imm(0);
    int64_t inner = 1;
    for (std::size_t d = s.batch_dims.size(); d-- > 0;) {
        if (s.batch_dims[d] != 1) {
            ExprP idx = kir::floormod(kir::floordiv(b, inner), s.batch_dims[d]);
            ao = ao + idx * s.a_bstride[d];
            bo = bo + idx * s.b_bstride[d];
        }
        inner *= s.batch_dims[d];
    }
    return {ao, bo};
}

struct GemmParams {
    bool trans_a = false, trans_b = false;
    double alpha = 1.0, beta = 1.0;
    int bias = -1;                      // buffer of C, -1 when absent
    std::vector<int64_t> bias_strides;  // broadcast strides over (M, N)
};

void lower_gemm_like(LowerCtx& c, const MatMulShape& s, const GemmParams& g) {
    const DType t = c.out_dtype(0);
    if (!is_float(t) && t != DType::i32 && t != DType::i64 && t != DType::u32 && t != DType::u64)
        c.unsupported("element type " + std::string(dtype_name(t)));
    const int A = c.in(0), B = c.in(1), Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const int64_t rows = s.batch * s.M;
    const bool parallel = c.knob("parallel", rows > 1 && s.M * s.N * s.K >= 32768 ? 1 : 0) != 0;
    const int unroll_k = static_cast<int>(c.knob("unroll_k", 1));
    const int bm = c.var("bm");
    ExprP vbm = kir::var(bm);
    ExprP m = kir::floormod(vbm, s.M), b = kir::floordiv(vbm, s.M);
    auto [ao, bo] = batch_offsets(s, b);
    ExprP yrow = vbm * s.N;
    auto zero = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
    auto a_at = [&](const ExprP& k) { return kir::load(A, t, ao + (g.trans_a ? k * s.M + m : m * s.K + k)); };
    std::vector<kir::StmtP> row;

    if (!g.trans_b) {
        // The tile accumulates in a private array (f32 for 16-bit floats), then is stored.
        const int64_t tile_n = std::min<int64_t>(s.N, c.knob("tile_n", std::max<int64_t>(width * 8, 64)));
        const int acc = c.kernel().add_local("acc", t, tile_n);
        const int n0 = c.var("n0"), n = c.var("n"), n2 = c.var("n"), n3 = c.var("n"), k = c.var("k");
        ExprP col2 = kir::var(n0) * tile_n + kir::var(n2);
        ExprP tile_end = kir::min(kir::imm(tile_n), kir::imm(s.N) - kir::var(n0) * tile_n);
        ExprP upd = kir::binary(Op::Add, kir::load(acc, t, kir::var(n2)),
                                kir::binary(Op::Mul, a_at(kir::var(k)), kir::load(B, t, bo + kir::var(k) * s.N + col2)));
        row.push_back(kir::loop(n0, (s.N + tile_n - 1) / tile_n, {
            kir::loop(n, kir::imm(0), tile_end, {kir::store(acc, kir::var(n), zero)}, kir::LoopKind::vectorized, width),
            kir::loop(k, kir::imm(0), kir::imm(s.K), {
                kir::loop(n2, kir::imm(0), tile_end, {kir::store(acc, kir::var(n2), upd)}, kir::LoopKind::vectorized, width)},
                unroll_k > 1 ? kir::LoopKind::unrolled : kir::LoopKind::serial, unroll_k > 1 ? unroll_k : 0),
            kir::loop(n3, kir::imm(0), tile_end, {kir::store(Y, yrow + kir::var(n0) * tile_n + kir::var(n3), kir::load(acc, t, kir::var(n3)))},
                      kir::LoopKind::vectorized, width)}));
    } else {
        const int acc = c.kernel().add_local("acc", t, 1);
        const int n = c.var("n"), k = c.var("k");
        ExprP accv = kir::load(acc, t, kir::imm(0));
        ExprP prod = kir::binary(Op::Mul, a_at(kir::var(k)), kir::load(B, t, bo + kir::var(n) * s.K + kir::var(k)));
        row.push_back(kir::loop(n, s.N, {
            kir::store(acc, kir::imm(0), zero),
            kir::loop(k, s.K, {kir::store(acc, kir::imm(0), kir::binary(Op::Add, accv, prod))}, kir::LoopKind::vectorized, width),
            kir::store(Y, yrow + kir::var(n), accv)}));
    }
    if (g.alpha != 1.0 || g.bias >= 0) {
        const int n = c.var("e");
        ExprP y = kir::load(Y, t, yrow + kir::var(n));
        if (g.alpha != 1.0) y = kir::binary(Op::Mul, kir::fimm(g.alpha, t), y);
        if (g.bias >= 0) {
            ExprP bias = kir::load(g.bias, t, m * g.bias_strides[0] + kir::var(n) * g.bias_strides[1]);
            if (g.beta != 1.0) bias = kir::binary(Op::Mul, kir::fimm(g.beta, t), bias);
            y = kir::binary(Op::Add, y, bias);
        }
        row.push_back(kir::loop(n, s.N, {kir::store(Y, yrow + kir::var(n), y)}, kir::LoopKind::vectorized, width));
    }
    c.kernel().body = kir::loop(bm, rows, std::move(row), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(rows) * static_cast<double>(s.N) * static_cast<double>(s.K);
}

void lower_matmul(LowerCtx& c) {
    const MatMulShape s = matmul_shape(c);
    // B without batch dims: every batch of A is more rows of one product.
    bool b_shared = numel_of(c.in_shape(0)) == s.batch * s.M * s.K;
    for (int64_t st : s.b_bstride) b_shared = b_shared && st == 0;
    if (b_shared && lower_gemm_packed(c, {.rows = s.batch * s.M, .N = s.N, .K = s.K})) return;
    lower_gemm_like(c, s, {});
}

void lower_gemm(LowerCtx& c) {
    auto a = c.in_shape(0), b = c.in_shape(1);
    if (a.size() != 2 || b.size() != 2) c.unsupported("Gemm operands must be 2-D");
    GemmParams g;
    g.trans_a = c.op().attr_i("transA") != 0;
    g.trans_b = c.op().attr_i("transB") != 0;
    g.alpha = c.op().attr_f("alpha");
    g.beta = c.op().attr_f("beta");
    MatMulShape s;
    s.M = g.trans_a ? a[1] : a[0];
    s.K = g.trans_a ? a[0] : a[1];
    s.N = g.trans_b ? b[0] : b[1];
    const bool has_bias = c.has_input(2) && g.beta != 0.0;
    if (has_bias) g.bias_strides = broadcast_strides(c.in_shape(2), {s.M, s.N});
    if (!is_float(c.out_dtype(0)) && (g.alpha != 1.0 || g.beta != 1.0))
        c.unsupported("alpha/beta other than 1 on integers");
    PackedGemm p{.rows = s.M, .N = s.N, .K = s.K, .trans_a = g.trans_a, .trans_b = g.trans_b, .alpha = g.alpha,
                 .beta = g.beta, .bias = has_bias ? 2 : -1, .bias_strides = g.bias_strides};
    if (lower_gemm_packed(c, p)) return;
    if (has_bias) {
        (void)c.in(0), (void)c.in(1);
        g.bias = c.in(2);
    }
    lower_gemm_like(c, s, g);
}

// MatMulInteger and QLinearMatMul: 8-bit operands minus their zero points (per tensor, per
// row of A, per column of B), products summed in wrapping int32; QLinearMatMul requantizes
// with the multiplier a_scale * b_scale / y_scale rounded like the scales' type.
void lower_int_matmul(LowerCtx& c, bool qlinear) {
    const std::size_t ia = 0, ib = qlinear ? 3 : 1, iza = 2, izb = qlinear ? 5 : 3;
    const MatMulShape s = matmul_shape(c, ia, ib);
    const int A = c.in(ia), B = c.in(ib);
    const DType ta = c.in_dtype(ia), tb = c.in_dtype(ib);
    const int64_t rows = s.batch * s.M;
    const int bm = c.var("bm"), n = c.var("n"), k = c.var("k");
    ExprP vbm = kir::var(bm);
    ExprP m = kir::floormod(vbm, s.M);
    auto [ao, bo] = batch_offsets(s, kir::floordiv(vbm, s.M));
    // A parameter of A (per row) or of B (per column), or 0 when absent.
    auto param = [&](std::size_t i, bool of_a, DType as) -> ExprP {
        if (!c.has_input(i)) return kir::imm(0, as);
        const int64_t count = numel_of(c.in_shape(i));
        const auto shape = c.in_shape(i);
        ExprP at = kir::imm(0);
        if (count > 1) {
            if (shape.size() != 1) c.unsupported("a zero point or scale of shape other than [] or 1-D");
            at = of_a ? m : kir::var(n);
        }
        return kir::cast(as, kir::load(c.in(i), c.in_dtype(i), at));
    };
    for (std::size_t i = 0; i < c.node().num_inputs(); ++i)  // every argument before the local
        if (c.has_input(i)) c.in(i);
    const int Y = c.out(0);
    const int acc = c.kernel().add_local("acc", DType::i32, 1);
    ExprP a = kir::binary(Op::Sub, kir::cast(DType::i32, kir::load(A, ta, ao + m * s.K + kir::var(k))), param(iza, true, DType::i32));
    ExprP b = kir::binary(Op::Sub, kir::cast(DType::i32, kir::load(B, tb, bo + kir::var(k) * s.N + kir::var(n))), param(izb, false, DType::i32));
    ExprP sum = kir::load(acc, DType::i32, kir::imm(0));
    ExprP y = sum;
    if (qlinear) {
        const DType ts = c.in_dtype(1);
        ExprP mult = div(mul(param(1, true, ts), param(4, false, ts)), kir::cast(ts, kir::load(c.in(6), c.in_dtype(6), kir::imm(0))));
        ExprP q = add(mul(kir::cast(DType::f64, sum), kir::cast(DType::f64, mult)),
                      kir::cast(DType::f64, kir::load(c.in(7), c.in_dtype(7), kir::imm(0))));
        const DType yt = c.out_dtype(0);
        const double lo = yt == DType::i8 ? -128 : 0, hi = yt == DType::i8 ? 127 : 255;
        y = kir::cast(yt, kir::max(kir::fimm(lo, DType::f64), kir::min(kir::unary(Op::RoundEven, q), kir::fimm(hi, DType::f64))));
    }
    const bool parallel = c.knob("parallel", rows > 1 && s.M * s.N * s.K >= 32768 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(bm, rows, {kir::loop(n, s.N, {
        kir::store(acc, kir::imm(0), kir::imm(0, DType::i32)),
        kir::loop(k, s.K, {kir::store(acc, kir::imm(0), kir::binary(Op::Add, sum, kir::binary(Op::Mul, a, b)))}),
        kir::store(Y, vbm * s.N + kir::var(n), y)})}, parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(rows) * static_cast<double>(s.N) * static_cast<double>(s.K);
}

ScheduleSpace matmul_space(const nlohmann::json&, const CpuInfo& cpu) {
    ScheduleSpace s = parallel_vector_space(cpu, 4);
    s.push_back({"tile_n", {16, 32, 64, 128, 256, 512}});
    s.push_back({"unroll_k", {1, 2, 4}});
    for (Knob& k : gemm_packed_space(cpu)) s.push_back(std::move(k));
    return s;
}

}  // namespace

void add_matmul_lowerings(LoweringTable& t) {
    t["MatMul"] = {lower_matmul, matmul_space};
    t["Gemm"] = {lower_gemm, matmul_space};
    t["MatMulInteger"] = {[](LowerCtx& c) { lower_int_matmul(c, false); }, matmul_space};
    t["QLinearMatMul"] = {[](LowerCtx& c) { lower_int_matmul(c, true); }, matmul_space};
}

}  // namespace neo::llvm_cpu
