// Attention (ONNX opset 23, with opset 24's nonpad_kv_seqlen and opset 25's sliding window)
// and RotaryEmbedding.
// Attention: present_key / present_value are copied first (past rows, then the current
// ones). Then one task per (batch, query head, query row) computes the row's logits over
// the T = past + current keys into a local array (scale, softcap, then the bias of the
// mask, causality, window and nonpad lengths), the softmax in place, and the weighted sum
// of the V rows in a local accumulator; qk_matmul_output gets the row's chosen stage.
// A row whose keys are all masked is all zeros, as in the reference.
// RotaryEmbedding: a loop nest over (batch, seq, head) rotating the leading pairs of each
// head vector (halves or interleaved), computed in f64, the other elements copied.
// Knobs: "parallel" (the row / token loop), "vector_width" (loops along a head vector).
#include <cmath>
#include <limits>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

constexpr double kInf = std::numeric_limits<double>::infinity();

enum Input { kQ, kK, kV, kMask, kPastKey, kPastValue, kNonpad };

// Sizes of an Attention node, its Q/K/V seen as (batch, heads, seq, size).
struct Geometry {
    bool three_d = false;
    int64_t B = 0, Hq = 0, Hkv = 0, Sq = 0, Skv = 0, P = 0, T = 0, D = 0, Dv = 0;
};

Geometry geometry(LowerCtx& c) {
    const auto qs = c.in_shape(kQ), ks = c.in_shape(kK), vs = c.in_shape(kV);
    Geometry g;
    g.three_d = qs.size() == 3;
    g.B = qs[0];
    if (g.three_d) {
        g.Hq = c.op().attr_i("q_num_heads");
        g.Hkv = c.op().attr_i("kv_num_heads");
        g.Sq = qs[1], g.Skv = ks[1], g.D = qs[2] / g.Hq, g.Dv = vs[2] / g.Hkv;
    } else {
        g.Hq = qs[1], g.Hkv = ks[1], g.Sq = qs[2], g.Skv = ks[2], g.D = qs[3], g.Dv = vs[3];
    }
    g.P = c.has_input(kPastKey) ? c.in_shape(kPastKey)[2] : 0;
    g.T = g.P + g.Skv;
    return g;
}

// Rows [begin, end) of the keys (or values) read from one buffer: the past, then the
// current input. row(b, kv_head, s) is where row s of the buffer's (b, kv_head) starts.
struct Segment {
    int buf;
    DType t;
    int64_t begin, end;
    std::function<ExprP(ExprP, ExprP, ExprP)> row;
};

std::vector<Segment> kv_segments(LowerCtx& c, const Geometry& g, std::size_t cur, std::size_t past, int64_t n) {
    std::vector<Segment> segs;
    if (g.P > 0) {
        const int64_t P = g.P, H = g.Hkv;
        segs.push_back({c.in(past), c.in_dtype(past), 0, P, [=](ExprP b, ExprP h, ExprP s) { return ((b * H + h) * P + s) * n; }});
    }
    const int64_t S = g.Skv, H = g.Hkv;
    const bool three_d = g.three_d;
    segs.push_back({c.in(cur), c.in_dtype(cur), g.P, g.T, [=](ExprP b, ExprP h, ExprP s) {
                        return three_d ? ((b * S + s) * H + h) * n : ((b * H + h) * S + s) * n;
                    }});
    return segs;
}

// present (B, Hkv, T, n): the segments' rows one after the other.
std::vector<kir::StmtP> copy_present(LowerCtx& c, const Geometry& g, const std::vector<Segment>& segs, int present,
                                     int64_t n, bool parallel, int width) {
    std::vector<kir::StmtP> body;
    for (const Segment& sg : segs)
        body.push_back(loop_nest(c, {g.B, g.Hkv, sg.end - sg.begin, n}, parallel, width, [&](const std::vector<ExprP>& o) {
            ExprP dst = ((o[0] * g.Hkv + o[1]) * g.T + o[2] + kir::imm(sg.begin)) * n + o[3];
            return std::vector<kir::StmtP>{kir::store(present, dst, kir::load(sg.buf, sg.t, sg.row(o[0], o[1], o[2]) + o[3]))};
        }, "p"));
    return body;
}

// One loop per segment over its rows; body(segment, j, s): j the key's position in
// [0, T), s its row in the segment's buffer.
std::vector<kir::StmtP> over_keys(LowerCtx& c, const std::vector<Segment>& segs,
                                  const std::function<std::vector<kir::StmtP>(const Segment&, ExprP, ExprP)>& body) {
    std::vector<kir::StmtP> loops;
    for (const Segment& sg : segs) {
        const int j = c.var("j");
        loops.push_back(kir::loop(j, kir::imm(sg.begin), kir::imm(sg.end), body(sg, kir::var(j), kir::var(j) - kir::imm(sg.begin))));
    }
    return loops;
}

// The additive bias of key j for query row i of (b, h): the mask's value (bool: 0 or
// -inf; keys past its last dim: -inf), -inf where causality, the window or the nonpad
// length exclude the key.
ExprP key_bias(LowerCtx& c, const Geometry& g, DType ct, const ExprP& b, const ExprP& h, const ExprP& i, const ExprP& j) {
    ExprP bias = kir::fimm(0, ct);
    ExprP excluded = kir::imm(0, DType::boolean);
    if (c.has_input(kMask)) {
        const DType mt = c.in_dtype(kMask);
        auto ms = c.in_shape(kMask);
        ms.insert(ms.begin(), 4 - ms.size(), 1);
        const auto st = strides_of(ms);
        auto stride = [&](std::size_t d) { return ms[d] == 1 ? 0 : st[d]; };
        ExprP idx = b * stride(0) + h * stride(1) + i * stride(2) + kir::min(j, kir::imm(ms[3] - 1)) * stride(3);
        ExprP m = kir::load(c.in(kMask), mt, idx);
        bias = mt == DType::boolean ? kir::select(m, kir::fimm(0, ct), kir::fimm(-kInf, ct)) : kir::cast(ct, m);
        if (ms[3] < g.T) excluded = kir::binary(Op::Ge, j, kir::imm(ms[3]));
    }
    ExprP offset = kir::imm(g.P);
    ExprP nonpad;
    if (c.has_input(kNonpad)) {
        nonpad = kir::cast(DType::i64, kir::load(c.in(kNonpad), c.in_dtype(kNonpad), b));
        offset = nonpad - kir::imm(g.Sq);
        excluded = kir::binary(Op::Or, excluded, kir::binary(Op::Ge, j, nonpad));
    }
    ExprP pos = i + offset;  // the query's absolute position
    auto exclude = [&](ExprP cond) { excluded = kir::binary(Op::Or, excluded, std::move(cond)); };
    if (c.op().attr_i("is_causal") != 0) exclude(kir::binary(Op::Gt, j, pos));
    if (const int64_t left = c.op().attr_i("left_window_size"); left >= 0) exclude(kir::binary(Op::Gt, pos - j, kir::imm(left)));
    if (const int64_t right = c.op().attr_i("right_window_size"); right >= 0) exclude(kir::binary(Op::Gt, j - pos, kir::imm(right)));
    return kir::select(excluded, kir::fimm(-kInf, ct), bias);
}

void lower_attention(LowerCtx& c) {
    const Geometry g = geometry(c);
    const DType t = c.out_dtype(0), vt = c.in_dtype(kV);
    if (!is_float(t) || !is_float(vt)) c.unsupported("non-float Q or V");
    const DType ct = t == DType::f64 || vt == DType::f64 ? DType::f64 : DType::f32;
    const int64_t mode = c.op().attr_i("qk_matmul_output_mode");
    const double scale = c.op().has_attr("scale") ? c.op().attr_f("scale") : 1.0 / std::sqrt(static_cast<double>(g.D));
    const double softcap = c.op().attr_f("softcap");
    const int64_t rows = g.B * g.Hq * g.Sq, group = g.Hq / g.Hkv;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(ct)));
    const bool parallel = c.knob("parallel", rows > 1 && rows * g.T * (g.D + g.Dv) >= 16384 ? 1 : 0) != 0;

    const int Q = c.in(kQ), Y = c.out(0);
    const auto keys = kv_segments(c, g, kK, kPastKey, g.D), values = kv_segments(c, g, kV, kPastValue, g.Dv);
    std::vector<kir::StmtP> body;
    if (c.node().num_outputs() > 1) body = copy_present(c, g, keys, c.out(1), g.D, parallel, width);
    if (c.node().num_outputs() > 2) {
        auto v = copy_present(c, g, values, c.out(2), g.Dv, parallel, width);
        body.insert(body.end(), v.begin(), v.end());
    }
    const int QK = c.node().num_outputs() > 3 ? c.out(3) : -1;
    for (std::size_t in : {kMask, kNonpad})  // arguments (key_bias reads them) come before locals
        if (c.has_input(in)) c.in(in);

    // Locals: the row's logits then probabilities, the output accumulator, and scalars.
    const int S = c.kernel().add_local("scores", ct, g.T), acc = c.kernel().add_local("acc", ct, g.Dv);
    const int st = c.kernel().add_local("stats", ct, 4);
    enum { kDot, kBiasMax, kLogitMax, kSum };
    auto stat = [&](int k) { return kir::load(st, ct, kir::imm(k)); };
    auto set_stat = [&](int k, ExprP v) { return kir::store(st, kir::imm(k), std::move(v)); };
    const int r = c.var("row");
    ExprP rv = kir::var(r);
    ExprP b = kir::floordiv(rv, g.Hq * g.Sq), h = kir::floormod(kir::floordiv(rv, g.Sq), g.Hq), i = kir::floormod(rv, g.Sq);
    ExprP kvh = kir::floordiv(h, group);
    ExprP qrow = g.three_d ? ((b * g.Sq + i) * g.Hq + h) * g.D : rv * g.D;
    ExprP yrow = g.three_d ? ((b * g.Sq + i) * g.Hq + h) * g.Dv : rv * g.Dv;
    auto qk_out = [&](const ExprP& j, const ExprP& v) { return kir::store(QK, rv * g.T + j, kir::cast(c.out_dtype(3), v)); };

    std::vector<kir::StmtP> row{set_stat(kBiasMax, kir::fimm(-kInf, ct)), set_stat(kLogitMax, kir::fimm(-kInf, ct))};
    // Logits.
    auto logits = over_keys(c, keys, [&](const Segment& sg, ExprP j, ExprP s) {
        const int d = c.var("d");
        ExprP prod = mul(kir::cast(ct, kir::load(Q, t, qrow + kir::var(d))), kir::cast(ct, kir::load(sg.buf, sg.t, sg.row(b, kvh, s) + kir::var(d))));
        ExprP raw = mul(stat(kDot), kir::fimm(scale, ct));
        ExprP capped = softcap > 0 ? mul(kir::fimm(softcap, ct), kir::unary(Op::Tanh, div(raw, kir::fimm(softcap, ct)))) : raw;
        ExprP bias = key_bias(c, g, ct, b, h, i, j);
        ExprP logit = kir::load(S, ct, j);
        std::vector<kir::StmtP> out{set_stat(kDot, kir::fimm(0, ct)),
                                    kir::loop(d, g.D, {set_stat(kDot, add(stat(kDot), prod))}, kir::LoopKind::vectorized, width),
                                    kir::store(S, j, add(capped, bias)),
                                    set_stat(kBiasMax, kir::max(stat(kBiasMax), bias)),
                                    set_stat(kLogitMax, kir::max(stat(kLogitMax), logit))};
        if (QK >= 0 && mode < 3) out.push_back(qk_out(j, mode == 0 ? raw : mode == 1 ? capped : logit));
        return out;
    });
    row.insert(row.end(), logits.begin(), logits.end());
    // Softmax in place; a row with every key masked (or every logit -inf) is all zeros.
    ExprP empty = kir::binary(Op::Or, kir::binary(Op::Eq, stat(kBiasMax), kir::fimm(-kInf, ct)),
                              kir::binary(Op::Eq, stat(kLogitMax), kir::fimm(-kInf, ct)));
    const int j1 = c.var("j"), j2 = c.var("j");
    ExprP e = kir::select(empty, kir::fimm(0, ct), kir::unary(Op::Exp, sub(kir::load(S, ct, kir::var(j1)), stat(kLogitMax))));
    ExprP prob = div(kir::load(S, ct, kir::var(j2)), kir::select(empty, kir::fimm(1, ct), stat(kSum)));
    row.push_back(set_stat(kSum, kir::fimm(0, ct)));
    row.push_back(kir::loop(j1, g.T, {kir::store(S, kir::var(j1), e), set_stat(kSum, add(stat(kSum), kir::load(S, ct, kir::var(j1))))}));
    std::vector<kir::StmtP> normalize{kir::store(S, kir::var(j2), prob)};
    if (QK >= 0 && mode == 3) normalize.push_back(qk_out(kir::var(j2), kir::load(S, ct, kir::var(j2))));
    row.push_back(kir::loop(j2, g.T, std::move(normalize)));
    // The weighted sum of the value rows.
    const int d0 = c.var("d"), d1 = c.var("d");
    row.push_back(kir::loop(d0, g.Dv, {kir::store(acc, kir::var(d0), kir::fimm(0, ct))}, kir::LoopKind::vectorized, width));
    auto weighted = over_keys(c, values, [&](const Segment& sg, ExprP j, ExprP s) {
        const int d = c.var("d");
        ExprP v = kir::cast(ct, kir::load(sg.buf, sg.t, sg.row(b, kvh, s) + kir::var(d)));
        return std::vector<kir::StmtP>{kir::loop(d, g.Dv, {kir::store(acc, kir::var(d), add(kir::load(acc, ct, kir::var(d)), mul(kir::load(S, ct, j), v)))},
                                                 kir::LoopKind::vectorized, width)};
    });
    row.insert(row.end(), weighted.begin(), weighted.end());
    row.push_back(kir::loop(d1, g.Dv, {kir::store(Y, yrow + kir::var(d1), kir::cast(t, kir::load(acc, ct, kir::var(d1))))}, kir::LoopKind::vectorized, width));

    body.push_back(kir::loop(r, rows, std::move(row), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial));
    c.kernel().body = kir::block(std::move(body));
    c.kernel().flops = static_cast<double>(rows * g.T) * static_cast<double>(2 * g.D + 2 * g.Dv + 4);
}

// RotaryEmbedding: X (B, H, S, D) or (B, S, H * D); cos/sin rows picked by position_ids
// (B, S) or, without them, the caches' (B, S) rows.
void lower_rotary(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto xs = c.in_shape(0);
    const bool three_d = xs.size() == 3;
    const int64_t B = xs[0], H = three_d ? c.op().attr_i("num_heads") : xs[1], S = three_d ? xs[1] : xs[2];
    const int64_t D = three_d ? xs[2] / H : xs[3];
    const int64_t rot = c.op().attr_i("rotary_embedding_dim") > 0 ? c.op().attr_i("rotary_embedding_dim") : D, half = rot / 2;
    const bool interleaved = c.op().attr_i("interleaved") != 0;
    const int X = c.in(0), Cos = c.in(1), Sin = c.in(2), Y = c.out(0);
    const int Pos = c.has_input(3) ? c.in(3) : -1;
    const int64_t max_pos = c.in_shape(1)[0];
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(DType::f64)));
    const bool parallel = c.knob("parallel", numel_of(xs) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, {B, S, H}, parallel, 1, [&](const std::vector<ExprP>& o) {
        const ExprP &b = o[0], &s = o[1], &h = o[2];
        ExprP base = three_d ? ((b * S + s) * H + h) * D : ((b * H + h) * S + s) * D;
        ExprP cache_row = b * S + s;
        if (Pos >= 0)  // clamped: an id outside the caches reads their first / last row
            cache_row = kir::max(kir::imm(0), kir::min(kir::cast(DType::i64, kir::load(Pos, c.in_dtype(3), b * S + s)), kir::imm(max_pos - 1)));
        const int k = c.var("k"), d = c.var("d");
        ExprP kv = kir::var(k);
        auto f64 = [&](int buf, ExprP idx) { return kir::cast(DType::f64, kir::load(buf, t, std::move(idx))); };
        ExprP cs = f64(Cos, cache_row * half + kv), sn = f64(Sin, cache_row * half + kv);
        ExprP i1 = base + (interleaved ? kv * 2 : kv), i2 = base + (interleaved ? kv * 2 + 1 : kv + half);
        ExprP x1 = f64(X, i1), x2 = f64(X, i2);
        return std::vector<kir::StmtP>{
            kir::loop(k, half, {kir::store(Y, i1, kir::cast(t, sub(mul(cs, x1), mul(sn, x2)))),
                                kir::store(Y, i2, kir::cast(t, add(mul(sn, x1), mul(cs, x2))))}, kir::LoopKind::vectorized, width),
            kir::loop(d, kir::imm(rot), kir::imm(D), {kir::store(Y, base + kir::var(d), kir::load(X, t, base + kir::var(d)))})};
    });
    c.kernel().flops = 6.0 * static_cast<double>(B * S * H * half);
}

ScheduleSpace attention_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_attention_lowerings(LoweringTable& t) {
    t["Attention"] = {lower_attention, attention_space};
    t["RotaryEmbedding"] = {lower_rotary, attention_space};
}

}  // namespace neo::llvm_cpu
