// ConvInteger and QLinearConv (core/src/ops/quant/conv_integer.cpp): NumPy fixtures (1-D to
// 3-D, pads, strides, dilations, groups, per-channel weight zero points / scales, bias),
// hand-computed values, inference and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
Tensor u8(const std::vector<int64_t>& shape, const std::vector<uint8_t>& v) {
    return Tensor::from_vector<uint8_t>(shape, v);
}
Tensor f32(float v) { return Tensor::from_vector<float>({}, {v}); }
}  // namespace

TEST_CASE("ConvInteger: NumPy fixtures") { run_fixture_cases(data_dir("ops_quant"), "ConvInteger"); }

TEST_CASE("QLinearConv: NumPy fixtures") { run_fixture_cases(data_dir("ops_quant"), "QLinearConv"); }

TEST_CASE("ConvInteger: hand-computed, padding counts as the zero point") {
    // x - 1 = [[1, 2], [3, 4]] padded by 1; a 2x2 kernel of ones sums each window.
    Tensor x = u8({1, 1, 2, 2}, {2, 3, 4, 5});
    Tensor w = u8({1, 1, 2, 2}, {1, 1, 1, 1});
    Tensor y = run1("ConvInteger", {x, w, u8({}, {1})}, {{"pads", std::vector<int64_t>{1, 1, 1, 1}}});
    check_same(y, Tensor::from_vector<int32_t>({1, 1, 3, 3}, {1, 3, 2, 4, 10, 6, 3, 7, 4}));
}

TEST_CASE("QLinearConv: hand-computed with bias and saturation") {
    Tensor x = u8({1, 1, 1, 2}, {10, 20});
    Tensor w = u8({2, 1, 1, 1}, {1, 3});
    Tensor b = Tensor::from_vector<int32_t>({2}, {5, -100});
    // y = (acc + B) * 1 * 1 / 2 + 100: channel 0: (10+5)/2 = 7.5 -> 8, (20+5)/2 = 12.5 -> 12;
    // channel 1: (30-100)/2 = -35, (60-100)/2 = -20.
    Tensor y = run1("QLinearConv", {x, f32(1.f), u8({}, {0}), w, f32(1.f), u8({}, {0}), f32(2.f),
                                    u8({}, {100}), b});
    check_same(y, u8({1, 2, 1, 2}, {108, 112, 65, 80}));
    y = run1("QLinearConv", {x, f32(1.f), u8({}, {0}), w, f32(1.f), u8({}, {0}), f32(0.01f),
                             u8({}, {0}), b});
    check_same(y, u8({1, 2, 1, 2}, {255, 255, 0, 0}));
}

TEST_CASE("ConvInteger / QLinearConv: inference") {
    const Shape x({Dim::symbol("N"), Dim(4), Dim(8), Dim(8)});
    CHECK(inferred_shape("ConvInteger", {In::of(DType::u8, x), In::of(DType::i8, Shape{6, 2, 3, 3})},
                         {{"group", int64_t{2}}, {"strides", std::vector<int64_t>{2, 2}}}) ==
          Shape({Dim::symbol("N"), Dim(6), Dim(3), Dim(3)}));
    Graph g;
    const In s = In::of(DType::f32, Shape{});
    Node* n = infer(g, "QLinearConv",
                    {In::of(DType::i8, x), s, In::of(DType::i8, Shape{}),
                     In::of(DType::u8, Shape{5, 4, 3, 3}), In::of(DType::f32, Shape{5}),
                     In::of(DType::u8, Shape{5}), s, In::of(DType::u8, Shape{}),
                     In::of(DType::i32, Shape{5})},
                    {{"auto_pad", std::string("SAME_UPPER")}});
    CHECK(n->output(0)->dtype() == DType::u8);
    CHECK(n->output(0)->shape() == Shape({Dim::symbol("N"), Dim(5), Dim(8), Dim(8)}));
}

TEST_CASE("ConvInteger / QLinearConv: error messages") {
    const In x = In::of(DType::u8, Shape{1, 4, 5, 5}), w = In::of(DType::u8, Shape{2, 4, 3, 3});
    CHECK(contains(infer_error("ConvInteger", {In::of(DType::f32, Shape{1, 4, 5, 5}), w}),
                   "node 'n' (ConvInteger): input x has dtype f32; ConvInteger supports i8, u8"));
    CHECK(contains(infer_error("ConvInteger", {x, In::of(DType::u8, Shape{2, 3, 3, 3})}),
                   "input x has 4 channels but w expects 3"));
    CHECK(contains(infer_error("ConvInteger", {x, w, In::of(DType::u8, Shape{4})}),
                   "input x_zero_point must be a scalar"));
    CHECK(contains(infer_error("ConvInteger", {x, w, In::omitted(), In::of(DType::u8, Shape{3})}),
                   "input w_zero_point has shape [3] but there are 2 output channels; it must be "
                   "a scalar or 1-D of that length"));
    CHECK(contains(infer_error("ConvInteger", {In::of(DType::u8, Shape{4, 5}), w}),
                   "input x must have rank >= 3"));
    CHECK(contains(infer_error("ConvInteger", {x, w}, {{"group", int64_t{0}}}),
                   "attribute 'group' must be positive"));
    CHECK(contains(infer_error("ConvInteger", {x, w}, {{"strides", std::vector<int64_t>{1}}}),
                   "attribute 'strides' has 1 values, expected 2"));
    const In s = In::of(DType::f32, Shape{}), z = In::of(DType::u8, Shape{});
    CHECK(contains(infer_error("QLinearConv", {x, In::of(DType::f16, Shape{}), z, w, s, z, s, z}),
                   "input x_scale has dtype f16; QLinearConv supports f32"));
    CHECK(contains(infer_error("QLinearConv", {x, s, z, w, s, z, s, z, In::of(DType::i32, Shape{1})}),
                   "input B has shape [1] but there are 2 output channels; it must be 1-D of that "
                   "length"));
    CHECK(contains(infer_error("QLinearConv", {x, s, z, w, s, z, s, z, In::of(DType::i64, Shape{2})}),
                   "input B has dtype i64; QLinearConv supports i32"));
}
