// The IR verifier, against a small private op registry.
#include <doctest/doctest.h>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/ir/verifier.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;

namespace {

void same_as_input(InferContext& c) {
    for (std::size_t k = 0; k < c.num_outputs(); ++k)
        c.set_output(k, c.input_dtype(0), c.input_shape(0));
}

OpSchema schema(std::string domain, std::string name, int min_inputs, int max_inputs,
                int min_outputs, int max_outputs, std::vector<AttrSpec> attrs, InferFn infer) {
    OpSchema s;
    s.domain = std::move(domain);
    s.name = std::move(name);
    s.min_inputs = min_inputs;
    s.max_inputs = max_inputs;
    s.min_outputs = min_outputs;
    s.max_outputs = max_outputs;
    s.attrs = std::move(attrs);
    s.infer = std::move(infer);
    s.compute = [](ComputeContext&) {};
    return s;
}

AttrSpec attr(std::string name, AttrType type, std::optional<Attribute> default_value) {
    AttrSpec a;
    a.name = std::move(name);
    a.type = type;
    a.required = !default_value;
    a.default_value = std::move(default_value);
    return a;
}

// Relu, Add, Split, Conv, ai.onnx.ml.Scaler, Loop, If: just enough schema to verify with.
const OpRegistry& test_registry() {
    static OpRegistry r = [] {
        OpRegistry reg;
        auto untyped = [](InferContext&) {};
        reg.add(schema("", "Relu", 1, 1, 1, 1, {}, same_as_input));
        reg.add(schema("", "Add", 2, 2, 1, 1, {}, [](InferContext& c) {
            if (c.input_dtype(0) != c.input_dtype(1)) c.fail("input dtypes differ");
            c.set_output(0, c.input_dtype(0), c.input_shape(0));
        }));
        reg.add(schema("", "Split", 1, 1, 1, kVariadic, {attr("axis", AttrType::i, 0)},
                       [](InferContext& c) {
                           Shape s = c.input_shape(0);
                           Dim& d = s.dims().at(static_cast<std::size_t>(c.attr_i("axis")));
                           if (d.is_static())
                               d = Dim(d.value() / static_cast<int64_t>(c.num_outputs()));
                           for (std::size_t k = 0; k < c.num_outputs(); ++k)
                               c.set_output(k, c.input_dtype(0), s);
                       }));
        reg.add(schema("", "Conv", 2, 3, 1, 1,
                       {attr("kernel", AttrType::ints, std::nullopt),
                        attr("group", AttrType::i, 1)},
                       [](InferContext& c) {
                           c.set_output(0, c.input_dtype(0), Shape::unranked());
                       }));
        reg.add(schema("ai.onnx.ml", "Scaler", 1, 1, 1, 1,
                       {attr("scale", AttrType::floats, std::vector<double>{})}, same_as_input));
        reg.add(schema("", "Loop", 1, kVariadic, 1, kVariadic,
                       {attr("body", AttrType::graph, std::nullopt)}, untyped));
        reg.add(schema("", "If", 1, 1, 1, 1,
                       {attr("branches", AttrType::graphs, std::vector<GraphPtr>{})}, untyped));
        return reg;
    }();
    return r;
}

VerifyOptions with_registry(const OpRegistry* r) {
    VerifyOptions o;
    o.registry = r;
    return o;
}

std::vector<std::string> check(const Graph& g, bool require_typed = false) {
    VerifyOptions o = with_registry(&test_registry());
    o.require_typed = require_typed;
    return verify(g, o);
}

using Problems = std::vector<std::string>;

}  // namespace

TEST_CASE("a valid graph has no problems, typed or not") {
    auto g = parse_graph(R"(graph main(%x: f32[4,6], %w: f32[8,4,3,3]) {
  %r: f32[4,6] = Relu(%x) #relu
  %a, %b: f32[2,6] = Split(%r) #split
  %s: f32[2,?] = ai.onnx.ml.Scaler(%a) {scale = [1, 2]} #scaler
  %c = Conv(%x, %w, _) {kernel = [3, 3]} #conv
  %sum = Add(%s, %b) #add
  return %sum, %c
})");
    CHECK(check(*g) == Problems{});
    CHECK(verify(*g, &test_registry()) == Problems{});
    CHECK(check(*g, true) == Problems{"node 'split' (Split): output 0 'a' has no dtype (run "
                                      "shape inference first)",
                                      "node 'conv' (Conv): output 0 'c' has no dtype (run shape "
                                      "inference first)",
                                      "node 'add' (Add): output 0 'sum' has no dtype (run shape "
                                      "inference first)"});
    CHECK_NOTHROW(verify_or_throw(*g, "after parsing", with_registry(&test_registry())));
}

TEST_CASE("unknown ops and schema problems name node, op and domain") {
    auto g = parse_graph(R"(graph main(%x: f32[4], %w: f32[4]) {
  %a = ai.onnx.ml.Imputer(%x) #imp
  %b = Frobnicate(%x) #frob
  %c = Relu(%x, %w) #relu2
  %d = Conv(%x, %w) #conv
  %e = Conv(%x, %w) {kernel = [3], grop = 2} #conv_typo
  %f = Conv(%x, %w) {kernel = 3} #conv_type
  %g = Add(%x, _) #add
  %h = Relu(%x) {scale = 1.0} #relu3
  return %a, %b, %c, %d, %e, %f, %g, %h
})");
    CHECK(check(*g) ==
          Problems{
              "node 'imp' (ai.onnx.ml.Imputer): unknown op 'Imputer' in domain 'ai.onnx.ml' (not "
              "in the op registry)",
              "node 'frob' (Frobnicate): unknown op 'Frobnicate' in the default domain (not in the "
              "op registry)",
              "node 'relu2' (Relu): has 2 inputs, Relu takes 1",
              "node 'conv' (Conv): required attribute 'kernel' is missing",
              "node 'conv_typo' (Conv): unknown attribute 'grop' (Conv has kernel, group)",
              "node 'conv_type' (Conv): attribute 'kernel' must be ints, got int",
              "node 'add' (Add): input 1 is required but missing",
              "node 'relu3' (Relu): unknown attribute 'scale' (Relu has no attributes)",
          });
    // Without a registry only the structure is checked.
    CHECK(verify(*g, nullptr) == Problems{});
}

TEST_CASE("declared output types must agree with the op's inference") {
    auto g = parse_graph(R"(graph main(%x: f32[4,N], %i: i32[4,N], %u) {
  %r1: f32[4,N] = Relu(%x) #same
  %r2: f32[?,N] = Relu(%x) #less_known
  %r3: f32[4,8] = Relu(%x) #symbol_vs_static
  %r4: f32[4] = Relu(%x) #rank
  %r5: i64[4,N] = Relu(%x) #dtype
  %r6: ?[*]@NCHW = Relu(%x) #layout_only
  %a, %b: f32[3,N] = Split(%x) #split
  %bad: f32[4,N] = Add(%x, %i) #mixed
  %ru: f32[4] = Relu(%u) #untyped_input
  return %r1, %r2, %r3, %r4, %r5, %r6, %a, %b, %bad, %ru
})");
    CHECK(check(*g) ==
          Problems{
              "node 'symbol_vs_static' (Relu): output 0 'r3' is declared f32[4,8] but inference "
              "gives f32[4,N]",
              "node 'rank' (Relu): output 0 'r4' is declared f32[4] but inference gives f32[4,N]",
              "node 'dtype' (Relu): output 0 'r5' is declared i64[4,N] but inference gives "
              "f32[4,N]",
              "node 'split' (Split): output 1 'b' is declared f32[3,N] but inference gives "
              "f32[2,N]",
              "node 'mixed' (Add): input dtypes differ (in shape inference)",
          });
}

TEST_CASE("structural problems: outputs, names, cycles, constants, foreign values") {
    SUBCASE("no outputs") {
        auto g = parse_graph("graph main(%x: f32[2]) {\n  %y = Relu(%x) #r\n  return\n}");
        CHECK(check(*g) == Problems{"graph 'main' has no outputs"});
    }
    SUBCASE("cycle") {
        auto g = parse_graph(R"(graph main(%x: f32[2]) {
  %a = Add(%x, %b) #a
  %b = Relu(%a) #b
  return %b
})");
        CHECK(check(*g) == Problems{"graph 'main' has a cycle through node 'a' (Add), node 'b' "
                                    "(Relu)"});
    }
    SUBCASE("node names") {
        Graph g;
        Value* x = g.add_input("x", DType::f32, Shape{2});
        Node* a = g.add_node("Relu", {x}, {"a"}, {}, "n");
        Node* b = g.add_node("Relu", {a->output(0)}, {"b"}, {}, "n");
        Node* c = g.add_node("Relu", {b->output(0)}, {"c"}, {}, "n");
        Node* d = g.add_node("Relu", {c->output(0)}, {"d"}, {}, "x");
        d->set_name("");
        g.add_output(d->output(0));
        CHECK(check(g) == Problems{"node name 'n' is used more than once in graph 'main'",
                                   "node '' (Relu): node has an empty name"});
    }
    SUBCASE("constant whose type disagrees with its tensor") {
        Graph g;
        Value* c = g.add_constant("c", Tensor::from_vector<float>({2}, {1.0f, 2.0f}));
        c->set_dtype(DType::i32);
        g.add_output(c);
        CHECK(check(g) ==
              Problems{"constant 'c' is declared i32[2] but its tensor is f32[2]"});
    }
    SUBCASE("a value of another graph") {
        Graph other("other");
        Value* foreign = other.add_input("f", DType::f32, Shape{2});
        Graph g;
        Value* x = g.add_input("x", DType::f32, Shape{2});
        Node* r = g.add_node("Relu", {x}, {"y"}, {}, "r");
        g.add_output(r->output(0));
        r->set_input(0, foreign);
        CHECK(check(g) == Problems{"node 'r' (Relu): input 0 refers to a value that is not in "
                                   "graph 'main' (removed, or of another graph)"});
        CHECK(check(other) ==
              Problems{"the use list of value 'f' holds a node that is not in graph 'other'",
                       "graph 'other' has no outputs"});
        r->set_input(0, x);
        CHECK(check(g) == Problems{});
    }
}

TEST_CASE("subgraphs are verified with the path to them") {
    auto g = parse_graph(R"(graph main(%x: f32[2], %n: i64[]) {
  %y = Loop(%n, %x) {body = graph body(%i: i64[], %v: f32[2]) {
    %w = Nope(%v) #bad
    %z = If(%w) {branches = [graph a() {
      %k: f32[1] = const [1.0]
      return %k
    }, graph b() {
      return
    }]} #if
    return %z
  }} #loop
  return %y
})");
    CHECK(check(*g) ==
          Problems{"node 'loop' (Loop) attribute 'body': node 'bad' (Nope): unknown op 'Nope' in "
                   "the default domain (not in the op registry)",
                   "node 'loop' (Loop) attribute 'body': node 'if' (If) attribute 'branches'[1]: "
                   "graph 'b' has no outputs"});
    Node* loop = g->find_node("loop");
    loop->set_attr("body", GraphPtr());
    CHECK(check(*g) == Problems{"node 'loop' (Loop) attribute 'body' holds no graph"});
}

TEST_CASE("verify_or_throw lists every problem") {
    auto g = parse_graph(R"(graph main(%x: f32[2]) {
  %a = Relu(%x, %x) #r
  %b = Mystery(%a) #m
  return
})");
    try {
        verify_or_throw(*g, "after pass fuse", with_registry(&test_registry()));
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()) ==
              "after pass fuse: graph 'main' is invalid (3 problems):\n"
              "  - graph 'main' has no outputs\n"
              "  - node 'r' (Relu): has 2 inputs, Relu takes 1\n"
              "  - node 'm' (Mystery): unknown op 'Mystery' in the default domain (not in the op "
              "registry)");
    }
    auto one = parse_graph("graph g(%x: f32[2]) {\n  return\n}");
    try {
        verify_or_throw(*one, "", with_registry(nullptr));
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()) ==
              "graph 'g' is invalid (1 problem):\n  - graph 'g' has no outputs");
    }
}
