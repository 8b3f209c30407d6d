// GRU: NumPy fixtures (linear_before_reset, directions, sequence_lens, layout, activations,
// clip), a hand-computed step and inference. Shared input / attribute errors: test_rnn.cpp.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("GRU: NumPy fixtures") { run_fixture_cases(data_dir("ops_nn/extra"), "GRU"); }

TEST_CASE("GRU: hand-computed step") {
    // input 1, hidden 1, one step from initial_h = 0.5; W rows z, r, h = 1, 2, 3; R = 0.5,
    // 0.25, 2; no bias.
    Tensor x = floats({1, 1, 1}, {1});
    Tensor w = floats({1, 3, 1}, {1, 2, 3});
    Tensor r = floats({1, 3, 1}, {0.5f, 0.25f, 2});
    Tensor h0 = floats({1, 1, 1}, {0.5f});
    auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
    const double z = sig(1 + 0.25), rr = sig(2 + 0.125);
    const double hh0 = std::tanh(3 + 2 * (rr * 0.5));
    auto y = run("GRU", {x, w, r, std::nullopt, std::nullopt, h0}, {}, 2);
    check_close(y[1], floats({1, 1, 1}, {float((1 - z) * hh0 + z * 0.5)}), 1e-6, 1e-7);
    // With a recurrent bias of h the two variants differ: Rbh inside or outside the reset.
    Tensor b = floats({1, 6}, {0, 0, 0, 0, 0, 0.5f});
    const double bh0 = std::tanh(3 + 2 * (rr * 0.5) + 0.5);
    const double bh1 = std::tanh(3 + rr * (2 * 0.5 + 0.5));
    y = run("GRU", {x, w, r, b, std::nullopt, h0}, {}, 2);
    check_close(y[1], floats({1, 1, 1}, {float((1 - z) * bh0 + z * 0.5)}), 1e-6, 1e-7);
    y = run("GRU", {x, w, r, b, std::nullopt, h0}, {{"linear_before_reset", int64_t{1}}}, 2);
    check_close(y[1], floats({1, 1, 1}, {float((1 - z) * bh1 + z * 0.5)}), 1e-6, 1e-7);
}

TEST_CASE("GRU: inference") {
    const In x = In::of(DType::f64, Shape{5, 2, 3});
    const In w = In::of(DType::f64, Shape{2, 12, 3});
    const In r = In::of(DType::f64, Shape{2, 12, 4});
    Attributes bi{{"direction", "bidirectional"}};
    CHECK(inferred_shape("GRU", {x, w, r}, bi, 2, 0) == Shape({5, 2, 2, 4}));
    CHECK(inferred_shape("GRU", {x, w, r}, bi, 2, 1) == Shape({2, 2, 4}));
    Graph g;
    Node* n = infer(g, "GRU", {x, w, r}, bi, 2);
    CHECK(n->output(0)->dtype() == DType::f64);
}
