// NegativeLogLikelihoodLoss: reductions, weights, ignore_index, N-D inputs.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
In i64(Shape s) { return In::of(DType::i64, std::move(s)); }
Tensor targets(const std::vector<int64_t>& shape, const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>(shape, v);
}
}  // namespace

TEST_CASE("NegativeLogLikelihoodLoss: NumPy fixtures (reductions, weights, ignore_index, N-D)") {
    run_fixture_cases(data_dir("ops_loss"), "NegativeLogLikelihoodLoss");
}

TEST_CASE("NegativeLogLikelihoodLoss: the ONNX spec's examples") {
    // N=2, C=3, d1=2.
    const Tensor x = floats({2, 3, 2}, {1, 2, 2, 2, 3, 2, 0, 1, 2, 2, 1, 2});
    const Tensor t = targets({2, 2}, {2, 1, 0, 2});
    const Tensor w = floats({3}, {0.2f, 0.3f, 0.1f});
    check_close(run1("NegativeLogLikelihoodLoss", {x, t}, {{"reduction", std::string("none")}}),
                floats({2, 2}, {-3, -2, 0, -2}), 0, 0);
    check_close(run1("NegativeLogLikelihoodLoss", {x, t, w}, {{"reduction", std::string("sum")}}),
                floats({}, {-1.1f}), 1e-6, 0);
    check_close(run1("NegativeLogLikelihoodLoss", {x, t, w}), floats({}, {-1.1f / 0.7f}), 1e-6, 0);
    // ignore_index: the ignored elements count neither in the sum nor in the mean's divisor.
    check_close(run1("NegativeLogLikelihoodLoss", {x, t}, {{"ignore_index", int64_t{2}}}),
                floats({}, {(-2.f - 0.f) / 2}), 1e-6, 0);
    // Everything ignored: the mean divides 0 by 0.
    const Tensor all = run1("NegativeLogLikelihoodLoss", {floats({1, 2}, {1, 2}), targets({1}, {1})},
                            {{"ignore_index", int64_t{1}}});
    CHECK(std::isnan(all.at_double(0)));
}

TEST_CASE("NegativeLogLikelihoodLoss: inference") {
    const Shape x({Dim::symbol("N"), Dim(5), Dim(3), Dim::symbol("W")});
    CHECK(inferred_shape("NegativeLogLikelihoodLoss", {f32(x), i64(Shape({Dim(4), Dim(3), Dim(7)}))},
                         {{"reduction", std::string("none")}}) == Shape({Dim(4), Dim(3), Dim(7)}));
    CHECK(inferred_shape("NegativeLogLikelihoodLoss", {f32(x), i64(Shape::unranked())},
                         {{"reduction", std::string("none")}}) ==
          Shape({Dim::symbol("N"), Dim(3), Dim::symbol("W")}));
    CHECK(inferred_shape("NegativeLogLikelihoodLoss", {f32(x), In::of(DType::i32, Shape::unranked()),
                                                       f32({5})}) == Shape());
}

TEST_CASE("NegativeLogLikelihoodLoss: error messages") {
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({2, 3, 4}), i64({2, 3})}),
                   "input target has shape [2,3] but input input has shape [2,3,4]; target must "
                   "be input's shape without axis 1 (the classes)"));
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({2, 3}), i64({2}), f32({4})}),
                   "input weight has shape [4] but input input has 3 classes (shape [2,3])"));
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({3}), i64({})}),
                   "input input must have rank >= 2 (N, C, d1..dk), got shape [3]"));
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({2, 3}), In::of(DType::f32, {2})}),
                   "input target has dtype f32; class indices must be i32 or i64"));
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({2, 3}), i64({2})},
                               {{"reduction", std::string("max")}}),
                   "attribute 'reduction' must be \"none\", \"sum\" or \"mean\", got \"max\""));
    CHECK(contains(infer_error("NegativeLogLikelihoodLoss", {f32({2, 3}), i64({2}),
                                                             In::of(DType::f64, {3})}),
                   "input weight has dtype f64 but input input has dtype f32; they must match"));
    const Tensor x = Tensor::zeros(DType::f32, {2, 3});
    CHECK(contains(compute_error("NegativeLogLikelihoodLoss", {x, targets({2}, {0, 3})}),
                   "input target holds class 3 at element 1, outside [0, 3)"));
    CHECK(contains(compute_error("NegativeLogLikelihoodLoss", {x, targets({2}, {-1, 0})},
                                 {{"ignore_index", int64_t{-100}}}),
                   "input target holds class -1 at element 0, outside [0, 3) and not "
                   "ignore_index -100"));
}
