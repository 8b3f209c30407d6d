// DynamicQuantizeLinear (core/src/ops/quant/dynamic_quantize_linear.cpp): NumPy fixtures,
// a hand-computed case, inference and errors.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("DynamicQuantizeLinear: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_quant"), "DynamicQuantizeLinear");
}

TEST_CASE("DynamicQuantizeLinear: hand-computed") {
    // Range [-1, 254] -> scale 1, zero point 1.
    Tensor x = Tensor::from_vector<float>({4}, {-1.f, 0.f, 2.5f, 254.f});
    auto y = run("DynamicQuantizeLinear", {x}, {}, 3);
    check_same(y[0], Tensor::from_vector<uint8_t>({4}, {0, 1, 3, 255}));
    check_same(y[1], Tensor::from_vector<float>({}, {1.f}));
    check_same(y[2], Tensor::from_vector<uint8_t>({}, {1}));
}

TEST_CASE("DynamicQuantizeLinear: inference and errors") {
    Graph g;
    Node* n = infer(g, "DynamicQuantizeLinear", {In::of(DType::f32, Shape({Dim::symbol("N"), Dim(3)}))}, {}, 3);
    CHECK(n->output(0)->dtype() == DType::u8);
    CHECK(n->output(0)->shape() == Shape({Dim::symbol("N"), Dim(3)}));
    CHECK(n->output(1)->dtype() == DType::f32);
    CHECK(n->output(1)->shape() == Shape(std::vector<Dim>{}));
    CHECK(n->output(2)->dtype() == DType::u8);
    CHECK(contains(infer_error("DynamicQuantizeLinear", {In::of(DType::f16, Shape{2})}, {}, 3),
                   "input x has dtype f16; DynamicQuantizeLinear supports f32"));
    Tensor nan = Tensor::from_vector<float>({2}, {1.f, std::nanf("")});
    CHECK(contains(compute_error("DynamicQuantizeLinear", {nan}, {}, 3), "input x contains NaN"));
}
