#include "neo/core/interp/interpreter.hpp"
#include "neo/core/passes/subsample_pointwise_conv.hpp"
#include "pass_test_util.hpp"

namespace {

// Runs `text` through the interpreter before and after the pass; returns the rewritten graph.
std::unique_ptr<neo::Graph> check_same_result(const char* text) {
    auto before = neo::parse_graph(text);
    auto after = neo::parse_graph(text);
    REQUIRE(neo::subsample_pointwise_conv(*after));
    const auto shape = before->inputs()[0]->shape().static_dims();
    neo::Tensor x = neo::Tensor::zeros(neo::DType::f32, shape);
    auto& a = x.array<float>();
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = 0.37f * float(i % 23) - 1.1f;
    auto want = neo::Interpreter(*before).run(std::vector<neo::Tensor>{x})[0];
    auto got = neo::Interpreter(*after).run(std::vector<neo::Tensor>{x})[0];
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < want.numel(); ++i) CHECK(got.at_double(i) == doctest::Approx(want.at_double(i)).epsilon(1e-6));
    return after;
}

}  // namespace

TEST_CASE("subsample-pointwise-conv: a strided 1x1 Conv becomes a strided Slice and a unit-stride Conv") {
    // Odd sizes and unequal strides: 5x7 with strides [2, 3] reads rows 0, 2, 4 and columns 0, 3, 6.
    auto g = check_same_result(R"(
graph main(%x: f32[1,2,5,7]) {
  %w: f32[3,2,1,1] = const [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]
  %b: f32[3] = const [0.1, 0.2, -0.3]
  %y: f32[1,3,3,3] = Conv(%x, %w, %b) {strides = [2, 3]} #conv
  return %y
})");
    const neo::Node* conv = g->find_node("conv");
    REQUIRE(conv);
    CHECK(conv->attr("strides").ints() == std::vector<int64_t>{1, 1});
    const neo::Node* slice = conv->input(0)->producer();
    REQUIRE(slice);
    CHECK(slice->op() == "Slice");
    CHECK(slice->output(0)->shape().static_dims() == std::vector<int64_t>{1, 2, 3, 3});
    CHECK(slice->input(4)->constant().at_double(1) == 3);  // steps
}

TEST_CASE("subsample-pointwise-conv: 1-D, grouped and one strided axis of two") {
    check_same_result(R"(
graph main(%x: f32[2,4,9]) {
  %w: f32[2,2,1] = const [0.5, -1.0, 2.0, 0.25]
  %y: f32[2,2,3] = Conv(%x, %w) {group = 2, strides = [4]} #conv
  return %y
})");
    auto g = check_same_result(R"(
graph main(%x: f32[1,1,4,6]) {
  %w: f32[1,1,1,1] = const [2.0]
  %y: f32[1,1,4,3] = Conv(%x, %w) {strides = [1, 2], pads = [0, 0, 0, 0]} #conv
  return %y
})");
    const neo::Node* slice = g->find_node("conv")->input(0)->producer();
    REQUIRE(slice);
    CHECK(slice->input(3)->constant().numel() == 1);  // only the strided axis
}

TEST_CASE("subsample-pointwise-conv leaves padded, larger-kernel and unit-stride Convs") {
    for (const char* text : {R"(
graph main(%x: f32[1,1,4,4]) {
  %w: f32[1,1,1,1] = const [2.0]
  %y: f32[1,1,3,3] = Conv(%x, %w) {strides = [2, 2], pads = [1, 1, 1, 1]} #conv
  return %y
})",
                             R"(
graph main(%x: f32[1,1,5,5]) {
  %w: f32[1,1,3,3] = const [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
  %y: f32[1,1,2,2] = Conv(%x, %w) {strides = [2, 2]} #conv
  return %y
})",
                             R"(
graph main(%x: f32[1,1,4,4]) {
  %w: f32[1,1,1,1] = const [2.0]
  %y: f32[1,1,4,4] = Conv(%x, %w) #conv
  return %y
})"})
        CHECK_FALSE(neo::test::check_pass(text, text, neo::subsample_pointwise_conv));
}
