// Attention (opset 23, with opset 24's nonpad_kv_seqlen and opset 25's sliding window).
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
const Attributes kHeads{{"q_num_heads", int64_t{4}}, {"kv_num_heads", int64_t{2}}};
}  // namespace

TEST_CASE("Attention: ReferenceEvaluator fixtures (3-D/4-D, GQA, masks, cache, modes, windows)") {
    run_fixture_cases(data_dir("ops_attention"), "Attention");
}

TEST_CASE("Attention: hand-computed, and qk_matmul_output_mode 0 is the raw product") {
    // One query [1, 0] against keys [1, 0] and [0, 0]; values 1 and 3; scale 1.
    const Tensor q = floats({1, 1, 1, 2}, {1, 0});
    const Tensor k = floats({1, 1, 2, 2}, {1, 0, 0, 0});
    const Tensor v = floats({1, 1, 2, 1}, {1, 3});
    const double e = std::exp(1.0);
    auto out = run("Attention", {q, k, v}, {{"scale", 1.0}}, 4);
    check_close(out[0], floats({1, 1, 1, 1}, {static_cast<float>((e + 3) / (e + 1))}), 1e-6, 0);
    check_close(out[1], k, 0, 0);  // present_key without a past: K itself
    check_close(out[2], v, 0, 0);
    check_close(out[3], floats({1, 1, 1, 2}, {1, 0}), 0, 0);
    // With a soft cap the weights use 0.5 * tanh(1 / 0.5); mode 0 still gives raw QK.
    out = run("Attention", {q, k, v}, {{"scale", 1.0}, {"softcap", 0.5}}, 4);
    const double c = std::exp(0.5 * std::tanh(2.0));
    check_close(out[0], floats({1, 1, 1, 1}, {static_cast<float>((c + 3) / (c + 1))}), 1e-6, 0);
    check_close(out[3], floats({1, 1, 1, 2}, {1, 0}), 0, 0);
    // A bool mask that hides every key gives a zero row (not NaN).
    const Tensor none = Tensor::from_vector<bool>({1, 2}, {false, false});
    out = run("Attention", {q, k, v, none}, {}, 4);
    check_close(out[0], floats({1, 1, 1, 1}, {0}), 0, 0);
}

TEST_CASE("Attention: inference") {
    const Dim b = Dim::symbol("B"), s = Dim::symbol("S");
    // 4-D with a past: present has P + S rows.
    Graph g;
    Node* n = infer(g, "Attention",
                    {f32(Shape({b, 8, s, 16})), f32(Shape({b, 2, s, 16})), In::of(DType::f32, Shape({b, 2, s, 32})),
                     In::of(DType::boolean, Shape({s, Dim::unknown()})), f32(Shape({b, 2, 5, 16})),
                     f32(Shape({b, 2, 5, 32}))},
                    {}, 4);
    CHECK(n->output(0)->shape() == Shape({b, 8, s, 32}));
    CHECK(n->output(1)->shape() == Shape({b, 2, Dim::unknown(), 16}));
    CHECK(n->output(2)->shape() == Shape({b, 2, Dim::unknown(), 32}));
    CHECK(n->output(3)->shape() == Shape({b, 8, s, Dim::unknown()}));
    // 3-D: Y is (B, Sq, q_num_heads * v_head_size); no past: total = kv length.
    Graph g3;
    n = infer(g3, "Attention", {f32(Shape({b, s, 64})), f32(Shape({b, 7, 32})), In::of(DType::f16, Shape({b, 7, 8}))},
              kHeads, 3);
    CHECK(n->output(0)->shape() == Shape({b, s, 16}));
    CHECK(n->output(0)->dtype() == DType::f32);
    CHECK(n->output(1)->shape() == Shape({b, 2, 7, 16}));
    CHECK(n->output(2)->shape() == Shape({b, 2, 7, 4}));
    CHECK(n->output(2)->dtype() == DType::f16);  // present_value takes V's dtype
}

TEST_CASE("Attention: error messages") {
    auto err = [](const std::vector<In>& in, const Attributes& a = {}, std::size_t outs = 1) {
        return infer_error("Attention", in, a, outs);
    };
    const In q = f32({2, 4, 3, 8}), k = f32({2, 2, 5, 8}), v = f32({2, 2, 5, 6});
    CHECK(contains(err({f32({2, 3, 32}), f32({2, 5, 16}), f32({2, 5, 16})}),
                   "3-D inputs Q, K, V need attributes 'q_num_heads' and 'kv_num_heads'"));
    CHECK(contains(err({f32({2, 3, 30}), f32({2, 5, 16}), f32({2, 5, 16})}, kHeads),
                   "input Q's hidden size 30 is not divisible by its number of heads 4"));
    CHECK(contains(err({f32({2, 3, 32}), f32({2, 5, 8}), f32({2, 5, 16})}, kHeads),
                   "Q and K must have the same head size (hidden / num_heads) (8 vs 4)"));
    CHECK(contains(err({q, f32({2, 5, 8}), v}),
                   "inputs Q, K and V must all be 3-D or all 4-D"));
    CHECK(contains(err({f32({2, 3, 3, 8}), k, v}),
                   "the 3 query heads cannot be grouped over the 2 key/value heads"));
    CHECK(contains(err({q, k, f32({2, 2, 4, 6})}),
                   "inputs K and V must have the same sequence length (5 vs 4)"));
    CHECK(contains(err({q, k, v, In::omitted(), f32({2, 2, 1, 8})}),
                   "inputs past_key and past_value must be given together"));
    CHECK(contains(err({q, k, v, In::omitted(), f32({2, 2, 1, 8}), f32({2, 2, 1, 7})}),
                   "input past_value [2,2,1,7] does not match the inputs: head size (6 vs 7)"));
    CHECK(contains(err({q, k, v, In::omitted(), f32({2, 2, 1, 8}), f32({2, 2, 1, 6}),
                        In::of(DType::i64, {2})}),
                   "input nonpad_kv_seqlen (an external cache) cannot be combined with past_key"));
    CHECK(contains(err({q, k, v, f32({3, 6})}),
                   "input attn_mask of shape [3,6] does not broadcast to (batch, q_num_heads, "
                   "q_seq, total_seq) = [2,4,3,5]"));
    CHECK(contains(err({q, k, v, f32({2, 3, 5})}), "input attn_mask of shape [2,3,5] does not broadcast"));
    CHECK(contains(err({q, k, v, In::of(DType::f16, {3, 5})}),
                   "the float input attn_mask has dtype f16 but input Q has dtype f32"));
    CHECK(contains(err({q, k, v, In::of(DType::string, {3, 5})}),
                   "input attn_mask has dtype string; it must be bool (true: attend) or numeric"));
    CHECK(contains(err({q, In::of(DType::f16, {2, 2, 5, 8}), v}),
                   "input K has dtype f16 but input Q has dtype f32; they must match"));
    CHECK(contains(err({q, k, v}, {{"qk_matmul_output_mode", int64_t{4}}}),
                   "attribute 'qk_matmul_output_mode' must be 0 (QK), 1 (after softcap), 2 (after "
                   "the mask) or 3 (after softmax), got 4"));
    CHECK(contains(err({q, k, v}, {{"softmax_precision", int64_t{6}}}),
                   "attribute 'softmax_precision' must be a float element type"));
    CHECK(contains(err({q, k, v}, {{"left_window_size", int64_t{-2}}}),
                   "attribute 'left_window_size' must be -1 (unbounded) or >= 0, got -2"));
    CHECK(contains(err({q, k, v}, {{"q_num_heads", int64_t{8}}}),
                   "attribute 'q_num_heads' disagrees with the 4-D input Q (4 vs 8)"));
    CHECK(contains(err({q, k, v}, {}, 5), "has 5 outputs, Attention gives 1 to 4"));
    const Tensor tq = Tensor::zeros(DType::f32, {2, 1, 1, 2});
    const Tensor tk = Tensor::zeros(DType::f32, {2, 1, 3, 2});
    CHECK(contains(compute_error("Attention", {tq, tk, tk, std::nullopt, std::nullopt, std::nullopt,
                                               Tensor::from_vector<int64_t>({2}, {3, 4})}),
                   "input nonpad_kv_seqlen holds 4 for batch entry 1, outside [0, 3]"));
}
