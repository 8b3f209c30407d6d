// GridSample, AffineGrid (core/src/ops/image/grid_sample.cpp, affine_grid.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_image/detection");
}

TEST_CASE("GridSample: fixtures") { CHECK(run_fixture_cases(kData, "GridSample") == 20); }
TEST_CASE("AffineGrid: fixtures") { CHECK(run_fixture_cases(kData, "AffineGrid") == 4); }

TEST_CASE("GridSample: opset-16 mode names, inference and errors") {
    auto x = floats({1, 1, 2, 2}, {1, 2, 3, 4});
    auto grid = floats({1, 1, 1, 2}, {0, 0});
    check_close(run1("GridSample", {x, grid}, {{"mode", "bilinear"}}), floats({1, 1, 1, 1}, {2.5f}),
                1e-6, 1e-6);
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("GridSample", {In::of(DType::f32, Shape({n, Dim(3), Dim(8), Dim(8)})),
                                        In::of(DType::f32, Shape({n, Dim(5), Dim(6), Dim(2)}))}) ==
          Shape({n, Dim(3), Dim(5), Dim(6)}));
    CHECK(contains(infer_error("GridSample", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, {1, 5, 6, 3})}),
                   "the last dim of grid [1,5,6,3] must be 2"));
    CHECK(contains(infer_error("GridSample", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, {1, 5, 2})}),
                   "grid (input 1) must have rank 4"));
    CHECK(contains(infer_error("GridSample", {In::of(DType::f32, {1, 3, 8, 8}), In::of(DType::f32, {1, 5, 6, 2})},
                               {{"padding_mode", "wrap"}}),
                   "attribute 'padding_mode' must be \"zeros\", \"border\" or \"reflection\""));
    CHECK(contains(infer_error("GridSample", {In::of(DType::i32, {1, 3, 8, 8}), In::of(DType::f32, {1, 5, 6, 2})}),
                   "X (input 0) has dtype i32"));
}

TEST_CASE("AffineGrid: inference and errors") {
    CHECK(inferred_shape("AffineGrid", {In::of(DType::f32, {2, 2, 3}), ints_const({2, 3, 5, 7})}) ==
          Shape({2, 5, 7, 2}));
    CHECK(inferred_shape("AffineGrid", {In::of(DType::f32, {2, 3, 4}), In::of(DType::i64, {5})}) ==
          Shape({Dim(2), Dim::unknown(), Dim::unknown(), Dim::unknown(), Dim(3)}));
    CHECK(contains(infer_error("AffineGrid", {In::of(DType::f32, {2, 2, 3}), ints_const({2, 3, 5})}),
                   "size (input 1) must have 4 ([N, C, H, W]) or 5 ([N, C, D, H, W]) entries, got 3"));
    CHECK(contains(compute_error("AffineGrid", {floats({1, 2, 3}, {1, 0, 0, 0, 1, 0}), ints({1, 1, 2, 2, 2})}),
                   "theta (input 0) must be [1, 3, 4] for size [1, 1, 2, 2, 2], got shape [1,2,3]"));
}
