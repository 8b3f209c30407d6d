// Col2Im (core/src/ops/image/col2im.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("Col2Im: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_image/detection"), "Col2Im") == 3);
}

TEST_CASE("Col2Im: inference and errors") {
    CHECK(inferred_shape("Col2Im", {In::of(DType::f32, {2, 12, 9}), ints_const({4, 4}), ints_const({2, 2})}) ==
          Shape({2, 3, 4, 4}));
    CHECK(contains(infer_error("Col2Im", {In::of(DType::f32, {2, 10, 9}), ints_const({4, 4}), ints_const({2, 2})}),
                   "input dim 1 (10) must be a multiple of prod(block_shape) = 4"));
    CHECK(contains(infer_error("Col2Im", {In::of(DType::f32, {2, 12, 8}), ints_const({4, 4}), ints_const({2, 2})}),
                   "input dim 2 (8) must equal the number of block positions 9 [3, 3]"));
    CHECK(contains(infer_error("Col2Im", {In::of(DType::f32, {2, 12, 9}), ints_const({4, 4}), ints_const({2})}),
                   "must have the same length"));
    CHECK(contains(infer_error("Col2Im", {In::of(DType::f32, {2, 12, 9}), ints_const({4, 4}), ints_const({2, 2})},
                               {{"strides", std::vector<int64_t>{1}}}),
                   "attribute 'strides' [1] must have 2 entries"));
    CHECK(contains(infer_error("Col2Im", {In::of(DType::f32, {2, 12, 9}), ints_const({1, 4}), ints_const({2, 2})}),
                   "does not fit the padded image size 1 in spatial dim 0"));
}
