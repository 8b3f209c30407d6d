// DeformConv: NumPy fixtures (strides, dilations, pads, groups, offset groups, bias, mask),
// hand-computed values, inference and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("DeformConv: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_nn/extra"), "DeformConv");
}

TEST_CASE("DeformConv: hand-computed") {
    // 1x1 kernel on a 2x2 image: each output samples X at its position plus the offset.
    Tensor x = floats({1, 1, 2, 2}, {1, 2, 3, 4});
    Tensor w = floats({1, 1, 1, 1}, {2});
    // Offsets (dy, dx) per output position: (0, 0), (0, 0.5), (0.5, 0.5), (1, 0).
    Tensor off = floats({1, 2, 2, 2}, {0, 0, 0.5f, 1, /*dx*/ 0, 0.5f, 0.5f, 0});
    // (0,0) -> 1; (0,1.5) -> half of 2 (x=2 is outside) = 1; (1.5,0.5) -> 0.5*(3+4)/2 = 1.75;
    // (2,1) -> outside = 0. Times the weight 2.
    check_close(run1("DeformConv", {x, w, off}), floats({1, 1, 2, 2}, {2, 2, 3.5f, 0}), 1e-6, 0);
    // A mask scales each sample; a bias is added.
    Tensor mask = floats({1, 1, 2, 2}, {1, 0.5f, 0, 2});
    Tensor b = floats({1}, {10});
    check_close(run1("DeformConv", {x, w, off, b, mask}), floats({1, 1, 2, 2}, {12, 11, 10, 10}),
                1e-6, 0);
    // Zero offsets: a plain convolution.
    Tensor w2 = floats({1, 1, 2, 2}, {1, 1, 1, 1});
    Tensor zero = floats({1, 8, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 0});
    check_close(run1("DeformConv", {x, w2, zero}), floats({1, 1, 1, 1}, {10}), 1e-6, 0);
}

TEST_CASE("DeformConv: inference and errors") {
    CHECK(inferred_shape("DeformConv", {f32({2, 4, 9, 8}), f32({6, 2, 3, 3}), f32({2, 36, 4, 3})},
                         {{"group", int64_t{2}}, {"offset_group", int64_t{2}},
                          {"strides", I({2, 2})}}) == Shape({2, 6, 4, 3}));
    CHECK(contains(infer_error("DeformConv", {f32({2, 4, 9, 8}), f32({6, 4, 3, 3}),
                                              f32({2, 18, 7, 7})}),
                   "input offset has shape [2,18,7,7] but must be [N, offset_group*2*kH*kW, oH, "
                   "oW] = [2,18,7,6]"));
    CHECK(contains(infer_error("DeformConv", {f32({2, 4, 9, 8}), f32({6, 4, 3, 3}),
                                              f32({2, 18, 7, 6}), f32({6}), f32({2, 18, 7, 6})}),
                   "input mask has shape [2,18,7,6] but must be [N, offset_group*kH*kW, oH, oW] = "
                   "[2,9,7,6]"));
    CHECK(contains(infer_error("DeformConv", {f32({2, 4, 9, 8}), f32({6, 4, 3, 3}),
                                              f32({2, 18, 7, 6})},
                               {{"offset_group", int64_t{3}}}),
                   "the 4 input channels are not divisible by offset_group 3"));
    CHECK(contains(infer_error("DeformConv", {f32({2, 4, 9, 8}), f32({6, 3, 3, 3}),
                                              f32({2, 18, 7, 6})}),
                   "input X has 4 channels but W expects 3"));
    CHECK(contains(infer_error("DeformConv", {f32({2, 4, 9}), f32({6, 4, 3}), f32({2, 6, 7})}),
                   "input X has shape [2,4,9] but must have rank 4; DeformConv supports 2-D "
                   "inputs (N, C, H, W)"));
}
