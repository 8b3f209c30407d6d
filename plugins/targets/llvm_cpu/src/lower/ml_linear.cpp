// Linear models and support vector machines of ai.onnx.ml: LinearRegressor,
// LinearClassifier, SVMRegressor (kernel expansion, linear, one-class) and SVMClassifier
// (one-vs-one votes, decision values or Platt probabilities coupled as libsvm does; or the
// linear mode), int64 labels. Per row, the scores are built in a local f64 row, then
// post_transform and the outputs. Knob: "parallel" (over rows).
#include <algorithm>

#include "lower/ml.hpp"

namespace neo::llvm_cpu::ml {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

ExprP at(int local, int64_t i) { return ld(local, kir::imm(i)); }
StmtP set(int local, ExprP i, ExprP v) { return kir::store(local, std::move(i), std::move(v)); }
StmtP set(int local, ExprP v) { return kir::store(local, kir::imm(0), std::move(v)); }
// x[i] = x[i] + v (`op`: Add or Mul, Div...).
StmtP update(int local, ExprP i, Op op, ExprP v) { return kir::store(local, i, kir::binary(op, ld(local, i), std::move(v))); }

// The tables of a linear model: weights [n, cols] and one bias per row.
struct Linear {
    int weights = -1, bias = -1;
    int64_t n = 0;
};
Linear linear_model(LowerCtx& c, const std::vector<double>& weights, std::vector<double> bias, int64_t n) {
    bias.resize(static_cast<std::size_t>(n), 0.0);
    return {f64_table(c, "weights", weights), f64_table(c, "bias", bias), n};
}

// row[t] = bias[t] + sum_j x[r, j] * weights[t, j] for t < n, summed in order.
std::vector<StmtP> linear_scores(LowerCtx& c, const Linear& m, ExprP r, int64_t cols, int row) {
    const int W = m.weights, B = m.bias, t = c.var("t"), j = c.var("j");
    const ExprP T = kir::var(t);
    return {kir::loop(t, m.n, {set(row, T, ld(B, T)),
                             kir::loop(j, cols, {update(row, T, Op::Add, mul(feature(c, r, kir::var(j), cols), ld(W, T * cols + kir::var(j))))})})};
}

void lower_linear_regressor(LowerCtx& c) {
    const auto [rows, cols] = rows_cols(c);
    const int64_t n = c.op().attr_i("targets");
    const Linear m = linear_model(c, c.op().attr_floats("coefficients"), c.op().attr_floats("intercepts"), n);
    const int Y = c.out(0), row = c.kernel().add_local("scores", DType::f64, n), r = c.var("r"), k = c.var("k");
    std::vector<StmtP> body = linear_scores(c, m, kir::var(r), cols, row);
    for (auto& s : post_transform(c, post_of(c), row, n)) body.push_back(s);
    body.push_back(kir::loop(k, n, {kir::store(Y, kir::var(r) * n + kir::var(k), kir::cast(c.out_dtype(0), ld(row, kir::var(k))))}));
    c.kernel().body = row_loop(c, r, rows, 2.0 * static_cast<double>(n * cols), std::move(body));
}

// K coefficient rows (one per label, or one for two labels: scores [-s, s]).
void lower_linear_classifier(LowerCtx& c) {
    const auto labels = int_labels(c, "classlabels_ints");
    const auto [rows, cols] = rows_cols(c);
    const auto coef = c.op().attr_floats("coefficients");
    const auto k = static_cast<int64_t>(coef.size()) / cols, nz = static_cast<int64_t>(labels.size());
    const Linear m = linear_model(c, coef, c.op().attr_floats("intercepts"), k);
    const ClassOutputs o = class_outputs(c, labels);
    const int row = c.kernel().add_local("scores", DType::f64, nz), best = c.kernel().add_local("best", DType::i64, 1), r = c.var("r");
    std::vector<StmtP> body = linear_scores(c, m, kir::var(r), cols, row);
    if (k == 1) {
        body.push_back(set(row, kir::imm(1), at(row, 0)));
        body.push_back(set(row, kir::imm(0), kir::unary(Op::Neg, at(row, 1))));
        body.push_back(set(best, kir::select(kir::binary(Op::Gt, at(row, 1), f64(0)), kir::imm(1), kir::imm(0))));
    } else {
        for (auto& s : argmax(c, row, k, best)) body.push_back(s);
    }
    for (auto& s : post_transform(c, post_of(c), row, nz)) body.push_back(s);
    for (auto& s : store_classified(c, o, kir::var(r), kir::load(best, DType::i64, kir::imm(0)), row, nz)) body.push_back(s);
    c.kernel().body = row_loop(c, r, rows, 2.0 * static_cast<double>(k * cols), std::move(body));
}

// The SVM kernel of kernel_type / kernel_params, and the support vectors' table.
struct Kernel {
    std::string type;
    double gamma = 0, coef0 = 0, degree = 0;
    int support_vectors = -1;
};

Kernel kernel_of(LowerCtx& c) {
    Kernel k{c.op().attr_s("kernel_type")};
    k.support_vectors = f64_table(c, "support_vectors", c.op().attr_floats("support_vectors"));
    if (k.type != "LINEAR" && k.type != "POLY" && k.type != "RBF" && k.type != "SIGMOID") c.unsupported("kernel_type '" + k.type + "'");
    const auto p = c.op().attr_floats("kernel_params");
    if (p.size() == 3) k.gamma = p[0], k.coef0 = p[1], k.degree = p[2];
    return k;
}

// kv[v] = K(x_r, sv_v) for every support vector v (support_vectors [n_sv, cols]).
StmtP kernel_values(LowerCtx& c, const Kernel& k, ExprP r, int64_t cols, int64_t n_sv, int kv) {
    const int S = k.support_vectors;
    const int dot = c.kernel().add_local("dot", DType::f64, 1), v = c.var("v"), j = c.var("j");
    const ExprP x = feature(c, r, kir::var(j), cols), sv = ld(S, kir::var(v) * cols + kir::var(j)), d = at(dot, 0);
    const ExprP term = k.type == "RBF" ? mul(sub(x, sv), sub(x, sv)) : mul(x, sv);
    const ExprP affine = add(mul(f64(k.gamma), d), f64(k.coef0));
    const ExprP value = k.type == "RBF"      ? kir::unary(Op::Exp, mul(f64(-k.gamma), d))
                        : k.type == "POLY"    ? kir::binary(Op::Pow, affine, f64(k.degree))
                        : k.type == "SIGMOID" ? kir::unary(Op::Tanh, affine)
                                              : d;
    return kir::loop(v, n_sv, {set(dot, f64(0)), kir::loop(j, cols, {update(dot, kir::imm(0), Op::Add, term)}), set(kv, kir::var(v), value)});
}

// s = rho + sum_v coefficients[v] K(x, sv_v) (or x . coefficients); one_class: +1 / -1.
void lower_svm_regressor(LowerCtx& c) {
    const auto [rows, cols] = rows_cols(c);
    const auto coef = c.op().attr_floats("coefficients");
    const int64_t n_sv = c.op().attr_i("n_supports");
    const double rho = c.op().attr_floats("rho").at(0);
    const Linear m = n_sv == 0 ? linear_model(c, coef, {rho}, 1) : Linear{};
    const Kernel kernel = n_sv == 0 ? Kernel{} : kernel_of(c);
    const int C = n_sv == 0 ? -1 : f64_table(c, "coefficients", coef), Y = c.out(0);
    const int s = c.kernel().add_local("score", DType::f64, 1), r = c.var("r");
    std::vector<StmtP> body;
    if (n_sv == 0) {
        body = linear_scores(c, m, kir::var(r), cols, s);
    } else {
        const int kv = c.kernel().add_local("kv", DType::f64, n_sv), v = c.var("v");
        body = {kernel_values(c, kernel, kir::var(r), cols, n_sv, kv), set(s, f64(rho)),
                kir::loop(v, n_sv, {update(s, kir::imm(0), Op::Add, mul(ld(C, kir::var(v)), ld(kv, kir::var(v))))})};
    }
    if (c.op().attr_i("one_class") != 0) body.push_back(set(s, kir::select(kir::binary(Op::Gt, at(s, 0), f64(0)), f64(1), f64(-1))));
    else for (auto& st : post_transform(c, post_of(c), s, 1)) body.push_back(st);
    body.push_back(kir::store(Y, kir::var(r), kir::cast(c.out_dtype(0), at(s, 0))));
    c.kernel().body = row_loop(c, r, rows, 3.0 * static_cast<double>(std::max<int64_t>(n_sv, 1) * cols), std::move(body));
}

// libsvm's coupling of the pairwise probabilities r (f64 local [k, k]) into the class
// probabilities p (the first k entries of `out`), at most max(100, k) iterations.
std::vector<StmtP> couple(LowerCtx& c, int r, int64_t k, int out) {
    auto local = [&](const char* name, int64_t n) { return c.kernel().add_local(name, DType::f64, n); };
    const int q = local("q", k * k), qp = local("qp", k), pqp = local("pqp", 1), err = local("err", 1), diff = local("diff", 1);
    const int done = c.kernel().add_local("done", DType::i64, 1);
    auto v = [&](const char* name) { return c.var(name); };
    const int t = v("t"), j = v("j"), t2 = v("t"), j2 = v("j"), t3 = v("t"), t4 = v("t"), j4 = v("j"), it = v("it");
    auto X = [](int var) { return kir::var(var); };
    auto rr = [&](ExprP a, ExprP b) { return ld(r, a * k + b); };
    const ExprP running = kir::binary(Op::Eq, kir::load(done, DType::i64, kir::imm(0)), kir::imm(0));
    const ExprP dt = at(diff, 0), qtt = ld(q, X(t4) * k + X(t4));
    const ExprP stop = kir::binary(Op::Lt, at(err, 0), f64(0.005 / static_cast<double>(k)));
    std::vector<StmtP> iteration{
        set(pqp, f64(0)),
        kir::loop(t2, k, {set(qp, X(t2), f64(0)), kir::loop(j2, k, {update(qp, X(t2), Op::Add, mul(ld(q, X(t2) * k + X(j2)), ld(out, X(j2))))}),
                          update(pqp, kir::imm(0), Op::Add, mul(ld(out, X(t2)), ld(qp, X(t2))))}),
        set(err, f64(0)),
        kir::loop(t3, k, {set(err, kir::max(at(err, 0), kir::unary(Op::Abs, sub(ld(qp, X(t3)), at(pqp, 0)))))}),
        kir::guard(stop, {kir::store(done, kir::imm(0), kir::imm(1))}),
        kir::guard(running, {kir::loop(t4, k, {
            set(diff, div(sub(at(pqp, 0), ld(qp, X(t4))), qtt)), update(out, X(t4), Op::Add, dt),
            set(pqp, div(add(at(pqp, 0), mul(dt, add(mul(dt, qtt), mul(f64(2), ld(qp, X(t4)))))), mul(add(f64(1), dt), add(f64(1), dt)))),
            kir::loop(j4, k, {set(qp, X(j4), div(add(ld(qp, X(j4)), mul(dt, ld(q, X(t4) * k + X(j4)))), add(f64(1), dt))),
                              update(out, X(j4), Op::Div, add(f64(1), dt))})})})};
    return {kir::loop(t, k, {set(q, X(t) * k + X(t), f64(0)),
                             kir::loop(j, k, {kir::guard(kir::binary(Op::Ne, X(j), X(t)), {
                                 update(q, X(t) * k + X(t), Op::Add, mul(rr(X(j), X(t)), rr(X(j), X(t)))),
                                 set(q, X(t) * k + X(j), kir::unary(Op::Neg, mul(rr(X(j), X(t)), rr(X(t), X(j)))))})}),
                             set(out, X(t), f64(1.0 / static_cast<double>(k)))}),
            kir::store(done, kir::imm(0), kir::imm(0)),
            kir::loop(it, std::max<int64_t>(100, k), {kir::guard(running, std::move(iteration))})};
}

// SVC mode: one-vs-one decision values d over the kernel values, votes, then the scores
// (probabilities, [-d, d] for two classes, or d); linear mode: x . w_k + rho[0].
void lower_svm_classifier(LowerCtx& c) {
    const OpContext& op = c.op();
    const auto labels = int_labels(c, "classlabels_ints");
    const auto k = static_cast<int64_t>(labels.size());
    const auto [rows, cols] = rows_cols(c);
    const auto coef = op.attr_floats("coefficients"), rho = op.attr_floats("rho"), pa = op.attr_floats("prob_a"), pb = op.attr_floats("prob_b");
    const auto& per_class = op.attr_ints("vectors_per_class");
    if (per_class.empty()) {
        const Linear m = linear_model(c, coef, std::vector<double>(static_cast<std::size_t>(k), rho.at(0)), k);
        const ClassOutputs o = class_outputs(c, labels);
        const int row = c.kernel().add_local("scores", DType::f64, k), best = c.kernel().add_local("best", DType::i64, 1), r = c.var("r");
        std::vector<StmtP> body = linear_scores(c, m, kir::var(r), cols, row);
        for (auto& s : argmax(c, row, k, best)) body.push_back(s);
        for (auto& s : post_transform(c, post_of(c), row, k)) body.push_back(s);
        for (auto& s : store_classified(c, o, kir::var(r), kir::load(best, DType::i64, kir::imm(0)), row, k)) body.push_back(s);
        c.kernel().body = row_loop(c, r, rows, 2.0 * static_cast<double>(k * cols), std::move(body));
        return;
    }
    int64_t n_sv = 0;
    std::vector<int64_t> start, pi, pj;
    for (int64_t n : per_class) start.push_back(n_sv), n_sv += n;
    for (int64_t i = 0; i < k; ++i)
        for (int64_t j = i + 1; j < k; ++j) pi.push_back(i), pj.push_back(j);
    const auto pairs = static_cast<int64_t>(pi.size());
    const bool proba = !pa.empty();
    const int64_t nz = proba ? k : k > 2 ? pairs : 2;
    const Kernel kernel = kernel_of(c);
    const int Start = i64_table(c, "class_start", start), Count = i64_table(c, "class_count", per_class);
    const int PI = i64_table(c, "pair_i", pi), PJ = i64_table(c, "pair_j", pj), C = f64_table(c, "coefficients", coef), Rho = f64_table(c, "rho", rho);
    const int A = proba ? f64_table(c, "prob_a", pa) : -1, B = proba ? f64_table(c, "prob_b", pb) : -1;
    const ClassOutputs o = class_outputs(c, labels);
    const int row = c.kernel().add_local("scores", DType::f64, nz), best = c.kernel().add_local("best", DType::i64, 1);
    const int kv = c.kernel().add_local("kv", DType::f64, n_sv), d = c.kernel().add_local("d", DType::f64, pairs);
    const int votes = c.kernel().add_local("votes", DType::f64, k);
    const int r = c.var("r"), p = c.var("pair"), v1 = c.var("v"), v2 = c.var("v"), kk = c.var("k");
    const ExprP P = kir::var(p), I = kir::load(PI, DType::i64, P), J = kir::load(PJ, DType::i64, P);
    auto range = [&](ExprP cls) {
        const ExprP s = kir::load(Start, DType::i64, cls);
        return std::pair{s, s + kir::load(Count, DType::i64, cls)};
    };
    const auto [bi, ei] = range(I);
    const auto [bj, ej] = range(J);
    auto term = [&](ExprP row_of_coef, int v) { return mul(ld(C, row_of_coef * n_sv + kir::var(v)), ld(kv, kir::var(v))); };
    std::vector<StmtP> body{kernel_values(c, kernel, kir::var(r), cols, n_sv, kv),
                            kir::loop(kk, k, {set(votes, kir::var(kk), f64(0))}),
                            kir::loop(p, pairs, {set(d, P, ld(Rho, P)),
                                                 kir::loop(v1, bi, ei, {update(d, P, Op::Add, term(J + (-1), v1))}),
                                                 kir::loop(v2, bj, ej, {update(d, P, Op::Add, term(I, v2))}),
                                                 update(votes, kir::select(kir::binary(Op::Gt, ld(d, P), f64(0)), I, J), Op::Add, f64(1))})};
    for (auto& s : argmax(c, votes, k, best)) body.push_back(s);
    if (proba) {
        // r_ij = 1 / (1 + exp(a d + b)), clamped to [1e-7, 1 - 1e-7]; r_ji = 1 - r_ij.
        const int pr = c.kernel().add_local("pairwise", DType::f64, k * k), val = c.kernel().add_local("r", DType::f64, 1), p2 = c.var("pair");
        const ExprP P2 = kir::var(p2), I2 = kir::load(PI, DType::i64, P2), J2 = kir::load(PJ, DType::i64, P2), x = at(val, 0);
        const double lo = 1e-7, hi = 1 - 1e-7;
        body.push_back(kir::loop(p2, pairs, {
            set(val, logistic(kir::unary(Op::Neg, add(mul(ld(A, P2), ld(d, P2)), ld(B, P2))))),
            set(val, kir::select(kir::binary(Op::Lt, x, f64(lo)), f64(lo), kir::select(kir::binary(Op::Lt, f64(hi), x), f64(hi), x))),
            set(pr, I2 * k + J2, x), set(pr, J2 * k + I2, sub(f64(1), x))}));
        for (auto& s : couple(c, pr, k, row)) body.push_back(s);
    } else if (k == 2) {
        body.push_back(set(row, kir::imm(0), kir::unary(Op::Neg, at(d, 0))));
        body.push_back(set(row, kir::imm(1), at(d, 0)));
    } else {
        const int k3 = c.var("k");
        body.push_back(kir::loop(k3, pairs, {set(row, kir::var(k3), ld(d, kir::var(k3)))}));
    }
    for (auto& s : post_transform(c, post_of(c), row, nz)) body.push_back(s);
    for (auto& s : store_classified(c, o, kir::var(r), kir::load(best, DType::i64, kir::imm(0)), row, nz)) body.push_back(s);
    c.kernel().body = row_loop(c, r, rows, 3.0 * static_cast<double>(n_sv * cols), std::move(body));
}

}  // namespace

void add_linear_lowerings(LoweringTable& t) {
    t["ai.onnx.ml.LinearRegressor"] = {lower_linear_regressor, rows_space};
    t["ai.onnx.ml.LinearClassifier"] = {lower_linear_classifier, rows_space};
    t["ai.onnx.ml.SVMRegressor"] = {lower_svm_regressor, rows_space};
    t["ai.onnx.ml.SVMClassifier"] = {lower_svm_classifier, rows_space};
}

}  // namespace neo::llvm_cpu::ml
