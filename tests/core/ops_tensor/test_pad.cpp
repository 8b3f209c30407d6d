// Pad (core/src/ops/tensor/pad.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

namespace {
Tensor i64s(const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
}
}  // namespace

TEST_CASE("Pad: NumPy fixtures (np.pad, negative pads crop first)") {
    CHECK(run_fixture_cases("Pad") == 14);
}

TEST_CASE("Pad: by hand, strings and bool") {
    auto s = Tensor::from_vector<std::string>({2}, {"a", "b"});
    check_same(run1("Pad", {s, i64s({1, 2})}, {}, {1}),
               Tensor::from_vector<std::string>({5}, {"", "a", "b", "", ""}));
    check_same(run1("Pad", {s, i64s({1, 2}), Tensor::from_vector<std::string>({}, {"-"})}, {}, {1}),
               Tensor::from_vector<std::string>({5}, {"-", "a", "b", "-", "-"}));
    check_same(run1("Pad", {s, i64s({2, 1})}, {{"mode", "reflect"}}, {1}),
               Tensor::from_vector<std::string>({5}, {"a", "b", "a", "b", "a"}));
    auto b = Tensor::from_vector<bool>({2}, {true, false});
    check_same(run1("Pad", {b, i64s({0, 2})}, {{"mode", "edge"}}, {1}),
               Tensor::from_vector<bool>({4}, {true, false, false, false}));
    // An omitted constant_value input with an axes input.
    auto x = Tensor::from_vector<int32_t>({1, 2}, {5, 6});
    check_same(run1("Pad", {x, i64s({1, 0}), std::nullopt, i64s({1})}, {}, {1, 3}),
               Tensor::from_vector<int32_t>({1, 3}, {0, 5, 6}));
}

TEST_CASE("Pad: inference") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Dim n = Dim::symbol("N");
    Shape s({n, Dim(3), Dim(4)});
    CHECK(inferred_shape("Pad", {f32(s), ints_const({0, 1, 2, 0, 1, -1})}) ==
          Shape({n, Dim(5), Dim(5)}));
    CHECK(inferred_shape("Pad", {f32(Shape::unranked()), ints_const({1, 1})}) ==
          Shape::unranked());
}

TEST_CASE("Pad: errors") {
    auto f32 = In::of(DType::f32, {2, 3});
    expect_user_error([&] { inferred_shape("Pad", {f32, ints_const({1, 1})}); },
                      "pads [1, 1] must have 2 * 2 entries (begin and end of each padded axis)");
    expect_user_error([&] { inferred_shape("Pad", {f32, ints_const({0, 1, 0, 1})}, {{"mode", "mirror"}}); },
                      "mode must be constant, reflect, edge or wrap, got 'mirror'");
    expect_user_error([&] { inferred_shape("Pad", {f32, ints_const({-2, 0, -1, 0})}); },
                      "pads (-2, -1) remove more than the 2 elements of axis 0");
    expect_user_error(
        [&] { inferred_shape("Pad", {f32, ints_const({0, 0}), In::omitted(), ints_const({1, -1})}); },
        "axes [1, -1] name axis 1 twice");
    expect_user_error(
        [&] { inferred_shape("Pad", {f32, ints_const({0, 0, 0, 0}), In::of(DType::f64, {})}); },
        "constant_value must have the data's dtype f32, got f64");
    auto e = Tensor::zeros(DType::f32, {0, 2});
    expect_user_error([&] { run1("Pad", {e, i64s({1, 0, 0, 0})}, {{"mode", "edge"}}, {1}); },
                      "cannot pad axis 0 in mode edge: it has no elements to repeat");
    auto x = Tensor::from_vector<float>({3}, {1, 2, 3});
    expect_user_error([&] { run1("Pad", {x, i64s({-4, 2})}, {}, {1}); },
                      "pads (-4, 2) crop more than the 3 elements of axis 0");
}

TEST_CASE("Pad: inference without values") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Dim n = Dim::symbol("N");
    Shape s({n, Dim(3), Dim(4)});
    CHECK(inferred_shape("Pad", {f32(s), ints_const({1, 1}), In::omitted(), ints_const({0})}) ==
          Shape({Dim(), Dim(3), Dim(4)}));
    CHECK(inferred_shape("Pad", {f32(s), In::of(DType::i64, {2}), In::omitted(), ints_const({-1})}) ==
          Shape({n, Dim(3), Dim()}));
    CHECK(inferred_shape("Pad", {f32(s), In::of(DType::i64, {6})}) == Shape({Dim(), Dim(), Dim()}));
}
