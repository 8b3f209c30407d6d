#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/util/error.hpp"
#include "pass_test_util.hpp"

using neo::test::check_pass;

namespace {
bool propagate(neo::Graph& g) { return neo::propagate_shapes(g); }
}  // namespace

TEST_CASE("shape-propagation types every value, keeping symbolic dims") {
    bool changed = check_pass(R"(
graph main(%x: f32[N,1,8,8]) {
  %w: f32[2,1,3,3] = const [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
  %c = Conv(%x, %w) {pads = [1, 1, 1, 1]} #conv
  %r = Relu(%c) #relu
  %p = GlobalAveragePool(%r) #pool
  return %p
})",
                              R"(
graph main(%x: f32[N,1,8,8]) {
  %w: f32[2,1,3,3] = const [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
  %c: f32[N,2,8,8] = Conv(%x, %w) {pads = [1, 1, 1, 1]} #conv
  %r: f32[N,2,8,8] = Relu(%c) #relu
  %p: f32[N,2,1,1] = GlobalAveragePool(%r) #pool
  return %p
})",
                              propagate);
    CHECK(changed);
}

TEST_CASE("shape-propagation names the node on a contradiction") {
    auto g = neo::parse_graph(R"(
graph main(%a: f32[2,3], %b: f32[4,5]) {
  %y = MatMul(%a, %b) #mm
  return %y
})");
    CHECK_THROWS_AS(neo::propagate_shapes(*g), neo::UserError);
    try {
        neo::propagate_shapes(*g);
    } catch (const neo::UserError& e) {
        CHECK(std::string(e.what()).find("node 'mm' (MatMul)") != std::string::npos);
    }
}

TEST_CASE("shape-propagation lists every unknown op at once") {
    auto g = neo::parse_graph(R"(
graph main(%a: f32[2]) {
  %b = FancyOp(%a) #f1
  %c = FancyOp(%b) #f2
  %d = "com.vendor"::"Magic"(%c) #m1
  return %d
})");
    try {
        neo::propagate_shapes(*g);
        FAIL("expected an error");
    } catch (const neo::UserError& e) {
        std::string m = e.what();
        CHECK(m.find("2 unsupported op type(s)") != std::string::npos);
        CHECK(m.find("FancyOp (domain 'ai.onnx'): nodes 'f1', 'f2'") != std::string::npos);
        CHECK(m.find("Magic (domain 'com.vendor'): node 'm1'") != std::string::npos);
    }
}
