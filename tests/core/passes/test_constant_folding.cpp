#include "neo/core/passes/constant_folding.hpp"
#include "pass_test_util.hpp"

using neo::test::check_pass;

namespace {
bool fold(neo::Graph& g) { return neo::fold_constants(g); }
}  // namespace

TEST_CASE("constant-folding evaluates chains of constant nodes") {
    // (1 + 2) * 4 = 12, (2 + 3) * 4 = 20: computed by hand.
    bool changed = check_pass(R"(
graph main(%x: f32[2]) {
  %a: f32[2] = const [1.0, 2.0]
  %b: f32[2] = const [2.0, 3.0]
  %four: f32[] = const [4.0]
  %s: f32[2] = Add(%a, %b) #add
  %m: f32[2] = Mul(%s, %four) #mul
  %y: f32[2] = Add(%x, %m) #use
  return %y
})",
                              R"(
graph main(%x: f32[2]) {
  %a: f32[2] = const [1.0, 2.0]
  %b: f32[2] = const [2.0, 3.0]
  %four: f32[] = const [4.0]
  %m: f32[2] = const [12.0, 20.0]
  %y: f32[2] = Add(%x, %m) #use
  return %y
})",
                              fold);
    CHECK(changed);
}

TEST_CASE("constant-folding turns Shape of a static input into a constant") {
    check_pass(R"(
graph main(%x: f32[1,3,8,8]) {
  %s: i64[4] = Shape(%x) #shape
  %t: i64[2] = Shape(%x) {start = 1, end = -1} #shape_mid
  return %s, %t
})",
               R"(
graph main(%x: f32[1,3,8,8]) {
  %s: i64[4] = const [1, 3, 8, 8]
  %t: i64[2] = const [3, 8]
  return %s, %t
})",
               fold);
}

TEST_CASE("constant-folding leaves dynamic and random nodes alone") {
    const char* text = R"(
graph main(%x: f32[N,3]) {
  %s: i64[2] = Shape(%x) #shape
  %r: f32[2] = RandomUniform() {shape = [2]} #random
  return %s, %r
})";
    auto g = neo::parse_graph(text);
    CHECK_FALSE(neo::fold_constants(*g));
    CHECK(g->num_nodes() == 2);
}

TEST_CASE("constant-folding respects the size limit") {
    auto g = neo::parse_graph(R"(
graph main() {
  %shape: i64[1] = const [1000]
  %z: f32[1000] = ConstantOfShape(%shape) #zeros
  return %z
})");
    neo::ConstantFoldingOptions small;
    small.max_result_bytes = 100;
    CHECK_FALSE(neo::fold_constants(*g, neo::OpRegistry::global(), small));
    CHECK(neo::fold_constants(*g));
    CHECK(g->num_nodes() == 0);
    CHECK(g->outputs()[0]->is_constant());
    CHECK(g->outputs()[0]->name() == "z");
}
