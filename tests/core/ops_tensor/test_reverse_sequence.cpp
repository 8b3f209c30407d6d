// ReverseSequence (core/src/ops/tensor/reverse_sequence.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("ReverseSequence: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_tensor/index_ops"), "ReverseSequence") == 2);
}

TEST_CASE("ReverseSequence: errors") {
    auto x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
    CHECK(contains(infer_error("ReverseSequence", {In::of(DType::f32, {2, 3}), In::of(DType::i64, {2})}),
                   "must have one entry per batch entry (3)"));
    CHECK(contains(infer_error("ReverseSequence", {In::of(DType::f32, {2, 3}), In::of(DType::i32, {3})}),
                   "sequence_lens (input 1) must be i64, got i32"));
    CHECK(contains(infer_error("ReverseSequence", {In::of(DType::f32, {2, 3}), In::of(DType::i64, {3})},
                               {{"batch_axis", 0}}),
                   "batch_axis and time_axis must be 0 and 1 in some order"));
    CHECK(contains(compute_error("ReverseSequence", {x, ints({1, 3, 2})}),
                   "sequence length 3 is outside [0, 2]"));
}
