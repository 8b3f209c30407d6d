// BitwiseAnd/Or/Xor/Not, BitShift (core/src/ops/elementwise/bitwise.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_elementwise/bitwise");
}

TEST_CASE("Bitwise: fixtures") {
    CHECK(run_fixture_cases(kData, "BitwiseAnd") == 5);
    CHECK(run_fixture_cases(kData, "BitwiseOr") == 5);
    CHECK(run_fixture_cases(kData, "BitwiseXor") == 5);
    CHECK(run_fixture_cases(kData, "BitwiseNot") == 5);
    CHECK(run_fixture_cases(kData, "BitShift") == 2);
}

TEST_CASE("BitShift: shifts by the bit width or more give 0") {
    auto x = Tensor::from_vector<uint8_t>({3}, {255, 255, 1});
    auto y = Tensor::from_vector<uint8_t>({3}, {8, 200, 7});
    check_same(run1("BitShift", {x, y}, {{"direction", "LEFT"}}),
               Tensor::from_vector<uint8_t>({3}, {0, 0, 128}));
    check_same(run1("BitShift", {x, y}, {{"direction", "RIGHT"}}),
               Tensor::from_vector<uint8_t>({3}, {0, 0, 0}));
}

TEST_CASE("Bitwise: errors") {
    CHECK(contains(infer_error("BitwiseAnd", {In::of(DType::f32, {2}), In::of(DType::f32, {2})}),
                   "input 0 has dtype f32, which BitwiseAnd does not support"));
    CHECK(contains(infer_error("BitwiseOr", {In::of(DType::i32, {2}), In::of(DType::i64, {2})}),
                   "inputs 0 and 1 must have the same dtype, got i32 and i64"));
    CHECK(contains(infer_error("BitShift", {In::of(DType::i32, {2}), In::of(DType::i32, {2})},
                               {{"direction", "LEFT"}}),
                   "input 0 has dtype i32, which BitShift does not support (it takes u8, u16, u32, u64)"));
    CHECK(contains(infer_error("BitShift", {In::of(DType::u8, {2}), In::of(DType::u8, {2})},
                               {{"direction", "UP"}}),
                   "attribute 'direction' must be \"LEFT\" or \"RIGHT\", got \"UP\""));
    CHECK(contains(infer_error("BitShift", {In::of(DType::u8, {2}), In::of(DType::u8, {2})}),
                   "direction"));
}
