// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (inputs [N, C, d...], targets
// [N, d...]): per position the loss -log_prob[n, t, d] * weight[t] (0 where t is
// ignore_index), then "none", "sum" or the weighted "mean". The softmax version computes
// log_prob along C per position (and writes it when its second output is asked for).
// Out-of-range targets are clamped (the reference interpreter reports them).
#include <limits>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

void lower_loss(LowerCtx& c) {
    const bool softmax = c.node().op() == "SoftmaxCrossEntropyLoss";
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto xs = c.in_shape(0);
    if (xs.size() < 2) c.unsupported("input must have a class axis");
    const int64_t N = xs[0], C = xs[1], inner = numel_of(xs) / (N * C);
    const std::string red = c.op().attr_s("reduction");
    const bool has_ignore = c.node().has_attr("ignore_index");
    const int64_t ignore = has_ignore ? c.op().attr_i("ignore_index") : 0;
    const int X = c.in(0), T = c.in(1), W = c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const int LP = softmax && c.node().num_outputs() > 1 ? c.out(1) : -1;
    const DType tt = c.in_dtype(1);
    const int st = c.kernel().add_local("sums", DType::f64, 2);  // loss sum, weight sum
    const int mx = c.kernel().add_local("max", t, 1), lse = c.kernel().add_local("lse", t, 1);
    const int p = c.var("p"), j1 = c.var("c"), j2 = c.var("c"), j3 = c.var("c");
    ExprP n = kir::floordiv(kir::var(p), inner), d = kir::floormod(kir::var(p), inner);
    auto xat = [&](const ExprP& cls) { return (n * C + cls) * inner + d; };
    ExprP target = kir::cast(DType::i64, kir::load(T, tt, kir::var(p)));
    ExprP valid = has_ignore ? kir::binary(Op::Ne, target, kir::imm(ignore)) : kir::imm(1, DType::boolean);
    ExprP cls = kir::max(kir::imm(0), kir::min(target, kir::imm(C - 1)));
    ExprP w = W >= 0 ? kir::load(W, t, cls) : kir::fimm(1, t);
    ExprP m = kir::load(mx, t, kir::imm(0)), l = kir::load(lse, t, kir::imm(0));
    ExprP lp = softmax ? sub(sub(kir::load(X, t, xat(cls)), m), l) : kir::load(X, t, xat(cls));
    ExprP loss = kir::select(valid, kir::unary(Op::Neg, mul(lp, w)), kir::fimm(0, t));
    ExprP wv = kir::select(valid, w, kir::fimm(0, t));
    std::vector<kir::StmtP> per;
    if (softmax) {
        per.push_back(kir::store(mx, kir::imm(0), kir::fimm(-std::numeric_limits<double>::infinity(), t)));
        per.push_back(kir::loop(j1, C, {kir::store(mx, kir::imm(0), kir::max(m, kir::load(X, t, xat(kir::var(j1)))))}));
        per.push_back(kir::store(lse, kir::imm(0), kir::fimm(0, t)));
        per.push_back(kir::loop(j2, C, {kir::store(lse, kir::imm(0), add(l, kir::unary(Op::Exp, sub(kir::load(X, t, xat(kir::var(j2))), m))))}));
        per.push_back(kir::store(lse, kir::imm(0), kir::unary(Op::Log, l)));
        if (LP >= 0)
            per.push_back(kir::loop(j3, C, {kir::store(LP, xat(kir::var(j3)), sub(sub(kir::load(X, t, xat(kir::var(j3))), m), l))}));
    }
    ExprP ls = kir::load(st, DType::f64, kir::imm(0)), ws = kir::load(st, DType::f64, kir::imm(1));
    if (red == "none") {
        per.push_back(kir::store(Y, kir::var(p), loss));
        c.kernel().body = kir::loop(p, N * inner, std::move(per));
        return;
    }
    per.push_back(kir::store(st, kir::imm(0), add(ls, kir::cast(DType::f64, loss))));
    per.push_back(kir::store(st, kir::imm(1), add(ws, kir::cast(DType::f64, wv))));
    ExprP result = red == "sum" ? ls : kir::binary(Op::Div, ls, ws);
    c.kernel().body = kir::block({kir::store(st, kir::imm(0), kir::fimm(0, DType::f64)),
                                  kir::store(st, kir::imm(1), kir::fimm(0, DType::f64)),
                                  kir::loop(p, N * inner, std::move(per)),
                                  kir::store(Y, kir::imm(0), kir::cast(t, result))});
}

ScheduleSpace loss_space(const nlohmann::json&, const CpuInfo&) { return {}; }

}  // namespace

void add_loss_lowerings(LoweringTable& t) {
    t["NegativeLogLikelihoodLoss"] = {lower_loss, loss_space};
    t["SoftmaxCrossEntropyLoss"] = {lower_loss, loss_space};
}

}  // namespace neo::llvm_cpu
