#include "neo/core/interp/interpreter.hpp"
#include "neo/core/passes/dead_code_elimination.hpp"
#include "neo/core/passes/fold_batch_norm.hpp"
#include "pass_test_util.hpp"

using neo::test::check_pass;

namespace {
bool fold_and_clean(neo::Graph& g) {
    bool changed = neo::fold_batch_norm(g);
    neo::eliminate_dead_code(g);
    return changed;
}
}  // namespace

TEST_CASE("fold-batch-norm folds into a Conv without bias") {
    // Two output channels. s = scale / sqrt(var + eps) with eps = 0: s0 = 2/sqrt(4) = 1,
    // s1 = 3/sqrt(9) = 1... use var 0.25 for channel 1: s1 = 3 / 0.5 = 6.
    // W'[0] = W[0] * 1, W'[1] = W[1] * 6; b' = beta - mean * s = [1 - 2*1, 0.5 - 1*6].
    bool changed = check_pass(R"(
graph main(%x: f32[1,1,2,2]) {
  %w: f32[2,1,1,1] = const [2.0, 3.0]
  %scale: f32[2] = const [2.0, 3.0]
  %beta: f32[2] = const [1.0, 0.5]
  %mean: f32[2] = const [2.0, 1.0]
  %var: f32[2] = const [4.0, 0.25]
  %c: f32[1,2,2,2] = Conv(%x, %w) #conv
  %y: f32[1,2,2,2] = BatchNormalization(%c, %scale, %beta, %mean, %var) {epsilon = 0.0} #bn
  return %y
})",
                              R"(
graph main(%x: f32[1,1,2,2]) {
  %w_bnfolded: f32[2,1,1,1] = const [2.0, 18.0]
  %bn_bias: f32[2] = const [-1.0, -5.5]
  %y: f32[1,2,2,2] = Conv(%x, %w_bnfolded, %bn_bias) #conv
  return %y
})",
                              fold_and_clean);
    CHECK(changed);
}

TEST_CASE("fold-batch-norm preserves the results of Conv and Gemm (checked by the interpreter)") {
    const char* conv = R"(
graph main(%x: f32[1,2,3,3]) {
  %w: f32[3,2,1,1] = const [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]
  %b: f32[3] = const [0.1, 0.2, -0.3]
  %scale: f32[3] = const [1.5, -0.5, 2.0]
  %beta: f32[3] = const [0.0, 1.0, -1.0]
  %mean: f32[3] = const [0.2, -0.1, 0.3]
  %var: f32[3] = const [1.0, 2.0, 0.5]
  %c: f32[1,3,3,3] = Conv(%x, %w, %b) #conv
  %y: f32[1,3,3,3] = BatchNormalization(%c, %scale, %beta, %mean, %var) {epsilon = 1e-05} #bn
  return %y
})";
    const char* gemm = R"(
graph main(%x: f32[2,2]) {
  %w: f32[3,2] = const [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]
  %b: f32[3] = const [0.1, 0.2, -0.3]
  %scale: f32[3] = const [1.5, -0.5, 2.0]
  %beta: f32[3] = const [0.0, 1.0, -1.0]
  %mean: f32[3] = const [0.2, -0.1, 0.3]
  %var: f32[3] = const [1.0, 2.0, 0.5]
  %c: f32[2,3] = Gemm(%x, %w, %b) {alpha = 0.5, beta = 2.0, transB = 1} #gemm
  %y: f32[2,3] = BatchNormalization(%c, %scale, %beta, %mean, %var) {epsilon = 1e-05} #bn
  return %y
})";
    for (const char* text : {conv, gemm}) {
        auto before = neo::parse_graph(text);
        auto after = neo::parse_graph(text);
        REQUIRE(neo::fold_batch_norm(*after));
        neo::eliminate_dead_code(*after);
        CHECK(after->find_node("bn") == nullptr);
        auto shape = before->inputs()[0]->shape().static_dims();
        neo::Tensor x = neo::Tensor::zeros(neo::DType::f32, shape);
        auto& a = x.array<float>();
        for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = 0.37f * float(i) - 1.1f;
        auto want = neo::Interpreter(*before).run(std::vector<neo::Tensor>{x})[0];
        auto got = neo::Interpreter(*after).run(std::vector<neo::Tensor>{x})[0];
        REQUIRE(got.shape() == want.shape());
        for (int64_t i = 0; i < want.numel(); ++i)
            CHECK(got.at_double(i) == doctest::Approx(want.at_double(i)).epsilon(1e-5));
    }
}

TEST_CASE("fold-batch-norm leaves a Conv whose output has another use") {
    const char* text = R"(
graph main(%x: f32[1,1,2,2]) {
  %w: f32[1,1,1,1] = const [2.0]
  %scale: f32[1] = const [2.0]
  %beta: f32[1] = const [1.0]
  %mean: f32[1] = const [2.0]
  %var: f32[1] = const [4.0]
  %c: f32[1,1,2,2] = Conv(%x, %w) #conv
  %y: f32[1,1,2,2] = BatchNormalization(%c, %scale, %beta, %mean, %var) #bn
  return %y, %c
})";
    CHECK_FALSE(check_pass(text, text, neo::fold_batch_norm));
}
