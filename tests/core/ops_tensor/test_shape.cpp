// Shape and Size (core/src/ops/tensor/shape.cpp).
#include "tensor_test_util.hpp"

#include "neo/core/interp/interpreter.hpp"

using namespace neo;
using namespace neo::tensor_test;

namespace {
Tensor i64s(const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
}
}  // namespace

TEST_CASE("Shape: values with start and end") {
    auto x = Tensor::zeros(DType::f32, {2, 3, 4, 5});
    check_same(run1("Shape", {x}), i64s({2, 3, 4, 5}));
    check_same(run1("Shape", {x}, {{"start", 1}}), i64s({3, 4, 5}));
    check_same(run1("Shape", {x}, {{"start", -1}}), i64s({5}));
    check_same(run1("Shape", {x}, {{"end", -1}}), i64s({2, 3, 4}));
    check_same(run1("Shape", {x}, {{"start", 1}, {"end", 3}}), i64s({3, 4}));
    // Out-of-range values are clamped; an empty range gives an empty tensor.
    check_same(run1("Shape", {x}, {{"start", -10}, {"end", 10}}), i64s({2, 3, 4, 5}));
    check_same(run1("Shape", {x}, {{"start", 3}, {"end", 1}}), i64s({}));
    check_same(run1("Shape", {Tensor::from_vector<std::string>({}, {"s"})}), i64s({}));
    check_same(run1("Shape", {Tensor::zeros(DType::boolean, {0, 7})}), i64s({0, 7}));
}

TEST_CASE("Shape: inference") {
    Graph g;
    Node* n = infer(g, "Shape", {In::of(DType::f16, Shape({Dim::symbol("N"), Dim(), Dim(3)}))},
                    {{"start", 1}});
    CHECK(n->output(0)->dtype() == DType::i64);
    CHECK(n->output(0)->shape() == Shape({2}));
    CHECK(inferred_shape("Shape", {In::of(DType::f32, Shape::unranked())}) == Shape({Dim()}));
    expect_user_error([&] { inferred_shape("Shape", {In::of(DType::f32, {2})}, {{"end", 1.5}}); },
                      "attribute 'end' must be int, got float");
}

TEST_CASE("Size: value and inference") {
    check_same(run1("Size", {Tensor::zeros(DType::i8, {2, 3, 4})}),
               Tensor::from_vector<int64_t>({}, {24}));
    check_same(run1("Size", {Tensor::zeros(DType::string, {0, 3})}),
               Tensor::from_vector<int64_t>({}, {0}));
    check_same(run1("Size", {Tensor::from_vector<float>({}, {1.0f})}),
               Tensor::from_vector<int64_t>({}, {1}));
    Graph g;
    Node* n = infer(g, "Size", {In::of(DType::f32, Shape::unranked())});
    CHECK(n->output(0)->dtype() == DType::i64);
    CHECK(n->output(0)->shape() == Shape{});
}

TEST_CASE("Shape -> Gather -> Concat -> Reshape: inference and the interpreter") {
    // y = x.reshape(x.shape[0], -1), as exporters write it.
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape({Dim::symbol("N"), Dim(3), Dim(4)}));
    Node* shape = g.add_node("Shape", {x}, 1, {}, "shape");
    Value* zero = g.add_constant("zero", Tensor::from_vector<int64_t>({1}, {0}));
    Node* gather = g.add_node("Gather", {shape->output(0), zero}, 1, {{"axis", 0}}, "gather");
    Value* minus1 = g.add_constant("minus1", Tensor::from_vector<int64_t>({1}, {-1}));
    Node* concat = g.add_node("Concat", {gather->output(0), minus1}, 1, {{"axis", 0}}, "concat");
    Node* reshape = g.add_node("Reshape", {x, concat->output(0)}, 1, {}, "reshape");
    g.add_output(reshape->output(0));
    for (Node* n : g.topological_order()) {
        const OpSchema& s = schema_of(n->op());
        check_node_against_schema(s, *n);
        infer_node(s, *n);
    }
    CHECK(shape->output(0)->shape() == Shape({3}));
    CHECK(gather->output(0)->shape() == Shape({1}));
    CHECK(concat->output(0)->shape() == Shape({2}));
    CHECK(concat->output(0)->dtype() == DType::i64);
    CHECK(reshape->output(0)->shape() == Shape({Dim(), Dim()}));

    std::vector<float> data(24);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
    Interpreter interp(g);
    auto out = interp.run(std::vector<Tensor>{Tensor::from_vector<float>({2, 3, 4}, data)});
    REQUIRE(out.size() == 1);
    check_same(out[0], Tensor::from_vector<float>({2, 12}, data));
}
