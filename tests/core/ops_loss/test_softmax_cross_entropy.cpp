// SoftmaxCrossEntropyLoss: NLL of log-softmax over the classes, with the log_prob output.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
In i32(Shape s) { return In::of(DType::i32, std::move(s)); }
}  // namespace

TEST_CASE("SoftmaxCrossEntropyLoss: NumPy fixtures (reductions, weights, ignore_index, log_prob)") {
    run_fixture_cases(data_dir("ops_loss"), "SoftmaxCrossEntropyLoss");
}

TEST_CASE("SoftmaxCrossEntropyLoss: hand-computed") {
    // Two equal scores: log_prob = -log 2 for both classes.
    const Tensor x = floats({1, 2}, {3, 3});
    const Tensor t = Tensor::from_vector<int32_t>({1}, {1});
    const auto out = run("SoftmaxCrossEntropyLoss", {x, t}, {}, 2);
    const float l2 = static_cast<float>(std::log(2.0));
    check_close(out[0], floats({}, {l2}), 1e-6, 0);
    check_close(out[1], floats({1, 2}, {-l2, -l2}), 1e-6, 0);
    // Scores {0, ln 3}: p = {1/4, 3/4}; the weighted sum picks class 0 with weight 2.
    const Tensor y = floats({1, 2}, {0, static_cast<float>(std::log(3.0))});
    check_close(run1("SoftmaxCrossEntropyLoss",
                     {y, Tensor::from_vector<int32_t>({1}, {0}), floats({2}, {2, 1})},
                     {{"reduction", std::string("sum")}}),
                floats({}, {static_cast<float>(2 * std::log(4.0))}), 1e-6, 0);
}

TEST_CASE("SoftmaxCrossEntropyLoss: inference") {
    const Shape x({Dim::symbol("N"), Dim(10), Dim(4)});
    Graph g;
    Node* n = infer(g, "SoftmaxCrossEntropyLoss", {In::of(DType::bf16, x), i32(Shape({Dim::symbol("N"), Dim(4)}))},
                    {{"reduction", std::string("none")}}, 2);
    CHECK(n->output(0)->shape() == Shape({Dim::symbol("N"), Dim(4)}));
    CHECK(n->output(0)->dtype() == DType::bf16);
    CHECK(n->output(1)->shape() == x);
    CHECK(n->output(1)->dtype() == DType::bf16);
}

TEST_CASE("SoftmaxCrossEntropyLoss: error messages") {
    CHECK(contains(infer_error("SoftmaxCrossEntropyLoss", {f32({2, 3}), i32({3})}),
                   "input labels has shape [3] but input scores has shape [2,3]; labels must be "
                   "scores's shape without axis 1 (the classes)"));
    CHECK(contains(infer_error("SoftmaxCrossEntropyLoss", {f32({2, 3}), i32({2}), f32({2, 3})}),
                   "input weights must be 1-D (one weight per class), got shape [2,3]"));
    CHECK(contains(infer_error("SoftmaxCrossEntropyLoss", {In::of(DType::i32, {2, 3}), i32({2})}),
                   "input scores has dtype i32; SoftmaxCrossEntropyLoss supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("SoftmaxCrossEntropyLoss", {f32({2, 3}), i32({2})}, {}, 3),
                   "has 3 outputs, SoftmaxCrossEntropyLoss gives 1 to 2"));
    CHECK(contains(compute_error("SoftmaxCrossEntropyLoss",
                                 {Tensor::zeros(DType::f32, {1, 2}),
                                  Tensor::from_vector<int32_t>({1}, {-1})}),
                   "input labels holds class -1 at element 0, outside [0, 2)"));
}
