// LpPool and GlobalLpPool: NumPy fixtures (p, strides, dilations, pads, auto_pad, ceil_mode),
// hand-computed values, inference and error messages.
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("LpPool: NumPy fixtures") { run_fixture_cases(data_dir("ops_nn/extra"), "LpPool"); }
TEST_CASE("GlobalLpPool: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_nn/extra"), "GlobalLpPool");
}

TEST_CASE("LpPool / GlobalLpPool: hand-computed") {
    Tensor x = floats({1, 1, 4}, {3, -4, 0, 1});
    // p = 2 (default), kernel 2: sqrt(9 + 16) = 5, sqrt(16) = 4, sqrt(1) = 1.
    check_close(run1("LpPool", {x}, {{"kernel_shape", I({2})}}), floats({1, 1, 3}, {5, 4, 1}),
                1e-6, 0);
    // p = 1 with padding: padded positions add nothing.
    check_close(run1("LpPool", {x}, {{"kernel_shape", I({2})}, {"p", int64_t{1}},
                                    {"strides", I({2})}, {"pads", I({1, 1})}}),
                floats({1, 1, 3}, {3, 4, 1}), 1e-6, 0);
    check_close(run1("GlobalLpPool", {x}), floats({1, 1, 1}, {float(std::sqrt(26.0))}), 1e-6, 0);
    check_close(run1("GlobalLpPool", {x}, {{"p", int64_t{1}}}), floats({1, 1, 1}, {8}), 1e-6, 0);
}

TEST_CASE("LpPool / GlobalLpPool: inference and errors") {
    CHECK(inferred_shape("LpPool", {f32({1, 2, 9, 8})},
                         {{"kernel_shape", I({3, 3})}, {"strides", I({2, 2})},
                          {"ceil_mode", int64_t{1}}}) == Shape({1, 2, 4, 4}));
    CHECK(inferred_shape("GlobalLpPool", {f32({2, 3, 5, 6, 7})}) == Shape({2, 3, 1, 1, 1}));
    CHECK(contains(infer_error("LpPool", {f32({1, 2, 9})},
                               {{"kernel_shape", I({3})}, {"p", int64_t{0}}}),
                   "attribute 'p' must be positive, got 0"));
    CHECK(contains(infer_error("GlobalLpPool", {f32({1, 2, 9})}, {{"p", int64_t{-2}}}),
                   "attribute 'p' must be positive, got -2"));
    CHECK(contains(infer_error("LpPool", {In::of(DType::i8, Shape{1, 2, 9})},
                               {{"kernel_shape", I({3})}}),
                   "input X has dtype i8; LpPool supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("LpPool", {f32({1, 2, 9})}, {{"kernel_shape", I({3, 3})}}),
                   "input X has shape [1,2,9] but attribute 'kernel_shape' has 2 values"));
    CHECK(contains(infer_error("LpPool", {f32({1, 2, 9})},
                               {{"kernel_shape", I({3})}, {"count_include_pad", int64_t{1}}}),
                   "unknown attribute 'count_include_pad'"));
}
