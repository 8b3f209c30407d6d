// Shared machinery of RNN, GRU and LSTM: attributes, activations, shape inference and the
// reference driver over directions, batch entries and time steps (see recurrent.hpp).
#include "ops/nn/recurrent.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

// Input indices (LSTM adds initial_c and P).
constexpr std::size_t kX = 0, kW = 1, kR = 2, kB = 3, kSeqLens = 4, kInitH = 5, kInitC = 6,
                      kP = 7;

struct ActivationInfo {
    const char* name;
    Activation::Kind kind;
    bool takes_alpha, takes_beta;
    double alpha, beta;  // defaults when activation_alpha / activation_beta run out
};

// The activation functions ONNX allows in recurrent cells, with the defaults of the
// corresponding ONNX ops (Affine: identity; ScaledTanh: plain tanh).
constexpr ActivationInfo kActivations[] = {
    {"Relu", Activation::Kind::relu, false, false, 0, 0},
    {"Tanh", Activation::Kind::tanh, false, false, 0, 0},
    {"Sigmoid", Activation::Kind::sigmoid, false, false, 0, 0},
    {"Affine", Activation::Kind::affine, true, true, 1.0, 0.0},
    {"LeakyRelu", Activation::Kind::leaky_relu, true, false, 0.01, 0},
    {"ThresholdedRelu", Activation::Kind::thresholded_relu, true, false, 1.0, 0},
    {"ScaledTanh", Activation::Kind::scaled_tanh, true, true, 1.0, 1.0},
    {"HardSigmoid", Activation::Kind::hard_sigmoid, true, true, 0.2, 0.5},
    {"Elu", Activation::Kind::elu, true, false, 1.0, 0},
    {"Softsign", Activation::Kind::softsign, false, false, 0, 0},
    {"Softplus", Activation::Kind::softplus, false, false, 0, 0},
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const ActivationInfo& find_activation(const OpContext& ctx, const std::string& name) {
    for (const auto& a : kActivations)
        if (lower(a.name) == lower(name)) return a;
    std::string known;
    for (const auto& a : kActivations) {
        if (!known.empty()) known += ", ";
        known += a.name;
    }
    ctx.fail("attribute 'activations' names an unknown activation '" + name + "' (known: " +
             known + ")");
}

// "[dirs, 3*hidden_size, input_size] = [2,15,?]" style description of an expected shape.
std::string dims_str(const std::vector<Dim>& d) {
    std::string s = "[";
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i) s += ',';
        s += d[i].str();
    }
    return s + "]";
}

// Fails unless `s` (when ranked) has the rank of `want` and agrees on every dim known on
// both sides. layout_doc names the axes, e.g. "[num_directions, batch_size, hidden_size]".
void check_shape(const OpContext& ctx, const Shape& s, const std::vector<Dim>& want,
                 const std::string& what, const std::string& layout_doc) {
    if (!s.ranked()) return;
    bool ok = s.rank() == want.size();
    for (std::size_t i = 0; ok && i < want.size(); ++i)
        if (s[i].is_static() && want[i].is_static() && s[i].value() != want[i].value()) ok = false;
    if (!ok)
        ctx.fail(what + " has shape " + s.str() + " but must be " + layout_doc + " = " +
                 dims_str(want));
}

Dim dim_at(const Shape& s, std::size_t i) {
    return s.ranked() && i < s.rank() ? s[i] : Dim::unknown();
}

Dim times(int64_t k, const Dim& d) { return d.is_static() ? Dim(k * d.value()) : Dim::unknown(); }

// Picks the first known of two dims.
Dim either(const Dim& a, const Dim& b) { return a.is_static() || !b.is_static() ? a : b; }

}  // namespace

double Activation::operator()(double x) const {
    switch (kind) {
        case Kind::relu: return x > 0 ? x : 0.0;
        case Kind::tanh: return std::tanh(x);
        case Kind::sigmoid: return 1.0 / (1.0 + std::exp(-x));
        case Kind::affine: return alpha * x + beta;
        case Kind::leaky_relu: return x >= 0 ? x : alpha * x;
        case Kind::thresholded_relu: return x > alpha ? x : 0.0;
        case Kind::scaled_tanh: return alpha * std::tanh(beta * x);
        case Kind::hard_sigmoid: return std::clamp(alpha * x + beta, 0.0, 1.0);
        case Kind::elu: return x >= 0 ? x : alpha * (std::exp(x) - 1.0);
        case Kind::softsign: return x / (1.0 + std::abs(x));
        case Kind::softplus: return x > 30 ? x : std::log1p(std::exp(x));
    }
    return x;
}

std::vector<AttrSpec> recurrent_attr_specs(const RecurrentSpec& spec) {
    std::string acts;
    for (const auto& a : spec.default_activations) {
        if (!acts.empty()) acts += ", ";
        acts += a;
    }
    return {
        {"activation_alpha", AttrType::floats, Attribute(std::vector<double>{}), false,
         "alpha of the activations that take one, consumed in the order of 'activations'"},
        {"activation_beta", AttrType::floats, Attribute(std::vector<double>{}), false,
         "beta of the activations that take one, consumed in the order of 'activations'"},
        {"activations", AttrType::strings, Attribute(std::vector<std::string>{}), false,
         "activation functions per direction (default " + acts +
             "); bidirectional lists the forward ones, then the reverse ones"},
        {"clip", AttrType::f, std::nullopt, false,
         "clips the inputs of the gate activations to [-clip, clip] (default: no clip)"},
        {"direction", AttrType::s, Attribute("forward"), false,
         "forward, reverse or bidirectional"},
        {"hidden_size", AttrType::i, std::nullopt, false,
         "number of hidden units (default: R.shape[2])"},
        {"layout", AttrType::i, Attribute(int64_t{0}), false,
         "0: X [seq, batch, input], states [dirs, batch, hidden]; 1: batch axis first"},
    };
}

RecurrentParams read_recurrent_params(const OpContext& ctx, const RecurrentSpec& spec) {
    RecurrentParams p;
    if (ctx.has_attr("hidden_size")) {
        p.hidden = ctx.attr_i("hidden_size");
        if (p.hidden < 1)
            ctx.fail("attribute 'hidden_size' must be positive, got " + std::to_string(p.hidden));
    }
    const std::string& dir = ctx.attr_s("direction");
    if (dir == "forward") p.num_dirs = 1;
    else if (dir == "reverse") p.num_dirs = 1, p.reverse = true;
    else if (dir == "bidirectional") p.num_dirs = 2;
    else
        ctx.fail("attribute 'direction' must be forward, reverse or bidirectional, got '" + dir +
                 "'");
    p.layout = ctx.attr_i("layout");
    if (p.layout != 0 && p.layout != 1)
        ctx.fail("attribute 'layout' must be 0 or 1, got " + std::to_string(p.layout));
    if (ctx.has_attr("clip")) {
        p.clip = ctx.attr_f("clip");
        if (!(p.clip > 0))
            ctx.fail("attribute 'clip' must be positive, got " + std::to_string(p.clip));
    }

    const std::size_t per_dir = spec.default_activations.size();
    std::vector<std::string> names = ctx.attr("activations").strings();
    if (names.empty())
        for (int64_t d = 0; d < p.num_dirs; ++d)
            names.insert(names.end(), spec.default_activations.begin(),
                         spec.default_activations.end());
    if (names.size() != per_dir * static_cast<std::size_t>(p.num_dirs))
        ctx.fail("attribute 'activations' has " + std::to_string(names.size()) +
                 " names, expected " + std::to_string(per_dir * p.num_dirs) + " (" +
                 std::to_string(per_dir) + " per direction, " + std::to_string(p.num_dirs) +
                 (p.num_dirs == 1 ? " direction)" : " directions)"));
    const std::vector<double> alphas = ctx.attr_floats("activation_alpha");
    const std::vector<double> betas = ctx.attr_floats("activation_beta");
    std::size_t ai = 0, bi = 0;
    p.acts.assign(static_cast<std::size_t>(p.num_dirs), {});
    for (std::size_t i = 0; i < names.size(); ++i) {
        const ActivationInfo& info = find_activation(ctx, names[i]);
        Activation a{info.kind, info.alpha, info.beta};
        if (info.takes_alpha && ai < alphas.size()) a.alpha = alphas[ai++];
        if (info.takes_beta && bi < betas.size()) a.beta = betas[bi++];
        p.acts[i / per_dir].push_back(a);
    }
    if (ai < alphas.size())
        ctx.fail("attribute 'activation_alpha' has " + std::to_string(alphas.size()) +
                 " values but the activations take only " + std::to_string(ai) +
                 " (values go, in order, to the activations that take an alpha)");
    if (bi < betas.size())
        ctx.fail("attribute 'activation_beta' has " + std::to_string(betas.size()) +
                 " values but the activations take only " + std::to_string(bi) +
                 " (values go, in order, to the activations that take a beta)");
    return p;
}

void infer_recurrent(InferContext& ctx, const RecurrentSpec& spec) {
    const RecurrentParams p = read_recurrent_params(ctx, spec);
    const DType t = ctx.input_dtype(kX);
    require_float(ctx, t, "input X");
    const char* names[] = {"input X", "weight W", "recurrence R", "bias B", "sequence_lens",
                           "initial_h", "initial_c", "peepholes P"};
    for (std::size_t i : {kW, kR, kB, kInitH, kInitC, kP})
        if (i < ctx.num_inputs() && ctx.has_input(i))
            require_same_dtype(ctx, ctx.input_dtype(i), t, names[i], "input X");
    if (ctx.has_input(kSeqLens)) {
        const DType st = ctx.input_dtype(kSeqLens);
        if (st != DType::undefined && st != DType::i32 && st != DType::i64)
            ctx.fail("input sequence_lens has dtype " + std::string(dtype_name(st)) +
                     "; it must be i32");
    }

    const Shape& xs = ctx.input_shape(kX);
    if (xs.ranked() && xs.rank() != 3)
        ctx.fail("input X has shape " + xs.str() + " but must have rank 3 (" +
                 (p.layout == 0 ? "[seq_length, batch_size, input_size])"
                                : "[batch_size, seq_length, input_size])"));
    Dim seq = dim_at(xs, p.layout == 0 ? 0 : 1), batch = dim_at(xs, p.layout == 0 ? 1 : 0);
    Dim input = dim_at(xs, 2);
    const Shape& ws = ctx.input_shape(kW);
    const Shape& rs = ctx.input_shape(kR);
    Dim hidden = p.hidden > 0 ? Dim(p.hidden) : dim_at(rs, 2);
    const int64_t g = spec.gates;
    const std::string gh = std::to_string(g) + "*hidden_size";
    const Dim dirs(p.num_dirs);
    const std::string dirs_doc = "num_directions (" + std::to_string(p.num_dirs) + ")";
    check_shape(ctx, ws, {dirs, times(g, hidden), input}, "weight W",
                "[" + dirs_doc + ", " + gh + ", input_size]");
    input = either(input, dim_at(ws, 2));
    check_shape(ctx, rs, {dirs, times(g, hidden), hidden}, "recurrence R",
                "[" + dirs_doc + ", " + gh + ", hidden_size]");
    if (!hidden.is_static() && dim_at(rs, 1).is_static()) {
        if (dim_at(rs, 1).value() % g != 0)
            ctx.fail("recurrence R has shape " + rs.str() + "; its dim 1 must be " + gh);
        hidden = Dim(dim_at(rs, 1).value() / g);
    }
    if (!hidden.is_static() && dim_at(ws, 1).is_static() && dim_at(ws, 1).value() % g == 0)
        hidden = Dim(dim_at(ws, 1).value() / g);
    if (ctx.has_input(kB))
        check_shape(ctx, ctx.input_shape(kB), {dirs, times(2 * g, hidden)}, "bias B",
                    "[" + dirs_doc + ", " + std::to_string(2 * g) + "*hidden_size]");
    if (ctx.has_input(kSeqLens)) {
        check_shape(ctx, ctx.input_shape(kSeqLens), {batch}, "input sequence_lens",
                    "[batch_size]");
        batch = either(batch, dim_at(ctx.input_shape(kSeqLens), 0));
    }
    const std::vector<Dim> state = p.layout == 0 ? std::vector<Dim>{dirs, batch, hidden}
                                                 : std::vector<Dim>{batch, dirs, hidden};
    const std::string state_doc = p.layout == 0 ? "[" + dirs_doc + ", batch_size, hidden_size]"
                                                : "[batch_size, " + dirs_doc + ", hidden_size]";
    for (std::size_t i : {kInitH, kInitC})
        if (i < ctx.num_inputs() && ctx.has_input(i))
            check_shape(ctx, ctx.input_shape(i), state, names[i], state_doc);
    if (spec.lstm && ctx.num_inputs() > kP && ctx.has_input(kP))
        check_shape(ctx, ctx.input_shape(kP), {dirs, times(3, hidden)}, "peepholes P",
                    "[" + dirs_doc + ", 3*hidden_size]");

    const std::vector<Dim> y = p.layout == 0 ? std::vector<Dim>{seq, dirs, batch, hidden}
                                             : std::vector<Dim>{batch, seq, dirs, hidden};
    if (ctx.num_outputs() > 0) ctx.set_output(0, t, Shape(y));
    for (std::size_t i = 1; i < ctx.num_outputs(); ++i) ctx.set_output(i, t, Shape(state));
}

void DirectionWeights::input_part(int64_t gate, const double* x, double* out) const {
    for (int64_t j = 0; j < hidden; ++j) {
        const double* row = w + (gate * hidden + j) * input;
        double s = wb[gate * hidden + j];
        for (int64_t k = 0; k < input; ++k) s += row[k] * x[k];
        out[j] = s;
    }
}

void DirectionWeights::hidden_part(int64_t gate, const double* h, double* out) const {
    for (int64_t j = 0; j < hidden; ++j) {
        const double* row = r + (gate * hidden + j) * hidden;
        double s = rb[gate * hidden + j];
        for (int64_t k = 0; k < hidden; ++k) s += row[k] * h[k];
        out[j] = s;
    }
}

namespace {

void require_shape(const OpContext& ctx, const Tensor& t, const std::vector<int64_t>& want,
                   const std::string& what, const std::string& layout_doc) {
    if (t.shape() != want)
        ctx.fail(what + " has shape " + ints_str(t.shape()) + " but must be " + layout_doc +
                 " = " + ints_str(want));
}

// Row-major [a, b, c] data in layout 1 ([b, a, c]) order, or as is for layout 0.
std::vector<double> swap01(const std::vector<double>& v, int64_t a, int64_t b, int64_t c,
                           bool swap) {
    if (!swap) return v;
    std::vector<double> out(v.size());
    for (int64_t i = 0; i < a; ++i)
        for (int64_t j = 0; j < b; ++j)
            std::copy_n(&v[static_cast<std::size_t>((i * b + j) * c)], c,
                        &out[static_cast<std::size_t>((j * a + i) * c)]);
    return out;
}

}  // namespace

void compute_recurrent(ComputeContext& ctx, const RecurrentSpec& spec, const CellFn& cell) {
    const RecurrentParams p = read_recurrent_params(ctx, spec);
    const Tensor& xt = ctx.input(kX);
    const DType t = xt.dtype();
    require_float(ctx, t, "input X");
    const char* names[] = {"input X", "weight W", "recurrence R", "bias B", "sequence_lens",
                           "initial_h", "initial_c", "peepholes P"};
    for (std::size_t i : {kW, kR, kB, kInitH, kInitC, kP})
        if (const Tensor* in = ctx.optional_input(i))
            require_same_dtype(ctx, in->dtype(), t, names[i], "input X");
    const bool l1 = p.layout == 1;
    if (xt.rank() != 3)
        ctx.fail("input X has shape " + ints_str(xt.shape()) + " but must have rank 3");
    const int64_t seq = xt.shape()[l1 ? 1 : 0], batch = xt.shape()[l1 ? 0 : 1],
                  input = xt.shape()[2];
    const Tensor& rt = ctx.input(kR);
    if (rt.rank() != 3)
        ctx.fail("recurrence R has shape " + ints_str(rt.shape()) + " but must have rank 3");
    const int64_t hidden = p.hidden > 0 ? p.hidden : rt.shape()[2];
    const int64_t dirs = p.num_dirs, g = spec.gates, gh = g * hidden;
    const std::string dirs_doc = "num_directions (" + std::to_string(dirs) + ")";
    const std::string ghs = std::to_string(g) + "*hidden_size";
    require_shape(ctx, ctx.input(kW), {dirs, gh, input}, "weight W",
                  "[" + dirs_doc + ", " + ghs + ", input_size]");
    require_shape(ctx, rt, {dirs, gh, hidden}, "recurrence R",
                  "[" + dirs_doc + ", " + ghs + ", hidden_size]");
    const std::vector<double> w = to_f64(ctx.input(kW)), r = to_f64(rt);
    std::vector<double> b(static_cast<std::size_t>(dirs * 2 * gh), 0.0);
    if (const Tensor* bt = ctx.optional_input(kB)) {
        require_shape(ctx, *bt, {dirs, 2 * gh}, "bias B",
                      "[" + dirs_doc + ", " + std::to_string(2 * g) + "*hidden_size]");
        b = to_f64(*bt);
    }
    std::vector<int64_t> lens(static_cast<std::size_t>(batch), seq);
    if (const Tensor* st = ctx.optional_input(kSeqLens)) {
        if (st->dtype() != DType::i32 && st->dtype() != DType::i64)
            ctx.fail("input sequence_lens has dtype " + std::string(dtype_name(st->dtype())) +
                     "; it must be i32");
        require_shape(ctx, *st, {batch}, "input sequence_lens", "[batch_size]");
        for (int64_t i = 0; i < batch; ++i) {
            const double v = st->at_double(i);
            if (v < 0 || v > static_cast<double>(seq))
                ctx.fail("sequence_lens[" + std::to_string(i) + "] = " +
                         std::to_string(static_cast<int64_t>(v)) + " is outside [0, " +
                         std::to_string(seq) + "] (seq_length)");
            lens[static_cast<std::size_t>(i)] = static_cast<int64_t>(v);
        }
    }
    const std::vector<int64_t> state_shape =
        l1 ? std::vector<int64_t>{batch, dirs, hidden} : std::vector<int64_t>{dirs, batch, hidden};
    const std::string state_doc = l1 ? "[batch_size, " + dirs_doc + ", hidden_size]"
                                     : "[" + dirs_doc + ", batch_size, hidden_size]";
    // States in layout-0 order [dirs, batch, hidden].
    auto initial_state = [&](std::size_t i) {
        std::vector<double> s(static_cast<std::size_t>(dirs * batch * hidden), 0.0);
        if (i < ctx.num_inputs() && ctx.has_input(i)) {
            require_shape(ctx, ctx.input(i), state_shape, names[i], state_doc);
            s = swap01(to_f64(ctx.input(i)), batch, dirs, hidden, l1);
        }
        return s;
    };
    std::vector<double> h_state = initial_state(kInitH);
    std::vector<double> c_state = spec.lstm ? initial_state(kInitC) : std::vector<double>();
    std::vector<double> peep;
    if (spec.lstm && ctx.has_input(kP)) {
        require_shape(ctx, ctx.input(kP), {dirs, 3 * hidden}, "peepholes P",
                      "[" + dirs_doc + ", 3*hidden_size]");
        peep = to_f64(ctx.input(kP));
    }
    // X as [seq, batch, input].
    const std::vector<double> x = swap01(to_f64(xt), batch, seq, input, l1);

    std::vector<double> y(static_cast<std::size_t>(seq * dirs * batch * hidden), 0.0);
    std::vector<double> h_new(static_cast<std::size_t>(hidden)), c_new(h_new.size());
    for (int64_t d = 0; d < dirs; ++d) {
        DirectionWeights dw;
        dw.input = input, dw.hidden = hidden;
        dw.w = &w[static_cast<std::size_t>(d * gh * input)];
        dw.r = &r[static_cast<std::size_t>(d * gh * hidden)];
        dw.wb = &b[static_cast<std::size_t>(d * 2 * gh)];
        dw.rb = dw.wb + gh;
        dw.p = peep.empty() ? nullptr : &peep[static_cast<std::size_t>(d * 3 * hidden)];
        const bool backwards = p.reverse || d == 1;
        for (int64_t n = 0; n < batch; ++n) {
            const std::size_t so = static_cast<std::size_t>((d * batch + n) * hidden);
            double* h = &h_state[so];
            double* c = spec.lstm ? &c_state[so] : nullptr;
            const int64_t len = lens[static_cast<std::size_t>(n)];
            for (int64_t s = 0; s < len; ++s) {
                const int64_t step = backwards ? len - 1 - s : s;
                const double* xs = &x[static_cast<std::size_t>((step * batch + n) * input)];
                cell(p, p.acts[static_cast<std::size_t>(d)], dw,
                     CellStep{xs, h, c, h_new.data(), spec.lstm ? c_new.data() : nullptr});
                std::copy(h_new.begin(), h_new.end(), h);
                if (c) std::copy(c_new.begin(), c_new.end(), c);
                std::copy(h_new.begin(), h_new.end(),
                          &y[static_cast<std::size_t>(((step * dirs + d) * batch + n) * hidden)]);
            }
        }
    }
    // Y: [seq, dirs, batch, H] -> layout 1 [batch, seq, dirs, H].
    std::vector<int64_t> y_shape{seq, dirs, batch, hidden};
    if (l1) {
        std::vector<double> out(y.size());
        for (int64_t s = 0; s < seq; ++s)
            for (int64_t d = 0; d < dirs; ++d)
                for (int64_t n = 0; n < batch; ++n)
                    std::copy_n(
                        &y[static_cast<std::size_t>(((s * dirs + d) * batch + n) * hidden)], hidden,
                        &out[static_cast<std::size_t>(((n * seq + s) * dirs + d) * hidden)]);
        y = std::move(out);
        y_shape = {batch, seq, dirs, hidden};
    }
    if (ctx.num_outputs() > 0) ctx.set_output(0, from_f64(t, y_shape, y));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, from_f64(t, state_shape, swap01(h_state, dirs, batch, hidden, l1)));
    if (ctx.num_outputs() > 2)
        ctx.set_output(2, from_f64(t, state_shape, swap01(c_state, dirs, batch, hidden, l1)));
}

}  // namespace neo::ops::nn
