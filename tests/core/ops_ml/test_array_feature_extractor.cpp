// ArrayFeatureExtractor: column selection by hand, shapes, strings and errors.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kOp = "ai.onnx.ml:ArrayFeatureExtractor";
}

TEST_CASE("ArrayFeatureExtractor selects columns") {
    Tensor x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
    check_same(run1(kOp, {x, ints({2, 0, 2})}), floats({2, 3}, {3, 1, 3, 6, 4, 6}));
    check_same(run1(kOp, {x, ints({1})}, {}, {1}), floats({2, 1}, {2, 5}));
    // 1-D input: one row [1, k].
    check_same(run1(kOp, {floats({3}, {7, 8, 9}), ints({2, 1})}), floats({1, 2}, {9, 8}));
    // Rank 3: the last axis.
    Tensor s = Tensor::from_vector<std::string>({1, 2, 2}, {"a", "b", "c", "d"});
    check_same(run1(kOp, {s, Tensor::from_vector<int64_t>({1, 1}, {1})}),
               Tensor::from_vector<std::string>({1, 2, 1}, {"b", "d"}));
}

TEST_CASE("ArrayFeatureExtractor: shapes and errors") {
    CHECK(inferred_shape(kOp, {In::of(DType::f32, Shape({Dim::symbol("N"), Dim(5)})), In::of(DType::i64, Shape({3}))}) ==
          Shape({Dim::symbol("N"), Dim(3)}));
    CHECK(contains(infer_error(kOp, {In::of(DType::f32, Shape({2, 3})), ints_const({0, 3})}),
                   "index 3 in input Y is out of range: input X has 3 columns"));
    CHECK(contains(compute_error(kOp, {floats({2, 3}, {1, 2, 3, 4, 5, 6}), ints({-1})}),
                   "index -1 in input Y is out of range"));
    CHECK(contains(infer_error(kOp, {In::of(DType::f32, Shape({2, 3})), In::of(DType::i32, Shape({1}))}),
                   "input Y (the indices) must be i64, got i32"));
    CHECK(contains(infer_error(kOp, {In::of(DType::f32, Shape{}), In::of(DType::i64, Shape({1}))}),
                   "input X is a scalar"));
}
