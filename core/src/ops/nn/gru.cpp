// GRU (ONNX opset 22): a gated recurrent unit layer. Gates in the order z, r, h; with the
// activations f (default Sigmoid) and g (default Tanh), per time step and direction:
//   z_t = f(X_t Wz^T + H_{t-1} Rz^T + Wbz + Rbz)
//   r_t = f(X_t Wr^T + H_{t-1} Rr^T + Wbr + Rbr)
//   h_t = g(X_t Wh^T + (r_t * H_{t-1}) Rh^T + Rbh + Wbh)        linear_before_reset = 0
//   h_t = g(X_t Wh^T + r_t * (H_{t-1} Rh^T + Rbh) + Wbh)        linear_before_reset != 0
//   H_t = (1 - z_t) * h_t + z_t * H_{t-1}
// Outputs Y (all hidden states) and Y_h (the last).
#include <vector>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/recurrent.hpp"

namespace neo::ops::nn {
namespace {

const RecurrentSpec& gru_spec() {
    static const RecurrentSpec spec{3, {"Sigmoid", "Tanh"}, false};
    return spec;
}

void gru_cell(bool linear_before_reset, const RecurrentParams& p,
              const std::vector<Activation>& acts, const DirectionWeights& w, const CellStep& s) {
    const auto n = static_cast<std::size_t>(w.hidden);
    std::vector<double> xz(n), hz(n), xr(n), hr(n), xh(n), hh(n), rh(n);
    w.input_part(0, s.x, xz.data());
    w.hidden_part(0, s.h_prev, hz.data());
    w.input_part(1, s.x, xr.data());
    w.hidden_part(1, s.h_prev, hr.data());
    w.input_part(2, s.x, xh.data());
    std::vector<double> z(n), r(n);
    for (std::size_t j = 0; j < n; ++j) {
        z[j] = acts[0](p.clipped(xz[j] + hz[j]));
        r[j] = acts[0](p.clipped(xr[j] + hr[j]));
    }
    if (linear_before_reset) {
        w.hidden_part(2, s.h_prev, hh.data());
        for (std::size_t j = 0; j < n; ++j) hh[j] *= r[j];
    } else {
        for (std::size_t j = 0; j < n; ++j) rh[j] = r[j] * s.h_prev[j];
        w.hidden_part(2, rh.data(), hh.data());
    }
    for (std::size_t j = 0; j < n; ++j) {
        const double h = acts[1](p.clipped(xh[j] + hh[j]));
        s.h[j] = (1.0 - z[j]) * h + z[j] * s.h_prev[j];
    }
}

void compute_gru(ComputeContext& ctx) {
    const int64_t lbr = ctx.attr_i("linear_before_reset");
    compute_recurrent(ctx, gru_spec(),
                      [lbr](const RecurrentParams& p, const std::vector<Activation>& acts,
                            const DirectionWeights& w, const CellStep& s) {
                          gru_cell(lbr != 0, p, acts, w, s);
                      });
}

}  // namespace

void register_gru(OpRegistry& r) {
    OpSchema s;
    s.name = "GRU";
    s.min_inputs = 3;
    s.max_inputs = 6;
    s.min_outputs = 0;
    s.max_outputs = 2;
    s.attrs = recurrent_attr_specs(gru_spec());
    s.attrs.push_back({"linear_before_reset", AttrType::i, Attribute(int64_t{0}), false,
                       "nonzero: apply the reset gate after the linear transformation of "
                       "H_{t-1} by Rh"});
    s.infer = [](InferContext& ctx) { infer_recurrent(ctx, gru_spec()); };
    s.compute = compute_gru;
    s.doc = "Gated recurrent unit layer, ONNX GRU-22 (inputs X, W, R, B, sequence_lens, "
            "initial_h; outputs Y, Y_h). Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
