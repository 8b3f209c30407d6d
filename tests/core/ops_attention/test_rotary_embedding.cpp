// RotaryEmbedding (opset 23): halves or interleaved pairs, partial rotation, 3-D / 4-D.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
In i64(Shape s) { return In::of(DType::i64, std::move(s)); }
}  // namespace

TEST_CASE("RotaryEmbedding: ReferenceEvaluator fixtures (3-D/4-D, interleaved, partial, no ids)") {
    run_fixture_cases(data_dir("ops_attention"), "RotaryEmbedding");
}

TEST_CASE("RotaryEmbedding: hand-computed") {
    // One token, one head of 4: pairs (x0, x2) and (x1, x3), rotated by 90 and 0 degrees.
    const Tensor x = floats({1, 1, 1, 4}, {1, 2, 3, 4});
    const Tensor cos = floats({2, 2}, {1, 1, 0, 1}), sin = floats({2, 2}, {0, 0, 1, 0});
    const Tensor pos = Tensor::from_vector<int64_t>({1, 1}, {1});
    check_close(run1("RotaryEmbedding", {x, cos, sin, pos}), floats({1, 1, 1, 4}, {-3, 2, 1, 4}),
                1e-7, 0);
    // Interleaved: pairs (x0, x1) and (x2, x3).
    check_close(run1("RotaryEmbedding", {x, cos, sin, pos}, {{"interleaved", int64_t{1}}}),
                floats({1, 1, 1, 4}, {-2, 1, 3, 4}), 1e-7, 0);
    // Partial: only (x0, x1) rotates; x2, x3 pass through.
    check_close(run1("RotaryEmbedding", {x, floats({2, 1}, {1, 0}), floats({2, 1}, {0, 1}), pos},
                     {{"rotary_embedding_dim", int64_t{2}}}),
                floats({1, 1, 1, 4}, {-2, 1, 3, 4}), 1e-7, 0);
}

TEST_CASE("RotaryEmbedding: inference") {
    const Shape s({Dim::symbol("B"), Dim::symbol("S"), Dim(64)});
    CHECK(inferred_shape("RotaryEmbedding",
                         {In::of(DType::f16, s), In::of(DType::f16, {128, 8}),
                          In::of(DType::f16, {128, 8}), i64(Shape({Dim::symbol("B"), Dim::symbol("S")}))},
                         {{"num_heads", int64_t{4}}}) == s);
}

TEST_CASE("RotaryEmbedding: error messages") {
    auto err = [](const std::vector<In>& in, const Attributes& a = {}) {
        return infer_error("RotaryEmbedding", in, a);
    };
    const In x = f32({2, 4, 3, 8}), c = f32({16, 4}), p = i64({2, 3});
    CHECK(contains(err({f32({2, 3, 32}), c, c, p}),
                   "a 3-D input X needs attribute 'num_heads' (hidden = num_heads * head_size)"));
    CHECK(contains(err({f32({2, 3, 30}), c, c, p}, {{"num_heads", int64_t{4}}}),
                   "input X's hidden size 30 is not divisible by num_heads 4"));
    CHECK(contains(err({f32({2, 3}), c, c, p}), "input X must be 4-D (batch, num_heads, seq, "
                                                "head_size) or 3-D (batch, seq, hidden)"));
    CHECK(contains(err({x, f32({16, 3}), c, p}),
                   "input cos_cache has shape [16,3]; it must be (max_position, rotary_dim / 2) "
                   "when position_ids is given, here [-1,4] (-1: any)"));
    CHECK(err({x, f32({2, 3, 4}), f32({2, 3, 4})}).empty());  // no ids: (B, S, rot/2) is fine
    CHECK(contains(err({x, f32({2, 4, 4}), f32({2, 4, 4})}),
                   "input cos_cache has shape [2,4,4]; it must be (batch, seq, rotary_dim / 2) "
                   "without position_ids, here [2,3,4]"));
    CHECK(contains(err({x, c, f32({8, 4}), p}),
                   "inputs cos_cache [16,4] and sin_cache [8,4] must have the same shape"));
    CHECK(contains(err({x, c, c, i64({3, 2})}),
                   "input position_ids has shape [3,2]; it must be (batch, seq) = [2,3]"));
    CHECK(contains(err({x, c, c, In::of(DType::f32, {2, 3})}), "input position_ids must be an integer tensor, got f32"));
    CHECK(err({x, f32({16, 3}), f32({16, 3}), p}, {{"rotary_embedding_dim", int64_t{6}}}).empty());
    CHECK(contains(err({x, c, c, p}, {{"rotary_embedding_dim", int64_t{5}}}),
                   "the rotated size (rotary_embedding_dim, or head_size when 0) must be even, got 5"));
    CHECK(contains(err({x, c, c, p}, {{"rotary_embedding_dim", int64_t{10}}}),
                   "attribute 'rotary_embedding_dim' 10 exceeds head_size 8"));
    CHECK(contains(err({x, In::of(DType::f16, {16, 4}), c, p}),
                   "input cos_cache has dtype f16 but input X has dtype f32; they must match"));
    const Tensor t = Tensor::zeros(DType::f32, {1, 1, 1, 2});
    CHECK(contains(compute_error("RotaryEmbedding", {t, Tensor::zeros(DType::f32, {3, 1}),
                                                     Tensor::zeros(DType::f32, {3, 1}),
                                                     Tensor::from_vector<int64_t>({1, 1}, {3})}),
                   "input position_ids holds 3 at [0,0], outside the caches' [0, 3)"));
}
