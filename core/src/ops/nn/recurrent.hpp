#pragma once
// Machinery shared by the recurrent ops RNN, GRU and LSTM (ONNX opset 22): the common
// attributes (activations with their alpha/beta, clip, direction, hidden_size, layout),
// shape/type inference of the inputs X, W, R, B, sequence_lens, initial_h (and LSTM's
// initial_c, P) and outputs Y, Y_h (, Y_c), and a reference driver that walks every
// direction, batch entry and time step and calls the op's cell function once per step.
//
// Shapes (layout 0; layout 1 swaps the batch axis to the front of X, Y and the states):
//   X [seq, batch, input]   W [dirs, gates*H, input]   R [dirs, gates*H, H]
//   B [dirs, 2*gates*H] (input biases, then recurrent biases)   sequence_lens [batch]
//   initial_h / initial_c / Y_h / Y_c [dirs, batch, H]   Y [seq, dirs, batch, H]
//   P [dirs, 3*H] (LSTM peepholes i, o, f)
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::nn {

// One activation function of a recurrent cell with its parameters.
struct Activation {
    enum class Kind {
        relu, tanh, sigmoid, affine, leaky_relu, thresholded_relu, scaled_tanh, hard_sigmoid,
        elu, softsign, softplus
    };
    Kind kind = Kind::tanh;
    double alpha = 0.0, beta = 0.0;
    double operator()(double x) const;
};

// What distinguishes one recurrent op for the shared machinery.
struct RecurrentSpec {
    int64_t gates = 1;                         // RNN 1, GRU 3, LSTM 4
    std::vector<std::string> default_activations;  // per direction, e.g. {"Sigmoid", "Tanh"}
    bool lstm = false;                         // inputs initial_c, P and output Y_c
};

// The attribute specs common to RNN, GRU and LSTM.
std::vector<AttrSpec> recurrent_attr_specs(const RecurrentSpec& spec);

// The checked attributes of one node.
struct RecurrentParams {
    int64_t hidden = -1;            // -1 when hidden_size is not set (taken from R)
    int64_t num_dirs = 1;
    bool reverse = false;           // direction "reverse" (single direction run backwards)
    int64_t layout = 0;
    double clip = 0.0;              // > 0: gate pre-activations are clipped to [-clip, clip]
    std::vector<std::vector<Activation>> acts;  // per direction
    double clipped(double x) const {
        return clip > 0 ? (x > clip ? clip : (x < -clip ? -clip : x)) : x;
    }
};

RecurrentParams read_recurrent_params(const OpContext& ctx, const RecurrentSpec& spec);

// Checks dtypes and shapes of every input and sets the outputs.
void infer_recurrent(InferContext& ctx, const RecurrentSpec& spec);

// The weights of one direction (row-major doubles, biases zero when B is omitted).
struct DirectionWeights {
    int64_t input = 0, hidden = 0;
    const double* w = nullptr;   // [gates*H, input]
    const double* r = nullptr;   // [gates*H, H]
    const double* wb = nullptr;  // [gates*H]
    const double* rb = nullptr;  // [gates*H]
    const double* p = nullptr;   // [3*H] LSTM peepholes, nullptr when P is omitted
    // out[j] = sum_k W[g*H + j, k] * x[k] + Wb[g*H + j] for gate g.
    void input_part(int64_t gate, const double* x, double* out) const;
    // out[j] = sum_k R[g*H + j, k] * h[k] + Rb[g*H + j] for gate g.
    void hidden_part(int64_t gate, const double* h, double* out) const;
};

// One time step of one batch entry: from x [input], h_prev [H] (and c_prev [H]) compute
// h [H] (and c [H]). c_prev / c are nullptr except for LSTM.
struct CellStep {
    const double* x;
    const double* h_prev;
    const double* c_prev;
    double* h;
    double* c;
};
using CellFn = std::function<void(const RecurrentParams&, const std::vector<Activation>& acts,
                                  const DirectionWeights&, const CellStep&)>;

// Reference driver: checks the inputs, runs `cell` over every direction, batch entry and
// time step (honoring sequence_lens), and sets the outputs Y, Y_h (, Y_c).
void compute_recurrent(ComputeContext& ctx, const RecurrentSpec& spec, const CellFn& cell);

}  // namespace neo::ops::nn
