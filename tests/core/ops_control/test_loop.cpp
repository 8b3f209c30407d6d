// Loop: trip counts, conditions, loop-carried and scan outputs, captures, errors.
#include "control_test_util.hpp"

using namespace neo;
using namespace neo::control_test;

namespace {

// Sums 1..M; the scan output collects i + 1 per iteration.
const char* kSum = R"(
graph main(%m: i64[]) {
  %zero: i64[] = const [0]
  %s, %scan = Loop(%m, _, %zero) {body = graph body(%i: i64[], %c: bool[], %acc: i64[]) {
    %one: i64[] = const [1]
    %ip = Add(%i, %one)
    %acc2 = Add(%acc, %ip)
    return %c, %acc2, %ip }}
  return %s, %scan
}
)";

// Doubles x while it stays below 20 (cond computed by the body), with an optional trip count.
const char* kDouble = R"(
graph main(%m: i64[], %c: bool[], %x: f32[]) {
  %x2, %xs = Loop(%m, %c, %x) {body = graph body(%i: i64[], %cin: bool[], %v: f32[]) {
    %two: f32[] = const [2]
    %limit: f32[] = const [20]
    %v2 = Mul(%v, %two)
    %cout = Less(%v2, %limit)
    return %cout, %v2, %v2 }}
  return %x2, %xs
}
)";

}  // namespace

TEST_CASE("Loop sums 1..M with a scan output") {
    auto g = typed(kSum);
    CHECK(type_of(*g, 0) == "i64[]");
    CHECK(type_of(*g, 1) == "i64[?]");
    auto out = run(*g, {i64({}, {4})});
    check_tensor(out[0], i64({}, {10}));
    check_tensor(out[1], i64({4}, {1, 2, 3, 4}));
    // Zero iterations: the initial value, an empty scan output.
    out = run(*g, {i64({}, {0})});
    check_tensor(out[0], i64({}, {0}));
    check_tensor(out[1], i64({0}, {}));
}

TEST_CASE("Loop with a constant trip count and no cond has a known scan length") {
    auto g = typed(R"(
graph main(%x: f32[2]) {
  %m: i64[] = const [3]
  %y, %ys = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[2]) {
    %v2 = Add(%v, %v)
    return %c, %v2, %v }}
  return %y, %ys
})");
    CHECK(type_of(*g, 0) == "f32[2]");
    CHECK(type_of(*g, 1) == "f32[3,2]");
    auto out = run(*g, {f32({2}, {1, -1})});
    check_tensor(out[0], f32({2}, {8, -8}));
    check_tensor(out[1], f32({3, 2}, {1, -1, 2, -2, 4, -4}));
}

TEST_CASE("Loop stops when the body's cond becomes false") {
    auto g = typed(kDouble);
    CHECK(type_of(*g, 0) == "f32[]");
    CHECK(type_of(*g, 1) == "f32[?]");
    // Large trip count: cond ends it (2, 4, 8, 16, 32 — 32 < 20 is false).
    auto out = run(*g, {i64({}, {100}), boolean(true), f32({}, {1})});
    check_tensor(out[0], f32({}, {32}));
    check_tensor(out[1], f32({5}, {2, 4, 8, 16, 32}));
    // The trip count ends it first.
    out = run(*g, {i64({}, {3}), boolean(true), f32({}, {1})});
    check_tensor(out[0], f32({}, {8}));
    // cond false from the start: no iteration at all; the scan output keeps its rank.
    out = run(*g, {i64({}, {3}), boolean(false), f32({}, {1})});
    check_tensor(out[0], f32({}, {1}));
    check_tensor(out[1], f32({0}, {}));
}

TEST_CASE("Loop without a trip count (while loop)") {
    auto g = typed(R"(
graph main(%c: bool[], %x: f32[]) {
  %x2 = Loop(_, %c, %x) {body = graph body(%i: i64[], %cin: bool[], %v: f32[]) {
    %two: f32[] = const [3]
    %limit: f32[] = const [50]
    %v2 = Mul(%v, %two)
    %cout = Less(%v2, %limit)
    return %cout, %v2 }}
  return %x2
})");
    check_tensor(run(*g, {boolean(true), f32({}, {1})})[0], f32({}, {81}));
}

TEST_CASE("Loop passes captured values to every iteration, not as loop-carried values") {
    auto g = typed(R"(
graph main(%m: i64[], %acc0: f32[2], %k: f32[2]) {
  %acc = Loop(%m, _, %acc0, %k) {num_captured = 1,
    body = graph body(%i: i64[], %c: bool[], %a: f32[2], %kk: f32[2]) {
      %a2 = Add(%a, %kk)
      return %c, %a2 }}
  return %acc
})");
    CHECK(type_of(*g, 0) == "f32[2]");
    auto out = run(*g, {i64({}, {3}), f32({2}, {1, 2}), f32({2}, {10, 0.5f})});
    check_tensor(out[0], f32({2}, {31, 3.5f}));
}

TEST_CASE("Loop with a loop-carried value that grows: inference widens the shape") {
    auto g = typed(R"(
graph main(%x: f32[1]) {
  %m: i64[] = const [2]
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v) {
    %v2 = Concat(%v, %v) {axis = 0}
    return %c, %v2 }}
  return %y
})");
    CHECK(type_of(*g, 0) == "f32[?]");
    check_tensor(run(*g, {f32({1}, {5})})[0], f32({4}, {5, 5, 5, 5}));
}

TEST_CASE("Loop errors") {
    check_error([] {
        auto g = parse_graph(R"(
graph main(%x: f32[]) {
  %y = Loop(_, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[]) { return %c, %v }}
  return %y
})");
        run(*g, {f32({}, {1})});
    }, "has neither a trip count M nor a cond input");
    check_error([] { typed(R"(
graph main(%m: i64[], %x: f32[]) {
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %v: f32[]) { return %v, %v }}
  return %y
})"); }, "subgraph 'body' has 2 inputs, expected 3 (iteration_num, cond, 1 loop-carried, 0 captured)");
    check_error([] { typed(R"(
graph main(%m: i64[], %x: f32[]) {
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[]) { return %v }}
  return %y
})"); }, "subgraph 'body' has 1 outputs, expected 2");
    check_error([] { typed(R"(
graph main(%m: f32[], %x: f32[]) {
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[]) { return %c, %v }}
  return %y
})"); }, "trip count M must be i64, got f32");
    check_error([] { typed(R"(
graph main(%m: i64[], %x: f32[]) {
  %y = Loop(%m, _, %x) {num_captured = 2,
    body = graph body(%i: i64[], %c: bool[], %v: f32[]) { return %c, %v }}
  return %y
})"); }, "num_captured is 2 but the node has only 3 inputs");
    check_error([] { typed(R"(
graph main(%m: i64[], %x: f32[]) {
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[], %c: bool[], %v: f32[]) {
    %w = Frobnicate(%v)
    return %c, %w }}
  return %y
})"); }, "Frobnicate");
}

TEST_CASE("Loop body declaring iteration_num and cond as one-element tensors") {
    auto g = typed(R"(
graph main(%x: i64[1]) {
  %m: i64[] = const [3]
  %y = Loop(%m, _, %x) {body = graph body(%i: i64[1], %c: bool[1], %v: i64[1]) {
    %v2 = Add(%v, %i)
    return %c, %v2 }}
  return %y
})");
    CHECK(type_of(*g, 0) == "i64[1]");
    check_tensor(run(*g, {i64({1}, {10})})[0], i64({1}, {13}));
}
