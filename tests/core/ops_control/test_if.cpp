// If: branch selection, captured values, inference merging the branches, errors.
#include "control_test_util.hpp"

using namespace neo;
using namespace neo::control_test;

namespace {

const char* kIfCapture = R"(
graph main(%c: bool[], %x: f32[3]) {
  %y = If(%c, %x) {num_captured = 1,
    then_branch = graph then(%a: f32[3]) { %o = Add(%a, %a) return %o },
    else_branch = graph else(%b: f32[3]) { %o = Neg(%b) return %o }}
  return %y
}
)";

}  // namespace

TEST_CASE("If chooses the branch and passes captured values") {
    auto g = typed(kIfCapture);
    CHECK(type_of(*g, 0) == "f32[3]");
    Tensor x = f32({3}, {1, 2, 3});
    check_tensor(run(*g, {boolean(true), x})[0], f32({3}, {2, 4, 6}));
    check_tensor(run(*g, {boolean(false), x})[0], f32({3}, {-1, -2, -3}));
    // A one-element (non-scalar) condition is accepted.
    auto g1 = typed(R"(
graph main(%c: bool[1], %x: f32[3]) {
  %y = If(%c, %x) {num_captured = 1,
    then_branch = graph then(%a: f32[3]) { return %a },
    else_branch = graph else(%b: f32[3]) { %o = Neg(%b) return %o }}
  return %y
})");
    check_tensor(run(*g1, {Tensor::from_vector<bool>({1}, {true}), x})[0], x);
}

TEST_CASE("If without captures, multiple outputs, differing branch shapes") {
    auto g = typed(R"(
graph main(%c: bool[]) {
  %y, %z = If(%c) {
    then_branch = graph then() {
      %a: f32[3] = const [1, 2, 3]
      %b: i64[] = const [7]
      return %a, %b },
    else_branch = graph else() {
      %a: f32[2] = const [4, 5]
      %b: i64[] = const [8]
      return %a, %b }}
  return %y, %z
})");
    CHECK(type_of(*g, 0) == "f32[?]");
    CHECK(type_of(*g, 1) == "i64[]");
    auto t_out = run(*g, {boolean(true)});
    check_tensor(t_out[0], f32({3}, {1, 2, 3}));
    check_tensor(t_out[1], i64({}, {7}));
    auto e_out = run(*g, {boolean(false)});
    check_tensor(e_out[0], f32({2}, {4, 5}));
    check_tensor(e_out[1], i64({}, {8}));
}

TEST_CASE("If inference: symbolic dims from the captured inputs, untyped branch inputs") {
    auto g = typed(R"(
graph main(%c: bool[], %x: f32[N,2]) {
  %y = If(%c, %x) {num_captured = 1,
    then_branch = graph then(%a) { %o = Add(%a, %a) return %o },
    else_branch = graph else(%b) { %o = Neg(%b) return %o }}
  return %y
})");
    CHECK(type_of(*g, 0) == "f32[N,2]");
}

TEST_CASE("If errors") {
    check_error([] { typed(R"(
graph main(%c: bool[], %x: f32[3]) {
  %y = If(%c, %x) {num_captured = 1,
    then_branch = graph then(%a: f32[3]) { return %a, %a },
    else_branch = graph else(%b: f32[3]) { return %b }}
  return %y
})"); }, "subgraph 'then_branch' has 2 outputs, expected 1");
    check_error([] { typed(R"(
graph main(%c: bool[], %x: f32[3]) {
  %y = If(%c, %x) {
    then_branch = graph then() { %a: f32[] = const [1] return %a },
    else_branch = graph else() { %a: f32[] = const [1] return %a }}
  return %y
})"); }, "expected the condition and 0 captured value(s)");
    check_error([] { typed(R"(
graph main(%c: bool[], %x: f32[3]) {
  %y = If(%c, %x) {num_captured = 1,
    then_branch = graph then(%a: f32[3]) { return %a },
    else_branch = graph else() { %a: f32[] = const [1] return %a }}
  return %y
})"); }, "subgraph 'else_branch' has 0 inputs, expected 1");
    check_error([] { typed(R"(
graph main(%c: f32[]) {
  %y = If(%c) {
    then_branch = graph then() { %a: f32[] = const [1] return %a },
    else_branch = graph else() { %a: f32[] = const [2] return %a }}
  return %y
})"); }, "condition must be bool, got f32");
    check_error([] { typed(R"(
graph main(%c: bool[]) {
  %y = If(%c) {
    then_branch = graph then() { %a: f32[] = const [1] return %a },
    else_branch = graph else() { %a: i64[] = const [2] return %a }}
  return %y
})"); }, "output 0 is f32 in then_branch but i64 in else_branch");
    check_error([] { typed(R"(
graph main(%c: bool[]) {
  %y = If(%c) {then_branch = graph then() { %a: f32[] = const [1] return %a }}
  return %y
})"); }, "required attribute 'else_branch' is missing");
    // A multi-element condition at run time.
    auto g = parse_graph(R"(
graph main(%c: bool[?]) {
  %y = If(%c) {
    then_branch = graph then() { %a: f32[] = const [1] return %a },
    else_branch = graph else() { %a: f32[] = const [2] return %a }}
  return %y
})");
    check_error([&] { run(*g, {Tensor::from_vector<bool>({2}, {true, false})}); },
                "condition must have exactly one element, got shape [2]");
}
