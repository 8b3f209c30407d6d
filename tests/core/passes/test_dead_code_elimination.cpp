#include "neo/core/passes/dead_code_elimination.hpp"
#include "pass_test_util.hpp"

using neo::test::check_pass;

TEST_CASE("dead-code-elimination removes nodes and constants that reach no output") {
    bool changed = check_pass(R"(
graph main(%x: f32[2], %unused_in: f32[2]) {
  %c: f32[2] = const [1.0, 2.0]
  %dead_c: f32[1] = const [7.0]
  %a: f32[2] = Add(%x, %c) #add
  %b: f32[2] = Mul(%a, %a) #dead_mul
  %d: f32[2] = Relu(%b) #dead_relu
  return %a
})",
                              R"(
graph main(%x: f32[2], %unused_in: f32[2]) {
  %c: f32[2] = const [1.0, 2.0]
  %a: f32[2] = Add(%x, %c) #add
  return %a
})",
                              neo::eliminate_dead_code);
    CHECK(changed);
}

TEST_CASE("dead-code-elimination keeps a multi-output node when one output is used") {
    const char* text = R"(
graph main(%x: f32[4]) {
  %p: f32[2], %q: f32[2] = Split(%x) {axis = 0, num_outputs = 2} #split
  return %q
})";
    CHECK_FALSE(check_pass(text, text, neo::eliminate_dead_code));
}

TEST_CASE("dead-code-elimination keeps a constant that is a graph output") {
    const char* text = R"(
graph main(%x: f32[1]) {
  %c: f32[1] = const [3.0]
  return %x, %c
})";
    CHECK_FALSE(check_pass(text, text, neo::eliminate_dead_code));
}
