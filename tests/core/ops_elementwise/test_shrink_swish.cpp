// Shrink and Swish (core/src/ops/elementwise/activations.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_elementwise/bitwise");
}

TEST_CASE("Shrink: fixtures") { CHECK(run_fixture_cases(kData, "Shrink") == 3); }
TEST_CASE("Swish: fixtures") { CHECK(run_fixture_cases(kData, "Swish") == 2); }

TEST_CASE("Shrink/Swish: errors") {
    CHECK(contains(infer_error("Swish", {In::of(DType::i32, {2})}),
                   "input 0 has dtype i32, which Swish does not support"));
    CHECK(contains(infer_error("Shrink", {In::of(DType::boolean, {2})}),
                   "input 0 has dtype bool, which Shrink does not support"));
}
