// Transpose, DepthToSpace, SpaceToDepth (core/src/ops/tensor/transpose.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

TEST_CASE("Transpose: NumPy fixtures") { CHECK(run_fixture_cases("Transpose") == 3); }

TEST_CASE("Transpose: by hand, strings") {
    auto s = Tensor::from_vector<std::string>({2, 3}, {"a", "b", "c", "d", "e", "f"});
    check_same(run1("Transpose", {s}),
               Tensor::from_vector<std::string>({3, 2}, {"a", "d", "b", "e", "c", "f"}));
    auto x = Tensor::from_vector<int8_t>({}, {7});
    check_same(run1("Transpose", {x}), x);
}

TEST_CASE("Transpose: inference") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Shape s({Dim::symbol("N"), Dim(3), Dim()});
    CHECK(inferred_shape("Transpose", {f32(s)}) == Shape({Dim(), Dim(3), Dim::symbol("N")}));
    CHECK(inferred_shape("Transpose", {f32(s)}, {{"perm", std::vector<int64_t>{0, 2, 1}}}) ==
          Shape({Dim::symbol("N"), Dim(), Dim(3)}));
    CHECK(inferred_shape("Transpose", {f32(Shape::unranked())},
                         {{"perm", std::vector<int64_t>{1, 0}}}) == Shape({Dim(), Dim()}));
    CHECK(inferred_shape("Transpose", {f32(Shape::unranked())}) == Shape::unranked());
    expect_user_error(
        [&] { inferred_shape("Transpose", {f32({2, 3})}, {{"perm", std::vector<int64_t>{0}}}); },
        "perm [0] has 1 entries but the input has rank 2");
    expect_user_error(
        [&] {
            inferred_shape("Transpose", {f32({2, 3})}, {{"perm", std::vector<int64_t>{1, 1}}});
        },
        "perm [1, 1] is not a permutation of 0..1");
    expect_user_error(
        [&] { inferred_shape("Transpose", {f32({2, 3})}, {{"perm", std::vector<int64_t>{0, 2}}}); },
        "perm [0, 2] is not a permutation of 0..1");
    expect_user_error([&] { inferred_shape("Transpose", {f32({2})}, {{"perm", 0}}); },
                      "attribute 'perm' must be ints, got int");
}

TEST_CASE("DepthToSpace / SpaceToDepth: fixtures") {
    CHECK(run_fixture_cases("DepthToSpace") == 3);
    CHECK(run_fixture_cases("SpaceToDepth") == 1);
}

TEST_CASE("DepthToSpace: tiny case by hand") {
    // C = 4, b = 2: DCR takes channel (i*2 + j) for block position (i, j).
    auto x = Tensor::from_vector<int64_t>({1, 4, 1, 1}, {10, 11, 12, 13});
    check_same(run1("DepthToSpace", {x}, {{"blocksize", 2}}),
               Tensor::from_vector<int64_t>({1, 1, 2, 2}, {10, 11, 12, 13}));
    // SpaceToDepth inverts DCR.
    auto y = Tensor::from_vector<int64_t>({1, 1, 2, 2}, {1, 2, 3, 4});
    check_same(run1("SpaceToDepth", {y}, {{"blocksize", 2}}),
               Tensor::from_vector<int64_t>({1, 4, 1, 1}, {1, 2, 3, 4}));
}

TEST_CASE("DepthToSpace / SpaceToDepth: inference and errors") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Shape s({Dim::symbol("N"), Dim(8), Dim::symbol("H"), Dim(3)});
    CHECK(inferred_shape("DepthToSpace", {f32(s)}, {{"blocksize", 2}}) ==
          Shape({Dim::symbol("N"), Dim(2), Dim(), Dim(6)}));
    CHECK(inferred_shape("SpaceToDepth", {f32(Shape({Dim(1), Dim(), Dim(4), Dim(6)}))},
                         {{"blocksize", 2}}) == Shape({Dim(1), Dim(), Dim(2), Dim(3)}));
    CHECK(inferred_shape("DepthToSpace", {f32(Shape::unranked())}, {{"blocksize", 2}}) ==
          Shape({Dim(), Dim(), Dim(), Dim()}));
    expect_user_error([&] { inferred_shape("DepthToSpace", {f32({1, 8, 2, 2})}); },
                      "required attribute 'blocksize' is missing");
    expect_user_error(
        [&] { inferred_shape("DepthToSpace", {f32({1, 6, 2, 2})}, {{"blocksize", 2}}); },
        "channel count 6 of input [1,6,2,2] is not a multiple of 4");
    expect_user_error(
        [&] {
            inferred_shape("DepthToSpace", {f32({1, 8, 2, 2})}, {{"blocksize", 2}, {"mode", "XYZ"}});
        },
        "mode must be 'DCR' or 'CRD', got 'XYZ'");
    expect_user_error(
        [&] { inferred_shape("DepthToSpace", {f32({8, 2, 2})}, {{"blocksize", 2}}); },
        "the input must be 4-D (N, C, H, W), got shape [8,2,2]");
    expect_user_error(
        [&] { inferred_shape("SpaceToDepth", {f32({1, 1, 3, 4})}, {{"blocksize", 2}}); },
        "height 3 of input [1,1,3,4] is not a multiple of 2");
    expect_user_error(
        [&] { inferred_shape("SpaceToDepth", {f32({1, 1, 4, 4})}, {{"blocksize", 0}}); },
        "blocksize must be positive, got 0");
}
