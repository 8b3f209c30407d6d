// Subgraphs (If branches, Loop bodies) and the values they capture from enclosing
// graphs, made explicit (plugins/frontends/onnx/src/scope.hpp): captured constants are
// copied in; other captured values become the last inputs of every subgraph of the node
// and of the node itself, counted by the node's `num_captured` attribute.
//
// Loading needs If/Loop in neo's op registry; until they are there, the tests check
// that the error lists them, and skip the structure checks.
#include <doctest/doctest.h>

#include "neo/core/ops/registry.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

namespace {

bool registered(const char* op) { return neo::OpRegistry::global().find("", op) != nullptr; }

std::vector<std::string> input_names(const neo::Graph& g) {
    std::vector<std::string> names;
    for (const neo::Value* v : g.inputs()) names.push_back(v->name());
    return names;
}

std::vector<std::string> input_names(const neo::Node& n) {
    std::vector<std::string> names;
    for (const neo::Value* v : n.inputs()) names.push_back(v ? v->name() : "_");
    return names;
}

// Loads the model, or checks that the error names the missing op and returns nullptr.
std::unique_ptr<neo::Graph> load_or_missing(const std::string& model, const char* op) {
    if (registered(op)) return load(model_path(model));
    std::string msg = user_error([&] { load(model_path(model)); });
    CHECK(contains(msg, std::string(op) + " (domain 'ai.onnx'"));
    MESSAGE("neo has no '" << op << "' op yet: " << model << " structure checks skipped");
    return nullptr;
}

}  // namespace

TEST_CASE("If branches capture outer values as trailing inputs, constants as constants") {
    auto g = load_or_missing("if_capture.onnx", "If");
    if (!g) return;
    const neo::Node* n = g->find_node("if1");
    REQUIRE(n);
    // Union of the captures, in first-read order: y (then and else), x (else).
    CHECK(input_names(*n) == std::vector<std::string>{"cond", "y", "x"});
    CHECK(n->attr("num_captured").i() == 2);
    const neo::Graph& then_g = *n->attr("then_branch").graph();
    const neo::Graph& else_g = *n->attr("else_branch").graph();
    CHECK(input_names(then_g) == std::vector<std::string>{"y", "x"});  // x unused there
    CHECK(input_names(else_g) == std::vector<std::string>{"y", "x"});
    // The initializer k is copied into the then-branch as a constant.
    const neo::Value* k = then_g.find_value("k");
    REQUIRE(k);
    CHECK(k->is_constant());
}

TEST_CASE("a Loop body captures an outer value after its loop-carried inputs") {
    auto g = load_or_missing("loop_capture.onnx", "Loop");
    if (!g) return;
    const neo::Node* n = g->find_node("loop1");
    REQUIRE(n);
    CHECK(input_names(*n) == std::vector<std::string>{"trip", "_", "v0", "x"});
    CHECK(n->attr("num_captured").i() == 1);
    CHECK(input_names(*n->attr("body").graph()) ==
          std::vector<std::string>{"i", "c", "v", "x"});
}

TEST_CASE("captures chain through nested subgraphs") {
    if (!registered("If")) {
        MESSAGE("neo has no 'If' op yet: nested capture checks skipped");
        return;
    }
    auto g = load_or_missing("nested_capture.onnx", "Loop");
    if (!g) return;
    const neo::Node* loop = g->find_node("loop1");
    REQUIRE(loop);
    CHECK(loop->attr("num_captured").i() == 1);  // x, for the If inside
    const neo::Graph& body = *loop->attr("body").graph();
    CHECK(input_names(body) == std::vector<std::string>{"i", "c", "v", "x"});
    const neo::Node* inner = body.find_node("inner_if");
    REQUIRE(inner);
    CHECK(input_names(*inner) == std::vector<std::string>{"c", "v", "x"});
    CHECK(inner->attr("num_captured").i() == 2);
    CHECK(input_names(*inner->attr("then_branch").graph()) ==
          std::vector<std::string>{"v", "x"});
}
