#include <sstream>

#include "neo/core/passes/pass_manager.hpp"
#include "neo/core/util/error.hpp"
#include "pass_test_util.hpp"

namespace {
const char* kModel = R"(
graph main(%x: f32[2]) {
  %a: f32[2] = const [1.0, 2.0]
  %b: f32[2] = const [3.0, 4.0]
  %s = Add(%a, %b) #fold_me
  %y = Mul(%x, %s) #keep
  %dead = Relu(%x) #dead
  return %y
})";
}  // namespace

TEST_CASE("the standard pipeline folds, cleans and types the graph") {
    auto g = neo::parse_graph(kModel);
    neo::PassManager pm = neo::standard_pipeline();
    CHECK(pm.run(*g));
    auto want = neo::parse_graph(R"(
graph main(%x: f32[2]) {
  %s: f32[2] = const [4.0, 6.0]
  %y: f32[2] = Mul(%x, %s) #keep
  return %y
})");
    CHECK(neo::print_graph(*g) == neo::print_graph(*want));
}

TEST_CASE("--dump-ir prints the graph after the named pass only") {
    auto g = neo::parse_graph(kModel);
    neo::PassManager pm = neo::standard_pipeline();
    std::ostringstream out;
    pm.set_dump("after=constant-folding", &out);
    pm.run(*g);
    std::string text = out.str();
    CHECK(text.find("// ---- IR after constant-folding ----") != std::string::npos);
    CHECK(text.find("IR after dead-code-elimination") == std::string::npos);
    CHECK(text.find("Relu(%x) #dead") != std::string::npos);  // not yet removed
}

TEST_CASE("--dump-ir refuses an unknown pass and lists the pipeline") {
    neo::PassManager pm = neo::standard_pipeline();
    std::ostringstream out;
    CHECK_THROWS_WITH_AS(pm.set_dump("after=fold-everything", &out),
                         doctest::Contains("unknown pass 'fold-everything'"), neo::UserError);
    CHECK_THROWS_WITH_AS(pm.set_dump("after=fold-everything", &out),
                         doctest::Contains("shape-propagation, constant-folding, fold-batch-norm"),
                         neo::UserError);
}

TEST_CASE("the verifier names the pass that broke the graph") {
    neo::PassManager pm;
    pm.add("break-types", "sets a wrong output shape", [](neo::Graph& g) {
        g.find_value("y")->set_shape(neo::Shape{7});
        return true;
    });
    auto g = neo::parse_graph(R"(
graph main(%x: f32[2]) {
  %y: f32[2] = Relu(%x) #relu
  return %y
})");
    CHECK_THROWS_WITH_AS(pm.run(*g), doctest::Contains("after pass 'break-types'"), neo::UserError);
}
