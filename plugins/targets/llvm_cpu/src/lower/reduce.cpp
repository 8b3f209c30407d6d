// Reductions with constant axes (ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
// ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum, ReduceLogSumExp), ArgMax/ArgMin,
// Softmax / LogSoftmax, CumSum, CumProd and Hardmax. Output positions are the outer loops (the outermost
// parallel), the reduced axes the inner loops accumulating into a register.
// Knobs: "parallel"; Softmax / LogSoftmax "vector_rows" (0: the scalar reductions).
#include <limits>
#include <set>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

ExprP fconst(double v, DType t) { return is_float(t) ? kir::fimm(v, t) : kir::imm(static_cast<int64_t>(v), t); }
ExprP extreme(DType t, bool highest) {
    if (is_float(t)) return kir::fimm(highest ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity(), t);
    switch (t) {
    case DType::i8: return kir::imm(highest ? 127 : -128, t);
    case DType::u8: return kir::imm(highest ? 255 : 0, t);
    case DType::i16: return kir::imm(highest ? 32767 : -32768, t);
    case DType::u16: return kir::imm(highest ? 65535 : 0, t);
    case DType::i32: return kir::imm(highest ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::min(), t);
    case DType::u32: return kir::imm(highest ? static_cast<int64_t>(std::numeric_limits<uint32_t>::max()) : 0, t);
    case DType::u64: return kir::imm(highest ? -1 : 0, t);
    default: return kir::imm(highest ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min(), t);
    }
}

std::set<std::size_t> reduced_axes(LowerCtx& c, std::size_t rank, bool& noop) {
    std::vector<int64_t> axes;
    if (c.op().schema().find_attr("axes")) axes = c.op().attr_ints("axes");  // ArgMax: axis
    else axes = c.constant_ints(1);
    noop = axes.empty() && c.op().schema().find_attr("noop_with_empty_axes") && c.op().attr_i("noop_with_empty_axes") != 0;
    std::set<std::size_t> s;
    for (int64_t a : axes) s.insert(static_cast<std::size_t>(a < 0 ? a + static_cast<int64_t>(rank) : a));
    if (axes.empty() && !noop)
        for (std::size_t d = 0; d < rank; ++d) s.insert(d);
    return s;
}

// Loops: kept axes outside (first kept axis parallel), reduced axes inside.
void lower_reduce(LowerCtx& c) {
    const std::string& op = c.node().op();
    const DType t = c.in_dtype(0);
    const auto xs = c.in_shape(0);
    bool noop = false;
    const auto red = reduced_axes(c, xs.size(), noop);
    const int X = c.in(0), Y = c.out(0);
    const DType acc_t = (op == "ReduceL2" || op == "ReduceLogSum" || op == "ReduceLogSumExp") && !is_float(t) ? DType::f64 : t;
    const int acc = c.kernel().add_local("acc", acc_t, 1);
    const auto xstr = strides_of(xs);
    std::vector<int> vars(xs.size(), -1);
    for (std::size_t d = 0; d < xs.size(); ++d) vars[d] = c.var((red.count(d) ? "r" : "i") + std::to_string(d));
    ExprP xidx = kir::imm(0), yidx = kir::imm(0);
    int64_t ystride = 1;
    for (std::size_t d = xs.size(); d-- > 0;) {
        xidx = xidx + kir::var(vars[d]) * xstr[d];
        if (!red.count(d)) {
            yidx = yidx + kir::var(vars[d]) * ystride;
            ystride *= xs[d];
        }
    }
    ExprP a = kir::load(acc, acc_t, kir::imm(0));
    ExprP x = kir::cast(acc_t, kir::load(X, t, xidx));
    ExprP init, step;
    if (op == "ReduceMax") init = extreme(acc_t, false), step = kir::max(a, x);
    else if (op == "ReduceMin") init = extreme(acc_t, true), step = kir::min(a, x);
    else if (op == "ReduceProd") init = fconst(1, acc_t), step = kir::binary(Op::Mul, a, x);
    else if (op == "ReduceL1") init = fconst(0, acc_t), step = kir::binary(Op::Add, a, kir::unary(Op::Abs, x));
    else if (op == "ReduceL2" || op == "ReduceSumSquare") init = fconst(0, acc_t), step = kir::binary(Op::Add, a, kir::binary(Op::Mul, x, x));
    else if (op == "ReduceLogSumExp") init = fconst(0, acc_t), step = kir::binary(Op::Add, a, kir::unary(Op::Exp, x));
    else init = fconst(0, acc_t), step = kir::binary(Op::Add, a, x);
    int64_t count = 1;
    for (std::size_t d : red) count *= xs[d];
    ExprP result = a;
    if (op == "ReduceMean") result = kir::binary(Op::Div, a, fconst(static_cast<double>(count), acc_t));
    else if (op == "ReduceL2") result = kir::unary(Op::Sqrt, a);
    else if (op == "ReduceLogSum" || op == "ReduceLogSumExp") result = kir::unary(Op::Log, a);
    result = kir::cast(c.out_dtype(0), result);

    std::vector<kir::StmtP> inner{kir::store(acc, kir::imm(0), step)};
    for (std::size_t d = xs.size(); d-- > 0;)
        if (red.count(d)) inner = {kir::loop(vars[d], xs[d], std::move(inner))};
    std::vector<kir::StmtP> body{kir::store(acc, kir::imm(0), init)};
    body.insert(body.end(), inner.begin(), inner.end());
    body.push_back(kir::store(Y, yidx, result));
    const bool parallel = c.knob("parallel", numel_of(xs) >= 16384 ? 1 : 0) != 0;
    for (std::size_t d = xs.size(); d-- > 0;) {
        if (red.count(d)) continue;
        bool outermost = true;
        for (std::size_t e = 0; e < d; ++e) outermost = outermost && red.count(e);
        body = {kir::loop(vars[d], xs[d], std::move(body), parallel && outermost ? kir::LoopKind::parallel : kir::LoopKind::serial)};
    }
    c.kernel().body = kir::block(std::move(body));
    c.kernel().flops = static_cast<double>(numel_of(xs));
}

void lower_arg(LowerCtx& c) {
    const DType t = c.in_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t axis = c.op().attr_i("axis");
    const bool is_max = c.node().op() == "ArgMax", last = c.op().attr_i("select_last_index") != 0;
    const int X = c.in(0), Y = c.out(0);
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const int best = c.kernel().add_local("best", t, 1), idx = c.kernel().add_local("idx", DType::i64, 1);
    const int o = c.var("o"), i = c.var("i"), j = c.var("j");
    ExprP x = kir::load(X, t, (kir::var(o) * n + kir::var(j)) * inner + kir::var(i));
    ExprP bv = kir::load(best, t, kir::imm(0));
    ExprP better = kir::binary(is_max ? (last ? Op::Ge : Op::Gt) : (last ? Op::Le : Op::Lt), x, bv);
    c.kernel().body = kir::loop(o, outer, {kir::loop(i, inner, {
        kir::store(best, kir::imm(0), kir::load(X, t, kir::var(o) * n * inner + kir::var(i))),
        kir::store(idx, kir::imm(0), kir::imm(0)),
        kir::loop(j, kir::imm(1), kir::imm(n), {kir::guard(better, {kir::store(best, kir::imm(0), x), kir::store(idx, kir::imm(0), kir::var(j))})}),
        kir::store(Y, kir::var(o) * inner + kir::var(i), kir::load(idx, DType::i64, kir::imm(0)))})});
}

// Softmax / LogSoftmax along a contiguous axis (inner == 1): the row's max and sum of
// exponentials are reduced in `lanes` partial results held in a vector (then combined), so
// every loop over the row is vectorized; the exponentials are stored once and divided in place.
void lower_softmax_rows(LowerCtx& c, int64_t outer, int64_t n, int lanes, bool log) {
    const DType t = c.out_dtype(0);
    const int X = c.in(0), Y = c.out(0);
    const int vmax = c.kernel().add_local("vmax", t, lanes), vsum = c.kernel().add_local("vsum", t, lanes);
    const int mx = c.kernel().add_local("max", t, 1), sum = c.kernel().add_local("sum", t, 1);
    const int r = c.var("row"), jb = c.var("jb"), l = c.var("l"), j = c.var("j");
    const int64_t blocks = n / lanes;
    auto row = [&](const ExprP& at) { return kir::var(r) * n + at; };
    ExprP lane_at = kir::var(jb) * lanes + kir::var(l);
    ExprP m = kir::load(mx, t, kir::imm(0)), total = kir::load(sum, t, kir::imm(0));
    const double inf = std::numeric_limits<double>::infinity();
    // An all -inf row (or one with +inf) is not shifted, as the reference does.
    ExprP shift = kir::select(kir::binary(Op::Eq, kir::unary(Op::Abs, m), kir::fimm(inf, t)), kir::fimm(0, t), m);
    auto e_at = [&](const ExprP& at) { return kir::unary(Op::Exp, kir::binary(Op::Sub, kir::load(X, t, row(at)), shift)); };
    auto per_lane = [&](std::vector<kir::StmtP> body) { return kir::loop(l, lanes, std::move(body), kir::LoopKind::vector_tile, lanes); };
    auto tail = [&](std::vector<kir::StmtP> body) { return kir::loop(j, kir::imm(blocks * lanes), kir::imm(n), std::move(body)); };
    auto combine = [&](int acc, int vec, bool is_max) {
        ExprP a = kir::load(acc, t, kir::imm(0)), v = kir::load(vec, t, kir::var(l));
        return kir::loop(l, lanes, {kir::store(acc, kir::imm(0), is_max ? kir::max(a, v) : kir::binary(Op::Add, a, v))});
    };
    std::vector<kir::StmtP> body{
        per_lane({kir::store(vmax, kir::var(l), kir::fimm(-inf, t))}),
        kir::loop(jb, blocks, {per_lane({kir::store(vmax, kir::var(l), kir::max(kir::load(vmax, t, kir::var(l)), kir::load(X, t, row(lane_at))))})}),
        kir::store(mx, kir::imm(0), kir::fimm(-inf, t)),
        combine(mx, vmax, true),
        tail({kir::store(mx, kir::imm(0), kir::max(m, kir::load(X, t, row(kir::var(j)))))}),
        per_lane({kir::store(vsum, kir::var(l), kir::fimm(0, t))}),
        kir::loop(jb, blocks, {per_lane({kir::store(Y, row(lane_at), e_at(lane_at)),
                                         kir::store(vsum, kir::var(l), kir::binary(Op::Add, kir::load(vsum, t, kir::var(l)), kir::load(Y, t, row(lane_at))))})}),
        kir::store(sum, kir::imm(0), kir::fimm(0, t)),
        combine(sum, vsum, false),
        tail({kir::store(Y, row(kir::var(j)), e_at(kir::var(j))),
              kir::store(sum, kir::imm(0), kir::binary(Op::Add, total, kir::load(Y, t, row(kir::var(j)))))}),
    };
    ExprP out = log ? kir::binary(Op::Sub, kir::binary(Op::Sub, kir::load(X, t, row(kir::var(j))), shift), kir::unary(Op::Log, total))
                    : kir::binary(Op::Div, kir::load(Y, t, row(kir::var(j))), total);
    body.push_back(kir::loop(j, n, {kir::store(Y, row(kir::var(j)), out)}, kir::LoopKind::vectorized, lanes));
    const bool parallel = c.knob("parallel", outer > 1 && outer * n >= 8192 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(r, outer, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 4.0 * static_cast<double>(outer * n);
}

void lower_softmax(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t axis = c.op().attr_i("axis");
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const bool log = c.node().op() == "LogSoftmax";
    if (inner == 1 && (t == DType::f32 || t == DType::f64) && n >= c.lanes(t) && c.knob("vector_rows", 1))
        return lower_softmax_rows(c, outer, n, c.lanes(t), log);
    const int X = c.in(0), Y = c.out(0);
    const int mx = c.kernel().add_local("max", t, 1), sum = c.kernel().add_local("sum", t, 1);
    const int oi = c.var("oi"), j1 = c.var("j"), j2 = c.var("j"), j3 = c.var("j");
    ExprP o = kir::floordiv(kir::var(oi), inner), i = kir::floormod(kir::var(oi), inner);
    auto at = [&](int j) { return (o * n + kir::var(j)) * inner + i; };
    ExprP m = kir::load(mx, t, kir::imm(0)), s = kir::load(sum, t, kir::imm(0));
    // An all -inf row (or one with +inf) is not shifted, as the reference does.
    ExprP shift = kir::select(kir::binary(Op::Eq, kir::unary(Op::Abs, m), kir::fimm(std::numeric_limits<double>::infinity(), t)),
                              kir::fimm(0, t), m);
    ExprP e = kir::unary(Op::Exp, kir::binary(Op::Sub, kir::load(X, t, at(j2)), shift));
    ExprP out = log ? kir::binary(Op::Sub, kir::binary(Op::Sub, kir::load(X, t, at(j3)), shift), kir::unary(Op::Log, s))
                    : kir::binary(Op::Div, kir::unary(Op::Exp, kir::binary(Op::Sub, kir::load(X, t, at(j3)), shift)), s);
    const int width = static_cast<int>(c.knob("vector_width", inner == 1 ? c.lanes(t) : 1));
    const bool parallel = c.knob("parallel", outer * inner > 1 && numel_of(xs) >= 8192 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(oi, outer * inner, {
        kir::store(mx, kir::imm(0), kir::fimm(-std::numeric_limits<double>::infinity(), t)),
        kir::loop(j1, n, {kir::store(mx, kir::imm(0), kir::max(m, kir::load(X, t, at(j1))))}, kir::LoopKind::vectorized, width),
        kir::store(sum, kir::imm(0), kir::fimm(0, t)),
        kir::loop(j2, n, {kir::store(sum, kir::imm(0), kir::binary(Op::Add, s, e))}),
        kir::loop(j3, n, {kir::store(Y, at(j3), out)}, kir::LoopKind::vectorized, width)},
        parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 4.0 * static_cast<double>(numel_of(xs));
}

// CumSum / CumProd along a constant axis (exclusive / reverse), a running value per line.
void lower_cumsum(LowerCtx& c) {
    const bool prod = c.node().op() == "CumProd";
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const auto av = c.constant_ints(1);
    const int64_t axis = av.at(0);
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const bool exclusive = c.op().attr_i("exclusive") != 0, reverse = c.op().attr_i("reverse") != 0;
    const int X = c.in(0), Y = c.out(0);
    const int acc = c.kernel().add_local("acc", t, 1);
    const int o = c.var("o"), i = c.var("i"), j = c.var("j");
    ExprP pos = reverse ? kir::imm(n - 1) - kir::var(j) : kir::var(j);
    ExprP idx = (kir::var(o) * n + pos) * inner + kir::var(i);
    ExprP a = kir::load(acc, t, kir::imm(0));
    ExprP sum = kir::binary(prod ? Op::Mul : Op::Add, a, kir::load(X, t, idx));
    std::vector<kir::StmtP> step = exclusive
        ? std::vector<kir::StmtP>{kir::store(Y, idx, a), kir::store(acc, kir::imm(0), sum)}
        : std::vector<kir::StmtP>{kir::store(acc, kir::imm(0), sum), kir::store(Y, idx, a)};
    ExprP first = is_float(t) ? kir::fimm(prod ? 1 : 0, t) : kir::imm(prod ? 1 : 0, t);
    c.kernel().body = kir::loop(o, outer, {kir::loop(i, inner, {kir::store(acc, kir::imm(0), first), kir::loop(j, n, std::move(step))})});
}

// Hardmax: 1 at the first maximum along the axis, 0 elsewhere.
void lower_hardmax(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto xs = c.in_shape(0);
    const int64_t axis = c.op().attr_i("axis");
    const auto [outer, n, inner] = split_at_axis(xs, axis);
    const int X = c.in(0), Y = c.out(0);
    const int best = c.kernel().add_local("best", t, 1), arg = c.kernel().add_local("arg", DType::i64, 1);
    const int o = c.var("o"), i = c.var("i"), j = c.var("j"), j2 = c.var("j");
    auto at = [&](int v) { return (kir::var(o) * n + kir::var(v)) * inner + kir::var(i); };
    ExprP x = kir::load(X, t, at(j)), b = kir::load(best, t, kir::imm(0));
    ExprP hit = kir::binary(Op::Eq, kir::var(j2), kir::load(arg, DType::i64, kir::imm(0)));
    c.kernel().body = kir::loop(o, outer, {kir::loop(i, inner, {
        kir::store(best, kir::imm(0), kir::fimm(-std::numeric_limits<double>::infinity(), t)),
        kir::store(arg, kir::imm(0), kir::imm(0)),
        kir::loop(j, n, {kir::guard(kir::binary(Op::Gt, x, b), {kir::store(best, kir::imm(0), x), kir::store(arg, kir::imm(0), kir::var(j))})}),
        kir::loop(j2, n, {kir::store(Y, at(j2), kir::select(hit, kir::fimm(1, t), kir::fimm(0, t)))})})});
}

ScheduleSpace reduce_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }
ScheduleSpace softmax_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}, {"vector_rows", {0, 1}}}; }

}  // namespace

void add_reduce_lowerings(LoweringTable& t) {
    for (const char* op : {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                           "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"})
        t[op] = {lower_reduce, reduce_space};
    t["ArgMax"] = {lower_arg, reduce_space};
    t["ArgMin"] = {lower_arg, reduce_space};
    t["Softmax"] = {lower_softmax, softmax_space};
    t["CumSum"] = {lower_cumsum, reduce_space};
    t["CumProd"] = {lower_cumsum, reduce_space};
    t["Hardmax"] = {lower_hardmax, reduce_space};
    t["LogSoftmax"] = {lower_softmax, softmax_space};
}

}  // namespace neo::llvm_cpu
