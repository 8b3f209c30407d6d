// Subgraphs (If branches, Loop bodies) and the values they capture from enclosing
// graphs, made explicit (plugins/frontends/onnx/src/scope.hpp): captured constants are
// copied in; other captured values become the last inputs of every subgraph of the node
// and of the node itself, counted by the node's `num_captured` attribute.
//
// Loading needs If/Loop in neo's op registry. Until they are there, these tests register
// stand-in schemas (right attributes, no computation) so that the structure can be
// checked; the numerical If/Loop cases (test_onnx_cases.cpp) need the real ops.
#include <doctest/doctest.h>

#include "neo/core/ops/registry.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

namespace {

// Registers a stand-in schema for a control-flow op neo does not have yet.
void ensure_op(const char* op, std::vector<neo::AttrSpec> attrs) {
    auto& registry = neo::OpRegistry::global();
    if (registry.find("", op)) return;
    neo::OpSchema s;
    s.name = op;
    s.min_inputs = 1;
    s.max_inputs = neo::kVariadic;
    s.max_outputs = neo::kVariadic;
    attrs.push_back({"num_captured", neo::AttrType::i, neo::Attribute(int64_t{0}), false, ""});
    s.attrs = std::move(attrs);
    s.infer = [](neo::InferContext& ctx) {
        for (std::size_t i = 0; i < ctx.num_outputs(); ++i)
            ctx.set_output(i, neo::DType::f32, neo::Shape::unranked());
    };
    s.compute = [](neo::ComputeContext& ctx) {
        ctx.fail("a stand-in registered by the ONNX frontend tests; it cannot run");
    };
    registry.add(std::move(s));
    MESSAGE("neo has no '" << std::string(op) << "' op yet: the test registered a stand-in");
}

void ensure_control_flow_ops() {
    using neo::AttrSpec;
    using neo::AttrType;
    ensure_op("If", {AttrSpec{"then_branch", AttrType::graph, {}, true, ""},
                     AttrSpec{"else_branch", AttrType::graph, {}, true, ""}});
    ensure_op("Loop", {AttrSpec{"body", AttrType::graph, {}, true, ""}});
}

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

}  // namespace

TEST_CASE("If branches capture outer values as trailing inputs, constants as constants") {
    ensure_control_flow_ops();
    auto g = load(model_path("if_capture.onnx"));
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
    ensure_control_flow_ops();
    auto g = load(model_path("loop_capture.onnx"));
    const neo::Node* n = g->find_node("loop1");
    REQUIRE(n);
    CHECK(input_names(*n) == std::vector<std::string>{"trip", "_", "v0", "x"});
    CHECK(n->attr("num_captured").i() == 1);
    CHECK(input_names(*n->attr("body").graph()) ==
          std::vector<std::string>{"i", "c", "v", "x"});
}

TEST_CASE("captures chain through nested subgraphs") {
    ensure_control_flow_ops();
    auto g = load(model_path("nested_capture.onnx"));
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
