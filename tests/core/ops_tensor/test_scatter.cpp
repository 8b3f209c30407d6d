// ScatterElements and ScatterND (core/src/ops/tensor/scatter.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

namespace {
Tensor i64s(const std::vector<int64_t>& shape, const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>(shape, v);
}
}  // namespace

TEST_CASE("ScatterElements: NumPy fixtures") { CHECK(run_fixture_cases("ScatterElements") == 6); }

TEST_CASE("ScatterElements: by hand (ONNX example), f16 add, strings") {
    auto data = Tensor::from_vector<float>({1, 5}, {1, 2, 3, 4, 5});
    auto idx = i64s({1, 2}, {1, 3});
    auto upd = Tensor::from_vector<float>({1, 2}, {1.1f, 2.1f});
    check_same(run1("ScatterElements", {data, idx, upd}, {{"axis", 1}}),
               Tensor::from_vector<float>({1, 5}, {1, 1.1f, 3, 2.1f, 5}));
    auto h = Tensor::from_vector<float>({3}, {1, 2, 3}).cast(DType::f16);
    auto hu = Tensor::from_vector<float>({2}, {0.5f, 0.25f}).cast(DType::f16);
    check_same(run1("ScatterElements", {h, i64s({2}, {2, 2}), hu}, {{"reduction", "add"}}),
               Tensor::from_vector<float>({3}, {1, 2, 3.75f}).cast(DType::f16));
    auto s = Tensor::from_vector<std::string>({3}, {"a", "b", "c"});
    check_same(run1("ScatterElements",
                    {s, i64s({1}, {-1}), Tensor::from_vector<std::string>({1}, {"z"})}),
               Tensor::from_vector<std::string>({3}, {"a", "b", "z"}));
}

TEST_CASE("ScatterElements: inference and errors") {
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("ScatterElements", {In::of(DType::f32, Shape({n, Dim(4)})),
                                             In::of(DType::i64, {2, 2}),
                                             In::of(DType::f32, {2, 2})}) == Shape({n, Dim(4)}));
    auto x = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    auto u = Tensor::from_vector<float>({1, 1}, {9});
    expect_user_error([&] { run1("ScatterElements", {x, i64s({1, 1}, {2}), u}); },
                      "index 2 is out of range for axis 0 of size 2");
    expect_user_error(
        [&] { run1("ScatterElements", {x, i64s({1, 1}, {0}), u}, {{"reduction", "sum"}}); },
        "reduction must be none, add, mul, max or min, got 'sum'");
    expect_user_error(
        [&] {
            inferred_shape("ScatterElements", {In::of(DType::f32, {2}), In::of(DType::i64, {1}),
                                               In::of(DType::f16, {1})});
        },
        "data and updates must have the same dtype, got f32 and f16");
    expect_user_error(
        [&] {
            inferred_shape("ScatterElements", {In::of(DType::f32, {2}), In::of(DType::i64, {1}),
                                               In::of(DType::f32, {2})});
        },
        "indices [1] and updates [2] must have the same shape");
    expect_user_error(
        [&] {
            inferred_shape("ScatterElements",
                           {In::of(DType::string, {2}), In::of(DType::i64, {1}),
                            In::of(DType::string, {1})},
                           {{"reduction", "add"}});
        },
        "reduction 'add' is not defined for dtype string");
}

TEST_CASE("ScatterND: fixtures, inference and errors") {
    CHECK(run_fixture_cases("ScatterND") == 6);
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("ScatterND", {In::of(DType::f32, Shape({n, Dim(3)})),
                                       In::of(DType::i64, {2, 1}), In::of(DType::f32, {2, 3})}) ==
          Shape({n, Dim(3)}));
    expect_user_error(
        [&] {
            inferred_shape("ScatterND", {In::of(DType::f32, {4, 3}), In::of(DType::i64, {2, 3}),
                                         In::of(DType::f32, {2})});
        },
        "the last dim of indices [2,3] must be in [1, 2] for data [4,3]");
    auto x = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    expect_user_error(
        [&] { run1("ScatterND", {x, i64s({1, 1}, {0}), Tensor::from_vector<float>({1, 3}, {0, 0, 0})}); },
        "updates [1,3] must have shape [1,2] (indices.shape[:-1] + data.shape[k:])");
    expect_user_error(
        [&] { run1("ScatterND", {x, i64s({1, 2}, {0, -3}), Tensor::from_vector<float>({1}, {0})}); },
        "index -3 is out of range for axis 1 of size 2");
}
