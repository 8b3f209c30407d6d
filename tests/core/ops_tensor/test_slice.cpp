// Slice (core/src/ops/tensor/slice.cpp).
#include "tensor_test_util.hpp"

#include <limits>

using namespace neo;
using namespace neo::tensor_test;

namespace {
Tensor i64s(const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
}
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
}  // namespace

TEST_CASE("Slice: NumPy fixtures (Python slicing clamps like ONNX)") {
    CHECK(run_fixture_cases("Slice") == 9);
}

TEST_CASE("Slice: by hand") {
    auto x = i64s({0, 1, 2, 3, 4, 5});
    auto slice = [&](std::vector<int64_t> s, std::vector<int64_t> e, std::vector<int64_t> st) {
        return run1("Slice", {x, i64s(s), i64s(e), i64s({0}), i64s(st)}, {}, {1, 2, 3, 4});
    };
    check_same(slice({1}, {-1}, {2}), i64s({1, 3}));
    check_same(slice({-1}, {-kMax}, {-1}), i64s({5, 4, 3, 2, 1, 0}));
    check_same(slice({10}, {-10}, {-2}), i64s({5, 3, 1}));
    check_same(slice({-10}, {10}, {4}), i64s({0, 4}));
    check_same(slice({4}, {2}, {1}), i64s({}));
    check_same(slice({0}, {6}, {kMax}), i64s({0}));
    check_same(slice({5}, {0}, {std::numeric_limits<int64_t>::min()}), i64s({5}));
    auto s = Tensor::from_vector<std::string>({3}, {"a", "b", "c"});
    check_same(run1("Slice", {s, i64s({-1}), i64s({-kMax}), std::nullopt, i64s({-1})}, {}, {1, 2, 4}),
               Tensor::from_vector<std::string>({3}, {"c", "b", "a"}));
}

TEST_CASE("Slice: inference") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Dim n = Dim::symbol("N");
    Shape s({n, Dim(10), Dim(8)});
    // x[:, 2:-2, ::-1]
    CHECK(inferred_shape("Slice", {f32(s), ints_const({2, -1}), ints_const({-2, -kMax}),
                                   ints_const({1, 2}), ints_const({1, -1})}) ==
          Shape({n, Dim(6), Dim(8)}));
    // x[0:INT64_MAX] keeps a dynamic dim; x[1:] does not.
    CHECK(inferred_shape("Slice", {f32(s), ints_const({0}), ints_const({kMax})}) == s);
    CHECK(inferred_shape("Slice", {f32(s), ints_const({1}), ints_const({kMax})}) ==
          Shape({Dim(), Dim(10), Dim(8)}));
    // Unknown starts: the sliced axes become unknown.
    CHECK(inferred_shape("Slice", {f32(s), In::of(DType::i64, {1}), In::of(DType::i64, {1}),
                                   ints_const({-1})}) == Shape({n, Dim(10), Dim()}));
    CHECK(inferred_shape("Slice", {f32(s), In::of(DType::i64, {2}), In::of(DType::i64, {2})}) ==
          Shape({Dim(), Dim(), Dim(8)}));
    CHECK(inferred_shape("Slice", {f32(s), ints_const({0}), ints_const({1}),
                                   In::of(DType::i64, {1})}) == Shape({Dim(), Dim(), Dim()}));
    CHECK(inferred_shape("Slice", {f32(Shape::unranked()), ints_const({0}), ints_const({1})}) ==
          Shape::unranked());
}

TEST_CASE("Slice: errors") {
    auto f32 = In::of(DType::f32, {4, 5});
    expect_user_error([&] { inferred_shape("Slice", {f32, ints_const({0}), ints_const({1, 2})}); },
                      "starts [0] and ends [1, 2] differ in length");
    expect_user_error(
        [&] {
            inferred_shape("Slice", {f32, ints_const({0}), ints_const({1}), ints_const({0}),
                                     ints_const({0})});
        },
        "steps [0] has a 0 entry");
    expect_user_error(
        [&] {
            inferred_shape("Slice", {f32, ints_const({0, 0}), ints_const({1, 1}),
                                     ints_const({1, -1})});
        },
        "axes [1, -1] name axis 1 twice");
    expect_user_error(
        [&] { inferred_shape("Slice", {f32, ints_const({0}), ints_const({1}), ints_const({2})}); },
        "axis 2 is out of range for rank 2");
    expect_user_error(
        [&] { inferred_shape("Slice", {f32, ints_const({0, 0, 0}), ints_const({1, 1, 1})}); },
        "starts [0, 0, 0] has more entries than the input has axes (2)");
    expect_user_error(
        [&] {
            inferred_shape("Slice", {In::of(DType::f32, {}), ints_const({0}), ints_const({1}),
                                     ints_const({0})});
        },
        "axis 0 is out of range for rank 0");
    expect_user_error(
        [&] { inferred_shape("Slice", {f32, In::of(DType::f32, {1}), ints_const({1})}); },
        "must be an integer tensor, got f32");
}
