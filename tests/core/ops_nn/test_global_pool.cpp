// GlobalAveragePool and GlobalMaxPool.
#include "nn_test_util.hpp"

using namespace nn_test;
using neo::DType;

namespace {
InputType f32(Shape s) { return InputType({DType::f32, std::move(s)}); }
}  // namespace

TEST_CASE("GlobalAveragePool: NumPy fixtures") { run_fixture_cases("GlobalAveragePool"); }
TEST_CASE("GlobalMaxPool: NumPy fixtures") { run_fixture_cases("GlobalMaxPool"); }

TEST_CASE("GlobalAveragePool / GlobalMaxPool: hand-computed") {
    Tensor x = vec_f32({1, 2, 2, 2}, {1, 2, 3, 6, -1, -2, -3, -4});
    check_close(run("GlobalAveragePool", {&x})[0], vec_f32({1, 2, 1, 1}, {3, -2.5f}), 0, 0);
    check_close(run("GlobalMaxPool", {&x})[0], vec_f32({1, 2, 1, 1}, {6, -1}), 0, 0);
}

TEST_CASE("GlobalAveragePool / GlobalMaxPool: inference") {
    for (const char* op : {"GlobalAveragePool", "GlobalMaxPool"}) {
        CAPTURE(op);
        CHECK(infer_shape(op, {f32({2, 3, 7, 5})}) == Shape({2, 3, 1, 1}));
        CHECK(infer_shape(op, {f32({2, 3, 7})}) == Shape({2, 3, 1}));
        CHECK(infer_shape(op, {f32(Shape({Dim::symbol("N"), Dim(3), Dim(), Dim(), Dim(4)}))}) ==
              Shape({Dim::symbol("N"), Dim(3), Dim(1), Dim(1), Dim(1)}));
        CHECK(infer_shape(op, {f32(Shape::unranked())}) == Shape::unranked());
        CHECK(contains(infer_error(op, {f32({4})}),
                       "input X must have rank >= 2 (N, C, spatial...), got shape [4]"));
        CHECK(contains(infer_error(op, {InputType({DType::i64, Shape{1, 2, 3}})}),
                       "input X has dtype i64; " + std::string(op) + " supports f32, f64, f16, bf16"));
    }
}
