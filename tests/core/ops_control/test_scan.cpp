// Scan: cumulative sums over axes and directions, captures, inference, errors.
#include "control_test_util.hpp"

using namespace neo;
using namespace neo::control_test;

namespace {

// Cumulative sum over the rows of %x (state %s), with configurable attributes.
std::string cumsum(const std::string& x_type, const std::string& state_type,
                   const std::string& attrs) {
    return "graph main(%s0: " + state_type + ", %x: " + x_type + ") {\n"
           "  %s, %ys = Scan(%s0, %x) {num_scan_inputs = 1" + attrs + ",\n"
           "    body = graph body(%s: " + state_type + ", %xi) {\n"
           "      %s2 = Add(%s, %xi)\n"
           "      return %s2, %s2 }}\n"
           "  return %s, %ys\n"
           "}\n";
}

const Tensor kRows = f32({3, 2}, {1, 2, 3, 4, 5, 6});

}  // namespace

TEST_CASE("Scan computes a cumulative sum") {
    auto g = typed(cumsum("f32[3,2]", "f32[2]", ""));
    CHECK(type_of(*g, 0) == "f32[2]");
    CHECK(type_of(*g, 1) == "f32[3,2]");
    auto out = run(*g, {f32({2}, {0, 0}), kRows});
    check_tensor(out[0], f32({2}, {9, 12}));
    check_tensor(out[1], f32({3, 2}, {1, 2, 4, 6, 9, 12}));
}

TEST_CASE("Scan directions") {
    auto g = typed(cumsum("f32[3,2]", "f32[2]", ", scan_input_directions = [1]"));
    auto out = run(*g, {f32({2}, {0, 0}), kRows});
    check_tensor(out[0], f32({2}, {9, 12}));
    check_tensor(out[1], f32({3, 2}, {5, 6, 8, 10, 9, 12}));
    g = typed(cumsum("f32[3,2]", "f32[2]", ", scan_output_directions = [1]"));
    out = run(*g, {f32({2}, {0, 0}), kRows});
    check_tensor(out[1], f32({3, 2}, {9, 12, 4, 6, 1, 2}));
}

TEST_CASE("Scan along axis 1 with output axis 1 (and negative axes)") {
    // Columns of [[1,2,3],[4,5,6]] summed: [1,4], [3,9], [6,15], stacked as columns.
    Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
    for (const char* attrs : {", scan_input_axes = [1], scan_output_axes = [1]",
                              ", scan_input_axes = [-1], scan_output_axes = [-1]"}) {
        auto g = typed(cumsum("f32[2,3]", "f32[2]", attrs));
        CHECK(type_of(*g, 1) == "f32[2,3]");
        auto out = run(*g, {f32({2}, {0, 0}), x});
        check_tensor(out[0], f32({2}, {6, 15}));
        check_tensor(out[1], f32({2, 3}, {1, 3, 6, 4, 9, 15}));
    }
    auto g = typed(cumsum("f32[2,3]", "f32[2]",
                          ", scan_input_axes = [1], scan_output_axes = [1], "
                          "scan_output_directions = [1]"));
    check_tensor(run(*g, {f32({2}, {0, 0}), x})[1], f32({2, 3}, {6, 3, 1, 15, 9, 4}));
}

TEST_CASE("Scan inference with symbolic and unknown sequence lengths") {
    auto g = typed(cumsum("f32[N,2]", "f32[2]", ""));
    CHECK(type_of(*g, 1) == "f32[N,2]");
    g = typed(cumsum("f32[*]", "f32[2]", ""));
    CHECK(g->outputs()[0]->dtype() == DType::f32);
    CHECK(g->outputs()[1]->dtype() == DType::f32);
    // Zero-length sequence: final state = initial state, empty scan output.
    g = typed(cumsum("f32[?,2]", "f32[2]", ""));
    auto out = run(*g, {f32({2}, {1, 2}), f32({0, 2}, {})});
    check_tensor(out[0], f32({2}, {1, 2}));
    check_tensor(out[1], f32({0, 2}, {}));
}

TEST_CASE("Scan with two scan inputs and a captured value") {
    auto g = typed(R"(
graph main(%a: f32[3], %b: f32[3], %k: f32[]) {
  %p = Scan(%a, %b, %k) {num_scan_inputs = 2, num_captured = 1,
    body = graph body(%ai: f32[], %bi: f32[], %kk: f32[]) {
      %m = Mul(%ai, %bi)
      %o = Add(%m, %kk)
      return %o }}
  return %p
})");
    CHECK(type_of(*g, 0) == "f32[3]");
    check_tensor(run(*g, {f32({3}, {1, 2, 3}), f32({3}, {4, 5, 6}), f32({}, {0.5f})})[0],
                 f32({3}, {4.5f, 10.5f, 18.5f}));
}

TEST_CASE("Scan errors") {
    check_error([] { typed(cumsum("f32[3,2]", "f32[2]", ", scan_input_axes = [0, 1]")); },
                "scan_input_axes has 2 entries, expected 1 (one per scan input)");
    check_error([] { typed(cumsum("f32[3,2]", "f32[2]", ", scan_output_directions = [2]")); },
                "scan_output_directions entries must be 0 (forward) or 1 (reverse), got 2");
    check_error([] { typed(cumsum("f32[3,2]", "f32[2]", ", scan_input_axes = [2]")); },
                "axis");
    check_error([] { typed(R"(
graph main(%a: f32[3], %b: f32[4]) {
  %p = Scan(%a, %b) {num_scan_inputs = 2,
    body = graph body(%ai: f32[], %bi: f32[]) { %m = Mul(%ai, %bi) return %m }}
  return %p
})"); }, "scan inputs have different sequence lengths 3 and 4");
    check_error([] { typed(R"(
graph main(%a: f32[3]) {
  %p = Scan(%a) {num_scan_inputs = 1,
    body = graph body(%ai: f32[], %extra: f32[]) { return %ai }}
  return %p
})"); }, "subgraph 'body' has 2 inputs, expected 1 (0 state, 1 scan slices, 0 captured)");
    check_error([] { typed(R"(
graph main(%a: f32[3]) {
  %p = Scan(%a) {body = graph body(%ai: f32[]) { return %ai }}
  return %p
})"); }, "required attribute 'num_scan_inputs' is missing");
}
