// Gather, GatherElements, GatherND (core/src/ops/tensor/gather.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

namespace {
Tensor i64s(const std::vector<int64_t>& shape, const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>(shape, v);
}
}  // namespace

TEST_CASE("Gather: NumPy fixtures") { CHECK(run_fixture_cases("Gather") == 4); }

TEST_CASE("Gather: strings, bool, and inference") {
    auto s = Tensor::from_vector<std::string>({3}, {"a", "b", "c"});
    check_same(run1("Gather", {s, i64s({2, 2}, {2, 0, -1, 1})}),
               Tensor::from_vector<std::string>({2, 2}, {"c", "a", "c", "b"}));
    auto f32 = [](Shape sh) { return In::of(DType::f32, std::move(sh)); };
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("Gather", {f32(Shape({n, Dim(5), Dim(6)})), In::of(DType::i32, {2, 3})},
                         {{"axis", 1}}) == Shape({n, Dim(2), Dim(3), Dim(6)}));
    CHECK(inferred_shape("Gather", {f32(Shape({n, Dim(5)})), In::of(DType::i64, {})}) ==
          Shape({5}));
    CHECK(inferred_shape("Gather", {f32(Shape({n, Dim(5)})), In::of(DType::i64, Shape::unranked())}) ==
          Shape::unranked());
}

TEST_CASE("Gather: errors") {
    auto x = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    expect_user_error([&] { run1("Gather", {x, i64s({1}, {2})}); },
                      "index 2 is out of range for axis 0 of size 2");
    expect_user_error([&] { run1("Gather", {x, i64s({1}, {-3})}, {{"axis", 1}}); },
                      "index -3 is out of range for axis 1 of size 2");
    expect_user_error(
        [&] { inferred_shape("Gather", {In::of(DType::f32, {2}), In::of(DType::f32, {1})}); },
        "indices must be i32 or i64, got f32");
    expect_user_error(
        [&] {
            inferred_shape("Gather", {In::of(DType::f32, {2}), In::of(DType::i64, {1})},
                           {{"axis", 1}});
        },
        "axis 1 is out of range for rank 1");
    expect_user_error(
        [&] { inferred_shape("Gather", {In::of(DType::f32, {}), In::of(DType::i64, {1})}); },
        "cannot gather from a scalar");
}

TEST_CASE("GatherElements: fixtures, inference and errors") {
    CHECK(run_fixture_cases("GatherElements") == 2);
    CHECK(inferred_shape("GatherElements", {In::of(DType::f32, Shape({Dim::symbol("N"), Dim(3)})),
                                            In::of(DType::i64, Shape({Dim(), Dim(7)}))},
                         {{"axis", 1}}) == Shape({Dim(), Dim(7)}));
    expect_user_error(
        [&] {
            inferred_shape("GatherElements", {In::of(DType::f32, {2, 2}), In::of(DType::i64, {2})});
        },
        "data [2,2] and indices [2] must have the same rank");
    auto x = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    expect_user_error([&] { run1("GatherElements", {x, i64s({1, 3}, {0, 1, 0})}); },
                      "indices [1,3] exceed data [2,2] in dim 1");
    expect_user_error([&] { run1("GatherElements", {x, i64s({1, 2}, {0, 2})}); },
                      "index 2 is out of range for axis 0 of size 2");
}

TEST_CASE("GatherND: fixtures, inference and errors") {
    CHECK(run_fixture_cases("GatherND") == 4);
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("GatherND", {In::of(DType::f32, Shape({n, Dim(4), Dim(5)})),
                                      In::of(DType::i64, Shape({n, Dim(7), Dim(1)}))},
                         {{"batch_dims", 1}}) == Shape({n, Dim(7), Dim(5)}));
    CHECK(inferred_shape("GatherND", {In::of(DType::f32, {3, 4}),
                                      In::of(DType::i64, Shape({Dim(2), Dim()}))}) ==
          Shape::unranked());
    expect_user_error(
        [&] {
            inferred_shape("GatherND", {In::of(DType::f32, {3, 4}), In::of(DType::i64, {2, 3})});
        },
        "the last dim of indices [2,3] must be in [1, 2] for data [3,4] and batch_dims 0");
    expect_user_error(
        [&] {
            inferred_shape("GatherND", {In::of(DType::f32, {3, 4}), In::of(DType::i64, {2, 1})},
                           {{"batch_dims", 1}});
        },
        "batch dim 0 differs between data [3,4] and indices [2,1]");
    expect_user_error(
        [&] {
            inferred_shape("GatherND", {In::of(DType::f32, {3, 4}), In::of(DType::i64, {3})},
                           {{"batch_dims", 1}});
        },
        "batch_dims 1 must be less than the ranks of data [3,4] and indices [3]");
    auto x = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    expect_user_error([&] { run1("GatherND", {x, i64s({1, 2}, {0, 2})}); },
                      "index 2 is out of range for axis 1 of size 2");
    // Strings: whole rows.
    auto s = Tensor::from_vector<std::string>({2, 2}, {"a", "b", "c", "d"});
    check_same(run1("GatherND", {s, i64s({1, 1}, {-1})}),
               Tensor::from_vector<std::string>({1, 2}, {"c", "d"}));
}
