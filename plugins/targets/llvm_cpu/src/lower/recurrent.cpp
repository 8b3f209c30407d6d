// Recurrent layers: RNN, GRU and LSTM (directions forward / reverse / bidirectional,
// layout 0 / 1, optional B, sequence_lens, initial_h / initial_c, peepholes P, clip,
// the activations attributes, GRU's linear_before_reset, LSTM's input_forget).
// Every (direction, batch entry) pair is one task; its hidden (and cell) state lives in
// private arrays. Per time step the gate pre-activations are dot products accumulated in
// private arrays: xg = W x + Wb and hg = R h + Rb, one row per gate unit; then one loop
// over the hidden units applies the cell. Steps past sequence_lens give zeros in Y.
// Knobs: "parallel" (over direction x batch), "vector_width" (the dot products).
#include <cctype>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

// One activation of a cell: its function of x with the parameters alpha and beta.
struct Activation {
    using Fn = ExprP (*)(double alpha, double beta, const ExprP& x);
    Fn fn = nullptr;
    double alpha = 0, beta = 0;
    ExprP operator()(const ExprP& x) const { return fn(alpha, beta, x); }
};

ExprP f(double v, const ExprP& like) { return kir::fimm(v, like->type); }
ExprP lt0(const ExprP& x) { return kir::binary(Op::Lt, x, f(0, x)); }
ExprP sigmoid(const ExprP& x) { return kir::unary(Op::Sigmoid, x); }

struct ActivationInfo {
    const char* name;
    bool takes_alpha, takes_beta;
    double alpha, beta;  // defaults
    Activation::Fn fn;
};

// The activations ONNX allows in recurrent cells, with the defaults of the matching ops.
const ActivationInfo kActivations[] = {
    {"Relu", false, false, 0, 0, [](double, double, const ExprP& x) { return kir::max(x, f(0, x)); }},
    {"Tanh", false, false, 0, 0, [](double, double, const ExprP& x) { return kir::unary(Op::Tanh, x); }},
    {"Sigmoid", false, false, 0, 0, [](double, double, const ExprP& x) { return sigmoid(x); }},
    {"Affine", true, true, 1, 0, [](double a, double b, const ExprP& x) { return add(mul(f(a, x), x), f(b, x)); }},
    {"LeakyRelu", true, false, 0.01, 0,
     [](double a, double, const ExprP& x) { return kir::select(lt0(x), mul(f(a, x), x), x); }},
    {"ThresholdedRelu", true, false, 1, 0,
     [](double a, double, const ExprP& x) { return kir::select(kir::binary(Op::Gt, x, f(a, x)), x, f(0, x)); }},
    {"ScaledTanh", true, true, 1, 1,
     [](double a, double b, const ExprP& x) { return mul(f(a, x), kir::unary(Op::Tanh, mul(f(b, x), x))); }},
    {"HardSigmoid", true, true, 0.2, 0.5,
     [](double a, double b, const ExprP& x) { return kir::max(f(0, x), kir::min(f(1, x), add(mul(f(a, x), x), f(b, x)))); }},
    {"Elu", true, false, 1, 0,
     [](double a, double, const ExprP& x) { return kir::select(lt0(x), mul(f(a, x), sub(kir::unary(Op::Exp, x), f(1, x))), x); }},
    {"Softsign", false, false, 0, 0,
     [](double, double, const ExprP& x) { return div(x, add(f(1, x), kir::unary(Op::Abs, x))); }},
    {"Softplus", false, false, 0, 0, [](double, double, const ExprP& x) {
         return kir::select(kir::binary(Op::Gt, x, f(30, x)), x, kir::unary(Op::Log, add(f(1, x), kir::unary(Op::Exp, x))));
     }},
};

bool same_name(std::string a, std::string b) {
    for (char& ch : a) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (char& ch : b) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return a == b;
}

// The node's attributes and shapes.
struct Layer {
    int64_t gates = 1, dirs = 1, seq = 1, batch = 1, input = 1, hidden = 1;
    bool reverse = false, layout1 = false, lstm = false, gru = false;
    bool linear_before_reset = false, input_forget = false;
    double clip = 0;
    std::vector<std::vector<Activation>> acts;  // per direction
};

Layer read_layer(LowerCtx& c) {
    Layer l;
    const std::string& op = c.node().op();
    l.lstm = op == "LSTM";
    l.gru = op == "GRU";
    l.gates = l.lstm ? 4 : l.gru ? 3 : 1;
    const std::vector<std::string> defaults = l.lstm ? std::vector<std::string>{"Sigmoid", "Tanh", "Tanh"}
                                              : l.gru ? std::vector<std::string>{"Sigmoid", "Tanh"}
                                                      : std::vector<std::string>{"Tanh"};
    const std::string& dir = c.op().attr_s("direction");
    l.dirs = dir == "bidirectional" ? 2 : 1;
    l.reverse = dir == "reverse";
    l.layout1 = c.op().attr_i("layout") != 0;
    if (c.op().has_attr("clip")) l.clip = c.op().attr_f("clip");
    if (l.gru) l.linear_before_reset = c.op().attr_i("linear_before_reset") != 0;
    if (l.lstm) l.input_forget = c.op().attr_i("input_forget") != 0;
    const auto xs = c.in_shape(0), rs = c.in_shape(2);
    l.seq = xs[l.layout1 ? 1 : 0];
    l.batch = xs[l.layout1 ? 0 : 1];
    l.input = xs[2];
    l.hidden = rs[2];

    std::vector<std::string> names = c.op().attr("activations").strings();
    if (names.empty())
        for (int64_t d = 0; d < l.dirs; ++d) names.insert(names.end(), defaults.begin(), defaults.end());
    if (names.size() != defaults.size() * static_cast<std::size_t>(l.dirs)) c.unsupported("the number of activations");
    const std::vector<double> alphas = c.op().attr_floats("activation_alpha"), betas = c.op().attr_floats("activation_beta");
    std::size_t ai = 0, bi = 0;
    l.acts.resize(static_cast<std::size_t>(l.dirs));
    for (std::size_t i = 0; i < names.size(); ++i) {
        const ActivationInfo* info = nullptr;
        for (const auto& a : kActivations)
            if (same_name(a.name, names[i])) info = &a;
        if (!info) c.unsupported("activation '" + names[i] + "'");
        Activation a{info->fn, info->alpha, info->beta};
        if (info->takes_alpha && ai < alphas.size()) a.alpha = alphas[ai++];
        if (info->takes_beta && bi < betas.size()) a.beta = betas[bi++];
        l.acts[i / defaults.size()].push_back(a);
    }
    return l;
}

// Input indices.
constexpr std::size_t kX = 0, kW = 1, kR = 2, kB = 3, kLens = 4, kInitH = 5, kInitC = 6, kP = 7;

void lower_recurrent(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const Layer l = read_layer(c);
    const int64_t H = l.hidden, GH = l.gates * H, dirs = l.dirs, batch = l.batch;
    auto opt = [&](std::size_t i) { return i < c.node().num_inputs() && c.has_input(i) ? c.in(i) : -1; };
    const int X = c.in(kX), W = c.in(kW), R = c.in(kR), B = opt(kB), L = opt(kLens), IH = opt(kInitH);
    const int IC = l.lstm ? opt(kInitC) : -1, P = l.lstm ? opt(kP) : -1;
    std::vector<int> outs;
    for (std::size_t i = 0; i < c.node().num_outputs(); ++i) outs.push_back(c.out(i));
    if (outs.empty()) c.unsupported("a node without outputs");
    const bool reset_first = l.gru && !l.linear_before_reset;  // GRU's r_t * H_{t-1} before Rh
    const int h = c.kernel().add_local("h", t, H), cs = l.lstm ? c.kernel().add_local("c", t, H) : -1;
    const int xg = c.kernel().add_local("xg", t, GH), hg = c.kernel().add_local("hg", t, GH);
    const int rh = reset_first ? c.kernel().add_local("rh", t, H) : -1;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));

    const int dn = c.var("dn");
    ExprP d = kir::floordiv(kir::var(dn), batch), n = kir::floormod(kir::var(dn), batch);
    ExprP len = L >= 0 ? kir::cast(DType::i64, kir::load(L, c.in_dtype(kLens), n)) : kir::imm(l.seq);
    auto ld = [&](int buf, const ExprP& i) { return kir::load(buf, t, i); };
    auto state_at = [&](const ExprP& j) { return (l.layout1 ? n * dirs + d : d * batch + n) * H + j; };
    auto y_at = [&](const ExprP& step, const ExprP& j) {
        return (l.layout1 ? (n * l.seq + step) * dirs + d : (step * dirs + d) * batch + n) * H + j;
    };
    auto clip = [&](const ExprP& x) { return l.clip > 0 ? kir::max(f(-l.clip, x), kir::min(f(l.clip, x), x)) : x; };

    // rows [r0, r1) of `acc` = bias + M[d, row, :] . v, v of `count` elements read by `vec`.
    auto dot_rows = [&](int acc, int M, int64_t count, int64_t bias_off, int64_t r0, int64_t r1,
                        const std::function<ExprP(const ExprP&)>& vec) {
        const int r = c.var("r"), k = c.var("k");
        ExprP row = kir::var(r) + kir::imm(r0);
        ExprP init = B >= 0 ? ld(B, d * (2 * GH) + kir::imm(bias_off) + row) : kir::fimm(0, t);
        ExprP sum = add(ld(acc, row), mul(ld(M, (d * GH + row) * count + kir::var(k)), vec(kir::var(k))));
        return kir::loop(r, r1 - r0, {kir::store(acc, row, init),
                                      kir::loop(k, count, {kir::store(acc, row, sum)}, kir::LoopKind::vectorized, width)});
    };

    // The task of direction `dir` (a constant) for batch entry n.
    auto direction = [&](int64_t dir) {
        const auto& act = l.acts[static_cast<std::size_t>(dir)];
        const bool backwards = l.reverse || dir == 1;
        const int s = c.var("s"), j = c.var("j");
        ExprP step = backwards ? len - kir::imm(1) - kir::var(s) : kir::var(s);
        ExprP vj = kir::var(j);
        auto pre = [&](int64_t gate) { return add(ld(xg, vj + kir::imm(gate * H)), ld(hg, vj + kir::imm(gate * H))); };
        std::vector<StmtP> body;
        {
            const int j0 = c.var("j");
            ExprP v0 = kir::var(j0);
            std::vector<StmtP> init{kir::store(h, v0, IH >= 0 ? ld(IH, state_at(v0)) : kir::fimm(0, t))};
            if (l.lstm) init.push_back(kir::store(cs, v0, IC >= 0 ? ld(IC, state_at(v0)) : kir::fimm(0, t)));
            body.push_back(kir::loop(j0, H, std::move(init)));
        }
        std::vector<StmtP> t_step{
            dot_rows(xg, W, l.input, 0, 0, GH, [&](const ExprP& k) { return ld(X, (l.layout1 ? n * l.seq + step : step * batch + n) * l.input + k); }),
            dot_rows(hg, R, H, GH, 0, reset_first ? 2 * H : GH,
                     [&](const ExprP& k) { return ld(h, k); })};
        ExprP hnew;
        if (l.gru) {
            ExprP z = act[0](clip(pre(0))), r = act[0](clip(pre(1)));
            ExprP hh = ld(hg, vj + kir::imm(2 * H));
            if (reset_first) {
                const int j1 = c.var("j");
                ExprP r1 = act[0](clip(add(ld(xg, kir::var(j1) + kir::imm(H)), ld(hg, kir::var(j1) + kir::imm(H)))));
                t_step.push_back(kir::loop(j1, H, {kir::store(rh, kir::var(j1), mul(r1, ld(h, kir::var(j1))))}));
                t_step.push_back(dot_rows(hg, R, H, GH, 2 * H, GH, [&](const ExprP& k) { return ld(rh, k); }));
            } else {
                hh = mul(r, hh);
            }
            ExprP cand = act[1](clip(add(ld(xg, vj + kir::imm(2 * H)), hh)));
            hnew = add(mul(sub(f(1, z), z), cand), mul(z, ld(h, vj)));
        } else if (l.lstm) {
            // Gates i, o, f, c; peepholes i, o, f.
            auto peep = [&](int64_t k, const ExprP& cell) { return P >= 0 ? mul(ld(P, d * (3 * H) + kir::imm(k * H) + vj), cell) : f(0, cell); };
            ExprP cp = ld(cs, vj);
            ExprP i = act[0](clip(add(pre(0), peep(0, cp))));
            ExprP fg = l.input_forget ? sub(f(1, i), i) : act[0](clip(add(pre(2), peep(2, cp))));
            ExprP cell = add(mul(fg, cp), mul(i, act[1](clip(pre(3)))));
            ExprP o = act[0](clip(add(pre(1), peep(1, ld(cs, vj)))));  // read after C_t is stored
            t_step.push_back(kir::loop(j, H, {kir::store(cs, vj, cell), kir::store(h, vj, mul(o, act[2](ld(cs, vj)))),
                                              kir::store(outs[0], y_at(step, vj), ld(h, vj))}));
        } else {
            hnew = act[0](clip(pre(0)));
        }
        if (hnew) t_step.push_back(kir::loop(j, H, {kir::store(h, vj, hnew), kir::store(outs[0], y_at(step, vj), ld(h, vj))}));
        body.push_back(kir::loop(s, kir::imm(0), len, std::move(t_step)));
        // Steps past the sequence's length, and the final states.
        const int s2 = c.var("s"), j2 = c.var("j"), j3 = c.var("j");
        body.push_back(kir::loop(s2, len, kir::imm(l.seq), {kir::loop(j2, H, {kir::store(outs[0], y_at(kir::var(s2), kir::var(j2)), kir::fimm(0, t))})}));
        std::vector<StmtP> last;
        if (outs.size() > 1) last.push_back(kir::store(outs[1], state_at(kir::var(j3)), ld(h, kir::var(j3))));
        if (outs.size() > 2) last.push_back(kir::store(outs[2], state_at(kir::var(j3)), ld(cs, kir::var(j3))));
        body.push_back(kir::loop(j3, H, std::move(last)));
        return body;
    };
    std::vector<StmtP> task;
    for (int64_t dir = 0; dir < dirs; ++dir) {
        auto body = direction(dir);
        if (dirs == 1) task = std::move(body);
        else task.push_back(kir::guard(kir::binary(Op::Eq, d, kir::imm(dir)), std::move(body)));
    }
    const bool parallel = c.knob("parallel", dirs * batch > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(dn, dirs * batch, std::move(task), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 2.0 * static_cast<double>(dirs * batch * l.seq * GH * (l.input + H));
}

ScheduleSpace recurrent_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_recurrent_lowerings(LoweringTable& t) {
    for (const char* op : {"RNN", "GRU", "LSTM"}) t[op] = {lower_recurrent, recurrent_space};
}

}  // namespace neo::llvm_cpu
