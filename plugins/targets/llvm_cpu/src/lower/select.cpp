// Selection ops: OneHot, TopK, ReverseSequence, GatherND and Compress.
// OneHot, ReverseSequence and GatherND are loop nests over the output (the outermost loop
// parallel, the innermost vectorized) reading their indices at run time; out-of-range
// indices of GatherND are clamped, as Gather's are. TopK: per line along the axis, K
// passes each picking the next element in sort order (value, then the lower index first)
// after the one the previous pass picked; lines run in parallel. Compress (with a constant
// condition) gathers the kept positions listed in a table.
// Knobs: "parallel", "vector_width".
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

ExprP cmp(Op op, const ExprP& a, const ExprP& b) { return kir::binary(op, a, b); }
// i + dim where i < 0.
ExprP wrap(const ExprP& i, int64_t dim) { return kir::select(cmp(Op::Lt, i, kir::imm(0)), i + dim, i); }
int64_t norm_axis(int64_t axis, std::size_t rank) { return axis < 0 ? axis + static_cast<int64_t>(rank) : axis; }
bool parallel_default(LowerCtx& c, const std::vector<int64_t>& shape) {
    return c.knob("parallel", numel_of(shape) >= 16384 ? 1 : 0) != 0;
}
int width_default(LowerCtx& c) { return static_cast<int>(c.knob("vector_width", c.lanes(c.out_dtype(0)))); }

// OneHot: values[1] where the position along the new axis equals the (wrapped) index.
void lower_one_hot(LowerCtx& c) {
    const auto ys = c.out_shape(0);
    const auto [outer, depth, inner] = split_at_axis(ys, norm_axis(c.op().attr_i("axis"), ys.size()));
    const DType it = c.in_dtype(0), t = c.out_dtype(0);
    const int I = c.in(0), V = c.in(2), Y = c.out(0);
    c.kernel().body = loop_nest(c, {outer, depth, inner}, parallel_default(c, ys), width_default(c), [&](const std::vector<ExprP>& o) {
        ExprP raw = kir::load(I, it, o[0] * inner + o[2]);
        if (is_float(it))  // a NaN, infinite or huge index selects nothing
            raw = kir::select(cmp(Op::Lt, kir::unary(Op::Abs, raw), kir::fimm(1e18, it)), raw, kir::fimm(static_cast<double>(-2 * depth), it));
        ExprP v = wrap(kir::cast(DType::i64, raw), depth);
        ExprP y = kir::select(cmp(Op::Eq, v, o[1]), kir::load(V, t, kir::imm(1)), kir::load(V, t, kir::imm(0)));
        return std::vector<StmtP>{kir::store(Y, (o[0] * depth + o[1]) * inner + o[2], y)};
    });
}

void lower_top_k(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    const int64_t axis = norm_axis(c.op().attr_i("axis"), xs.size());
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const int64_t k = c.out_shape(0)[static_cast<std::size_t>(axis)];
    const bool largest = c.op().attr_i("largest") != 0;
    const DType t = c.in_dtype(0);
    const int X = c.in(0), Y = c.out(0), I = c.out(1);
    const int best = c.kernel().add_local("best", t, 1), bidx = c.kernel().add_local("best_index", DType::i64, 1);
    const int prev = c.kernel().add_local("prev", t, 1), pidx = c.kernel().add_local("prev_index", DType::i64, 1);
    const int line = c.var("line"), s = c.var("s"), j = c.var("j");
    ExprP o = kir::floordiv(kir::var(line), inner), i = kir::floormod(kir::var(line), inner);
    ExprP x = kir::load(X, t, (o * n + kir::var(j)) * inner + i);
    auto ld = [&](int buf, DType bt) { return kir::load(buf, bt, kir::imm(0)); };
    // (va, ia) comes before (vb, ib) in the output order.
    auto before = [&](const ExprP& va, const ExprP& ia, const ExprP& vb, const ExprP& ib) {
        return cmp(Op::Or, cmp(largest ? Op::Gt : Op::Lt, va, vb), cmp(Op::And, cmp(Op::Eq, va, vb), cmp(Op::Lt, ia, ib)));
    };
    ExprP none = kir::imm(-1);
    ExprP after_prev = cmp(Op::Or, cmp(Op::Eq, ld(pidx, DType::i64), none), before(ld(prev, t), ld(pidx, DType::i64), x, kir::var(j)));
    ExprP beats_best = cmp(Op::Or, cmp(Op::Eq, ld(bidx, DType::i64), none), before(x, kir::var(j), ld(best, t), ld(bidx, DType::i64)));
    ExprP out = (o * k + kir::var(s)) * inner + i;
    const bool parallel = c.knob("parallel", outer * inner > 1 && numel_of(xs) * k >= 16384 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(line, outer * inner, {
        kir::store(pidx, kir::imm(0), none),
        kir::loop(s, k, {
            kir::store(bidx, kir::imm(0), none),
            kir::loop(j, n, {kir::guard(cmp(Op::And, after_prev, beats_best), {kir::store(best, kir::imm(0), x), kir::store(bidx, kir::imm(0), kir::var(j))})}),
            kir::store(Y, out, ld(best, t)),
            kir::store(I, out, ld(bidx, DType::i64)),
            kir::store(prev, kir::imm(0), ld(best, t)),
            kir::store(pidx, kir::imm(0), ld(bidx, DType::i64))})},
        parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = static_cast<double>(numel_of(xs) * k);
}

// ReverseSequence: along the time axis, the first sequence_lens[batch] steps reversed.
void lower_reverse_sequence(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    const auto b = static_cast<std::size_t>(c.op().attr_i("batch_axis")), ta = static_cast<std::size_t>(c.op().attr_i("time_axis"));
    const int X = c.in(0), L = c.in(1), Y = c.out(0);
    const auto st = strides_of(xs);
    c.kernel().body = loop_nest(c, xs, parallel_default(c, xs), width_default(c), [&](const std::vector<ExprP>& p) {
        ExprP len = kir::cast(DType::i64, kir::load(L, c.in_dtype(1), p[b]));
        std::vector<ExprP> src = p;
        src[ta] = kir::select(cmp(Op::Lt, p[ta], len), len - kir::imm(1) - p[ta], p[ta]);
        return std::vector<StmtP>{kir::store(Y, linear_index(p, st), kir::load(X, c.in_dtype(0), linear_index(src, st)))};
    });
}

// GatherND: output row r (of batch r / tuples) is the slice of X at the index tuple r.
void lower_gather_nd(LowerCtx& c) {
    const auto xs = c.in_shape(0), is = c.in_shape(1);
    const auto bd = static_cast<std::size_t>(c.op().attr_i("batch_dims"));
    const auto m = static_cast<std::size_t>(is.back());
    int64_t batches = 1, tuples = 1, slice = 1;
    for (std::size_t d = 0; d < bd; ++d) batches *= xs[d];
    for (std::size_t d = bd; d + 1 < is.size(); ++d) tuples *= is[d];
    for (std::size_t d = bd + m; d < xs.size(); ++d) slice *= xs[d];
    const auto st = strides_of(xs);
    const int64_t batch_stride = bd == 0 ? 0 : st[bd - 1];
    const int X = c.in(0), I = c.in(1), Y = c.out(0);
    const std::vector<int64_t> shape{batches * tuples, slice};
    c.kernel().body = loop_nest(c, shape, parallel_default(c, shape), width_default(c), [&](const std::vector<ExprP>& o) {
        ExprP off = kir::floordiv(o[0], tuples) * batch_stride + o[1];
        for (std::size_t j = 0; j < m; ++j) {
            const int64_t dim = xs[bd + j];
            ExprP k = wrap(kir::cast(DType::i64, kir::load(I, c.in_dtype(1), o[0] * static_cast<int64_t>(m) + kir::imm(static_cast<int64_t>(j)))), dim);
            off = off + kir::max(kir::imm(0), kir::min(k, kir::imm(dim - 1))) * st[bd + j];
        }
        return std::vector<StmtP>{kir::store(Y, o[0] * slice + o[1], kir::load(X, c.in_dtype(0), off))};
    });
}

void lower_compress(LowerCtx& c) {
    const Tensor* cond = c.constant(1);
    if (!cond) c.unsupported("the condition must be a constant for this target");
    const auto xs = c.in_shape(0);
    const bool has_axis = c.node().has_attr("axis");
    const std::vector<int64_t> flat{numel_of(xs)};
    const auto [outer, n, inner] = has_axis ? split_at_axis(xs, c.op().attr_i("axis")) : split_at_axis(flat, 0);
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < cond->numel() && i < n; ++i)
        if (cond->at_int(i) != 0) kept.push_back(i);
    const auto k = static_cast<int64_t>(kept.size());
    const DType t = c.in_dtype(0);
    const int X = c.in(0), Y = c.out(0), K = c.table("kept", Tensor::from_vector<int64_t>({k}, kept));
    c.kernel().body = loop_nest(c, {outer, k, inner}, parallel_default(c, c.out_shape(0)), width_default(c), [&](const std::vector<ExprP>& o) {
        ExprP src = (o[0] * n + kir::load(K, DType::i64, o[1])) * inner + o[2];
        return std::vector<StmtP>{kir::store(Y, (o[0] * k + o[1]) * inner + o[2], kir::load(X, t, src))};
    });
}

ScheduleSpace select_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 1); }
ScheduleSpace top_k_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

}  // namespace

void add_select_lowerings(LoweringTable& t) {
    t["OneHot"] = {lower_one_hot, select_space};
    t["TopK"] = {lower_top_k, top_k_space};
    t["ReverseSequence"] = {lower_reverse_sequence, select_space};
    t["GatherND"] = {lower_gather_nd, select_space};
    t["Compress"] = {lower_compress, select_space};
}

}  // namespace neo::llvm_cpu
