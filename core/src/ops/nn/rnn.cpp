// RNN (ONNX opset 22): a simple recurrent layer. Per time step and direction
//   H_t = f(X_t W^T + H_{t-1} R^T + Wb + Rb)
// with the activation f (default Tanh), over the directions forward / reverse /
// bidirectional, honoring sequence_lens. Outputs Y (all hidden states) and Y_h (the last).
#include <vector>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/recurrent.hpp"

namespace neo::ops::nn {
namespace {

const RecurrentSpec& rnn_spec() {
    static const RecurrentSpec spec{1, {"Tanh"}, false};
    return spec;
}

void rnn_cell(const RecurrentParams& p, const std::vector<Activation>& acts,
              const DirectionWeights& w, const CellStep& s) {
    std::vector<double> hr(static_cast<std::size_t>(w.hidden));
    w.input_part(0, s.x, s.h);
    w.hidden_part(0, s.h_prev, hr.data());
    for (int64_t j = 0; j < w.hidden; ++j)
        s.h[j] = acts[0](p.clipped(s.h[j] + hr[static_cast<std::size_t>(j)]));
}

}  // namespace

void register_rnn(OpRegistry& r) {
    OpSchema s;
    s.name = "RNN";
    s.min_inputs = 3;
    s.max_inputs = 6;
    s.min_outputs = 0;
    s.max_outputs = 2;
    s.attrs = recurrent_attr_specs(rnn_spec());
    s.infer = [](InferContext& ctx) { infer_recurrent(ctx, rnn_spec()); };
    s.compute = [](ComputeContext& ctx) { compute_recurrent(ctx, rnn_spec(), rnn_cell); };
    s.doc = "Simple recurrent layer, ONNX RNN-22 (inputs X, W, R, B, sequence_lens, "
            "initial_h; outputs Y, Y_h). Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
