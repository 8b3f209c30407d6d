// Reshape, Flatten, Squeeze, Unsqueeze (core/src/ops/tensor/reshape.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

namespace {
const Shape kN34({Dim::symbol("N"), Dim(3), Dim(4)});
}

TEST_CASE("Reshape: NumPy fixtures") { CHECK(run_fixture_cases("Reshape") == 7); }

TEST_CASE("Reshape: inference with a constant shape") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    CHECK(inferred_shape("Reshape", {f32({2, 3, 4}), ints_const({4, -1})}) == Shape({4, 6}));
    // 0 copies the (symbolic) dim; -1 cancels the symbol against the rest.
    CHECK(inferred_shape("Reshape", {f32(kN34), ints_const({0, -1})}) ==
          Shape({Dim::symbol("N"), Dim(12)}));
    CHECK(inferred_shape("Reshape", {f32(kN34), ints_const({-1, 12})}) ==
          Shape({Dim::symbol("N"), Dim(12)}));
    CHECK(inferred_shape("Reshape", {f32(kN34), ints_const({-1, 6})}) == Shape({Dim(), Dim(6)}));
    CHECK(inferred_shape("Reshape", {f32(Shape({Dim::symbol("N"), Dim(), Dim(4)})),
                                     ints_const({0, 0, -1})}) ==
          Shape({Dim::symbol("N"), Dim(), Dim(4)}));
    CHECK(inferred_shape("Reshape", {f32(Shape::unranked()), ints_const({2, -1, 0})}) ==
          Shape({Dim(2), Dim(), Dim()}));
    // allowzero: 0 is a zero dim.
    CHECK(inferred_shape("Reshape", {f32({0, 4}), ints_const({4, 0})}, {{"allowzero", 1}}) ==
          Shape({4, 0}));
}

TEST_CASE("Reshape: inference without the shape's value") {
    CHECK(inferred_shape("Reshape", {In::of(DType::f32, {2, 3}), In::of(DType::i64, {3})}) ==
          Shape({Dim(), Dim(), Dim()}));
    CHECK(inferred_shape("Reshape", {In::of(DType::f32, {2, 3}),
                                     In::of(DType::i64, Shape({Dim::symbol("K")}))}) ==
          Shape::unranked());
    Graph g;
    Node* n = infer(g, "Reshape", {In::of(DType::i64, {6}), In::of(DType::i64, {2})});
    CHECK(n->output(0)->dtype() == DType::i64);
}

TEST_CASE("Reshape: errors") {
    auto f32 = In::of(DType::f32, {2, 3});
    expect_user_error([&] { inferred_shape("Reshape", {f32, ints_const({-1, -1})}); },
                      "node 'n' (Reshape): shape [-1, -1] has more than one -1");
    expect_user_error([&] { inferred_shape("Reshape", {f32, ints_const({4, 2})}); },
                      "cannot reshape [2,3] to [4, 2]: the element counts differ");
    expect_user_error([&] { inferred_shape("Reshape", {f32, ints_const({4, -1})}); },
                      "cannot reshape [2,3] to [4, -1]");
    expect_user_error([&] { inferred_shape("Reshape", {f32, ints_const({3, -2})}); },
                      "shape [3, -2] has an invalid dim -2");
    expect_user_error([&] { inferred_shape("Reshape", {f32, ints_const({1, 6, 0})}); },
                      "copies dim 2 (0) of an input of rank 2");
    expect_user_error(
        [&] { inferred_shape("Reshape", {f32, ints_const({0, -1})}, {{"allowzero", 1}}); },
        "has both 0 and -1, which allowzero=1 forbids");
    expect_user_error(
        [&] { inferred_shape("Reshape", {f32, In::of(DType::f32, {2})}); },
        "the shape input must be an integer tensor, got f32");
    expect_user_error(
        [&] { inferred_shape("Reshape", {f32, In::of(DType::i64, {2, 1})}); },
        "the shape input must be a 1-D tensor, got shape [2,1]");
    expect_user_error([&] { inferred_shape("Reshape", {f32}); },
                      "has 1 inputs, Reshape takes 2");
}

TEST_CASE("Reshape: strings and f16 move unchanged") {
    auto s = Tensor::from_vector<std::string>({2, 2}, {"a", "bb", "", "dddd"});
    auto out = run1("Reshape", {s, Tensor::from_vector<int64_t>({1}, {-1})}, {}, {1});
    check_same(out, Tensor::from_vector<std::string>({4}, {"a", "bb", "", "dddd"}));
    auto h = Tensor::from_vector<float>({3}, {1.5f, -2.0f, 65504.0f}).cast(DType::f16);
    auto out_h = run1("Reshape", {h, Tensor::from_vector<int64_t>({2}, {3, 1})}, {}, {1});
    CHECK(out_h.shape() == std::vector<int64_t>{3, 1});
    CHECK(out_h.array<float16>().data()[2].bits == h.array<float16>().data()[2].bits);
}

TEST_CASE("Flatten: fixtures, inference and errors") {
    CHECK(run_fixture_cases("Flatten") == 7);
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    CHECK(inferred_shape("Flatten", {f32(kN34)}) == Shape({Dim::symbol("N"), Dim(12)}));
    CHECK(inferred_shape("Flatten", {f32(kN34)}, {{"axis", 0}}) ==
          Shape({Dim(1), Dim()}));
    CHECK(inferred_shape("Flatten", {f32(kN34)}, {{"axis", 2}}) == Shape({Dim(), Dim(4)}));
    CHECK(inferred_shape("Flatten", {f32(kN34)}, {{"axis", 3}}) ==
          Shape({Dim(), Dim(1)}));
    CHECK(inferred_shape("Flatten", {f32(Shape::unranked())}) == Shape({Dim(), Dim()}));
    CHECK(inferred_shape("Flatten", {f32({})}, {{"axis", 0}}) == Shape({1, 1}));
    expect_user_error([&] { inferred_shape("Flatten", {f32({2, 3})}, {{"axis", 3}}); },
                      "axis 3 is out of range for rank 2 (Flatten takes [-r, r])");
    expect_user_error([&] { inferred_shape("Flatten", {f32({2, 3})}, {{"axs", 1}}); },
                      "unknown attribute 'axs' (Flatten has axis)");
}

TEST_CASE("Squeeze: fixtures, inference and errors") {
    CHECK(run_fixture_cases("Squeeze") == 2);
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Shape n1 = Shape({Dim::symbol("N"), Dim(1), Dim(3)});
    CHECK(inferred_shape("Squeeze", {f32(n1), ints_const({1})}) == Shape({Dim::symbol("N"), Dim(3)}));
    CHECK(inferred_shape("Squeeze", {f32(n1), ints_const({0})}) == Shape({1, 3}));
    // Without axes, a dim that may or may not be 1 leaves the rank unknown.
    CHECK(inferred_shape("Squeeze", {f32(n1)}) == Shape::unranked());
    CHECK(inferred_shape("Squeeze", {f32({1, 1})}) == Shape{});
    CHECK(inferred_shape("Squeeze", {f32({1, 2, 1}), In::of(DType::i64, {2})}) ==
          Shape({Dim()}));
    expect_user_error([&] { inferred_shape("Squeeze", {f32({1, 3}), ints_const({1})}); },
                      "cannot squeeze axis 1 of shape [1,3]: its size is 3, not 1");
    expect_user_error([&] { inferred_shape("Squeeze", {f32({1, 1}), ints_const({0, -2})}); },
                      "axes [0, -2] name axis 0 twice");
    expect_user_error([&] { inferred_shape("Squeeze", {f32({1, 1}), ints_const({2})}); },
                      "axis 2 is out of range for rank 2");
    auto t = Tensor::from_vector<float>({1, 3}, {1, 2, 3});
    expect_user_error(
        [&] { run1("Squeeze", {t, Tensor::from_vector<int64_t>({1}, {1})}); },
        "cannot squeeze axis 1 of shape [1,3]");
}

TEST_CASE("Unsqueeze: fixtures, inference and errors") {
    CHECK(run_fixture_cases("Unsqueeze") == 3);
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    CHECK(inferred_shape("Unsqueeze", {f32(kN34), ints_const({0, -1})}) ==
          Shape({Dim(1), Dim::symbol("N"), Dim(3), Dim(4), Dim(1)}));
    CHECK(inferred_shape("Unsqueeze", {f32({}), ints_const({0})}) == Shape({1}));
    CHECK(inferred_shape("Unsqueeze", {f32({2, 3}), In::of(DType::i64, {2})}) ==
          Shape({Dim(), Dim(), Dim(), Dim()}));
    expect_user_error([&] { inferred_shape("Unsqueeze", {f32({2}), ints_const({1, 1})}); },
                      "axes [1, 1] name axis 1 twice");
    expect_user_error([&] { inferred_shape("Unsqueeze", {f32({2}), ints_const({2})}); },
                      "axis 2 is out of range for rank 2");
    expect_user_error([&] { inferred_shape("Unsqueeze", {f32({2})}); },
                      "has 1 inputs, Unsqueeze takes 2");
    auto b = Tensor::from_vector<bool>({2}, {true, false});
    check_same(run1("Unsqueeze", {b, Tensor::from_vector<int64_t>({1}, {0})}, {}, {1}),
               Tensor::from_vector<bool>({1, 2}, {true, false}));
}
