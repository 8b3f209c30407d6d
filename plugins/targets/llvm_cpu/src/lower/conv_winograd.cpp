// A 3x3 Conv with unit strides as Winograd F(m x m, 3 x 3) (Lavin and Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2016): each m x m tile of outputs is
// A^T [ (G g G^T) . (B^T d B) ] A for its (m + 2) x (m + 2) input patch d, so the products
// per tile drop from 9 m^2 to (m + 2)^2 per input and output channel.
//
// The weights are transformed at compile time (U = G g G^T, in f64) and packed as
// [transformed position][output channel block][input channel][channel of the block] (zero
// past the last channel). One parallel task is (image, `tiles_per_task` consecutive tiles
// in row-major order). It transforms the input patches of its tiles into a local array V
// [position][tile][input channel] (the input channels vectorized; taps outside the input
// read 0), then, per block of output channels, multiplies for each transformed position
// the tiles' V by U in register tiles (gemm_kernel.hpp: tiles as rows, the block's
// channels as columns, reduced over the input channels) into a local array, and transforms
// that back into the outputs of the block (adding the bias), storing only those inside the
// output, so epilogues (epilogue.hpp) fuse into the stores.
// Knobs: "winograd" (m: 2 or 4; 0: the other Conv kernels), "parallel", "tiles_per_task",
// "ow_block" (tiles per register tile), "oc_split" (tasks sharing a chunk of tiles),
// "prefetch" (of the next position's U rows; off by default).
#include "lower/conv_winograd.hpp"

#include <algorithm>

#include "lower/gemm_kernel.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using Matrix = std::vector<std::vector<double>>;

struct Transforms {
    Matrix bt, g, at;  // B^T (a x a), G (a x 3), A^T (m x a); a = m + 2
};

Transforms transforms(int64_t m) {
    if (m == 2)
        return {{{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}},
                {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}},
                {{1, 1, 1, 0}, {0, 1, -1, -1}}};
    return {{{4, 0, -5, 0, 1, 0}, {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},
             {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}},
            {{1.0 / 4, 0, 0}, {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
             {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}},
            {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}}};
}

// sum_k row[k] * v[k], zero coefficients left out.
ExprP combine(const std::vector<double>& row, const std::vector<ExprP>& v, DType t) {
    ExprP sum;
    for (std::size_t k = 0; k < row.size(); ++k) {
        if (row[k] == 0) continue;
        ExprP term = row[k] == 1    ? v[k]
                     : row[k] == -1 ? kir::unary(kir::Op::Neg, v[k])
                                    : kir::binary(kir::Op::Mul, kir::fimm(row[k], t), v[k]);
        sum = sum ? kir::binary(kir::Op::Add, sum, term) : term;
    }
    return sum ? sum : kir::fimm(0, t);
}

// L x R^T of a (rows x n) grid of expressions: out[i][j] = sum_k,l L[i][k] in[k][l] R[j][l].
std::vector<std::vector<ExprP>> sandwich(const Matrix& l, const std::vector<std::vector<ExprP>>& in, const Matrix& r, DType t) {
    std::vector<std::vector<ExprP>> half(l.size()), out(l.size());
    for (std::size_t i = 0; i < l.size(); ++i)
        for (std::size_t col = 0; col < in[0].size(); ++col) {
            std::vector<ExprP> column;
            for (const auto& row : in) column.push_back(row[col]);
            half[i].push_back(combine(l[i], column, t));
        }
    for (std::size_t i = 0; i < l.size(); ++i)
        for (const auto& rrow : r) out[i].push_back(combine(rrow, half[i], t));
    return out;
}

// U = G g G^T per (output, input channel), packed [xi][block][ic][cols], zero past OC.
Tensor pack_weights(const Tensor& w, DType t, const Matrix& g, int64_t oc_count, int64_t ic_count, int64_t cols) {
    const int64_t a = static_cast<int64_t>(g.size()), blocks = (oc_count + cols - 1) / cols;
    const Tensor w64 = w.cast(DType::f64);
    const double* src = w64.array<double>().data();
    std::vector<double> packed(static_cast<std::size_t>(a * a * blocks * ic_count * cols), 0.0);
    for (int64_t oc = 0; oc < oc_count; ++oc)
        for (int64_t ic = 0; ic < ic_count; ++ic) {
            const double* k = src + (oc * ic_count + ic) * 9;
            for (int64_t i = 0; i < a; ++i)
                for (int64_t j = 0; j < a; ++j) {
                    double u = 0;
                    for (int64_t p = 0; p < 3; ++p)
                        for (int64_t q = 0; q < 3; ++q) u += g[i][p] * k[p * 3 + q] * g[j][q];
                    const int64_t xi = i * a + j, blk = oc / cols;
                    packed[static_cast<std::size_t>(((xi * blocks + blk) * ic_count + ic) * cols + oc % cols)] = u;
                }
        }
    return Tensor::from_vector<double>({static_cast<int64_t>(packed.size())}, packed).cast(t);
}

}  // namespace

int64_t winograd_by_default(int64_t channels, int64_t out_h, int64_t out_w) {
    if (channels < 16 || channels > 512) return 0;
    // F(4x4) transforms weights to 4x their size, read once per tile: with few tiles (14x14
    // outputs: 16) that read dominates, and F(2x2) (weights 1.8x, 49 tiles) ran faster in
    // the model here (a 256-channel layer 2.5 -> 1.9 ms). With fewer than 20 tiles even of
    // F(2x2) (7x7 outputs: 16) the direct kernel wins: ResNet-50's 512-channel 3x3 at 7x7 took
    // 1.52 ms as F(4x4), 1.42 as F(2x2) and 1.31 direct alone; in the model, where its
    // weights come from memory (37.7 MB transformed for F(4x4), 9.4 MB direct), 1.59 as
    // F(4x4) and 1.49 direct.
    auto tiles = [&](int64_t m) { return ((out_h + m - 1) / m) * ((out_w + m - 1) / m); };
    if (tiles(2) < 20) return 0;
    return tiles(4) < 20 ? 2 : 4;
}

bool lower_conv_winograd(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const Tensor* w = c.constant(1);
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    const int lanes = c.lanes(t);
    if ((t != DType::f32 && t != DType::f64) || !w || xs.size() != 4 || ws[2] != 3 || ws[3] != 3 || c.op().attr_i("group") != 1 ||
        ys[1] < lanes)
        return false;
    const auto axes = window_axes(c, {3, 3});
    for (const WindowAxis& a : axes)
        if (a.stride != 1 || a.dilation != 1) return false;
    const int64_t N = xs[0], C = xs[1], H = xs[2], W = xs[3], OC = ys[1], OH = ys[2], OW = ys[3];
    const int64_t m = c.knob("winograd", winograd_by_default(C, ys[2], ys[3]));
    if (m != 2 && m != 4) return false;
    const Transforms tf = transforms(m);
    const int64_t a = m + 2, positions = a * a;
    const int64_t th = (OH + m - 1) / m, tw = (OW + m - 1) / m, total = th * tw;

    const TileShape dflt = default_tile(c.cpu());
    const int64_t cols = std::min<int64_t>(dflt.col_vectors, (OC + lanes - 1) / lanes) * lanes, blocks = (OC + cols - 1) / cols;
    // Tiles per register tile ("ow_block"): by default the register tile's rows or fewer
    // (down to 4), whichever costs least counting the padded tiles and a fixed cost of
    // about 3 rows' work per register tile (measured here with F(4x4): 7x7 outputs, 4 tiles,
    // ran best as 4 rows, not 6; 14x14 outputs, 16 tiles, as 6 rows rather than 4).
    auto cost = [&](int64_t r) {
        return static_cast<double>((total + r - 1) / r * r) * static_cast<double>(r + 3) / static_cast<double>(r);
    };
    int64_t row_dflt = dflt.rows;
    for (int64_t r = dflt.rows - 1; r >= std::min<int64_t>(4, dflt.rows); --r)
        if (cost(r) < cost(row_dflt)) row_dflt = r;
    const int64_t rows = std::clamp<int64_t>(c.knob("ow_block", row_dflt), 1, dflt.rows);
    // Tiles per task, a multiple of the register tile's rows: by default as many as keep V
    // within 128 KiB.
    const int64_t size = static_cast<int64_t>(dtype_size(t));
    const int64_t fit = std::max<int64_t>(1, 128 * 1024 / (positions * C * size));
    const int64_t want = std::clamp<int64_t>(c.knob("tiles_per_task", fit), 1, total);
    const int64_t T = std::max<int64_t>(1, want / rows) * rows;
    const int64_t chunks = (total + T - 1) / T;
    // The blocks of output channels are split among `oc_split` tasks of the same tiles (each
    // transforms the tiles' input again): by default the fewest splits giving 4 tasks, so
    // that a layer of few tiles (7x7 outputs: one chunk) still runs on several threads.
    const int64_t split_dflt = std::clamp<int64_t>((4 + N * chunks - 1) / (N * chunks), 1, blocks);
    const int64_t splits = std::clamp<int64_t>(c.knob("oc_split", split_dflt), 1, blocks);
    const int64_t per_split = (blocks + splits - 1) / splits, tasks = N * chunks * splits;

    const int X = c.in(0), B = c.has_input(2) ? c.in(2) : -1;
    const int U = c.table("winograd_weights", pack_weights(*w, t, tf.g, OC, C, cols));
    const int Y = c.out(0);
    const int V = c.kernel().add_local("v", t, positions * T * C);
    const int Mb = c.kernel().add_local("m", t, positions * T * cols);

    const int task = c.var("task"), tt = c.var("tt"), ic = c.var("ic"), blk = c.var("blk"), xi = c.var("xi"), tc = c.var("tc"),
              v = c.var("v");
    ExprP tv = kir::var(task), sp = kir::floormod(tv, splits), nc = kir::floordiv(tv, splits);
    ExprP n = kir::floordiv(nc, chunks), q0 = kir::floormod(nc, chunks) * T;
    ExprP q = q0 + kir::var(tt), ty = kir::floordiv(q, tw), tx = kir::floormod(q, tw);
    auto lt = [](ExprP x, ExprP y) { return kir::binary(kir::Op::Lt, std::move(x), std::move(y)); };
    auto both = [](ExprP x, ExprP y) { return kir::binary(kir::Op::And, std::move(x), std::move(y)); };

    // 1. Input transform of every tile of the task (tiles past the last read real inputs at
    //    clamped places; their products are never stored).
    ExprP iy0 = ty * m - kir::imm(axes[0].pad_begin), ix0 = tx * m - kir::imm(axes[1].pad_begin);
    ExprP plane = (n * C + kir::var(ic)) * (H * W);
    std::vector<std::vector<ExprP>> d(static_cast<std::size_t>(a));
    for (int64_t k = 0; k < a; ++k)
        for (int64_t l = 0; l < a; ++l) {
            ExprP iy = iy0 + kir::imm(k), ix = ix0 + kir::imm(l);
            ExprP inside = both(both(lt(kir::imm(-1), iy), lt(iy, kir::imm(H))), both(lt(kir::imm(-1), ix), lt(ix, kir::imm(W))));
            ExprP at = plane + kir::max(kir::imm(0), kir::min(iy, kir::imm(H - 1))) * W +
                       kir::max(kir::imm(0), kir::min(ix, kir::imm(W - 1)));
            d[static_cast<std::size_t>(k)].push_back(kir::select(inside, kir::load(X, t, at), kir::fimm(0, t)));
        }
    const auto vt = sandwich(tf.bt, d, tf.bt, t);
    std::vector<kir::StmtP> to_v;
    for (int64_t i = 0; i < a; ++i)
        for (int64_t j = 0; j < a; ++j)
            to_v.push_back(kir::store(V, (kir::imm(i * a + j) * T + kir::var(tt)) * C + kir::var(ic),
                                      vt[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]));
    kir::StmtP input = kir::loop(tt, T, {kir::loop(ic, C, std::move(to_v), kir::LoopKind::vectorized, lanes)});

    // 2. Per block of output channels: the products at every transformed position.
    const int kv = c.var("k");
    RegisterTile rt;
    rt.rows = rows, rt.cols = cols, rt.width = lanes, rt.contiguous_store = true;
    rt.reduction.push_back({kv, kir::imm(0), kir::imm(C)});
    ExprP vrow = (kir::var(xi) * T + kir::var(tc) * rows) * C + kir::var(kv);
    rt.a = [&](int64_t j) { return kir::load(V, t, vrow + kir::imm(j * C)); };
    ExprP urow = ((kir::var(xi) * blocks + kir::var(blk)) * C + kir::var(kv)) * cols;
    rt.b = [&](const ExprP& col) { return kir::load(U, t, urow + col); };
    // Knob "prefetch": while the register tiles of position xi read U's rows from the
    // caches, they prefetch those of position xi + 1. Off by default: ResNet-18's Winograd
    // layers ran 10 to 25% slower with it in the model here (layer3's 256 channels at 14x14
    // 0.83 -> 0.98 ms), whereas the blocked kernel gained.
    if (c.knob("prefetch", 0))
        rt.prefetch = spread_prefetch(U, urow + blocks * C * cols, cols, size, T / rows, kir::var(tc), positions * blocks * C * cols);
    rt.store = [&](int64_t j, const ExprP& col, const ExprP& acc) {
        return std::vector<kir::StmtP>{kir::store(Mb, (kir::var(xi) * T + kir::var(tc) * rows + kir::imm(j)) * cols + col, acc)};
    };
    kir::StmtP products = kir::loop(xi, positions, {kir::loop(tc, T / rows, register_tile(c, t, rt))});

    // 3. Output transform of the block, the task's real tiles only.
    std::vector<std::vector<ExprP>> mm(static_cast<std::size_t>(a));
    for (int64_t i = 0; i < a; ++i)
        for (int64_t j = 0; j < a; ++j)
            mm[static_cast<std::size_t>(i)].push_back(kir::load(Mb, t, (kir::imm(i * a + j) * T + kir::var(tt)) * cols + kir::var(v)));
    const auto out = sandwich(tf.at, mm, tf.at, t);
    ExprP oc = kir::var(blk) * cols + kir::var(v);
    auto stores = [&](bool border) {
        std::vector<kir::StmtP> s;
        for (int64_t r = 0; r < m; ++r)
            for (int64_t col = 0; col < m; ++col) {
                ExprP oy = ty * m + kir::imm(r), ox = tx * m + kir::imm(col);
                ExprP val = out[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)];
                if (B >= 0) val = add(val, kir::load(B, t, oc));
                kir::StmtP st = kir::store(Y, ((n * OC + oc) * OH + oy) * OW + ox, val);
                s.push_back(border ? kir::guard(both(lt(oy, kir::imm(OH)), lt(ox, kir::imm(OW))), {st}) : st);
            }
        if (OC % cols != 0) s = {kir::guard(lt(oc, kir::imm(OC)), std::move(s))};
        return kir::loop(v, cols, std::move(s), kir::LoopKind::vectorized, lanes);
    };
    ExprP interior = both(lt(ty, kir::imm(OH / m)), lt(tx, kir::imm(OW / m)));
    kir::StmtP output = kir::loop(tt, kir::imm(0), kir::min(kir::imm(T), kir::imm(total) - q0),
                                  {kir::guard(interior, {stores(false)}), kir::guard(kir::unary(kir::Op::Not, interior), {stores(true)})});

    std::vector<kir::StmtP> body{input, kir::loop(blk, sp * per_split, kir::min(sp * per_split + per_split, kir::imm(blocks)), {products, output})};
    const bool parallel = c.knob("parallel", tasks > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(task, tasks, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    // The direct convolution's count, as for the other Conv kernels.
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(C * 9);
    return true;
}

ScheduleSpace conv_winograd_space(const CpuInfo&) {
    return {{"winograd", {0, 2, 4}}, {"tiles_per_task", {1, 2, 4, 8, 16, 32, 64}}, {"oc_split", {1, 2, 4, 8}}, {"prefetch", {0, 1}}};
}

}  // namespace neo::llvm_cpu
