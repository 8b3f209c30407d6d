// RoiAlign (core/src/ops/image/roi_align.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("RoiAlign: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_image/detection"), "RoiAlign") == 3);
}

TEST_CASE("RoiAlign: inference and errors") {
    Dim r = Dim::symbol("R");
    CHECK(inferred_shape("RoiAlign", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, Shape({r, Dim(4)})),
                                      In::of(DType::i64, Shape({r}))},
                         {{"output_height", 2}, {"output_width", 5}}) ==
          Shape({r, Dim(3), Dim(2), Dim(5)}));
    CHECK(contains(infer_error("RoiAlign", {In::of(DType::f32, {1, 3, 8}), In::of(DType::f32, {2, 4}),
                                            In::of(DType::i64, {2})}),
                   "X (input 0) must be [N, C, H, W], got shape [1,3,8]"));
    CHECK(contains(infer_error("RoiAlign", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, {2, 4}),
                                            In::of(DType::i64, {2})},
                               {{"mode", "mean"}}),
                   "attribute 'mode' must be \"avg\" or \"max\""));
    CHECK(contains(infer_error("RoiAlign", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, {2, 4}),
                                            In::of(DType::i64, {3})}),
                   "disagree on the number of regions"));
    auto x = Tensor::zeros(DType::f32, {1, 1, 4, 4});
    auto rois = floats({1, 4}, {0, 0, 2, 2});
    CHECK(contains(compute_error("RoiAlign", {x, rois, ints({1})}),
                   "batch_indices[0] = 1 is outside [0, 1)"));
}
