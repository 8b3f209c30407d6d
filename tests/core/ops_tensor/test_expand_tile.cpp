// Expand and Tile (core/src/ops/tensor/expand_tile.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

TEST_CASE("Expand: NumPy fixtures") { CHECK(run_fixture_cases("Expand") == 3); }

TEST_CASE("Expand: strings by hand") {
    auto s = Tensor::from_vector<std::string>({2, 1}, {"x", "y"});
    check_same(run1("Expand", {s, Tensor::from_vector<int64_t>({1}, {3})}, {}, {1}),
               Tensor::from_vector<std::string>({2, 3}, {"x", "x", "x", "y", "y", "y"}));
}

TEST_CASE("Expand: inference and errors") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Shape s({Dim::symbol("N"), Dim(1)});
    CHECK(inferred_shape("Expand", {f32(s), ints_const({2, 1, 5})}) ==
          Shape({Dim(2), Dim::symbol("N"), Dim(5)}));
    // Without the shape's value: the rank, and input dims that cannot change.
    CHECK(inferred_shape("Expand", {f32({3, 1}), In::of(DType::i64, {3})}) ==
          Shape({Dim(), Dim(3), Dim()}));
    CHECK(inferred_shape("Expand", {f32({3, 1}), In::of(DType::i64, Shape({Dim()}))}) ==
          Shape::unranked());
    expect_user_error([&] { inferred_shape("Expand", {f32({3, 2}), ints_const({4})}); },
                      "cannot broadcast shapes [3,2] and [4]");
    expect_user_error([&] { inferred_shape("Expand", {f32({3}), ints_const({-1})}); },
                      "shape [-1] has a negative dim");
    auto x = Tensor::from_vector<float>({2}, {1, 2});
    expect_user_error([&] { run1("Expand", {x, Tensor::from_vector<int64_t>({1}, {3})}); },
                      "cannot broadcast shapes [2] and [3]");
}

TEST_CASE("Tile: fixtures, inference and errors") {
    CHECK(run_fixture_cases("Tile") == 2);
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Shape s({Dim::symbol("N"), Dim(3), Dim::symbol("K")});
    CHECK(inferred_shape("Tile", {f32(s), ints_const({1, 2, 0})}) ==
          Shape({Dim::symbol("N"), Dim(6), Dim(0)}));
    CHECK(inferred_shape("Tile", {f32(s), ints_const({2, 1, 1})}) ==
          Shape({Dim(), Dim(3), Dim::symbol("K")}));
    CHECK(inferred_shape("Tile", {f32(s), In::of(DType::i64, {3})}) ==
          Shape({Dim(), Dim(), Dim()}));
    expect_user_error([&] { inferred_shape("Tile", {f32({2, 3}), ints_const({2})}); },
                      "the repeats input has 1 entries but the input has rank 2");
    expect_user_error([&] { run1("Tile", {Tensor::zeros(DType::f32, {2, 3}),
                                          Tensor::from_vector<int64_t>({3}, {1, 1, 1})}); },
                      "has 3 entries but the input has rank 2");
    expect_user_error([&] { inferred_shape("Tile", {f32({2, 3}), ints_const({2, -1})}); },
                      "repeats [2, -1] has a negative entry");
    expect_user_error(
        [&] { inferred_shape("Tile", {f32({2, 3}), In::of(DType::f32, {2})}); },
        "the repeats input must be an integer tensor, got f32");
    auto b = Tensor::from_vector<bool>({2}, {true, false});
    check_same(run1("Tile", {b, Tensor::from_vector<int64_t>({1}, {2})}, {}, {1}),
               Tensor::from_vector<bool>({4}, {true, false, true, false}));
}
