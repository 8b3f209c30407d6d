// CumSum, CumProd (core/src/ops/tensor/cumulative.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_tensor/index_ops");
}

TEST_CASE("CumSum: fixtures") { CHECK(run_fixture_cases(kData, "CumSum") == 3); }
TEST_CASE("CumProd: fixtures") { CHECK(run_fixture_cases(kData, "CumProd") == 2); }

TEST_CASE("CumSum: integer wraparound and u8") {
    auto x = Tensor::from_vector<uint8_t>({3}, {200, 100, 7});
    check_same(run1("CumSum", {x, ints({0})}), Tensor::from_vector<uint8_t>({3}, {200, 44, 51}));
}

TEST_CASE("CumSum/CumProd: errors") {
    auto x = floats({2, 2}, {1, 2, 3, 4});
    CHECK(contains(infer_error("CumSum", {In::of(DType::f32, {2}), In::of(DType::f32, {})}),
                   "axis (input 1) must be i32 or i64, got f32"));
    CHECK(contains(infer_error("CumSum", {In::of(DType::f32, {2}), In::of(DType::i64, {2})}),
                   "axis (input 1) must hold one value, got shape [2]"));
    CHECK(contains(infer_error("CumProd", {In::of(DType::boolean, {2}), In::of(DType::i64, {})}),
                   "input 0 has dtype bool, which CumProd does not support"));
    CHECK(contains(infer_error("CumSum", {In::of(DType::f32, {}), In::of(DType::i64, {})}),
                   "input must have rank >= 1, got a scalar"));
    CHECK(contains(compute_error("CumSum", {x, ints({2})}), "axis 2 is out of range for rank 2"));
    CHECK(contains(compute_error("CumSum", {x, ints({0})}, {{"reverse", 3}}),
                   "attribute 'reverse' must be 0 or 1, got 3"));
}
