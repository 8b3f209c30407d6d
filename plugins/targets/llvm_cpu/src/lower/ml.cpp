// ONNX-ML (ai.onnx.ml) ops; table keys carry the domain ("ai.onnx.ml.TreeEnsemble").
// This file: the family's shared helpers (ml.hpp: post transforms, classifier outputs, row
// loops) and the preprocessing ops, elementwise or per row: Binarizer, Scaler, Imputer
// (knobs "parallel", "vector_width"), Normalizer, ArrayFeatureExtractor and LabelEncoder
// with numeric keys and values (knob "parallel"). Tree ensembles: ml_trees.cpp; linear
// models and SVMs: ml_linear.cpp.
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "lower/ml.hpp"

namespace neo::llvm_cpu::ml {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

RowsCols rows_cols(LowerCtx& c) {
    const auto s = c.in_shape(0);
    c.in(0);
    if (s.size() == 1) return {1, s[0]};
    if (s.size() != 2) c.unsupported("input X of rank " + std::to_string(s.size()));
    return {s[0], s[1]};
}
ExprP feature(LowerCtx& c, ExprP r, ExprP col, int64_t cols) {
    return kir::cast(DType::f64, kir::load(c.in(0), c.in_dtype(0), std::move(r) * cols + std::move(col)));
}

int f64_table(LowerCtx& c, const std::string& name, const std::vector<double>& v) {
    return c.table(name, Tensor::from_vector<double>({static_cast<int64_t>(v.size())}, v));
}
int i64_table(LowerCtx& c, const std::string& name, const std::vector<int64_t>& v) {
    return c.table(name, Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v));
}

Post post_of(LowerCtx& c) {
    static const std::map<std::string, Post> posts{{"NONE", Post::none}, {"SOFTMAX", Post::softmax}, {"LOGISTIC", Post::logistic},
                                                   {"SOFTMAX_ZERO", Post::softmax_zero}, {"PROBIT", Post::probit}};
    const std::string& s = c.op().attr_s("post_transform");
    if (!posts.count(s)) c.unsupported("post_transform '" + s + "'");
    return posts.at(s);
}

ExprP logistic(ExprP x) {
    const ExprP e = kir::unary(Op::Exp, kir::unary(Op::Neg, kir::unary(Op::Abs, x)));
    return kir::select(kir::binary(Op::Ge, x, f64(0)), div(f64(1), add(f64(1), e)), div(e, add(f64(1), e)));
}

namespace {

// sqrt(2) * erfinv(2p - 1) of the f64 local `y` holding p, through the local `z`:
// Winitzki's closed form, then four Newton steps on erf (as the reference).
std::vector<StmtP> probit(LowerCtx& c, int y, ExprP out_index, int row) {
    const int z = c.kernel().add_local("z", DType::f64, 1);
    const ExprP Y = ld(y, kir::imm(0)), Z = ld(z, kir::imm(0));
    constexpr double a = 0.147;
    const ExprP ln = kir::unary(Op::Log, mul(sub(f64(1), Y), add(f64(1), Y)));
    const ExprP t = add(f64(2 / (std::numbers::pi * a)), mul(f64(0.5), ln));
    const ExprP mag = kir::unary(Op::Sqrt, sub(kir::unary(Op::Sqrt, sub(mul(t, t), div(ln, f64(a)))), t));
    std::vector<StmtP> s{kir::store(y, kir::imm(0), sub(mul(f64(2), ld(row, out_index)), f64(1))),
                         kir::store(z, kir::imm(0), kir::select(kir::binary(Op::Lt, Y, f64(0)), kir::unary(Op::Neg, mag), mag))};
    const ExprP slope = mul(f64(2 / std::sqrt(std::numbers::pi)), kir::unary(Op::Exp, kir::unary(Op::Neg, mul(Z, Z))));
    const ExprP newton = sub(Z, div(sub(kir::unary(Op::Erf, Z), Y), slope));
    for (int i = 0; i < 4; ++i)
        s.push_back(kir::store(z, kir::imm(0), kir::select(kir::binary(Op::Eq, slope, f64(0)), Z, newton)));
    const double inf = std::numeric_limits<double>::infinity();
    const ExprP v = kir::select(kir::binary(Op::Le, Y, f64(-1)), f64(-inf),
                                kir::select(kir::binary(Op::Ge, Y, f64(1)), f64(inf), kir::select(kir::binary(Op::Eq, Y, f64(0)), f64(0), Z)));
    s.push_back(kir::store(row, out_index, mul(f64(std::numbers::sqrt2), v)));
    return s;
}

}  // namespace

std::vector<StmtP> post_transform(LowerCtx& c, Post p, int row, int64_t n) {
    if (p == Post::none) return {};
    const int i = c.var("p");
    const ExprP x = ld(row, kir::var(i));
    if (p == Post::logistic) return {kir::loop(i, n, {kir::store(row, kir::var(i), logistic(x))})};
    if (p == Post::probit) return {kir::loop(i, n, probit(c, c.kernel().add_local("y", DType::f64, 1), kir::var(i), row))};
    // SOFTMAX; SOFTMAX_ZERO leaves zeros out (an all-zero row becomes 0.5 everywhere).
    const int mx = c.kernel().add_local("max", DType::f64, 1), sum = c.kernel().add_local("sum", DType::f64, 1);
    const int i2 = c.var("p"), i3 = c.var("p");
    const ExprP m = ld(mx, kir::imm(0)), s = ld(sum, kir::imm(0));
    // v, or `kept` where SOFTMAX_ZERO skips v (a zero).
    auto unless_zero = [&](const ExprP& v, ExprP kept, ExprP value) {
        return p == Post::softmax_zero ? kir::select(kir::binary(Op::Eq, v, f64(0)), std::move(kept), std::move(value)) : value;
    };
    const ExprP x2 = ld(row, kir::var(i2)), e = unless_zero(x2, x2, kir::unary(Op::Exp, sub(x2, m)));
    const ExprP x3 = ld(row, kir::var(i3));
    return {kir::store(mx, kir::imm(0), f64(-std::numeric_limits<double>::infinity())),
            kir::loop(i, n, {kir::store(mx, kir::imm(0), unless_zero(x, m, kir::max(m, x)))}),
            kir::store(sum, kir::imm(0), f64(0)),
            kir::loop(i2, n, {kir::store(sum, kir::imm(0), add(s, unless_zero(x2, f64(0), e))), kir::store(row, kir::var(i2), e)}),
            kir::loop(i3, n, {kir::store(row, kir::var(i3), kir::select(kir::binary(Op::Eq, s, f64(0)), f64(0.5), div(x3, s)))})};
}

std::vector<int64_t> int_labels(LowerCtx& c, const std::string& ints_attr) {
    if (!c.op().attr("classlabels_strings").strings().empty()) c.unsupported("string class labels");
    return c.op().attr_ints(ints_attr);
}

ClassOutputs class_outputs(LowerCtx& c, const std::vector<int64_t>& labels) {
    ClassOutputs o{i64_table(c, "labels", labels), c.out(0)};
    if (c.node().num_outputs() > 1 && c.node().output(1)) o.scores = c.out(1);
    return o;
}

std::vector<StmtP> store_classified(LowerCtx& c, const ClassOutputs& o, ExprP r, ExprP best, int row, int64_t n) {
    std::vector<StmtP> s{kir::store(o.label, r, kir::load(o.labels, DType::i64, best))};
    if (o.scores >= 0) {
        const int k = c.var("k");
        s.push_back(kir::loop(k, n, {kir::store(o.scores, r * n + kir::var(k), kir::cast(c.out_dtype(1), ld(row, kir::var(k))))}));
    }
    return s;
}

std::vector<StmtP> argmax(LowerCtx& c, int row, int64_t n, int best) {
    const int bv = c.kernel().add_local("best_score", DType::f64, 1), k = c.var("k");
    const ExprP x = ld(row, kir::var(k));
    return {kir::store(best, kir::imm(0), kir::imm(0)), kir::store(bv, kir::imm(0), ld(row, kir::imm(0))),
            kir::loop(k, kir::imm(1), kir::imm(n), {kir::guard(kir::binary(Op::Gt, x, ld(bv, kir::imm(0))),
                                                             {kir::store(bv, kir::imm(0), x), kir::store(best, kir::imm(0), kir::var(k))})})};
}

StmtP row_loop(LowerCtx& c, int var, int64_t rows, double row_cost, std::vector<StmtP> body) {
    const bool parallel = rows > 1 && c.knob("parallel", static_cast<double>(rows) * row_cost >= 32768 ? 1 : 0) != 0;
    return kir::loop(var, rows, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

ScheduleSpace rows_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

namespace {

ExprP typed(double v, DType t) { return is_float(t) ? kir::fimm(v, t) : kir::imm(static_cast<int64_t>(v), t); }

// An elementwise map over input 0's shape: f(x, index, last-axis index) -> output 0.
void lower_map(LowerCtx& c, const std::function<ExprP(ExprP, ExprP)>& f) {
    const auto xs = c.in_shape(0);
    const int X = c.in(0), Y = c.out(0);
    const DType t = c.in_dtype(0);
    const int width = static_cast<int>(c.knob("vector_width", is_float(t) ? c.lanes(t) : 1));
    const bool parallel = c.knob("parallel", numel_of(xs) >= 65536 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, xs, parallel, width, [&](const std::vector<ExprP>& idx) {
        const ExprP i = linear_index(idx, strides_of(xs));
        return std::vector<StmtP>{kir::store(Y, i, f(kir::load(X, t, i), idx.empty() ? kir::imm(0) : idx.back()))};
    });
}

// A per-feature list: none (`none`), one value for all, or one per last-axis index.
ExprP per_feature(LowerCtx& c, const std::string& name, double none, ExprP col) {
    const auto v = c.op().attr_floats(name);
    if (v.size() <= 1) return f64(v.empty() ? none : v[0]);
    return ld(f64_table(c, name, v), std::move(col));
}

void lower_binarizer(LowerCtx& c) {
    const DType t = c.in_dtype(0);
    const double threshold = c.op().attr_f("threshold");
    lower_map(c, [&](ExprP x, ExprP) { return kir::select(kir::binary(Op::Gt, kir::cast(DType::f64, x), f64(threshold)), typed(1, t), typed(0, t)); });
}

void lower_scaler(LowerCtx& c) {
    lower_map(c, [&](ExprP x, ExprP col) {
        return kir::cast(c.out_dtype(0), mul(sub(kir::cast(DType::f64, x), per_feature(c, "offset", 0, col)), per_feature(c, "scale", 1, col)));
    });
}

void lower_imputer(LowerCtx& c) {
    const DType t = c.in_dtype(0);
    if (is_float(t)) {
        const double replaced = c.op().attr_f("replaced_value_float");
        lower_map(c, [&](ExprP x, ExprP col) {
            const ExprP xd = kir::cast(DType::f64, x);
            const ExprP hit = std::isnan(replaced) ? kir::unary(Op::IsNan, xd) : kir::binary(Op::Eq, xd, f64(replaced));
            return kir::select(hit, kir::cast(t, per_feature(c, "imputed_value_floats", 0, col)), x);
        });
        return;
    }
    const auto& imputed = c.op().attr_ints("imputed_value_int64s");
    const int64_t replaced = c.op().attr_i("replaced_value_int64");
    lower_map(c, [&](ExprP x, ExprP col) {
        const ExprP v = imputed.size() == 1 ? kir::imm(imputed[0]) : kir::load(i64_table(c, "imputed", imputed), DType::i64, col);
        return kir::select(kir::binary(Op::Eq, kir::cast(DType::i64, x), kir::imm(replaced)), kir::cast(t, v), x);
    });
}

void lower_normalizer(LowerCtx& c) {
    const std::string& norm = c.op().attr_s("norm");
    if (norm != "MAX" && norm != "L1" && norm != "L2") c.unsupported("norm '" + norm + "'");
    const auto [rows, cols] = rows_cols(c);
    const int Y = c.out(0), d = c.kernel().add_local("norm", DType::f64, 1);
    const int r = c.var("r"), j = c.var("j"), j2 = c.var("j");
    const ExprP x = feature(c, kir::var(r), kir::var(j), cols), D = ld(d, kir::imm(0));
    const ExprP step = norm == "MAX" ? kir::max(D, kir::unary(Op::Abs, x)) : norm == "L1" ? add(D, kir::unary(Op::Abs, x)) : add(D, mul(x, x));
    const ExprP x2 = feature(c, kir::var(r), kir::var(j2), cols);
    std::vector<StmtP> body{kir::store(d, kir::imm(0), f64(0)), kir::loop(j, cols, {kir::store(d, kir::imm(0), step)})};
    if (norm == "L2") body.push_back(kir::store(d, kir::imm(0), kir::unary(Op::Sqrt, D)));
    body.push_back(kir::loop(j2, cols, {kir::store(Y, kir::var(r) * cols + kir::var(j2),
                                                   kir::cast(c.out_dtype(0), kir::select(kir::binary(Op::Eq, D, f64(0)), x2, div(x2, D))))}));
    c.kernel().body = row_loop(c, r, rows, 4.0 * static_cast<double>(cols), std::move(body));
}

// Z[r, j] = X[r, Y[j]] (an index outside the row is clamped into it).
void lower_array_feature_extractor(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    if (xs.empty()) c.unsupported("a scalar input X");
    const int64_t cols = xs.back(), k = numel_of(c.in_shape(1)), rows = numel_of(xs) / cols;
    const int X = c.in(0), I = c.in(1), Z = c.out(0), r = c.var("r"), j = c.var("j");
    const ExprP col = kir::max(kir::imm(0), kir::min(kir::load(I, DType::i64, kir::var(j)), kir::imm(cols - 1)));
    c.kernel().body = row_loop(c, r, rows, static_cast<double>(k),
                               {kir::loop(j, k, {kir::store(Z, kir::var(r) * k + kir::var(j), kir::load(X, c.in_dtype(0), kir::var(r) * cols + col))})});
}

// The keys or values of a LabelEncoder (`kind`: "keys" or "values") as a 1-D tensor.
// String keys become a constant string tensor (views of model_abi.h); string values, whose
// default would be a string too, are not compiled.
Tensor encoder_table(LowerCtx& c, const std::string& kind) {
    const OpContext& op = c.op();
    std::vector<std::string> strings;
    if (op.has_attr(kind + "_tensor")) {
        const Tensor& t = *op.attr(kind + "_tensor").tensor();
        if (t.dtype() != DType::string) return Tensor::from_bytes(t.dtype(), {t.numel()}, t.bytes());
        const auto& a = t.array<std::string>();
        strings.assign(a.begin(), a.end());
    } else {
        strings = op.attr(kind + "_strings").strings();
    }
    if (!strings.empty()) {
        if (kind == "values") c.unsupported("string values");
        Tensor t = Tensor::zeros(DType::string, {static_cast<int64_t>(strings.size())});
        std::copy(strings.begin(), strings.end(), t.array<std::string>().begin());
        return t;
    }
    if (!op.attr_ints(kind + "_int64s").empty()) {
        const auto& v = op.attr_ints(kind + "_int64s");
        return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
    }
    const auto v = op.attr_floats(kind + "_floats");
    return Tensor::from_vector<double>({static_cast<int64_t>(v.size())}, v).cast(DType::f32);
}

void lower_label_encoder(LowerCtx& c) {
    const OpContext& op = c.op();
    const Tensor keys = encoder_table(c, "keys"), values = encoder_table(c, "values");
    const DType xt = c.in_dtype(0), kt = keys.dtype(), vt = values.dtype();
    ExprP fallback;
    if (op.has_attr("values_tensor"))
        fallback = op.has_attr("default_tensor") ? (is_float(vt) ? kir::fimm(op.attr("default_tensor").tensor()->at_double(0), vt)
                                                                 : kir::imm(op.attr("default_tensor").tensor()->at_int(0), vt))
                                                 : typed(is_float(vt) ? -0.0 : -1, vt);
    else fallback = is_float(vt) ? kir::fimm(op.attr_f("default_float"), vt) : kir::imm(op.attr_i("default_int64"), vt);
    const int64_t n = numel_of(c.in_shape(0)), nk = keys.numel();
    const int X = c.in(0), Y = c.out(0), K = c.table("keys", keys), V = c.table("values", values);
    const int found = c.kernel().add_local("found", DType::i64, 1), i = c.var("i"), j = c.var("j");
    const ExprP x = kir::load(X, xt, kir::var(i)), key = kir::load(K, kt, kir::var(j)), at = kir::load(found, DType::i64, kir::imm(0));
    ExprP match = kir::binary(Op::Eq, x, key);
    if (is_float(kt)) {
        const ExprP xd = kir::cast(DType::f64, x), kd = kir::cast(DType::f64, key);
        match = kir::binary(Op::Or, kir::binary(Op::Eq, xd, kd), kir::binary(Op::And, kir::unary(Op::IsNan, xd), kir::unary(Op::IsNan, kd)));
    }
    const ExprP y = kir::select(kir::binary(Op::Ge, at, kir::imm(0)), kir::load(V, vt, kir::max(at, kir::imm(0))), fallback);
    c.kernel().body = row_loop(c, i, n, 2.0 * static_cast<double>(nk), {
        kir::store(found, kir::imm(0), kir::imm(-1)),
        kir::loop(j, nk, {kir::store(found, kir::imm(0), kir::select(match, kir::var(j), at))}),
        kir::store(Y, kir::var(i), y)});
}

ScheduleSpace map_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace
}  // namespace neo::llvm_cpu::ml

namespace neo::llvm_cpu {

void add_ml_lowerings(LoweringTable& t) {
    using namespace ml;
    t["ai.onnx.ml.Binarizer"] = {lower_binarizer, map_space};
    t["ai.onnx.ml.Scaler"] = {lower_scaler, map_space};
    t["ai.onnx.ml.Imputer"] = {lower_imputer, map_space};
    t["ai.onnx.ml.Normalizer"] = {lower_normalizer, rows_space};
    t["ai.onnx.ml.ArrayFeatureExtractor"] = {lower_array_feature_extractor, rows_space};
    t["ai.onnx.ml.LabelEncoder"] = {lower_label_encoder, rows_space};
    add_tree_lowerings(t);
    add_linear_lowerings(t);
}

}  // namespace neo::llvm_cpu
