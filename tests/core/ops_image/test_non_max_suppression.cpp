// NonMaxSuppression (core/src/ops/image/non_max_suppression.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("NonMaxSuppression: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_image/detection"), "NonMaxSuppression") == 3);
}

TEST_CASE("NonMaxSuppression: no max_output_boxes_per_class selects nothing") {
    auto boxes = floats({1, 2, 4}, {0, 0, 1, 1, 2, 2, 3, 3});
    auto scores = floats({1, 1, 2}, {0.5f, 0.6f});
    check_same(run1("NonMaxSuppression", {boxes, scores}), Tensor::from_vector<int64_t>({0, 3}, {}));
    // An identical box of a lower score is suppressed; ties keep the lower index.
    auto same = floats({1, 3, 4}, {0, 0, 1, 1, 0, 0, 1, 1, 5, 5, 6, 6});
    auto tie = floats({1, 1, 3}, {0.5f, 0.5f, 0.5f});
    check_same(run1("NonMaxSuppression", {same, tie, ints({5})}),
               Tensor::from_vector<int64_t>({2, 3}, {0, 0, 0, 0, 0, 2}));
}

TEST_CASE("NonMaxSuppression: errors") {
    auto f = [](std::vector<int64_t> s) { return In::of(DType::f32, Shape::from(s)); };
    CHECK(contains(infer_error("NonMaxSuppression", {f({1, 3, 5}), f({1, 1, 3})}),
                   "boxes (input 0) must be [batches, boxes, 4], got shape [1,3,5]"));
    CHECK(contains(infer_error("NonMaxSuppression", {f({1, 3, 4}), f({1, 1, 2})}),
                   "disagree on the number of boxes"));
    CHECK(contains(infer_error("NonMaxSuppression", {f({1, 3, 4}), f({1, 1, 3})},
                               {{"center_point_box", 2}}),
                   "attribute 'center_point_box' must be 0"));
    CHECK(contains(infer_error("NonMaxSuppression", {f({1, 3, 4}), In::of(DType::f64, {1, 1, 3})}),
                   "scores (input 1) has dtype f64 but boxes (input 0) has dtype f32"));
    CHECK(contains(infer_error("NonMaxSuppression", {f({1, 3, 4}), f({1, 1, 3}), In::of(DType::i64, {2})}),
                   "max_output_boxes_per_class (input 2) must hold one value"));
}
