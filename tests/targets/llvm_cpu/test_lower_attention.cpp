// Attention and RotaryEmbedding compiled by the llvm_cpu target, run with 1 and 2 threads,
// against the reference interpreter.
#include <doctest/doctest.h>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

namespace {

const std::vector<GraphCase> kCases = {
    {"attention 4-D grouped heads, causal, short float mask, past, softcap, bias output",
     R"(graph g(%q: f32[2,4,3,8], %k: f32[2,2,5,8], %v: f32[2,2,5,6], %m: f32[3,6], %pk: f32[2,2,2,8], %pv: f32[2,2,2,6]) {
        %y, %ck, %cv, %qk = Attention(%q, %k, %v, %m, %pk, %pv) {is_causal = 1, softcap = 2.0, qk_matmul_output_mode = 2}
        return %y, %ck, %cv, %qk })", {}, 1e-4},
    {"attention 3-D, bool broadcast mask shorter than the keys, scale, probabilities output",
     R"(graph g(%q: f32[2,3,12], %k: f32[2,5,6], %v: f32[2,5,8], %m: bool[2,1,3,4]) {
        %y, %ck, %cv, %qk = Attention(%q, %k, %v, %m) {q_num_heads = 2, kv_num_heads = 1, scale = 0.3, qk_matmul_output_mode = 3}
        return %y, %ck, %cv, %qk })", {}, 1e-4},
    {"attention f16, nonpad lengths, sliding window, capped output",
     R"(graph g(%q: f16[1,2,4,8], %k: f16[1,2,6,8], %v: f16[1,2,6,8]) {
        %n: i64[1] = const [5]
        %y, %ck, %cv, %qk = Attention(%q, %k, %v, _, _, _, %n) {left_window_size = 2, right_window_size = 1, softcap = 1.5, qk_matmul_output_mode = 1}
        return %y, %qk })", {}, 4e-3},
    {"attention large enough to run in parallel",
     R"(graph g(%q: f32[2,4,32,16], %k: f32[2,4,40,16], %v: f32[2,4,40,16], %pk: f32[2,4,8,16], %pv: f32[2,4,8,16]) {
        %y, %ck, %cv = Attention(%q, %k, %v, _, %pk, %pv) {is_causal = 1}
        return %y, %ck, %cv })", {}, 1e-4},
    {"rotary embedding 4-D interleaved partial with position ids, 3-D halves without",
     R"(graph g(%x: f32[2,3,4,8], %c: f32[10,3], %s: f32[10,3], %x3: f32[2,4,12], %c3: f32[2,4,2], %s3: f32[2,4,2]) {
        %p: i64[2,4] = const [3, 0, 9, 2, 1, 1, 7, 5]
        %y = RotaryEmbedding(%x, %c, %s, %p) {interleaved = 1, rotary_embedding_dim = 6}
        %z = RotaryEmbedding(%x3, %c3, %s3) {num_heads = 3}
        return %y, %z })", {}, 1e-4},
};

}  // namespace

TEST_CASE("llvm_cpu: attention and rotary embedding match the reference interpreter") { check_graph_cases(kCases); }
