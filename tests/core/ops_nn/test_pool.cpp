// MaxPool and AveragePool: inference, attribute checks, hand-computed values and the NumPy
// fixtures (pads, strides, dilations, auto_pad, ceil_mode, count_include_pad, Indices).
#include <limits>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("MaxPool: NumPy fixtures") { run_fixture_cases("MaxPool"); }
TEST_CASE("AveragePool: NumPy fixtures") { run_fixture_cases("AveragePool"); }

TEST_CASE("MaxPool / AveragePool: hand-computed") {
    Tensor x = vec_f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    auto y = run("MaxPool", {&x}, {{"kernel_shape", I({2, 2})}});
    check_close(y[0], vec_f32({1, 1, 2, 2}, {5, 6, 8, 9}), 0, 0);
    // ceil_mode: the partial windows at the end are kept.
    y = run("MaxPool", {&x}, {{"kernel_shape", I({2, 2})}, {"strides", I({2, 2})},
                             {"ceil_mode", int64_t{1}}}, 2);
    check_close(y[0], vec_f32({1, 1, 2, 2}, {5, 6, 8, 9}), 0, 0);
    check_close(y[1], Tensor::from_vector<int64_t>({1, 1, 2, 2}, {4, 5, 7, 8}), 0, 0);
    // Without ceil_mode only one window fits.
    y = run("MaxPool", {&x}, {{"kernel_shape", I({2, 2})}, {"strides", I({2, 2})}});
    check_close(y[0], vec_f32({1, 1, 1, 1}, {5}), 0, 0);

    // Average with one pad all around, kernel 3, stride 2: corner windows hold 4 values.
    y = run("AveragePool", {&x}, {{"kernel_shape", I({3, 3})}, {"strides", I({2, 2})},
                                 {"pads", I({1, 1, 1, 1})}});
    check_close(y[0], vec_f32({1, 1, 2, 2}, {3, 4, 6, 7}), 1e-6, 0);
    y = run("AveragePool", {&x}, {{"kernel_shape", I({3, 3})}, {"strides", I({2, 2})},
                                 {"pads", I({1, 1, 1, 1})}, {"count_include_pad", int64_t{1}}});
    check_close(y[0], vec_f32({1, 1, 2, 2}, {12 / 9.f, 16 / 9.f, 24 / 9.f, 28 / 9.f}), 1e-6, 0);
}

TEST_CASE("MaxPool: integer dtypes and padding never wins") {
    Tensor x = Tensor::from_vector<int8_t>({1, 1, 4}, {-5, -7, -3, -9});
    auto y = run("MaxPool", {&x}, {{"kernel_shape", I({2})}, {"pads", I({1, 1})},
                                  {"strides", I({2})}});
    CHECK(y[0].dtype() == DType::i8);
    check_close(y[0], Tensor::from_vector<int8_t>({1, 1, 3}, {-5, -3, -9}), 0, 0);
    Tensor u = Tensor::from_vector<uint8_t>({1, 1, 3}, {200, 7, 255});
    y = run("MaxPool", {&u}, {{"kernel_shape", I({2})}});
    check_close(y[0], Tensor::from_vector<uint8_t>({1, 1, 2}, {200, 255}), 0, 0);
}

TEST_CASE("MaxPool / AveragePool: inference") {
    Attributes k3s2{{"kernel_shape", I({3, 3})}, {"strides", I({2, 2})}};
    CHECK(infer_shape("MaxPool", {f32({1, 2, 9, 8})}, k3s2) == Shape({1, 2, 4, 3}));
    Attributes ceil = k3s2;
    ceil["ceil_mode"] = int64_t{1};
    CHECK(infer_shape("MaxPool", {f32({1, 2, 9, 8})}, ceil) == Shape({1, 2, 4, 4}));
    CHECK(infer_shape("AveragePool", {f32({1, 2, 9, 8})},
                      {{"kernel_shape", I({3, 3})}, {"strides", I({2, 2})},
                       {"auto_pad", "SAME_UPPER"}}) == Shape({1, 2, 5, 4}));
    // ceil_mode drops a last window that would start in the end padding: 6 + 1 pad, k 2,
    // s 2 gives ceil(5 / 2) + 1 = 4 windows, the 4th starting at padded index 6 = the pad.
    CHECK(infer_shape("MaxPool", {f32({1, 1, 6})},
                      {{"kernel_shape", I({2})}, {"strides", I({2})}, {"pads", I({0, 1})},
                       {"ceil_mode", int64_t{1}}}) == Shape({1, 1, 3}));
    // Symbolic / unknown / unranked.
    Shape sym({Dim::symbol("N"), Dim::symbol("C"), Dim::symbol("H"), Dim(8)});
    CHECK(infer_shape("MaxPool", {f32(sym)}, {{"kernel_shape", I({3, 3})}, {"pads", I({1, 1, 1, 1})}}) ==
          Shape({Dim::symbol("N"), Dim::symbol("C"), Dim::symbol("H"), Dim(8)}));
    CHECK(infer_shape("AveragePool", {f32(sym)}, k3s2) ==
          Shape({Dim::symbol("N"), Dim::symbol("C"), Dim(), Dim(3)}));
    CHECK(infer_shape("AveragePool", {f32(Shape::unranked())}, k3s2) ==
          Shape({Dim(), Dim(), Dim(), Dim()}));
    // Indices output: int64, same shape.
    OneNode n("MaxPool", {InputType({DType::f16, Shape{1, 2, 5}})}, {{"kernel_shape", I({2})}}, 2);
    n.infer();
    CHECK(n.dtype(0) == DType::f16);
    CHECK(n.dtype(1) == DType::i64);
    CHECK(n.shape(1) == Shape({1, 2, 4}));
}

TEST_CASE("MaxPool / AveragePool: error messages") {
    const InputType x = f32({1, 2, 6, 6});
    CHECK(contains(infer_error("MaxPool", {x}), "required attribute 'kernel_shape' is missing"));
    CHECK(contains(infer_error("MaxPool", {x}, {{"kernel_shape", I({2})}}),
                   "node 'n' (MaxPool): input X has shape [1,2,6,6] but attribute "
                   "'kernel_shape' has 1 values; X must have rank 3 (N, C, spatial...)"));
    CHECK(contains(infer_error("MaxPool", {x}, {{"kernel_shape", I({2, 0})}}),
                   "kernel shape must be positive, got [2,0]"));
    CHECK(contains(infer_error("AveragePool", {x}, {{"kernel_shape", I({1, 1, 1, 1})}}),
                   "attribute 'kernel_shape' has 4 values; only 1-D, 2-D and 3-D pooling is "
                   "supported"));
    CHECK(contains(infer_error("AveragePool", {x}, {{"kernel_shape", I({2, 2})},
                                                   {"count_include_pad", int64_t{2}}}),
                   "attribute 'count_include_pad' must be 0 or 1, got 2"));
    CHECK(contains(infer_error("AveragePool", {x}, {{"kernel_shape", I({2, 2})},
                                                   {"ceil_mode", int64_t{3}}}),
                   "attribute 'ceil_mode' must be 0 or 1, got 3"));
    CHECK(contains(infer_error("MaxPool", {x}, {{"kernel_shape", I({2, 2})},
                                               {"storage_order", int64_t{2}}}),
                   "attribute 'storage_order' must be 0 or 1, got 2"));
    CHECK(contains(infer_error("MaxPool", {x}, {{"kernel_shape", I({2, 2})},
                                               {"dilations", I({1, 1, 1})}}),
                   "attribute 'dilations' has 3 values, expected 2 (one per spatial axis)"));
    CHECK(contains(infer_error("MaxPool", {x}, {{"kernel_shape", I({7, 2})}}),
                   "spatial axis 0: the input extent 6 padded by 0+0 is smaller than the "
                   "dilated kernel extent 7"));
    CHECK(contains(infer_error("AveragePool", {InputType({DType::i8, Shape{1, 1, 4}})},
                               {{"kernel_shape", I({2})}}),
                   "input X has dtype i8; AveragePool supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("MaxPool", {InputType({DType::i32, Shape{1, 1, 4}})},
                               {{"kernel_shape", I({2})}}),
                   "input X has dtype i32; MaxPool supports f32, f64, f16, bf16, i8, u8"));
    CHECK(contains(infer_error("AveragePool", {x}, {{"kernel_shape", I({2, 2})}}, 2),
                   "has 2 outputs, AveragePool gives 1"));
    CHECK(contains(infer_error("AveragePool", {x}, {{"kernel_shape", I({2, 2})},
                                                   {"storage_order", int64_t{0}}}),
                   "unknown attribute 'storage_order'"));
}

TEST_CASE("MaxPool: NaN is skipped unless the whole window is NaN") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor x = vec_f32({1, 1, 4}, {nan, 2, nan, nan});
    auto y = run("MaxPool", {&x}, {{"kernel_shape", I({2})}, {"strides", I({2})}}, 2);
    CHECK(y[0].at_double(0) == 2.0);
    CHECK(std::isnan(y[0].at_double(1)));
    CHECK(y[1].at_int(0) == 1);
}
