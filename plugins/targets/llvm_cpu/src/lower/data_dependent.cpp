// Ops whose output length depends on the data: NonZero, NonMaxSuppression and Unique. Their
// output buffer has the largest possible shape (LowerCtx::out_bounded); the kernel counts
// first, stores the actual dims, then writes the rows compactly for that count.
// They run serially (the output order is sequential); no knobs.
#include <algorithm>
#include <limits>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

ExprP at0(int buffer, DType t) { return kir::load(buffer, t, kir::imm(0)); }
StmtP set0(int buffer, ExprP v) { return kir::store(buffer, kir::imm(0), std::move(v)); }

// NonZero: [rank, count] indices of the non-zero elements in row-major order.
void lower_non_zero(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    if (xs.empty()) c.unsupported("a scalar input");
    const DType t = c.in_dtype(0);
    const int64_t n = numel_of(xs), rank = static_cast<int64_t>(xs.size());
    const auto st = strides_of(xs);
    const int X = c.in(0), Y = c.out_bounded(0, {rank, n}), D = c.out_dims(0);
    const int count = c.kernel().add_local("count", DType::i64, 1), row = c.kernel().add_local("row", DType::i64, 1);
    const int i1 = c.var("i"), i2 = c.var("i");
    auto nonzero = [&](int v) {
        ExprP x = kir::load(X, t, kir::var(v));
        ExprP zero = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
        return kir::binary(Op::Ne, x, zero);
    };
    ExprP cnt = at0(count, DType::i64), r = at0(row, DType::i64);
    std::vector<StmtP> write;
    for (int64_t d = 0; d < rank; ++d)
        write.push_back(kir::store(Y, cnt * d + r, kir::floormod(kir::floordiv(kir::var(i2), st[static_cast<std::size_t>(d)]), xs[static_cast<std::size_t>(d)])));
    write.push_back(set0(row, r + 1));
    c.kernel().body = kir::block({
        set0(count, kir::imm(0)),
        kir::loop(i1, n, {kir::guard(nonzero(i1), {set0(count, cnt + 1)})}),
        kir::store(D, kir::imm(0), kir::imm(rank)), kir::store(D, kir::imm(1), cnt),
        set0(row, kir::imm(0)),
        kir::loop(i2, n, {kir::guard(nonzero(i2), std::move(write))})});
}

// NonMaxSuppression, as the reference: per batch and class, candidates above the score
// threshold in descending score order (ties: lower index first), each kept unless a kept
// box overlaps it with IoU > iou_threshold, at most max_output_boxes_per_class kept.
// Rows [batch, class, box]. Coordinates are compared in f64.
void lower_nms(LowerCtx& c) {
    const auto bs = c.in_shape(0), ss = c.in_shape(1);
    const int64_t batches = bs[0], n = bs[1], classes = ss[1];
    // The largest output needs max_output_boxes_per_class at compile time; the thresholds
    // are read when the model runs (an empty tensor means "not given").
    const auto max_v = c.constant_ints(2, {0});
    const int64_t max_out = std::min(max_v.empty() ? 0 : max_v[0], n);
    auto given = [&](std::size_t i) { return c.has_input(i) && numel_of(c.in_shape(i)) > 0; };
    const bool has_iou = given(3), has_score = given(4);
    const bool center = c.op().attr_i("center_point_box") == 1;
    const DType t = c.in_dtype(0), f = DType::f64;
    const int B = c.in(0), S = c.in(1), IOU = has_iou ? c.in(3) : -1, SCORE = has_score ? c.in(4) : -1;
    auto threshold = [&](int buf, std::size_t i) { return kir::cast(f, kir::load(buf, c.in_dtype(i), kir::imm(0))); };
    ExprP iou_thr = has_iou ? threshold(IOU, 3) : kir::fimm(0, f);
    const int Y = c.out_bounded(0, {batches * classes * std::max<int64_t>(max_out, 0), 3}), D = c.out_dims(0);
    auto& k = c.kernel();
    const int used = k.add_local("used", DType::i64, std::max<int64_t>(n, 1));   // picked already
    const int kept = k.add_local("kept", DType::i64, std::max<int64_t>(max_out, 1));
    const int nkept = k.add_local("nkept", DType::i64, 1), total = k.add_local("total", DType::i64, 1);
    const int best = k.add_local("best", DType::i64, 1), best_score = k.add_local("best_score", t, 1);
    const int drop = k.add_local("drop", DType::i64, 1);
    const int vb = c.var("b"), vc = c.var("c"), vi = c.var("i"), vt = c.var("t"), vj = c.var("j"), vk = c.var("k");
    ExprP b = kir::var(vb), cls = kir::var(vc);
    // Corners [y1, x1, y2, x2] of box `i` of batch b.
    auto corners = [&](const ExprP& i) {
        auto v = [&](int64_t j) { return kir::cast(f, kir::load(B, t, (b * n + i) * 4 + kir::imm(j))); };
        if (center) {
            ExprP half = kir::fimm(0.5, f);
            ExprP hw = mul(v(2), half), hh = mul(v(3), half);
            return std::vector<ExprP>{sub(v(1), hh), sub(v(0), hw), add(v(1), hh), add(v(0), hw)};
        }
        return std::vector<ExprP>{kir::min(v(0), v(2)), kir::min(v(1), v(3)), kir::max(v(0), v(2)), kir::max(v(1), v(3))};
    };
    auto score = [&](const ExprP& i) { return kir::load(S, t, (b * classes + cls) * n + i); };
    ExprP cur = at0(best, DType::i64);
    const auto a = corners(cur), o = corners(kir::load(kept, DType::i64, kir::var(vk)));
    ExprP ih = sub(kir::min(a[2], o[2]), kir::max(a[0], o[0])), iw = sub(kir::min(a[3], o[3]), kir::max(a[1], o[1]));
    ExprP inter = mul(ih, iw);
    ExprP area_a = mul(sub(a[2], a[0]), sub(a[3], a[1])), area_o = mul(sub(o[2], o[0]), sub(o[3], o[1]));
    ExprP uni = sub(add(area_a, area_o), inter);
    auto gt0 = [&](const ExprP& e) { return kir::binary(Op::Gt, e, kir::fimm(0, f)); };
    ExprP overlaps = kir::binary(Op::And, kir::binary(Op::And, gt0(ih), gt0(iw)),
                                 kir::binary(Op::And, kir::binary(Op::And, gt0(area_a), gt0(area_o)), gt0(uni)));
    ExprP suppress = kir::binary(Op::And, overlaps, kir::binary(Op::Gt, div(inter, uni), iou_thr));
    // The next candidate: the best unused box above the threshold.
    ExprP si = score(kir::var(vi));
    ExprP eligible = kir::binary(Op::And, kir::binary(Op::Eq, kir::load(used, DType::i64, kir::var(vi)), kir::imm(0)),
                                 kir::binary(Op::Gt, si, at0(best_score, t)));
    if (has_score) eligible = kir::binary(Op::And, eligible, kir::binary(Op::Gt, kir::cast(f, si), threshold(SCORE, 4)));
    ExprP nk = at0(nkept, DType::i64), tot = at0(total, DType::i64);
    std::vector<StmtP> pick{
        set0(best, kir::imm(-1)), set0(best_score, kir::fimm(-std::numeric_limits<double>::infinity(), t)),
        kir::loop(vi, n, {kir::guard(eligible, {set0(best, kir::var(vi)), set0(best_score, si)})}),
        kir::guard(kir::binary(Op::Ge, cur, kir::imm(0)), {
            kir::store(used, cur, kir::imm(1)), set0(drop, kir::imm(0)),
            kir::loop(vk, kir::imm(0), nk, {kir::guard(suppress, {set0(drop, kir::imm(1))})}),
            kir::guard(kir::binary(Op::Eq, at0(drop, DType::i64), kir::imm(0)), {
                kir::store(kept, nk, cur), set0(nkept, nk + 1),
                kir::store(Y, tot * 3, b), kir::store(Y, tot * 3 + 1, cls), kir::store(Y, tot * 3 + kir::imm(2), cur),
                set0(total, tot + 1)})})};
    std::vector<StmtP> per_class{set0(nkept, kir::imm(0)),
                                 kir::loop(vj, n, {kir::store(used, kir::var(vj), kir::imm(0))}),
                                 kir::loop(vt, n, {kir::guard(kir::binary(Op::Lt, nk, kir::imm(max_out)), std::move(pick))})};
    c.kernel().body = kir::block({
        set0(total, kir::imm(0)),
        kir::loop(vb, batches, {kir::loop(vc, classes, std::move(per_class))}),
        kir::store(D, kir::imm(0), tot), kir::store(D, kir::imm(1), kir::imm(3))});
}

// Unique (slices along an axis, or elements of the flattened input), as the reference:
// sorted ascending (lexicographically, NaNs equal to everything they do not order) or in
// order of first occurrence. Quadratic in the number of slices: each slice finds its first
// equal, each distinct slice counts the distinct slices below it.
void lower_unique(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    const bool has_axis = c.node().has_attr("axis");
    if (has_axis && xs.empty()) c.unsupported("a scalar input with an axis");
    const std::vector<int64_t> shape = has_axis ? xs : std::vector<int64_t>{numel_of(xs)};
    const int64_t axis = has_axis ? (c.op().attr_i("axis") < 0 ? c.op().attr_i("axis") + static_cast<int64_t>(xs.size()) : c.op().attr_i("axis")) : 0;
    const auto [outer, n, inner] = split_at_axis(shape, axis);
    const bool sorted = c.op().attr_i("sorted") != 0;
    const DType t = c.in_dtype(0), i64 = DType::i64;
    auto wanted = [&](std::size_t i) {
        if (i >= c.node().num_outputs()) return false;
        const Value* v = c.node().output(i);
        const auto& outs = v->graph()->outputs();
        return !v->uses().empty() || std::count(outs.begin(), outs.end(), v) > 0;
    };
    const int X = c.in(0);
    const int Y = wanted(0) ? c.out_bounded(0, shape) : -1, YD = Y >= 0 ? c.out_dims(0) : -1;
    const int I = wanted(1) ? c.out_bounded(1, {n}) : -1, ID = I >= 0 ? c.out_dims(1) : -1;
    const int V = wanted(2) ? c.out(2) : -1;
    const int C = wanted(3) ? c.out_bounded(3, {n}) : -1, CD = C >= 0 ? c.out_dims(3) : -1;
    auto& k = c.kernel();
    const int first = k.add_local("first", i64, n), pos = k.add_local("pos", i64, n);
    const int flag = k.add_local("flag", i64, 1), groups = k.add_local("groups", i64, 1);
    const int vs = c.var("s"), vt = c.var("t"), ve = c.var("e"), vs2 = c.var("s"), vt2 = c.var("t"), ve2 = c.var("e");
    const int vs3 = c.var("s"), ve3 = c.var("e"), vs4 = c.var("s");
    auto x = [&](const ExprP& slice, const ExprP& e) {  // element e (outer-major) of a slice
        return kir::load(X, t, (kir::floordiv(e, inner) * n + slice) * inner + kir::floormod(e, inner));
    };
    auto lt = [&](const ExprP& a, const ExprP& b) { return kir::binary(Op::Lt, a, b); };
    ExprP fl = at0(flag, i64), g = at0(groups, i64);
    auto first_of = [&](const ExprP& s) { return kir::load(first, i64, s); };
    ExprP is_first = kir::binary(Op::Eq, first_of(kir::var(vs)), kir::var(vs));
    const int64_t m = outer * inner;
    // 1. first[s]: the first slice equal to s.
    ExprP a = x(kir::var(vt), kir::var(ve)), b = x(kir::var(vs), kir::var(ve));
    std::vector<StmtP> body{kir::loop(vs, n, {
        kir::store(first, kir::var(vs), kir::var(vs)),
        kir::loop(vt, kir::imm(0), kir::var(vs), {kir::guard(is_first, {
            set0(flag, kir::imm(1)),
            kir::loop(ve, m, {kir::guard(kir::binary(Op::Or, lt(a, b), lt(b, a)), {set0(flag, kir::imm(0))})}),
            kir::guard(kir::binary(Op::Eq, fl, kir::imm(1)), {kir::store(first, kir::var(vs), kir::var(vt))})})})})};
    // 2. pos[s] of each distinct slice, and their number.
    ExprP s2 = kir::var(vs2);
    ExprP distinct2 = kir::binary(Op::Eq, first_of(s2), s2);
    std::vector<StmtP> place{set0(groups, g + 1)};
    if (!sorted) {
        place.insert(place.begin(), kir::store(pos, s2, g));
    } else {  // the distinct slices t below s: flag is -1 / 1 once an element decides
        ExprP t2 = kir::var(vt2);
        ExprP xa = x(t2, kir::var(ve2)), xb = x(s2, kir::var(ve2));
        place.insert(place.begin(), kir::store(pos, s2, kir::imm(0)));
        place.push_back(kir::loop(vt2, n, {kir::guard(kir::binary(Op::Eq, first_of(t2), t2), {
            set0(flag, kir::imm(0)),
            kir::loop(ve2, m, {kir::guard(kir::binary(Op::Eq, fl, kir::imm(0)), {
                kir::guard(lt(xa, xb), {set0(flag, kir::imm(-1))}),
                kir::guard(lt(xb, xa), {set0(flag, kir::imm(1))})})}),
            kir::guard(kir::binary(Op::Eq, fl, kir::imm(-1)), {kir::store(pos, s2, kir::load(pos, i64, s2) + 1)})})}));
    }
    body.push_back(set0(groups, kir::imm(0)));
    body.push_back(kir::loop(vs2, n, {kir::guard(distinct2, std::move(place))}));
    // 3. The outputs.
    ExprP s3 = kir::var(vs3), p3 = kir::load(pos, i64, s3);
    std::vector<StmtP> emit;
    if (Y >= 0) emit.push_back(kir::loop(ve3, m, {kir::store(Y, (kir::floordiv(kir::var(ve3), inner) * g + p3) * inner + kir::floormod(kir::var(ve3), inner), x(s3, kir::var(ve3)))}));
    if (I >= 0) emit.push_back(kir::store(I, p3, s3));
    if (C >= 0) emit.push_back(kir::store(C, p3, kir::imm(0)));
    body.push_back(kir::loop(vs3, n, {kir::guard(kir::binary(Op::Eq, first_of(s3), s3), std::move(emit))}));
    ExprP s4 = kir::var(vs4), p4 = kir::load(pos, i64, first_of(s4));
    std::vector<StmtP> per;
    if (V >= 0) per.push_back(kir::store(V, s4, p4));
    if (C >= 0) per.push_back(kir::store(C, p4, kir::load(C, i64, p4) + 1));
    body.push_back(kir::loop(vs4, n, std::move(per)));
    if (Y >= 0)
        for (std::size_t d = 0; d < shape.size(); ++d)
            body.push_back(kir::store(YD, kir::imm(static_cast<int64_t>(d)), static_cast<int64_t>(d) == axis ? g : kir::imm(shape[d])));
    if (I >= 0) body.push_back(kir::store(ID, kir::imm(0), g));
    if (C >= 0) body.push_back(kir::store(CD, kir::imm(0), g));
    c.kernel().body = kir::block(std::move(body));
}

ScheduleSpace no_knobs(const nlohmann::json&, const CpuInfo&) { return {}; }

}  // namespace

void add_data_dependent_lowerings(LoweringTable& t) {
    t["NonZero"] = {lower_non_zero, no_knobs};
    t["NonMaxSuppression"] = {lower_nms, no_knobs};
    t["Unique"] = {lower_unique, no_knobs};
}

}  // namespace neo::llvm_cpu
