// Softmax and LogSoftmax (opset-13 semantics: one axis).
#include <cmath>
#include <limits>

#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("Softmax: NumPy fixtures") { run_fixture_cases("Softmax"); }
TEST_CASE("LogSoftmax: NumPy fixtures") { run_fixture_cases("LogSoftmax"); }

TEST_CASE("Softmax / LogSoftmax: hand-computed, stable for large inputs") {
    Tensor x = vec_f32({2, 2}, {0, 0, 1000, 1000 + std::log(3.0f)});
    auto y = run("Softmax", {&x});
    check_close(y[0], vec_f32({2, 2}, {0.5f, 0.5f, 0.25f, 0.75f}), 1e-4, 0);
    // Axis 0 (not the opset < 13 "flatten from axis" semantics).
    Tensor z = vec_f32({2, 2}, {0, 1, 0, 1});
    check_close(run("Softmax", {&z}, {{"axis", int64_t{0}}})[0],
                vec_f32({2, 2}, {0.5f, 0.5f, 0.5f, 0.5f}), 0, 0);
    auto l = run("LogSoftmax", {&x});
    check_close(l[0], vec_f32({2, 2}, {-std::log(2.0f), -std::log(2.0f), -std::log(4.0f),
                                       std::log(0.75f)}),
                1e-4, 1e-6);
    // -inf entries get probability 0.
    const float inf = std::numeric_limits<float>::infinity();
    Tensor m = vec_f32({3}, {-inf, 0, -inf});
    check_close(run("Softmax", {&m})[0], vec_f32({3}, {0, 1, 0}), 0, 0);
}

TEST_CASE("Softmax / LogSoftmax: inference") {
    for (const char* op : {"Softmax", "LogSoftmax"}) {
        CAPTURE(op);
        Shape x({Dim::symbol("N"), Dim(), Dim(10)});
        CHECK(infer_shape(op, {f32(x)}) == x);
        CHECK(infer_shape(op, {f32(x)}, {{"axis", int64_t{-3}}}) == x);
        CHECK(infer_shape(op, {f32(Shape::unranked())}, {{"axis", int64_t{5}}}) == Shape::unranked());
        OneNode n(op, {InputType({DType::bf16, Shape{2}})});
        n.infer();
        CHECK(n.dtype() == DType::bf16);
        CHECK(contains(infer_error(op, {f32({2, 3})}, {{"axis", int64_t{2}}}),
                       "axis 2 is out of range for rank 2"));
        CHECK(contains(infer_error(op, {f32({2, 3})}, {{"axis", int64_t{-3}}}),
                       "axis -3 is out of range for rank 2"));
        CHECK(contains(infer_error(op, {InputType({DType::i32, Shape{2}})}),
                       "input has dtype i32; " + std::string(op) + " supports f32, f64, f16, bf16"));
    }
}
