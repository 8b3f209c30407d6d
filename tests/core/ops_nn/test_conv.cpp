// Conv: inference (static, symbolic, unknown, unranked), attribute checks and the reference
// implementation against hand-computed values and the NumPy fixtures.
#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("Conv: NumPy fixtures (1-D/2-D/3-D, groups, depthwise, dilations, auto_pad)") {
    run_fixture_cases("Conv");
}

TEST_CASE("Conv: hand-computed 2x2 all-ones kernel with bias") {
    Tensor x = vec_f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Tensor w = vec_f32({1, 1, 2, 2}, {1, 1, 1, 1});
    Tensor b = vec_f32({1}, {0.5f});
    auto y = run("Conv", {&x, &w, &b});
    check_close(y[0], vec_f32({1, 1, 2, 2}, {12.5f, 16.5f, 24.5f, 28.5f}), 0, 0);
    // Stride 2 with one pad row/column at the end: windows at (0,0), (0,2), (2,0), (2,2).
    y = run("Conv", {&x, &w}, {{"strides", I({2, 2})}, {"pads", I({0, 0, 1, 1})}});
    check_close(y[0], vec_f32({1, 1, 2, 2}, {12, 9, 15, 9}), 0, 0);
}

TEST_CASE("Conv: f16 and bf16 keep their dtype") {
    Tensor x = vec_f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Tensor w = vec_f32({1, 1, 2, 2}, {1, 1, 1, 1});
    for (DType t : {DType::f16, DType::bf16}) {
        Tensor xt = x.cast(t), wt = w.cast(t);
        auto y = run("Conv", {&xt, &wt});
        CHECK(y[0].dtype() == t);
        check_close(y[0], vec_f32({1, 1, 2, 2}, {12, 16, 24, 28}), 0, 0);
    }
}

TEST_CASE("Conv: inference") {
    SUBCASE("static shapes, defaults") {
        CHECK(infer_shape("Conv", {f32({2, 3, 10, 12}), f32({8, 3, 3, 3})}) ==
              Shape({2, 8, 8, 10}));
        CHECK(infer_shape("Conv", {f32({2, 3, 10, 12}), f32({8, 3, 3, 3}), f32({8})},
                          {{"strides", I({2, 3})}, {"pads", I({1, 1, 1, 1})}}) ==
              Shape({2, 8, 5, 4}));
        CHECK(infer_shape("Conv", {f32({1, 4, 9}), f32({6, 2, 3})},
                          {{"group", int64_t{2}}, {"dilations", I({3})}}) == Shape({1, 6, 3}));
        CHECK(infer_shape("Conv", {f32({1, 2, 7, 6, 5}), f32({4, 2, 2, 2, 2})},
                          {{"auto_pad", "SAME_LOWER"}, {"strides", I({2, 2, 2})}}) ==
              Shape({1, 4, 4, 3, 3}));
        CHECK(infer_shape("Conv", {f32({1, 2, 7, 6}), f32({4, 2, 3, 3})},
                          {{"auto_pad", "VALID"}, {"pads", I({5, 5, 5, 5})}}) ==
              Shape({1, 4, 5, 4}));
    }
    SUBCASE("symbolic and unknown dims") {
        Shape x({Dim::symbol("N"), Dim(3), Dim::symbol("H"), Dim::unknown()});
        // Extent-preserving windows keep the symbol; others become unknown.
        CHECK(infer_shape("Conv", {f32(x), f32({8, 3, 3, 3})}, {{"pads", I({1, 1, 1, 1})}}) ==
              Shape({Dim::symbol("N"), Dim(8), Dim::symbol("H"), Dim::unknown()}));
        CHECK(infer_shape("Conv", {f32(x), f32({8, 3, 3, 3})}, {{"auto_pad", "SAME_UPPER"}}) ==
              Shape({Dim::symbol("N"), Dim(8), Dim::symbol("H"), Dim::unknown()}));
        CHECK(infer_shape("Conv", {f32(x), f32({8, 3, 3, 3})}) ==
              Shape({Dim::symbol("N"), Dim(8), Dim::unknown(), Dim::unknown()}));
        // Unknown kernel extent (W's dims unknown, no kernel_shape).
        CHECK(infer_shape("Conv", {f32({1, 3, 8, 8}), f32(Shape({Dim(4), Dim(3), Dim(), Dim(3)}))}) ==
              Shape({Dim(1), Dim(4), Dim(), Dim(6)}));
        // ... completed by kernel_shape.
        CHECK(infer_shape("Conv", {f32({1, 3, 8, 8}), f32(Shape({Dim(4), Dim(3), Dim(), Dim(3)}))},
                          {{"kernel_shape", I({5, 3})}}) == Shape({1, 4, 4, 6}));
    }
    SUBCASE("unranked inputs") {
        CHECK(infer_shape("Conv", {f32(Shape::unranked()), f32({8, 3, 3, 3})}) ==
              Shape({Dim(), Dim(8), Dim(), Dim()}));
        CHECK(infer_shape("Conv", {f32({2, 3, 5, 5}), f32(Shape::unranked())}) ==
              Shape({Dim(2), Dim(), Dim(), Dim()}));
        CHECK(infer_shape("Conv", {f32({2, 3, 5, 5}), f32(Shape::unranked())},
                          {{"kernel_shape", I({3, 3})}}) == Shape({Dim(2), Dim(), Dim(3), Dim(3)}));
        CHECK(infer_shape("Conv", {f32(Shape::unranked()), f32(Shape::unranked())}) ==
              Shape::unranked());
    }
    SUBCASE("dtype") {
        OneNode n("Conv", {InputType({DType::f64, Shape{1, 1, 4}}),
                           InputType({DType::f64, Shape{1, 1, 2}})});
        n.infer();
        CHECK(n.dtype() == DType::f64);
    }
}

TEST_CASE("Conv: error messages") {
    const InputType x = f32({1, 4, 8, 8}), w = f32({6, 2, 3, 3});
    CHECK(contains(infer_error("Conv", {x, w}),
                   "node 'n' (Conv): input X has 4 channels but W expects 2 (W.shape[1] = 2 x "
                   "group 1)"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{4}}}),
                   "input X has 4 channels but W expects 8"));
    CHECK(contains(infer_error("Conv", {x, f32({5, 2, 3, 3})}, {{"group", int64_t{2}}}),
                   "the 5 output channels (W.shape[0]) are not divisible by group 2"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{0}}}),
                   "attribute 'group' must be positive, got 0"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{2}}, {"auto_pad", "SAME"}}),
                   "attribute 'auto_pad' must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got "
                   "'SAME'"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{2}}, {"strides", I({1})}}),
                   "attribute 'strides' has 1 values, expected 2 (one per spatial axis)"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{2}}, {"strides", I({1, 0})}}),
                   "attribute 'strides' must be positive, got [1,0]"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{2}}, {"pads", I({1, 1})}}),
                   "attribute 'pads' has 2 values, expected 4 (begin and end per spatial axis)"));
    CHECK(contains(infer_error("Conv", {x, w},
                               {{"group", int64_t{2}}, {"pads", I({1, -1, 0, 0})}}),
                   "attribute 'pads' must be non-negative, got [1,-1,0,0]"));
    CHECK(contains(infer_error("Conv", {x, w},
                               {{"group", int64_t{2}}, {"kernel_shape", I({3, 2})}}),
                   "attribute 'kernel_shape' [3,2] does not match the weight shape [6,2,3,3]"));
    CHECK(contains(infer_error("Conv", {x, f32({6, 2, 3})}),
                   "weight W has shape [6,2,3] but input X has shape [1,4,8,8]; their ranks "
                   "must match"));
    CHECK(contains(infer_error("Conv", {f32({1, 4}), f32({6, 4})}),
                   "input X must have rank >= 3 (N, C, spatial...), got shape [1,4]"));
    CHECK(contains(infer_error("Conv", {f32({1, 1, 2, 2, 2, 2}), f32({1, 1, 1, 1, 1, 1})}),
                   "input X has 4 spatial axes; only 1-D, 2-D and 3-D convolutions are "
                   "supported"));
    CHECK(contains(infer_error("Conv", {InputType({DType::i32, Shape{1, 1, 4}}),
                                        InputType({DType::i32, Shape{1, 1, 2}})}),
                   "input X has dtype i32; Conv supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("Conv", {f32({1, 1, 4}), InputType({DType::f64, Shape{1, 1, 2}})}),
                   "input W has dtype f64 but input X has dtype f32; they must match"));
    CHECK(contains(infer_error("Conv", {f32({1, 1, 4}), f32({2, 1, 2}), f32({3})}),
                   "bias B has shape [3] but there are 2 output channels"));
    CHECK(contains(infer_error("Conv", {f32({1, 1, 4}), f32({2, 1, 2}), f32({2, 1})}),
                   "bias B must be 1-D, got shape [2,1]"));
    CHECK(contains(infer_error("Conv", {f32({1, 1, 4}), f32({2, 1, 3})}, {{"dilations", I({2})}}),
                   "spatial axis 0: the input extent 4 padded by 0+0 is smaller than the "
                   "dilated kernel extent 5"));
    CHECK(contains(infer_error("Conv", {x, w}, {{"group", int64_t{2}}, {"foo", int64_t{1}}}),
                   "unknown attribute 'foo'"));
}

TEST_CASE("Conv: compute checks its inputs") {
    Tensor x = Tensor::zeros(DType::f32, {1, 3, 4, 4});
    Tensor w = Tensor::zeros(DType::f32, {2, 2, 3, 3});
    CHECK(contains(compute_error("Conv", {&x, &w}),
                   "input X has 3 channels but W expects 2 (W.shape[1] = 2 x group 1)"));
    Tensor xi = Tensor::zeros(DType::i64, {1, 2, 4, 4});
    Tensor wi = Tensor::zeros(DType::i64, {2, 2, 3, 3});
    CHECK(contains(compute_error("Conv", {&xi, &wi}), "input X has dtype i64"));
}
