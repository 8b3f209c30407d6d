// MatMulInteger and QLinearMatMul (core/src/ops/quant/matmul_integer.cpp): NumPy fixtures
// (batch broadcast, per-row / per-column zero points and scales, 1-D operands), exact
// int32 results, inference and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
Tensor u8(const std::vector<int64_t>& shape, const std::vector<uint8_t>& v) {
    return Tensor::from_vector<uint8_t>(shape, v);
}
Tensor i8(const std::vector<int64_t>& shape, const std::vector<int8_t>& v) {
    return Tensor::from_vector<int8_t>(shape, v);
}
Tensor f32(float v) { return Tensor::from_vector<float>({}, {v}); }
}  // namespace

TEST_CASE("MatMulInteger: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_quant"), "MatMulInteger");
}

TEST_CASE("QLinearMatMul: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_quant"), "QLinearMatMul");
}

TEST_CASE("MatMulInteger: hand-computed, extremes stay exact") {
    // (255 - 0) * (-128 - 127) * 3 = -195075 per element.
    Tensor a = u8({1, 3}, {255, 255, 255});
    Tensor b = i8({3, 2}, {-128, -128, -128, -128, -128, -128});
    Tensor y = run1("MatMulInteger", {a, b, std::nullopt, i8({}, {127})});
    check_same(y, Tensor::from_vector<int32_t>({1, 2}, {-195075, -195075}));
    // Per-row a zero point given as [M] and per-column b zero point [N].
    a = u8({2, 2}, {1, 2, 3, 4});
    b = u8({2, 2}, {5, 6, 7, 8});
    y = run1("MatMulInteger", {a, b, u8({2}, {1, 3}), u8({2}, {5, 6})});
    // A - zp = [[0, 1], [0, 1]], B - zp = [[0, 0], [2, 2]].
    check_same(y, Tensor::from_vector<int32_t>({2, 2}, {2, 2, 2, 2}));
}

TEST_CASE("QLinearMatMul: hand-computed requantization with ties") {
    // acc = 1 * 1 = 1, multiplier 0.5 * 1 / 1 -> 0.5 rounds to 0; 3 * 0.5 = 1.5 rounds to 2.
    Tensor a = u8({2, 1}, {1, 3}), b = u8({1, 1}, {1});
    Tensor y = run1("QLinearMatMul", {a, f32(0.5f), u8({}, {0}), b, f32(1.f), u8({}, {0}),
                                      f32(1.f), i8({}, {0})});
    check_same(y, i8({2, 1}, {0, 2}));
    // Saturation of the output type.
    y = run1("QLinearMatMul", {a, f32(100.f), u8({}, {0}), b, f32(1.f), u8({}, {0}), f32(1.f),
                               i8({}, {0})});
    check_same(y, i8({2, 1}, {100, 127}));
}

TEST_CASE("MatMulInteger / QLinearMatMul: inference") {
    const Shape a({Dim::symbol("B"), Dim(3), Dim(4)});
    CHECK(inferred_shape("MatMulInteger", {In::of(DType::u8, a), In::of(DType::i8, Shape{4, 5})}) ==
          Shape({Dim::symbol("B"), Dim(3), Dim(5)}));
    CHECK(inferred_shape("MatMulInteger", {In::of(DType::u8, Shape{4}), In::of(DType::u8, Shape{4})}) ==
          Shape(std::vector<Dim>{}));
    Graph g;
    Node* n = infer(g, "QLinearMatMul",
                    {In::of(DType::u8, a), In::of(DType::f16, Shape{}), In::of(DType::u8, Shape{}),
                     In::of(DType::i8, Shape{4, 2}), In::of(DType::f16, Shape{2}),
                     In::of(DType::i8, Shape{2}), In::of(DType::f16, Shape{}),
                     In::of(DType::i8, Shape{})});
    CHECK(n->output(0)->dtype() == DType::i8);
    CHECK(n->output(0)->shape() == Shape({Dim::symbol("B"), Dim(3), Dim(2)}));
}

TEST_CASE("MatMulInteger / QLinearMatMul: error messages") {
    const In a = In::of(DType::u8, Shape{3, 4}), b = In::of(DType::u8, Shape{4, 2});
    CHECK(contains(infer_error("MatMulInteger", {In::of(DType::i32, Shape{3, 4}), b}),
                   "node 'n' (MatMulInteger): input A has dtype i32; MatMulInteger supports i8, u8"));
    CHECK(contains(infer_error("MatMulInteger", {a, In::of(DType::u8, Shape{3, 2})}),
                   "inner dimensions differ: A has shape [3,4] and B has shape [3,2]"));
    CHECK(contains(infer_error("MatMulInteger", {a, b, In::of(DType::i8, Shape{})}),
                   "input a_zero_point has dtype i8 but input A has dtype u8"));
    CHECK(contains(infer_error("MatMulInteger", {a, b, In::of(DType::u8, Shape{4})}),
                   "input a_zero_point has shape [4] but its operand has shape [3,4]; it must have "
                   "one element (per tensor) or be per row of A: 1-D [M] or [..., M, 1]"));
    CHECK(contains(infer_error("MatMulInteger", {a, b, In::omitted(),
                                                 In::of(DType::u8, Shape{4, 2})}),
                   "per column of B: 1-D [N] or [..., 1, N]"));
    CHECK(contains(infer_error("MatMulInteger", {In::of(DType::u8, Shape{}), b}),
                   "inputs A and B must have rank >= 1"));
    const In s = In::of(DType::f32, Shape{}), z = In::of(DType::u8, Shape{});
    CHECK(contains(infer_error("QLinearMatMul", {a, s, z, b, In::of(DType::f16, Shape{}), z, s, z}),
                   "input b_scale has dtype f16 but input a_scale has dtype f32"));
    CHECK(contains(infer_error("QLinearMatMul", {a, s, z, b, s, z, In::of(DType::f32, Shape{2}), z}),
                   "input y_scale must be a scalar (one element, per-tensor quantization)"));
    CHECK(contains(infer_error("QLinearMatMul", {a, s, z, b, s, z, s, In::of(DType::i16, Shape{})}),
                   "input y_zero_point has dtype i16; QLinearMatMul supports i8, u8"));
}
