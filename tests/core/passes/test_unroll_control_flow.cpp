// unroll-control-flow: the unrolled graph has no If / Loop / Scan left and computes what
// the reference interpreter computes by running the control-flow nodes themselves.
#include <doctest/doctest.h>

#include <random>

#include "neo/core/interp/interpreter.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/passes/constant_folding.hpp"
#include "neo/core/passes/dead_code_elimination.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/passes/unroll_control_flow.hpp"

using namespace neo;

namespace {

// Unrolls (with folding between rounds, as a static-graph target does) and returns how
// many control-flow nodes are left.
std::size_t unroll(Graph& g, const UnrollOptions& o = {}) {
    for (int round = 0; round < 8; ++round) {
        const bool u = unroll_control_flow(g, o);
        propagate_shapes(g);
        const bool f = fold_constants(g);
        propagate_shapes(g);
        if (!u && !f) break;
    }
    eliminate_dead_code(g);
    std::size_t left = 0;
    for (const Node* n : g.nodes()) left += n->op() == "If" || n->op() == "Loop" || n->op() == "Scan";
    return left;
}

std::vector<Tensor> random_inputs(const Graph& g) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> d(-1, 1);
    std::vector<Tensor> v;
    for (const Value* in : g.inputs()) {  // the graphs here take f32 inputs
        std::vector<float> data(static_cast<std::size_t>(in->shape().numel()));
        for (float& x : data) x = d(rng);
        v.push_back(Tensor::from_vector<float>(in->shape().static_dims(), data));
    }
    return v;
}

// The unrolled graph keeps the output names and matches the interpreter on the original.
void check_unrolls(const std::string& text, std::size_t expect_left = 0) {
    auto original = parse_graph(text, "test");
    propagate_shapes(*original);
    auto g = parse_graph(text, "test");
    propagate_shapes(*g);
    CHECK(unroll(*g) == expect_left);
    REQUIRE(g->outputs().size() == original->outputs().size());
    for (std::size_t i = 0; i < g->outputs().size(); ++i) CHECK(g->outputs()[i]->name() == original->outputs()[i]->name());
    auto inputs = random_inputs(*original);
    auto want = Interpreter(*original).run(inputs);
    auto got = Interpreter(*g).run(inputs);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        REQUIRE(got[i].shape() == want[i].shape());
        for (int64_t j = 0; j < want[i].numel(); ++j) CHECK(got[i].at_double(j) == doctest::Approx(want[i].at_double(j)));
    }
}

}  // namespace

TEST_CASE("unroll-control-flow inlines an If whose condition is constant") {
    check_unrolls(R"(
graph main(%x: f32[3], %y: f32[3]) {
  %c: bool[] = const [false]
  %r, %s = If(%c, %x, %y) {num_captured = 2,
    then_branch = graph t(%a: f32[3], %b: f32[3]) { %m = Mul(%a, %b) return %m, %a },
    else_branch = graph e(%a: f32[3], %b: f32[3]) { %m = Sub(%a, %b) return %m, %b }}
  return %r, %s
})");
}

TEST_CASE("unroll-control-flow unrolls a Loop with carried values, scan outputs and captures") {
    check_unrolls(R"(
graph main(%x: f32[2], %k: f32[2]) {
  %m: i64[] = const [4]
  %t: bool[] = const [true]
  %y, %ys, %is = Loop(%m, %t, %x, %k) {num_captured = 1,
    body = graph body(%i: i64[], %c: bool[], %v: f32[2], %kk: f32[2]) {
      %fi = Cast(%i) {to = 1}
      %w = Mul(%v, %kk)
      %v2 = Add(%w, %fi)
      return %c, %v2, %w, %i }}
  return %y, %ys, %is
})");
}

TEST_CASE("unroll-control-flow unrolls a Scan: reverse input, scan axis 1, output axis 1, nested If") {
    check_unrolls(R"(
graph main(%s0: f32[2], %x: f32[2,3,2]) {
  %acc, %ys = Scan(%s0, %x) {num_scan_inputs = 1, scan_input_axes = [1],
    scan_input_directions = [1], scan_output_axes = [1],
    body = graph body(%s: f32[2], %xi: f32[2,2]) {
      %r = ReduceSum(%xi, _) {keepdims = 0}
      %c: bool[] = const [true]
      %n = If(%c, %s) {num_captured = 1,
        then_branch = graph t(%a: f32[2]) { %d = Add(%a, %a) return %d },
        else_branch = graph e(%a: f32[2]) { return %a }}
      %s2 = Add(%n, %r)
      %o = Mul(%xi, %r)
      return %s2, %o }}
  return %acc, %ys
})");
}

TEST_CASE("unroll-control-flow leaves data-dependent and oversized control flow alone") {
    // A condition computed at run time.
    check_unrolls(R"(
graph main(%x: f32[], %y: f32[]) {
  %c = Less(%x, %y)
  %r = If(%c, %x) {num_captured = 1,
    then_branch = graph t(%a: f32[]) { return %a },
    else_branch = graph e(%a: f32[]) { %n = Neg(%a) return %n }}
  return %r
})", 1);
    // Too many iterations for the limit.
    auto g = parse_graph(R"(
graph main(%x: f32[]) {
  %m: i64[] = const [50]
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[]) { %w = Neg(%v) return %c, %w }}
  return %y
})", "test");
    propagate_shapes(*g);
    UnrollOptions small;
    small.max_iterations = 10;
    CHECK(unroll(*g, small) == 1);
}
