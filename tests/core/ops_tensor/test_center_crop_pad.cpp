// CenterCropPad (core/src/ops/tensor/center_crop_pad.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("CenterCropPad: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_tensor/index_ops"), "CenterCropPad") == 3);
}

TEST_CASE("CenterCropPad: inference and errors") {
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("CenterCropPad", {In::of(DType::f32, Shape({n, Dim(5), Dim(5)})),
                                           ints_const({3, 7})},
                         {{"axes", std::vector<int64_t>{1, 2}}}) == Shape({n, Dim(3), Dim(7)}));
    CHECK(inferred_shape("CenterCropPad", {In::of(DType::f32, Shape({n, Dim(5)})),
                                           In::of(DType::i64, {2})}) ==
          Shape({Dim::unknown(), Dim::unknown()}));
    CHECK(contains(infer_error("CenterCropPad", {In::of(DType::f32, {4, 4}), ints_const({3})}),
                   "shape (input 1) has 1 entries but 2 axes are cropped/padded"));
    CHECK(contains(infer_error("CenterCropPad", {In::of(DType::f32, {4, 4}), ints_const({3, 3})},
                               {{"axes", std::vector<int64_t>{0, -2}}}),
                   "names axis 0 twice"));
    CHECK(contains(infer_error("CenterCropPad", {In::of(DType::f32, {4}), ints_const({-1})}),
                   "has a negative size"));
}
