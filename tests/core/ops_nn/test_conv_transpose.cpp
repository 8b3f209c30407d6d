// ConvTranspose: NumPy fixtures (1-D to 3-D, groups, strides, dilations, pads, auto_pad,
// output_padding, output_shape), hand-computed values, inference and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("ConvTranspose: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_nn/extra"), "ConvTranspose");
}

TEST_CASE("ConvTranspose: hand-computed") {
    Tensor x = floats({1, 1, 2}, {1, 2});
    Tensor w = floats({1, 1, 2}, {1, 10});
    // Each input scatters x * w: [1, 10] at 0 and [2, 20] at 1.
    check_close(run1("ConvTranspose", {x, w}), floats({1, 1, 3}, {1, 12, 20}), 0, 0);
    // Stride 2: no overlap.
    check_close(run1("ConvTranspose", {x, w}, {{"strides", I({2})}}),
                floats({1, 1, 4}, {1, 10, 2, 20}), 0, 0);
    // pads crop the output; output_padding extends it at the end; bias everywhere.
    Tensor b = floats({1}, {0.5f});
    check_close(run1("ConvTranspose", {x, w, b},
                     {{"strides", I({2})}, {"pads", I({1, 0})}, {"output_padding", I({1})}}),
                floats({1, 1, 4}, {10.5f, 2.5f, 20.5f, 0.5f}), 0, 0);
    // output_shape larger than the full extent: pads go negative, the extra gets the bias.
    check_close(run1("ConvTranspose", {x, w, b}, {{"output_shape", I({5})}}),
                floats({1, 1, 5}, {0.5f, 1.5f, 12.5f, 20.5f, 0.5f}), 0, 0);
    // Dilation 2: the kernel taps are 2 apart.
    check_close(run1("ConvTranspose", {x, w}, {{"dilations", I({2})}}),
                floats({1, 1, 4}, {1, 2, 10, 20}), 0, 0);
}

TEST_CASE("ConvTranspose: inference") {
    CHECK(inferred_shape("ConvTranspose", {f32({1, 4, 5, 6}), f32({4, 3, 3, 3})},
                         {{"strides", I({2, 2})}, {"pads", I({1, 1, 1, 1})}}) ==
          Shape({1, 3, 9, 11}));
    CHECK(inferred_shape("ConvTranspose", {f32({1, 4, 5, 6}), f32({4, 3, 3, 3})},
                         {{"group", int64_t{2}}, {"strides", I({2, 3})},
                          {"auto_pad", "SAME_LOWER"}}) == Shape({1, 6, 10, 18}));
    const In xh = f32(Shape(std::vector<Dim>{2, 4, Dim::symbol("H"), 6}));
    CHECK(inferred_shape("ConvTranspose", {xh, f32({4, 3, 3, 3})},
                         {{"output_shape", I({7, 8})}}) == Shape({2, 3, 7, 8}));
    CHECK(inferred_shape("ConvTranspose", {xh, f32({4, 3, 3, 3})}) ==
          Shape({2, 3, Dim::unknown(), 8}));
    // output_shape may hold the full output shape.
    CHECK(inferred_shape("ConvTranspose", {f32({2, 4, 3, 3}), f32({4, 3, 3, 3})},
                         {{"output_shape", I({2, 3, 7, 8})}}) == Shape({2, 3, 7, 8}));
}

TEST_CASE("ConvTranspose: error messages") {
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({3, 2, 3})}),
                   "input X has 4 channels but W.shape[0] is 3; ConvTranspose weights are (C, "
                   "M/group, k...)"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 3, 5}), f32({3, 2, 3})},
                               {{"group", int64_t{2}}}),
                   "the 3 input channels are not divisible by group 2"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({4, 2, 3})},
                               {{"group", int64_t{0}}}),
                   "attribute 'group' must be positive, got 0"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({4, 2, 3})},
                               {{"output_padding", I({1, 1})}}),
                   "attribute 'output_padding' has 2 values, expected 1 (one per spatial "
                   "axis)"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({4, 2, 3})},
                               {{"output_shape", I({4, 4})}}),
                   "attribute 'output_shape' has 2 values, expected 1"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({4, 2, 3}), f32({3})}),
                   "bias B has shape [3] but there are 2 output channels (W.shape[1] x group)"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 2}), f32({4, 2, 2})},
                               {{"pads", I({2, 1})}}),
                   "spatial axis 0: the pads 2+1 crop the whole output extent 3"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4, 5}), f32({4, 2, 3})},
                               {{"kernel_shape", I({2})}}),
                   "attribute 'kernel_shape' [2] does not match the weight shape [4,2,3]"));
    CHECK(contains(infer_error("ConvTranspose",
                               {In::of(DType::i64, Shape{1, 4, 5}),
                                In::of(DType::i64, Shape{4, 2, 3})}),
                   "input X has dtype i64; ConvTranspose supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("ConvTranspose", {f32({1, 4}), f32({4, 2})}),
                   "input X must have rank >= 3 (N, C, spatial...), got shape [1,4]"));
}
