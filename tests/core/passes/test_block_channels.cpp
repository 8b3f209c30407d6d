#include <string>

#include "neo/core/interp/interpreter.hpp"
#include "neo/core/passes/block_channels.hpp"
#include "pass_test_util.hpp"

namespace {

// "[v0, v1, ...]": n values spread over about [-1, 1], different for each seed.
std::string values(int n, int seed) {
    std::string s = "[";
    for (int i = 0; i < n; ++i) s += (i ? ", " : "") + std::to_string(((i * 37 + seed * 11) % 29) / 14.5 - 1.0);
    return s + "]";
}

// A residual block: Conv+Relu, a 1x1 Conv added to it, clipped, then read by a strided Conv
// and a MaxPool; the sum and the two results are the graph's outputs.
std::string residual_block() {
    return R"(
graph main(%x: f32[1,4,5,6]) {
  %w1: f32[8,4,3,3] = const )" + values(288, 1) + R"(
  %b1: f32[8] = const )" + values(8, 2) + R"(
  %c1: f32[1,8,5,6] = Conv(%x, %w1, %b1) {pads = [1, 1, 1, 1]} #c1
  %r1: f32[1,8,5,6] = Relu(%c1) #r1
  %w2: f32[8,8,1,1] = const )" + values(64, 3) + R"(
  %c2: f32[1,8,5,6] = Conv(%r1, %w2) #c2
  %s: f32[1,8,5,6] = Add(%c2, %r1) #add
  %lo: f32[] = const [0]
  %hi: f32[] = const [1.5]
  %y: f32[1,8,5,6] = Clip(%s, %lo, %hi) #clip
  %w3: f32[8,8,3,3] = const )" + values(576, 4) + R"(
  %c3: f32[1,8,3,3] = Conv(%y, %w3) {strides = [2, 2], pads = [1, 1, 1, 1]} #c3
  %p: f32[1,8,2,3] = MaxPool(%y) {kernel_shape = [2, 2], strides = [2, 2]} #pool
  return %c3, %p, %s
})";
}

std::vector<neo::Tensor> run(const neo::Graph& g) {
    neo::Tensor x = neo::Tensor::zeros(neo::DType::f32, {1, 4, 5, 6});
    auto& a = x.array<float>();
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = 0.31f * float(i % 17) - 2.2f;
    return neo::Interpreter(g).run(std::vector<neo::Tensor>{x});
}

const neo::Node* producer_of(const neo::Graph& g, const std::string& value) { return g.find_value(value)->producer(); }

}  // namespace

TEST_CASE("block-channels: Convs and the elementwise nodes between them run blocked, the rest reads Unblocks") {
    auto before = neo::parse_graph(residual_block());
    auto after = neo::parse_graph(residual_block());
    REQUIRE(neo::block_channels(*after, 4, [](const neo::Node&) { return true; }));

    // c1 reads the plain graph input and writes blocks; c2 reads and writes blocks; c3 reads
    // blocks but writes its plain graph output.
    const neo::Node* c1 = producer_of(*after, "c1");
    REQUIRE(c1->qualified_op() == "neo.BlockedConv");
    CHECK(c1->attr("in_block").i() == 0);
    CHECK(c1->attr("out_block").i() == 4);
    CHECK(c1->name() == "c1");
    CHECK(after->find_value("c1")->shape().static_dims() == std::vector<int64_t>{1, 2, 5, 6, 4});
    CHECK(after->find_value("c1")->layout().name() == "NCHW4c");
    const neo::Node* c3 = producer_of(*after, "c3");
    CHECK(c3->attr("in_block").i() == 4);
    CHECK(c3->attr("out_block").i() == 0);
    CHECK(after->find_value("c3")->shape().static_dims() == std::vector<int64_t>{1, 8, 3, 3});
    CHECK(after->find_value("y")->shape().static_dims() == std::vector<int64_t>{1, 2, 5, 6, 4});
    // The pool and the graph output of the sum read Unblocks.
    const neo::Node* pool = after->find_node("pool");
    REQUIRE(pool->input(0)->producer()->qualified_op() == "neo.Unblock");
    CHECK(pool->input(0)->producer()->input(0)->name() == "y");
    CHECK(after->outputs()[2]->producer()->qualified_op() == "neo.Unblock");

    // Same results as before, to rounding (the reference interpreter runs both).
    const auto want = run(*before), got = run(*after);
    REQUIRE(got.size() == want.size());
    for (std::size_t o = 0; o < want.size(); ++o) {
        REQUIRE(got[o].shape() == want[o].shape());
        for (int64_t i = 0; i < want[o].numel(); ++i) CHECK(got[o].at_double(i) == doctest::Approx(want[o].at_double(i)).epsilon(1e-6));
    }
}

TEST_CASE("block-channels leaves Convs the generator cannot run blocked, and chains nothing reads blocked") {
    auto g = neo::parse_graph(residual_block());
    CHECK_FALSE(neo::block_channels(*g, 4, [](const neo::Node&) { return false; }));
    // Only c3 convertible: its input is the Clip, not a Conv's output, so nothing is blocked.
    g = neo::parse_graph(residual_block());
    CHECK_FALSE(neo::block_channels(*g, 4, [](const neo::Node& n) { return n.name() == "c3"; }));
    // Channels that are not a multiple of the block stay plain.
    g = neo::parse_graph(residual_block());
    CHECK_FALSE(neo::block_channels(*g, 16, [](const neo::Node&) { return true; }));
    // c1 alone: its output feeds c2 (not convertible) and the Add, whose output goes on to
    // plain consumers only; so nothing takes c1's output blocked.
    g = neo::parse_graph(residual_block());
    CHECK_FALSE(neo::block_channels(*g, 4, [](const neo::Node& n) { return n.name() == "c1"; }));
    CHECK(producer_of(*g, "c1")->qualified_op() == "Conv");
}
