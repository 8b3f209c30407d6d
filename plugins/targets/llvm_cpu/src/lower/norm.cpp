// Normalizations: BatchNormalization (inference form), InstanceNormalization,
// GroupNormalization, LayerNormalization, RMSNormalization, MeanVarianceNormalization,
// LpNormalization and LRN. Statistics are accumulated in registers per row / plane / group;
// those run in parallel. Knobs: "parallel", "vector_width".
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

void require_float_out(LowerCtx& c) {
    if (!is_float(c.out_dtype(0))) c.unsupported("element type " + std::string(dtype_name(c.out_dtype(0))));
}

void lower_batch_norm(LowerCtx& c) {
    require_float_out(c);
    for (std::size_t i = 1; i < 5; ++i)
        if (c.in_dtype(i) != c.out_dtype(0)) c.unsupported("statistics of another element type than X");
    if (c.op().schema().find_attr("training_mode") && c.op().attr_i("training_mode") != 0)
        c.unsupported("training_mode=1");
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t N = xs[0], C = xs.size() > 1 ? xs[1] : 1, inner = numel_of(xs) / std::max<int64_t>(N * C, 1);
    const int X = c.in(0), S = c.in(1), B = c.in(2), M = c.in(3), V = c.in(4), Y = c.out(0);
    const double eps = c.op().attr_f("epsilon");
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const bool parallel = c.knob("parallel", numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, {N, C, inner}, parallel, width, [&](const std::vector<ExprP>& o) {
        ExprP ch = o[1];
        auto f = [&](int buf) { return kir::load(buf, t, ch); };
        ExprP inv = div(f(S), kir::unary(Op::Sqrt, add(f(V), kir::fimm(eps, t))));
        ExprP idx = (o[0] * C + o[1]) * inner + o[2];
        return std::vector<kir::StmtP>{kir::store(Y, idx, add(mul(sub(kir::load(X, t, idx), f(M)), inv), f(B)))};
    });
    c.kernel().flops = 4.0 * static_cast<double>(numel_of(xs));
}

// Statistics of one row of `count` elements at base + j (j the loop var), accumulated in
// f64: the mean (when `center`, else 0) and the mean square deviation; then
// y = (x - mean) / sqrt(msd + eps) * scale(j) + bias(j). With `stats` (two buffers and
// the row's index) the mean and 1/sqrt(msd + eps) are stored too.
struct RowStats {
    int mean = -1, inv_std = -1;
    ExprP row;
};
std::vector<kir::StmtP> normalize_row(LowerCtx& c, DType t, int X, int Y, const ExprP& base, int64_t count,
                                      double eps, const std::function<ExprP(const ExprP&)>& scale,
                                      const std::function<ExprP(const ExprP&)>& bias, bool center = true,
                                      const RowStats& stats = {}) {
    const int st = c.kernel().add_local("stats", DType::f64, 2);
    const int j1 = c.var("j"), j2 = c.var("j"), j3 = c.var("j");
    ExprP mean = kir::load(st, DType::f64, kir::imm(0)), var = kir::load(st, DType::f64, kir::imm(1));
    ExprP x1 = kir::cast(DType::f64, kir::load(X, t, base + kir::var(j1)));
    ExprP d2 = sub(kir::cast(DType::f64, kir::load(X, t, base + kir::var(j2))), mean);
    ExprP inv64 = div(kir::fimm(1, DType::f64), kir::unary(Op::Sqrt, add(div(var, kir::fimm(static_cast<double>(count), DType::f64)), kir::fimm(eps, DType::f64))));
    ExprP inv = kir::cast(t, inv64);
    ExprP y = add(mul(mul(sub(kir::load(X, t, base + kir::var(j3)), kir::cast(t, mean)), inv), scale(kir::var(j3))), bias(kir::var(j3)));
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    std::vector<kir::StmtP> body{kir::store(st, kir::imm(0), kir::fimm(0, DType::f64)),
                                 kir::store(st, kir::imm(1), kir::fimm(0, DType::f64))};
    if (center) {
        body.push_back(kir::loop(j1, count, {kir::store(st, kir::imm(0), add(mean, x1))}, kir::LoopKind::vectorized, width));
        body.push_back(kir::store(st, kir::imm(0), div(mean, kir::fimm(static_cast<double>(count), DType::f64))));
    }
    body.push_back(kir::loop(j2, count, {kir::store(st, kir::imm(1), add(var, mul(d2, d2)))}, kir::LoopKind::vectorized, width));
    body.push_back(kir::loop(j3, count, {kir::store(Y, base + kir::var(j3), y)}, kir::LoopKind::vectorized, width));
    if (stats.mean >= 0) {
        const DType mt = c.kernel().buffers[static_cast<std::size_t>(stats.mean)].dtype;
        body.push_back(kir::store(stats.mean, stats.row, kir::cast(mt, mean)));
        body.push_back(kir::store(stats.inv_std, stats.row, kir::cast(mt, inv64)));
    }
    return body;
}

void lower_instance_norm(LowerCtx& c) {
    require_float_out(c);
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t N = xs[0], C = xs[1], inner = numel_of(xs) / (N * C);
    const int X = c.in(0), S = c.in(1), B = c.in(2), Y = c.out(0);
    const int p = c.var("nc");
    ExprP ch = kir::floormod(kir::var(p), C);
    auto body = normalize_row(c, t, X, Y, kir::var(p) * inner, inner, c.op().attr_f("epsilon"),
                              [&](const ExprP&) { return kir::load(S, t, ch); },
                              [&](const ExprP&) { return kir::load(B, t, ch); });
    const bool parallel = c.knob("parallel", N * C > 1 && numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(p, N * C, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

// LayerNormalization (optional Mean / InvStdDev outputs) and RMSNormalization.
void lower_layer_norm(LowerCtx& c) {
    require_float_out(c);
    const bool rms = c.node().op() == "RMSNormalization";
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    int64_t axis = c.op().attr_i("axis");
    if (axis < 0) axis += static_cast<int64_t>(xs.size());
    int64_t rows = 1, row = 1;
    for (std::size_t d = 0; d < xs.size(); ++d) (static_cast<int64_t>(d) < axis ? rows : row) *= xs[d];
    const int X = c.in(0), S = c.in(1), B = !rms && c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    auto param = [&](int buf, std::size_t i) -> std::function<ExprP(const ExprP&)> {
        if (buf < 0) return [t](const ExprP&) { return kir::fimm(0, t); };
        const int64_t n = numel_of(c.in_shape(i));
        if (n != row && n != 1) c.unsupported("scale/bias that broadcast partially");
        return [buf, t, n](const ExprP& j) { return kir::load(buf, t, n == 1 ? kir::imm(0) : j); };
    };
    const int r = c.var("row");
    RowStats stats;
    if (!rms && c.node().num_outputs() == 3) {
        stats = {c.out(1), c.out(2), kir::var(r)};
    } else if (!rms && c.node().num_outputs() == 2) {
        c.unsupported("a Mean output without InvStdDev");
    }
    auto body = normalize_row(c, t, X, Y, kir::var(r) * row, row, c.op().attr_f("epsilon"), param(S, 1),
                              rms ? param(-1, 2) : param(B, 2), !rms, stats);
    const bool parallel = c.knob("parallel", rows > 1 && numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(r, rows, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

// GroupNormalization: each (image, group) is one contiguous row; scale and bias per channel.
void lower_group_norm(LowerCtx& c) {
    require_float_out(c);
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t N = xs[0], C = xs[1], groups = c.op().attr_i("num_groups");
    const int64_t per_group = C / groups, inner = numel_of(xs) / (N * C), len = per_group * inner;
    const int X = c.in(0), S = c.in(1), B = c.in(2), Y = c.out(0);
    const int r = c.var("ng");
    ExprP g = kir::floormod(kir::var(r), groups);
    auto param = [&](int buf) {
        return [&, buf](const ExprP& j) { return kir::load(buf, t, g * per_group + kir::floordiv(j, inner)); };
    };
    auto body = normalize_row(c, t, X, Y, kir::var(r) * len, len, c.op().attr_f("epsilon"), param(S), param(B));
    const bool parallel = c.knob("parallel", N * groups > 1 && numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(r, N * groups, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

// MeanVarianceNormalization: y = (x - mean) / (sqrt(mean square deviation) + 1e-9), the
// statistics (f64) over `axes`, per position of the other axes.
void lower_mvn(LowerCtx& c) {
    require_float_out(c);
    const DType t = c.out_dtype(0), f = DType::f64;
    const auto xs = c.in_shape(0);
    std::vector<bool> reduced(xs.size(), false);
    for (int64_t a : c.op().attr_ints("axes")) reduced.at(static_cast<std::size_t>(a < 0 ? a + static_cast<int64_t>(xs.size()) : a)) = true;
    std::vector<int64_t> kept_shape, red_shape;
    for (std::size_t d = 0; d < xs.size(); ++d) (reduced[d] ? red_shape : kept_shape).push_back(xs[d]);
    const double count = static_cast<double>(numel_of(red_shape));
    const int X = c.in(0), Y = c.out(0);
    const int st = c.kernel().add_local("stats", f, 2);
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const auto xstr = strides_of(xs);
    ExprP mean = kir::load(st, f, kir::imm(0)), msd = kir::load(st, f, kir::imm(1));
    const bool parallel = c.knob("parallel", numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, kept_shape, parallel, 1, [&](const std::vector<ExprP>& k) {
        // A pass over the reduced axes: `step(index of the element)`.
        auto pass = [&](const std::function<kir::StmtP(const ExprP&)>& step) {
            return loop_nest(c, red_shape, false, width, [&](const std::vector<ExprP>& r) {
                ExprP idx = kir::imm(0);
                for (std::size_t d = 0, ki = 0, ri = 0; d < xs.size(); ++d) idx = idx + (reduced[d] ? r[ri++] : k[ki++]) * xstr[d];
                return std::vector<kir::StmtP>{step(idx)};
            }, "r");
        };
        auto x = [&](const ExprP& i) { return kir::cast(f, kir::load(X, t, i)); };
        return std::vector<kir::StmtP>{
            kir::store(st, kir::imm(0), kir::fimm(0, f)),
            kir::store(st, kir::imm(1), kir::fimm(0, f)),
            pass([&](const ExprP& i) { return kir::store(st, kir::imm(0), add(mean, x(i))); }),
            kir::store(st, kir::imm(0), div(mean, kir::fimm(count, f))),
            pass([&](const ExprP& i) { return kir::store(st, kir::imm(1), add(msd, mul(sub(x(i), mean), sub(x(i), mean)))); }),
            kir::store(st, kir::imm(1), add(kir::unary(Op::Sqrt, div(msd, kir::fimm(count, f))), kir::fimm(1e-9, f))),
            pass([&](const ExprP& i) { return kir::store(Y, i, kir::cast(t, div(sub(x(i), mean), msd))); })};
    });
}

void lower_lrn(LowerCtx& c) {
    require_float_out(c);
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t N = xs[0], C = xs[1], inner = numel_of(xs) / (N * C);
    const int64_t size = c.op().attr_i("size");
    const double alpha = c.op().attr_f("alpha"), beta = c.op().attr_f("beta"), bias = c.op().attr_f("bias");
    const int64_t before = (size - 1) / 2, after = size - 1 - before;
    const int X = c.in(0), Y = c.out(0);
    const int acc = c.kernel().add_local("sq", t, 1);
    const int p = c.var("nc"), i = c.var("i"), k = c.var("k");
    ExprP n = kir::floordiv(kir::var(p), C), ch = kir::floormod(kir::var(p), C);
    ExprP lo = kir::max(kir::imm(0), ch - kir::imm(before)), hi = kir::min(kir::imm(C), ch + kir::imm(after + 1));
    ExprP xv = kir::load(X, t, (n * C + kir::var(k)) * inner + kir::var(i));
    ExprP a = kir::load(acc, t, kir::imm(0));
    ExprP idx = kir::var(p) * inner + kir::var(i);
    ExprP y = div(kir::load(X, t, idx),
                  kir::binary(Op::Pow, add(kir::fimm(bias, t), mul(kir::fimm(alpha / static_cast<double>(size), t), a)), kir::fimm(beta, t)));
    const bool parallel = c.knob("parallel", N * C > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(p, N * C, {kir::loop(i, inner, {
        kir::store(acc, kir::imm(0), kir::fimm(0, t)),
        kir::loop(k, lo, hi, {kir::store(acc, kir::imm(0), add(a, mul(xv, xv)))}),
        kir::store(Y, idx, y)})}, parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

// LpNormalization: x / ||x||_p along one axis (p = 1 or 2); a zero vector stays zero.
void lower_lp_norm(LowerCtx& c) {
    require_float_out(c);
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t axis = c.op().attr_i("axis");
    const int64_t p = c.op().attr_i("p");
    if (p != 1 && p != 2) c.unsupported("p must be 1 or 2");
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const int X = c.in(0), Y = c.out(0);
    const int acc = c.kernel().add_local("norm", DType::f64, 1);
    const int o = c.var("o"), i = c.var("i"), j = c.var("j"), j2 = c.var("j");
    auto at = [&](int v) { return (kir::var(o) * n + kir::var(v)) * inner + kir::var(i); };
    ExprP x = kir::cast(DType::f64, kir::load(X, t, at(j)));
    ExprP a = kir::load(acc, DType::f64, kir::imm(0));
    ExprP term = p == 1 ? kir::unary(Op::Abs, x) : mul(x, x);
    ExprP norm = p == 1 ? a : kir::unary(Op::Sqrt, a);
    ExprP y = kir::select(kir::binary(Op::Eq, norm, kir::fimm(0, DType::f64)), kir::fimm(0, t),
                          kir::cast(t, div(kir::cast(DType::f64, kir::load(X, t, at(j2))), norm)));
    c.kernel().body = kir::loop(o, outer, {kir::loop(i, inner, {
        kir::store(acc, kir::imm(0), kir::fimm(0, DType::f64)),
        kir::loop(j, n, {kir::store(acc, kir::imm(0), add(a, term))}),
        kir::loop(j2, n, {kir::store(Y, at(j2), y)})})});
}

ScheduleSpace norm_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_norm_lowerings(LoweringTable& t) {
    t["BatchNormalization"] = {lower_batch_norm, norm_space};
    t["InstanceNormalization"] = {lower_instance_norm, norm_space};
    t["GroupNormalization"] = {lower_group_norm, norm_space};
    t["MeanVarianceNormalization"] = {lower_mvn, norm_space};
    t["LayerNormalization"] = {lower_layer_norm, norm_space};
    t["RMSNormalization"] = {lower_layer_norm, norm_space};
    t["LRN"] = {lower_lrn, norm_space};
    t["LpNormalization"] = {lower_lp_norm, norm_space};
}

}  // namespace neo::llvm_cpu
