// RNN: NumPy fixtures (directions, sequence_lens, initial_h, layout, activations with
// alpha/beta, clip), hand-computed values, shape inference and error messages. The checks of
// the machinery shared with GRU and LSTM (attributes, input shapes) live here.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("RNN: NumPy fixtures") { run_fixture_cases(data_dir("ops_nn/extra"), "RNN"); }

TEST_CASE("RNN: hand-computed") {
    // seq 2, batch 1, input 1, hidden 1: H1 = tanh(0.5 * 1 + 0.1 + 0.2), H2 = tanh(0.5 * 2 +
    // 0.3 * H1 + 0.3).
    Tensor x = floats({2, 1, 1}, {1, 2});
    Tensor w = floats({1, 1, 1}, {0.5f});
    Tensor r = floats({1, 1, 1}, {0.3f});
    Tensor b = floats({1, 2}, {0.1f, 0.2f});
    auto y = run("RNN", {x, w, r, b}, {{"hidden_size", int64_t{1}}}, 2);
    const double h1 = std::tanh(0.5 + 0.3), h2 = std::tanh(1.0 + 0.3 * h1 + 0.3);
    check_close(y[0], floats({2, 1, 1, 1}, {float(h1), float(h2)}), 1e-6, 1e-7);
    check_close(y[1], floats({1, 1, 1}, {float(h2)}), 1e-6, 1e-7);

    // Reverse: the last step is processed first and Y_h is the state after step 0.
    y = run("RNN", {x, w, r, b}, {{"hidden_size", int64_t{1}}, {"direction", "reverse"}}, 2);
    const double g2 = std::tanh(1.0 + 0.3), g1 = std::tanh(0.5 + 0.3 * g2 + 0.3);
    check_close(y[0], floats({2, 1, 1, 1}, {float(g1), float(g2)}), 1e-6, 1e-7);
    check_close(y[1], floats({1, 1, 1}, {float(g1)}), 1e-6, 1e-7);

    // sequence_lens 1 of 2: Y is zero past the end and Y_h the state after step 0.
    Tensor lens = Tensor::from_vector<int32_t>({1}, {1});
    y = run("RNN", {x, w, r, b, lens}, {}, 2);
    check_close(y[0], floats({2, 1, 1, 1}, {float(h1), 0}), 1e-6, 1e-7);
    check_close(y[1], floats({1, 1, 1}, {float(h1)}), 1e-6, 1e-7);
    // A zero length leaves initial_h.
    Tensor zero = Tensor::from_vector<int32_t>({1}, {0});
    Tensor h0 = floats({1, 1, 1}, {0.25f});
    y = run("RNN", {x, w, r, b, zero, h0}, {}, 2);
    check_close(y[1], h0, 0, 0);
}

TEST_CASE("RNN: only Y_h, or no output wanted") {
    Tensor x = floats({1, 1, 1}, {1});
    Tensor w = floats({1, 1, 1}, {1});
    Tensor r = floats({1, 1, 1}, {0});
    CHECK(run("RNN", {x, w, r}, {}, 1)[0].shape() == std::vector<int64_t>{1, 1, 1, 1});
    CHECK(run("RNN", {x, w, r}, {}, 0).empty());
}

TEST_CASE("RNN: inference") {
    Attributes h5{{"hidden_size", int64_t{5}}};
    CHECK(inferred_shape("RNN", {f32({7, 3, 4}), f32({1, 5, 4}), f32({1, 5, 5})}, h5, 2, 0) ==
          Shape({7, 1, 3, 5}));
    CHECK(inferred_shape("RNN", {f32({7, 3, 4}), f32({1, 5, 4}), f32({1, 5, 5})}, h5, 2, 1) ==
          Shape({1, 3, 5}));
    // hidden_size from R; batch-first layout; bidirectional.
    Attributes bi{{"direction", "bidirectional"}, {"layout", int64_t{1}}};
    CHECK(inferred_shape("RNN", {f32({3, 7, 4}), f32({2, 6, 4}), f32({2, 6, 6})}, bi, 2, 0) ==
          Shape({3, 7, 2, 6}));
    CHECK(inferred_shape("RNN", {f32({3, 7, 4}), f32({2, 6, 4}), f32({2, 6, 6})}, bi, 2, 1) ==
          Shape({3, 2, 6}));
    // Unknown dims stay unknown; the others still come through.
    const Shape s = inferred_shape(
        "RNN", {f32(Shape(std::vector<Dim>{Dim::symbol("T"), Dim::symbol("N"), 4})),
                f32({1, 5, 4}), f32({1, 5, 5})});
    CHECK(s == Shape({Dim::symbol("T"), 1, Dim::symbol("N"), 5}));
}

TEST_CASE("RNN / GRU / LSTM: error messages") {
    const In x = f32({2, 3, 4}), w = f32({1, 5, 4}), r = f32({1, 5, 5});
    Attributes h5{{"hidden_size", int64_t{5}}};
    CHECK(contains(infer_error("RNN", {f32({2, 3}), w, r}, h5),
                   "input X has shape [2,3] but must have rank 3 ([seq_length, batch_size, "
                   "input_size])"));
    CHECK(contains(infer_error("RNN", {x, f32({1, 5, 3}), r}, h5),
                   "weight W has shape [1,5,3] but must be [num_directions (1), 1*hidden_size, "
                   "input_size] = [1,5,4]"));
    CHECK(contains(infer_error("GRU", {x, f32({1, 15, 4}), f32({1, 15, 4})}, h5),
                   "recurrence R has shape [1,15,4] but must be [num_directions (1), "
                   "3*hidden_size, hidden_size] = [1,15,5]"));
    CHECK(contains(infer_error("RNN", {x, w, r, f32({1, 5})}, h5),
                   "bias B has shape [1,5] but must be [num_directions (1), 2*hidden_size] = "
                   "[1,10]"));
    CHECK(contains(infer_error("RNN", {x, f32({2, 5, 4}), r}, h5),
                   "weight W has shape [2,5,4] but must be [num_directions (1)"));
    CHECK(contains(infer_error("RNN",
                               {x, w, r, In::omitted(), In::of(DType::i32, Shape{2}),
                                In::omitted()},
                               h5),
                   "input sequence_lens has shape [2] but must be [batch_size] = [3]"));
    CHECK(contains(infer_error("RNN",
                               {x, w, r, In::omitted(), In::omitted(), f32({1, 5, 5})},
                               h5),
                   "initial_h has shape [1,5,5] but must be [num_directions (1), batch_size, "
                   "hidden_size] = [1,3,5]"));
    CHECK(contains(infer_error("LSTM",
                               {x, f32({1, 20, 4}), f32({1, 20, 5}), In::omitted(),
                                In::omitted(), In::omitted(), In::omitted(), f32({1, 10})},
                               h5),
                   "peepholes P has shape [1,10] but must be [num_directions (1), "
                   "3*hidden_size] = [1,15]"));
    CHECK(contains(infer_error("RNN", {x, In::of(DType::f64, Shape{1, 5, 4}), r}, h5),
                   "weight W has dtype f64 but input X has dtype f32; they must match"));
    CHECK(contains(infer_error("RNN", {In::of(DType::i32, Shape{2, 3, 4}), w, r}, h5),
                   "input X has dtype i32; RNN supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("RNN",
                               {x, w, r, In::omitted(), In::of(DType::f32, Shape{3})}, h5),
                   "input sequence_lens has dtype f32; it must be i32"));

    // Attributes.
    CHECK(contains(infer_error("RNN", {x, w, r}, {{"direction", "sideways"}}),
                   "attribute 'direction' must be forward, reverse or bidirectional, got "
                   "'sideways'"));
    CHECK(contains(infer_error("RNN", {x, w, r}, {{"layout", int64_t{2}}}),
                   "attribute 'layout' must be 0 or 1, got 2"));
    CHECK(contains(infer_error("RNN", {x, w, r}, {{"hidden_size", int64_t{0}}}),
                   "attribute 'hidden_size' must be positive, got 0"));
    CHECK(contains(infer_error("RNN", {x, w, r}, {{"clip", -1.0}}),
                   "attribute 'clip' must be positive"));
    CHECK(contains(infer_error("RNN", {x, w, r},
                               {{"activations", std::vector<std::string>{"Swish"}}}),
                   "attribute 'activations' names an unknown activation 'Swish' (known: Relu, "
                   "Tanh, Sigmoid, Affine, LeakyRelu"));
    CHECK(contains(infer_error("GRU", {x, f32({1, 15, 4}), f32({1, 15, 5})},
                               {{"activations", std::vector<std::string>{"Sigmoid"}}}),
                   "attribute 'activations' has 1 names, expected 2 (2 per direction, 1 "
                   "direction)"));
    CHECK(contains(infer_error("RNN", {x, w, r},
                               {{"activations", std::vector<std::string>{"Tanh"}},
                                {"activation_alpha", std::vector<double>{0.5}}}),
                   "attribute 'activation_alpha' has 1 values but the activations take only 0"));
    CHECK(contains(infer_error("LSTM", {x, f32({1, 20, 4}), f32({1, 20, 5})},
                               {{"input_forget", int64_t{3}}}),
                   "attribute 'input_forget' must be 0 or 1, got 3"));

    // Compute-time checks of values.
    Tensor xt = floats({2, 1, 1}, {1, 2});
    Tensor wt = floats({1, 1, 1}, {1});
    Tensor lens = Tensor::from_vector<int32_t>({1}, {3});
    CHECK(contains(compute_error("RNN", {xt, wt, wt, std::nullopt, lens}),
                   "sequence_lens[0] = 3 is outside [0, 2] (seq_length)"));
}
