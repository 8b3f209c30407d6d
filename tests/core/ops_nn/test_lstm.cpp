// LSTM: NumPy fixtures (peepholes, initial states, directions, sequence_lens, layout,
// input_forget, clip, activations), a hand-computed step and inference. Shared input /
// attribute errors: test_rnn.cpp.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("LSTM: NumPy fixtures") { run_fixture_cases(data_dir("ops_nn/extra"), "LSTM"); }

TEST_CASE("LSTM: hand-computed step") {
    // input 1, hidden 1, one step; W rows i, o, f, c = 1, 2, 3, 4; R = 0; no bias;
    // initial_c = 0.5; peepholes Pi, Po, Pf = 0.1, 0.2, 0.3.
    Tensor x = floats({1, 1, 1}, {1});
    Tensor w = floats({1, 4, 1}, {1, 2, 3, 4});
    Tensor r = floats({1, 4, 1}, {0, 0, 0, 0});
    Tensor h0 = floats({1, 1, 1}, {0});
    Tensor c0 = floats({1, 1, 1}, {0.5f});
    Tensor p = floats({1, 3}, {0.1f, 0.2f, 0.3f});
    auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
    const double i = sig(1 + 0.1 * 0.5), f = sig(3 + 0.3 * 0.5), c = std::tanh(4.0);
    const double cell = f * 0.5 + i * c, o = sig(2 + 0.2 * cell), h = o * std::tanh(cell);
    auto y = run("LSTM", {x, w, r, std::nullopt, std::nullopt, h0, c0, p}, {}, 3);
    check_close(y[0], floats({1, 1, 1, 1}, {float(h)}), 1e-6, 1e-7);
    check_close(y[1], floats({1, 1, 1}, {float(h)}), 1e-6, 1e-7);
    check_close(y[2], floats({1, 1, 1}, {float(cell)}), 1e-6, 1e-7);

    // input_forget: f = 1 - i (the forget weights and peephole are unused).
    const double i2 = sig(1 + 0.1 * 0.5), cell2 = (1 - i2) * 0.5 + i2 * c;
    const double o2 = sig(2 + 0.2 * cell2);
    y = run("LSTM", {x, w, r, std::nullopt, std::nullopt, h0, c0, p},
            {{"input_forget", int64_t{1}}}, 3);
    check_close(y[1], floats({1, 1, 1}, {float(o2 * std::tanh(cell2))}), 1e-6, 1e-7);
    check_close(y[2], floats({1, 1, 1}, {float(cell2)}), 1e-6, 1e-7);

    // clip bounds the gate inputs (here 0.5), not the cell state.
    const double ci = sig(0.5), cf = sig(0.5), cc = std::tanh(0.5);
    const double ccell = cf * 0.5 + ci * cc, co = sig(0.5);
    y = run("LSTM", {x, w, r, std::nullopt, std::nullopt, h0, c0}, {{"clip", 0.5}}, 3);
    check_close(y[1], floats({1, 1, 1}, {float(co * std::tanh(ccell))}), 1e-6, 1e-7);
    check_close(y[2], floats({1, 1, 1}, {float(ccell)}), 1e-6, 1e-7);
}

TEST_CASE("LSTM: inference") {
    const In x = In::of(DType::f32, Shape{2, 6, 3});  // layout 1: [batch, seq, input]
    const In w = In::of(DType::f32, Shape{1, 8, 3});
    const In r = In::of(DType::f32, Shape{1, 8, 2});
    Attributes l1{{"layout", int64_t{1}}, {"hidden_size", int64_t{2}}};
    CHECK(inferred_shape("LSTM", {x, w, r}, l1, 3, 0) == Shape({2, 6, 1, 2}));
    CHECK(inferred_shape("LSTM", {x, w, r}, l1, 3, 1) == Shape({2, 1, 2}));
    CHECK(inferred_shape("LSTM", {x, w, r}, l1, 3, 2) == Shape({2, 1, 2}));
    CHECK(contains(infer_error("LSTM",
                               {x, w, r, In::omitted(), In::omitted(),
                                In::of(DType::f32, Shape{1, 2, 2})},
                               l1, 3),
                   "initial_h has shape [1,2,2] but must be [batch_size, num_directions (1), "
                   "hidden_size] = [2,1,2]"));
}
