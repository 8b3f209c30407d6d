// OneHot (core/src/ops/tensor/one_hot.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_tensor/index_ops");
}

TEST_CASE("OneHot: fixtures") { CHECK(run_fixture_cases(kData, "OneHot") == 3); }

TEST_CASE("OneHot: inference and errors") {
    Dim n = Dim::symbol("N");
    auto vals = In::of(DType::f32, {2});
    CHECK(inferred_shape("OneHot", {In::of(DType::i64, Shape({n, Dim(3)})), ints_const({7}), vals},
                         {{"axis", 1}}) == Shape({n, Dim(7), Dim(3)}));
    CHECK(inferred_shape("OneHot", {In::of(DType::i64, {3}), In::of(DType::i64, {}), vals}) ==
          Shape({Dim(3), Dim::unknown()}));
    CHECK(contains(infer_error("OneHot", {In::of(DType::i64, {3}), ints_const({4}), vals},
                               {{"axis", 2}}),
                   "axis 2 is out of range for rank 2"));
    CHECK(contains(infer_error("OneHot", {In::of(DType::i64, {3}), ints_const({4}),
                                          In::of(DType::f32, {3})}),
                   "values (input 2) must hold two elements [off, on], got shape [3]"));
    CHECK(contains(infer_error("OneHot", {In::of(DType::string, {3}), ints_const({4}), vals}),
                   "indices (input 0) must be numeric, got string"));
    CHECK(contains(infer_error("OneHot", {In::of(DType::i64, {3}), ints_const({0}), vals}),
                   "depth (input 1) must be at least 1"));
}
