// LSTM (ONNX opset 22): a long short-term memory layer. Gates in the order i, o, f, c;
// with the activations f (default Sigmoid), g and h (default Tanh) and the optional
// peepholes P = [Pi, Po, Pf], per time step and direction:
//   i_t = f(X_t Wi^T + H_{t-1} Ri^T + Pi * C_{t-1} + Wbi + Rbi)
//   f_t = f(X_t Wf^T + H_{t-1} Rf^T + Pf * C_{t-1} + Wbf + Rbf)   (1 - i_t with input_forget)
//   c_t = g(X_t Wc^T + H_{t-1} Rc^T + Wbc + Rbc)
//   C_t = f_t * C_{t-1} + i_t * c_t
//   o_t = f(X_t Wo^T + H_{t-1} Ro^T + Po * C_t + Wbo + Rbo)
//   H_t = o_t * h(C_t)
// clip bounds the gate inputs of f and g. Outputs Y (all hidden states), Y_h, Y_c (last).
#include <vector>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/recurrent.hpp"

namespace neo::ops::nn {
namespace {

const RecurrentSpec& lstm_spec() {
    static const RecurrentSpec spec{4, {"Sigmoid", "Tanh", "Tanh"}, true};
    return spec;
}

// Gate blocks of W / R / B.
constexpr int64_t kI = 0, kO = 1, kF = 2, kC = 3;

void lstm_cell(bool input_forget, const RecurrentParams& p, const std::vector<Activation>& acts,
               const DirectionWeights& w, const CellStep& s) {
    const auto n = static_cast<std::size_t>(w.hidden);
    // pre[g][j]: the input and hidden parts of gate g.
    std::vector<double> pre[4], tmp(n);
    for (int64_t g = 0; g < 4; ++g) {
        auto& v = pre[static_cast<std::size_t>(g)];
        v.resize(n);
        w.input_part(g, s.x, v.data());
        w.hidden_part(g, s.h_prev, tmp.data());
        for (std::size_t j = 0; j < n; ++j) v[j] += tmp[j];
    }
    const double* pi = w.p;
    const double* po = w.p ? w.p + n : nullptr;
    const double* pf = w.p ? w.p + 2 * n : nullptr;
    for (std::size_t j = 0; j < n; ++j) {
        const double c_prev = s.c_prev[j];
        const double i = acts[0](p.clipped(pre[kI][j] + (pi ? pi[j] * c_prev : 0.0)));
        const double f = input_forget
            ? 1.0 - i
            : acts[0](p.clipped(pre[kF][j] + (pf ? pf[j] * c_prev : 0.0)));
        const double c = acts[1](p.clipped(pre[kC][j]));
        const double cell = f * c_prev + i * c;
        const double o = acts[0](p.clipped(pre[kO][j] + (po ? po[j] * cell : 0.0)));
        s.c[j] = cell;
        s.h[j] = o * acts[2](cell);
    }
}

void compute_lstm(ComputeContext& ctx) {
    const int64_t input_forget = ctx.attr_i("input_forget");
    if (input_forget != 0 && input_forget != 1)
        ctx.fail("attribute 'input_forget' must be 0 or 1, got " + std::to_string(input_forget));
    compute_recurrent(ctx, lstm_spec(),
                      [input_forget](const RecurrentParams& p, const std::vector<Activation>& acts,
                                     const DirectionWeights& w, const CellStep& s) {
                          lstm_cell(input_forget == 1, p, acts, w, s);
                      });
}

void infer_lstm(InferContext& ctx) {
    const int64_t input_forget = ctx.attr_i("input_forget");
    if (input_forget != 0 && input_forget != 1)
        ctx.fail("attribute 'input_forget' must be 0 or 1, got " + std::to_string(input_forget));
    infer_recurrent(ctx, lstm_spec());
}

}  // namespace

void register_lstm(OpRegistry& r) {
    OpSchema s;
    s.name = "LSTM";
    s.min_inputs = 3;
    s.max_inputs = 8;
    s.min_outputs = 0;
    s.max_outputs = 3;
    s.attrs = recurrent_attr_specs(lstm_spec());
    s.attrs.push_back({"input_forget", AttrType::i, Attribute(int64_t{0}), false,
                       "1: couple the input and forget gates (f_t = 1 - i_t)"});
    s.infer = infer_lstm;
    s.compute = compute_lstm;
    s.doc = "Long short-term memory layer, ONNX LSTM-22 (inputs X, W, R, B, sequence_lens, "
            "initial_h, initial_c, P; outputs Y, Y_h, Y_c). Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
