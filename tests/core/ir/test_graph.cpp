// Graph building and rewriting: use lists, replace_all_uses, remove_node, clone,
// topological order (stability, cycles).
#include <doctest/doctest.h>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;

namespace {
std::vector<std::string> names(const std::vector<Node*>& nodes) {
    std::vector<std::string> out;
    for (const Node* n : nodes) out.push_back(n->name());
    return out;
}
}  // namespace

TEST_CASE("building a graph keeps use lists and producers") {
    Graph g("net");
    Value* x = g.add_input("x", DType::f32, Shape{1, 4}, Layout("NC"));
    Value* w = g.add_constant("w", Tensor::from_vector<float>({1, 4}, {1, 2, 3, 4}));
    Node* add = g.add_node("Add", {x, w}, {"y"}, {}, "add");
    Node* mul = g.add_node("Mul", {add->output(0), add->output(0)}, 1, {}, "mul");
    g.add_output(mul->output(0));

    CHECK(g.name() == "net");
    CHECK(x->is_graph_input());
    CHECK(x->layout().name() == "NC");
    CHECK(w->is_constant());
    CHECK(w->dtype() == DType::f32);
    CHECK(w->shape() == Shape{1, 4});
    CHECK(w->producer() == nullptr);
    Value* y = g.find_value("y");
    REQUIRE(y != nullptr);
    CHECK(y->producer() == add);
    CHECK(y->producer_index() == 0);
    CHECK(y->dtype() == DType::undefined);
    CHECK_FALSE(y->shape().ranked());
    CHECK(y->uses() == std::vector<Use>{{mul, 0}, {mul, 1}});
    CHECK(x->uses() == std::vector<Use>{{add, 0}});
    CHECK(mul->output(0)->name() == "Mul_0");  // a fresh name from the op
    CHECK(g.find_node("mul") == mul);
    CHECK(g.find_node("nope") == nullptr);
    CHECK(g.values().size() == 4);
    CHECK(g.constants() == std::vector<Value*>{w});
    CHECK(add->describe() == "node 'add' (Add)");

    Node* sc = g.add_node("Scaler", {x}, 1);
    sc->set_domain("ai.onnx.ml");
    CHECK(sc->qualified_op() == "ai.onnx.ml.Scaler");
    CHECK(sc->name() == "Scaler_2");

    CHECK_THROWS_AS(g.add_input("x", DType::f32, Shape{}), InternalError);
    Graph other;
    Value* foreign = other.add_input("f", DType::f32, Shape{});
    CHECK_THROWS_AS(g.add_node("Relu", {foreign}, 1), InternalError);
    CHECK_THROWS_AS(g.add_output(foreign), InternalError);
}

TEST_CASE("set_input and omitted inputs") {
    Graph g;
    Value* a = g.add_input("a", DType::f32, Shape{2});
    Value* b = g.add_input("b", DType::f32, Shape{2});
    Node* n = g.add_node("Conv", {a, nullptr, nullptr}, 1, {}, "conv");
    CHECK(n->num_inputs() == 3);
    CHECK(n->input(1) == nullptr);
    CHECK(n->input(7) == nullptr);
    n->set_input(2, b);
    CHECK(b->uses() == std::vector<Use>{{n, 2}});
    n->set_input(2, nullptr);
    CHECK(b->uses().empty());
    n->set_input(0, b);
    CHECK(a->uses().empty());
    CHECK(b->uses() == std::vector<Use>{{n, 0}});
}

TEST_CASE("replace_all_uses rewrites node inputs and graph outputs") {
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape{2});
    Node* r = g.add_node("Relu", {x}, {"r"}, {}, "relu");
    Node* s = g.add_node("Sigmoid", {r->output(0)}, {"s"}, {}, "sig");
    g.add_output(r->output(0));
    g.add_output(s->output(0));

    g.replace_all_uses(r->output(0), x);
    CHECK(r->output(0)->uses().empty());
    CHECK(s->input(0) == x);
    CHECK(g.outputs()[0] == x);
    CHECK(x->uses() == std::vector<Use>{{r, 0}, {s, 0}});
    g.replace_all_uses(x, x);  // no-op
    CHECK(x->uses().size() == 2);
}

TEST_CASE("remove_node refuses used outputs and drops the node's values") {
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape{2});
    Node* r = g.add_node("Relu", {x}, {"r"}, {}, "relu");
    Node* s = g.add_node("Sigmoid", {r->output(0)}, {"s"}, {}, "sig");
    g.add_output(s->output(0));

    CHECK_THROWS_AS(g.remove_node(r), InternalError);  // r is read by s
    CHECK_THROWS_AS(g.remove_node(s), InternalError);  // s is a graph output
    g.set_output(0, x);
    g.remove_node(s);
    CHECK(g.find_value("s") == nullptr);
    CHECK(r->output(0)->uses().empty());
    g.remove_node(r);
    CHECK(g.num_nodes() == 0);
    CHECK(x->uses().empty());
    CHECK(g.values() == std::vector<Value*>{x});

    Value* c = g.add_constant("c", Tensor());
    g.remove_value(c);
    CHECK(g.find_value("c") == nullptr);
    CHECK_THROWS_AS(g.remove_value(x), InternalError);  // an input
    Value* unused = g.add_input("u", DType::f32, Shape{});
    g.remove_input(unused);
    CHECK(g.inputs() == std::vector<Value*>{x});
}

TEST_CASE("topological_order is stable: ties keep insertion order") {
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape{2});
    // Insert a consumer first and wire its producer later.
    Node* late = g.add_node("Add", {x, nullptr}, {"late"}, {}, "late");
    Node* b = g.add_node("Relu", {x}, {"b"}, {}, "b");
    Node* a = g.add_node("Relu", {x}, {"a"}, {}, "a");
    Node* c = g.add_node("Relu", {a->output(0)}, {"c"}, {}, "c");
    late->set_input(1, c->output(0));
    g.add_output(late->output(0));
    g.add_output(b->output(0));
    CHECK(names(g.topological_order()) == std::vector<std::string>{"b", "a", "c", "late"});
    CHECK(g.find_cycle().empty());
    CHECK(names(g.topological_order()) == names(g.topological_order()));
}

TEST_CASE("a cycle is a user error naming its nodes") {
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape{2});
    Node* p = g.add_node("Relu", {x}, {"p"}, {}, "p");
    Node* a = g.add_node("Add", {x, nullptr}, {"a"}, {}, "a");
    Node* b = g.add_node("Relu", {a->output(0)}, {"b"}, {}, "b");
    a->set_input(1, b->output(0));
    g.add_output(b->output(0));
    g.add_output(p->output(0));
    CHECK(names(g.find_cycle()) == std::vector<std::string>{"a", "b"});
    try {
        g.topological_order();
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()) ==
              "graph 'main' has a cycle through node 'a' (Add), node 'b' (Relu); a dataflow "
              "graph must be acyclic");
    }

    Graph self;
    Value* y = self.add_input("y", DType::f32, Shape{2});
    Node* s = self.add_node("Add", {y, nullptr}, {"s"}, {}, "s");
    s->set_input(1, s->output(0));
    CHECK(names(self.find_cycle()) == std::vector<std::string>{"s"});
}

TEST_CASE("clone is a deep, equal and independent copy") {
    auto body = std::make_shared<Graph>("body");
    Value* bi = body->add_input("i", DType::f32, Shape{});
    body->add_output(body->add_node("Neg", {bi}, {"o"}, {}, "neg")->output(0));

    Graph g("orig");
    Value* x = g.add_input("x", DType::f32, Shape({Dim::symbol("N"), Dim(3)}), Layout("NC"));
    Value* w = g.add_constant("w", Tensor::from_vector<float>({3}, {1, 2, 3}));
    w->set_layout(Layout("C"));
    Node* n = g.add_node("Loop", {x, w, nullptr}, {"y", "z"},
                         {{"body", body}, {"k", int64_t{2}}}, "loop");
    n->set_domain("my.domain");
    n->output(0)->set_dtype(DType::f32);
    n->output(0)->set_shape(Shape({Dim::unknown()}));
    n->output(1)->set_layout(Layout("NCHW"));
    Node* unnamed = g.add_node("Relu", {n->output(0)}, {"u"});
    unnamed->set_name("");
    g.add_output(unnamed->output(0));
    g.add_output(n->output(1));

    std::unique_ptr<Graph> c = g.clone();
    CHECK(print_graph(*c) == print_graph(g));
    CHECK(c->name() == "orig");
    CHECK(c->inputs().size() == 1);
    CHECK(c->inputs()[0] != x);
    CHECK(c->find_node("")->op() == "Relu");  // an empty name stays empty
    Node* cn = c->find_node("loop");
    REQUIRE(cn != nullptr);
    CHECK(cn->domain() == "my.domain");
    CHECK(cn->input(2) == nullptr);
    CHECK(cn->attr("body").graph() != body);  // subgraphs are copied
    CHECK(c->find_value("w")->constant_ptr() == w->constant_ptr());  // constants shared

    // Changing the copy leaves the original alone.
    cn->set_attr("k", int64_t{5});
    cn->attr("body").graph()->set_name("changed");
    c->find_value("y")->set_dtype(DType::i64);
    CHECK(n->attr("k").i() == 2);
    CHECK(body->name() == "body");
    CHECK(n->output(0)->dtype() == DType::f32);
}
