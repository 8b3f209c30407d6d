// The IR text format: canonical printing, round trips, and parse errors.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;

namespace {

// parse(text) prints back exactly as `text` (which must then be canonical).
void check_round_trip(const std::string& text) {
    std::unique_ptr<Graph> g = parse_graph(text);
    std::string printed = print_graph(*g);
    CHECK(printed == text);
    CHECK(print_graph(*parse_graph(printed)) == printed);
    CHECK(print_graph(*g->clone()) == printed);
}

// The message of the UserError that parsing `text` throws.
std::string parse_error(const std::string& text, const std::string& source = "t.ir") {
    try {
        parse_graph(text, source);
    } catch (const UserError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the design example parses and prints canonically") {
    auto g = parse_graph(R"(
graph main(%x: f32[1,3,N,224]@NCHW, %y: i64[?]) {
  // attributes in any order; printing sorts them
  %w: f32[2,2] = const [1, 2, 3.0, 4.0]
  %c: f32[1,8,?,222] = Conv(%x, %w, _) {pads = [0, 0, 0, 0], group = 1} #conv1
  %a, %b = Split(%c) {axis = 1} #split0
  return %a, %b
}
)");
    CHECK(print_graph(*g) == R"(graph main(%x: f32[1,3,N,224]@NCHW, %y: i64[?]) {
  %w: f32[2,2] = const [1.0, 2.0, 3.0, 4.0]
  %c: f32[1,8,?,222] = Conv(%x, %w, _) {group = 1, pads = [0, 0, 0, 0]} #conv1
  %a, %b = Split(%c) {axis = 1} #split0
  return %a, %b
}
)");
    Value* x = g->inputs().at(0);
    CHECK(x->shape() == Shape({Dim(1), Dim(3), Dim::symbol("N"), Dim(224)}));
    CHECK(x->layout().name() == "NCHW");
    CHECK(g->inputs().at(1)->shape() == Shape({Dim::unknown()}));
    Node* conv = g->find_node("conv1");
    REQUIRE(conv != nullptr);
    CHECK(conv->num_inputs() == 3);
    CHECK(conv->input(2) == nullptr);
    CHECK(conv->attr("group").type() == AttrType::i);
    CHECK(conv->attr("pads").ints() == std::vector<int64_t>{0, 0, 0, 0});
    CHECK(g->find_value("w")->constant() ==
          Tensor::from_vector<float>({2, 2}, {1.0f, 2.0f, 3.0f, 4.0f}));
    Node* split = g->find_node("split0");
    CHECK(split->num_outputs() == 2);
    CHECK(split->output(0)->dtype() == DType::undefined);
    CHECK_FALSE(split->output(1)->shape().ranked());
    CHECK(g->outputs() == std::vector<Value*>{split->output(0), split->output(1)});
    CHECK(x->uses() == std::vector<Use>{{conv, 0}});
}

TEST_CASE("round trip: every dtype, special floats, names that need quoting") {
    check_round_trip(R"(graph "torch-jit-export"(%x: f32[N,3]@NC, %"in:0": ?[2,?], %u, %l: ?[*]@NHWC, %s: i8["batch size",4,"?x"]) {
  %c_f32: f32[8] = const [0.1, -0.0, inf, -inf, nan, 1e+20, 3.4028235e+38, 1e-45]
  %c_f16: f16[6] = const [0.1, 65500.0, 6e-08, -inf, nan, 1.0]
  %c_bf16: bf16[4] = const [0.1, 3.0, -inf, 1e+38]
  %c_f64: f64[4] = const [0.1, 1e-300, 1.7976931348623157e+308, 5e-324]
  %c_i8: i8[2] = const [-128, 127]
  %c_u8: u8[2] = const [0, 255]
  %c_i16: i16[2] = const [-32768, 32767]
  %c_i32: i32[2] = const [-2147483648, 2147483647]
  %c_i64: i64[2] = const [-9223372036854775808, 9223372036854775807]
  %c_bool: bool[2,1] = const [true, false]
  %c_str: string[4] = const ["a\"b\\c\n", "tab\there", "\x01\x7f", "été"]
  %c_scalar: f32[]@C = const [2.5]
  %c_empty: f32[0,3] = const []
  %"out:0": f32[N,3], %"a b" = "my-domain"::"Odd Op"(%x, %"in:0", %u, %l, %s, %c_f32, %c_f16, %c_bf16, %c_f64, %c_i8, %c_u8, %c_i16, %c_i32, %c_i64, %c_bool, %c_str, %c_scalar, %c_empty) #"node/with space"
  %q = "const"(%"a b") #"#1"
  %r: ?[*]@NCHW = ai.onnx.ml.Scaler(%q, _, _) #""
  return %"out:0", %r
}
)");
}

TEST_CASE("round trip: the storage-only dtypes print their exact values") {
    check_round_trip(R"(graph g() {
  %f8: f8e4m3fn[5] = const [448.0, -0.0, nan, 0.001953125, -1.5]
  %fnuz: f8e4m3fnuz[2] = const [240.0, nan]
  %e5: f8e5m2[3] = const [57344.0, -inf, 1.52587890625e-05]
  %e5uz: f8e5m2fnuz[1] = const [7.62939453125e-06]
  %e8: f8e8m0[2] = const [5.877471754111438e-39, 1.0]
  %f4: f4e2m1[3] = const [6.0, -0.5, -0.0]
  %i4: i4[2] = const [-8, 7]
  %u4: u4[2] = const [0, 15]
  %i2: i2[2] = const [-2, 1]
  %u2: u2[1] = const [3]
  return %f8, %fnuz, %e5, %e5uz, %e8, %f4, %i4, %u4, %i2, %u2
}
)");
    CHECK(parse_error("graph g() {\n  %c: i4[1] = const [8]\n  return %c\n}") ==
          "t.ir:2:22: value 8 is out of range for i4");
    CHECK(parse_error("graph g() {\n  %c: f8e4m3fn[1] = const [500.0]\n  return %c\n}") ==
          "t.ir:2:28: value 500.0 is out of range for f8e4m3fn");
}

TEST_CASE("round trip: every attribute kind, nested subgraphs, multi-output and dead nodes") {
    check_round_trip(R"(graph main(%x: f32[2], %n: i64[]) {
  %y: f32[2], %z: f32[2] = Foo(%x, _, %n, _) {"a weird name" = "v", f = 1.0, fl = [0.5, -inf, nan, 1e-05], fl_empty = floats[], g = graph body(%x: f32[], %k) {
    %one: f32[] = const [1.0]
    %o: f32[] = Add(%x, %one) #add
    %o2 = If(%o) {else_branch = graph e() {
      %q: f32[] = const [0.0]
      return %q
    }, then_branch = graph t() {
      return
    }} #if
    return %o2, %k, %x
  }, gs = [graph a() {
    %k: i64[1] = const [7]
    return %k
  }, graph b(%p) {
    return %p
  }], gs_empty = graphs[], i = -3, is = [1, -2], is_empty = ints[], s = "hi\t\"there\"", ss = ["a", ""], ss_empty = strings[], t = tensor<i32[2,1]> [1, 2], t_scalar = tensor<string[]> ["s"], t_x = tensor<f16[1]> [0.1]} #foo
  %w = Relu(%z) #relu
  Print(%y) #print
  %dead = Neg(%x) #dead
  return %w, %y
}
)");
}

TEST_CASE("attribute values keep their kind") {
    auto g = parse_graph(R"(graph main(%x: f32[2]) {
  %y = Op(%x) {a = 1, b = 1.0, c = 2e3, d = -inf, e = [1, 2], f = [1, 2.5], g = floats[1, 2], h = "s", i = ["s"]} #op
  return %y
})");
    const Node* n = g->find_node("op");
    CHECK(n->attr("a").type() == AttrType::i);
    CHECK(n->attr("b").type() == AttrType::f);
    CHECK(n->attr("c").f() == 2000.0);
    CHECK(n->attr("d").f() == -std::numeric_limits<double>::infinity());
    CHECK(n->attr("e").type() == AttrType::ints);
    CHECK(n->attr("f").type() == AttrType::floats);  // any float element makes floats
    CHECK(n->attr("f").floats() == std::vector<double>{1.0, 2.5});
    CHECK(n->attr("g").type() == AttrType::floats);
    CHECK(n->attr("h").type() == AttrType::s);
    CHECK(n->attr("i").type() == AttrType::strings);
    CHECK(print_graph(*g) == R"(graph main(%x: f32[2]) {
  %y = Op(%x) {a = 1, b = 1.0, c = 2000.0, d = -inf, e = [1, 2], f = [1.0, 2.5], g = [1.0, 2.0], h = "s", i = ["s"]} #op
  return %y
}
)");
}

TEST_CASE("floats print as the shortest decimal that reads back to the same bits") {
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape{});
    Node* n = g.add_node("Op", {x}, {"y"},
                         {{"eps", 1e-5}, {"f32", 0.1f}, {"big", 1e20}, {"whole", 3.0},
                          {"third", 1.0 / 3.0}},
                         "op");
    g.add_output(n->output(0));
    g.add_constant("cf", Tensor::from_vector<float>({3}, {0.1f, 1.0f / 3.0f, 16777216.0f}));
    g.add_constant("ch", Tensor::from_vector<float16>(
                             {3}, {float16(0.1f), float16(1.0f / 3.0f), float16(1e-7f)}));
    g.add_constant("cb", Tensor::from_vector<bfloat16>({2}, {bfloat16(0.1f), bfloat16(300.0f)}));
    std::string text = print_graph(g);
    CHECK(text == R"(graph main(%x: f32[]) {
  %y = Op(%x) {big = 1e+20, eps = 1e-05, f32 = 0.10000000149011612, third = 0.3333333333333333, whole = 3.0} #op
  %cb: bf16[2] = const [0.1, 300.0]
  %cf: f32[3] = const [0.1, 0.33333334, 16777216.0]
  %ch: f16[3] = const [0.1, 0.3333, 1e-07]
  return %y
}
)");
    auto back = parse_graph(text);
    for (const char* c : {"cf", "ch", "cb"})
        CHECK(back->find_value(c)->constant() == g.find_value(c)->constant());
    CHECK(back->find_node("op")->attr("third").f() == 1.0 / 3.0);
    CHECK(back->find_node("op")->attr("f32").f() == static_cast<double>(0.1f));
}

TEST_CASE("every f16 and bf16 value round-trips through its printed form") {
    std::vector<float16> hs;
    std::vector<bfloat16> bs;
    for (uint32_t bits = 0; bits < 0x10000; ++bits) {
        float16 h;
        h.bits = static_cast<uint16_t>(bits);
        bfloat16 b;
        b.bits = static_cast<uint16_t>(bits);
        if (!std::isnan(static_cast<float>(h))) hs.push_back(h);
        if (!std::isnan(static_cast<float>(b))) bs.push_back(b);
    }
    Graph g;
    Value* h = g.add_constant("h", Tensor::from_vector<float16>({int64_t(hs.size())}, hs));
    Value* b = g.add_constant("b", Tensor::from_vector<bfloat16>({int64_t(bs.size())}, bs));
    g.add_output(h);
    g.add_output(b);
    auto back = parse_graph(print_graph(g));
    CHECK(back->find_value("h")->constant() == h->constant());
    CHECK(back->find_value("b")->constant() == b->constant());
}

TEST_CASE("printing is canonical: independent of insertion order") {
    // The same graph built in two orders.
    auto build = [](bool reversed) {
        auto g = std::make_unique<Graph>();
        Value* x = g->add_input("x", DType::f32, Shape{2});
        Value* c1 = nullptr;
        Value* c2 = nullptr;
        auto consts = [&] {
            c1 = g->add_constant("c1", Tensor::from_vector<float>({1}, {1.0f}));
            c2 = g->add_constant("c2", Tensor::from_vector<float>({1}, {2.0f}));
        };
        if (!reversed) consts();
        Node *a, *b;
        if (reversed) {
            b = g->add_node("Relu", {x}, {"b"}, {}, "b");
            a = g->add_node("Neg", {x, nullptr}, {"a"}, {}, "a");
            consts();
        } else {
            a = g->add_node("Neg", {x, nullptr}, {"a"}, {}, "a");
            b = g->add_node("Relu", {x}, {"b"}, {}, "b");
        }
        a->set_input(1, c2);
        Node* s = g->add_node("Add", {a->output(0), b->output(0), c2, c1}, {"s"},
                              {{"z", 1}, {"a", 2}}, "s");
        g->add_output(s->output(0));
        g->add_constant("unused_b", Tensor());
        g->add_constant("unused_a", Tensor());
        return g;
    };
    std::string expected = R"(graph main(%x: f32[2]) {
  %c2: f32[1] = const [2.0]
  %a = Neg(%x, %c2) #a
  %b = Relu(%x) #b
  %c1: f32[1] = const [1.0]
  %s = Add(%a, %b, %c2, %c1) {a = 2, z = 1} #s
  %unused_a: f32[] = const [0.0]
  %unused_b: f32[] = const [0.0]
  return %s
}
)";
    CHECK(print_graph(*build(false)) == expected);
    CHECK(print_graph(*build(true)) == expected);
}

TEST_CASE("structural printing ignores value and node names") {
    auto a = parse_graph(R"(graph main(%x: f32[2], %"0": f32[2]) {
  %t = Neg(%x) #n1
  %c: f32[] = const [1.0]
  %u = Add(%t, %c) #n2
  return %u, %"0"
})");
    auto b = parse_graph(R"(graph main(%x: f32[2], %"0": f32[2]) {
  %c0: f32[] = const [1.0]
  %y = Add(%m, %c0)
  %m = Neg(%x) #whatever
  return %y, %"0"
})");
    std::string diff;
    CHECK_FALSE(graphs_equal(*a, *b, &diff));
    CHECK(graphs_equal(*a, *b, &diff, PrintOptions::structural()));
    CHECK(print_graph(*a, PrintOptions::structural()) == R"(graph main(%x: f32[2], %0: f32[2]) {
  %1 = Neg(%x)
  %2: f32[] = const [1.0]
  %3 = Add(%1, %2)
  return %3, %0
}
)");
    // The structural text parses back (nodes get fresh names).
    auto c = parse_graph(print_graph(*a, PrintOptions::structural()));
    CHECK(graphs_equal(*a, *c, nullptr, PrintOptions::structural()));
    CHECK(c->nodes().at(0)->name() == "Neg_0");
}

TEST_CASE("graphs_equal gives a line diff") {
    auto a = parse_graph(R"(graph main(%x: f32[2]) {
  %y = Relu(%x) #r
  %z = Neg(%y) #n
  return %z
})");
    auto b = parse_graph(R"(graph main(%x: f32[2]) {
  %y = Relu(%x) #r
  %z = Abs(%y) #n
  return %z
})");
    std::string diff;
    CHECK(graphs_equal(*a, *a->clone(), &diff));
    CHECK_FALSE(graphs_equal(*a, *b, &diff));
    CHECK(diff == R"(  graph main(%x: f32[2]) {
    %y = Relu(%x) #r
-   %z = Neg(%y) #n
+   %z = Abs(%y) #n
    return %z
  }
)");
}

TEST_CASE("big constants can be elided for dumps") {
    auto g = parse_graph(R"(graph main(%x: f32[4]) {
  %w: f32[4] = const [1.0, 2.0, 3.0, 4.0]
  %b: f32[2] = const [1.0, 2.0]
  %y = Op(%x, %w, %b) {t = tensor<i64[5]> [1, 2, 3, 4, 5]} #op
  return %y
})");
    PrintOptions opt;
    opt.elide_constants_over = 3;
    std::string text = print_graph(*g, opt);
    CHECK(text == R"(graph main(%x: f32[4]) {
  %w: f32[4] = const <elided 4 values>
  %b: f32[2] = const [1.0, 2.0]
  %y = Op(%x, %w, %b) {t = tensor<i64[5]> <elided 5 values>} #op
  return %y
}
)");
    CHECK(parse_error(text) ==
          "t.ir:2:22: elided constant values cannot be parsed (this text was printed with "
          "elide_constants_over)");
}

TEST_CASE("forward references and cycles can be written down") {
    auto g = parse_graph(R"(graph main(%x: f32[2]) {
  %a = Add(%x, %b) #a
  %b = Relu(%a) #b
  return %b
})");
    CHECK(g->find_cycle().size() == 2);
    // Printing a broken graph still works (edges closing a cycle are ignored).
    CHECK(print_graph(*g) == R"(graph main(%x: f32[2]) {
  %a = Add(%x, %b) #a
  %b = Relu(%a) #b
  return %b
}
)");
}

TEST_CASE("parse errors name the place, what was expected and what was found") {
    CHECK(parse_error("graph main(%x: f33[2]) {\n  return %x\n}") ==
          "t.ir:1:16: unknown dtype 'f33' (expected f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64, u64, "
          "bool, string, f8e4m3fn, f8e4m3fnuz, f8e5m2, f8e5m2fnuz, f8e8m0, f4e2m1, i4, u4, i2, u2, "
          "or ? for not known yet)");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) #r\n  return %nope\n}",
                      "model.ir") == "model.ir:3:10: undefined value '%nope' in graph 'main'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%z)\n  return %y\n}") ==
          "t.ir:2:13: undefined value '%z' in graph 'main'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %x = Relu(%x)\n  return %x\n}") ==
          "t.ir:2:3: value '%x' is defined twice (first at line 1, column 12)");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %a = Relu(%x) #n\n  %b = Relu(%x) #n\n  "
                      "return %a\n}") ==
          "t.ir:3:17: node name '#n' is used twice (first at line 2, column 17)");
    CHECK(parse_error("graph main() {\n  %w: f32[2,2] = const [1.0, 2.0, 3.0]\n  return %w\n}") ==
          "t.ir:2:24: constant '%w' of type f32[2,2] needs 4 values, got 3");
    CHECK(parse_error("graph main() {\n  %w: f32[4294967296,4294967296] = const [1.0]\n"
                      "  return %w\n}") ==
          "t.ir:2:42: constant '%w' of type f32[4294967296,4294967296] needs "
          "18446744073709551615 values, got 1");  // no overflow, no huge allocation
    CHECK(parse_graph("graph main() {\n  %w: f32[4294967296,0] = const []\n  return %w\n}")
              ->find_value("w")
              ->constant()
              .numel() == 0);
    CHECK(parse_error("graph main() {\n  %w: f32[N] = const [1.0]\n  return %w\n}") ==
          "t.ir:2:3: constant '%w' needs a static shape, got f32[N]");
    CHECK(parse_error("graph main() {\n  %w = const [1.0]\n  return %w\n}") ==
          "t.ir:2:3: constant '%w' needs a type, e.g. %c: f32[2] = const [1.0, 2.0]");
    CHECK(parse_error("graph main() {\n  %w: u8[2] = const [1, 256]\n  return %w\n}") ==
          "t.ir:2:25: value 256 is out of range for u8");
    CHECK(parse_error("graph main() {\n  %w: i32[1] = const [1.5]\n  return %w\n}") ==
          "t.ir:2:23: expected a value of dtype i32, got '1.5'");
    CHECK(parse_error("graph main() {\n  %w: bool[1] = const [1]\n  return %w\n}") ==
          "t.ir:2:24: expected a value of dtype bool, got '1'");
    CHECK(parse_error("graph main() {\n  %w: f32[1] = const [1e99]\n  return %w\n}") ==
          "t.ir:2:23: value 1e99 is out of range for f32");
    CHECK(parse_error("graph main(%x: f32[2] {\n  return %x\n}") ==
          "t.ir:1:23: expected ')' or ',' after a graph input, got '{'");
    CHECK(parse_error("graph main(%x: f32) {\n  return %x\n}") ==
          "t.ir:1:19: expected '[' to start the shape (write [*] for an unranked shape), got "
          "')'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x\n  return %y\n}") ==
          "t.ir:3:3: expected ')' or ',' after a node input, got 'return'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {a = []}\n  return %y\n}") ==
          "t.ir:2:22: an empty list needs its kind: ints[], floats[], strings[] or graphs[]");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {a = [1, \"s\"]}\n  return %y\n}") ==
          "t.ir:2:22: a list mixes numbers, strings and graphs");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {a = ints[1.5]}\n  return %y\n}") ==
          "t.ir:2:26: the elements do not fit a list of ints");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {a = 1, a = 2}\n  return %y\n}") ==
          "t.ir:2:25: attribute 'a' is set twice");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {a = Foo}\n  return %y\n}") ==
          "t.ir:2:22: expected an attribute value (a number, a string, a list, tensor<...> [...] "
          "or a graph), got 'Foo'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {s = \"abc}\n  return %y\n}") ==
          "t.ir:2:22: unterminated string (a string ends on its line; write \\n for a newline)");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {s = \"a\\qb\"}\n  return %y\n}") ==
          "t.ir:2:25: unknown escape in string (use \\\" \\\\ \\n \\t \\r or \\xHH)");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x)\n}") ==
          "t.ir:3:1: expected a statement or 'return' in graph 'main', got '}'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  return %x\n}\ngraph b() {}") ==
          "t.ir:4:1: expected end of input after the graph, got 'graph'");
    CHECK(parse_error("graph main(%x: f32[2]@N-C) {\n  return %x\n}") ==
          "t.ir:1:24: unexpected character \"-\"");
    CHECK(parse_error("graph main(%x: f32[2]@N_C) {\n  return %x\n}") ==
          "t.ir:1:23: expected a layout of letters and digits after '@' (e.g. NCHW), got 'N_C'");
    CHECK(parse_error("graph main(%x: f32[-1]) {\n  return %x\n}") ==
          "t.ir:1:20: dim -1 must be a non-negative int64");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {i = 12abc}\n  return %y\n}") ==
          "t.ir:2:22: malformed number '12abc'");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = = Relu(%x)\n  return %y\n}") ==
          "t.ir:2:8: expected an op name or 'const' after '=', got '='");
    CHECK(parse_error("main(%x: f32[2]) {}") == "t.ir:1:1: expected 'graph', got 'main'");
    CHECK(parse_error("") == "t.ir:1:1: expected 'graph', got end of input");
    CHECK(parse_error("graph main(%x: f32[2]) {\n  %y = Relu(%x) {g = graph b() { return %q }}\n"
                      "  return %y\n}") ==
          "t.ir:2:41: undefined value '%q' in graph 'b'");
}
