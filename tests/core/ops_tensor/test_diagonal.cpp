// Trilu, EyeLike (core/src/ops/tensor/diagonal.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_tensor/index_ops");
}

TEST_CASE("Trilu: fixtures") { CHECK(run_fixture_cases(kData, "Trilu") == 5); }

TEST_CASE("Trilu: strings, inference and errors") {
    auto s = Tensor::from_vector<std::string>({2, 2}, {"a", "b", "c", "d"});
    check_same(run1("Trilu", {s}), Tensor::from_vector<std::string>({2, 2}, {"a", "b", "", "d"}));
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("Trilu", {In::of(DType::f32, Shape({n, Dim(3), Dim(4)}))}) ==
          Shape({n, Dim(3), Dim(4)}));
    CHECK(contains(infer_error("Trilu", {In::of(DType::f32, {4})}),
                   "input must have rank >= 2 (a batch of matrices), got shape [4]"));
    CHECK(contains(infer_error("Trilu", {In::of(DType::f32, {2, 2}), In::of(DType::i32, {})}),
                   "k (input 1) must be i64, got i32"));
    CHECK(contains(infer_error("Trilu", {In::of(DType::f32, {2, 2}), In::of(DType::i64, {2})}),
                   "k (input 1) must be a single integer, got shape [2]"));
    CHECK(contains(infer_error("Trilu", {In::of(DType::f32, {2, 2})}, {{"upper", 2}}),
                   "attribute 'upper' must be 0 or 1, got 2"));
}

TEST_CASE("EyeLike: fixtures") { CHECK(run_fixture_cases(kData, "EyeLike") == 2); }

TEST_CASE("EyeLike: dtypes and errors") {
    auto y = run1("EyeLike", {Tensor::zeros(DType::f32, {2, 2})}, {{"dtype", int64_t{9}}});
    check_same(y, Tensor::from_vector<bool>({2, 2}, {true, false, false, true}));
    CHECK(contains(infer_error("EyeLike", {In::of(DType::f32, {2, 2, 2})}),
                   "input must be 2-D, got shape [2,2,2]"));
    CHECK(contains(infer_error("EyeLike", {In::of(DType::f32, {2, 2})}, {{"dtype", int64_t{14}}}),
                   "attribute 'dtype' = 14 (COMPLEX64) is not a data type neo supports"));
    CHECK(contains(infer_error("EyeLike", {In::of(DType::f32, {2, 2})}, {{"dtype", int64_t{8}}}),
                   "cannot make a string tensor"));
}
