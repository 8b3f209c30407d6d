// MaxUnpool: NumPy fixtures (2-D, with a constant output_shape, 1-D with pads),
// hand-computed values, inference and error messages.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::vector<int64_t> I(std::initializer_list<int64_t> v) { return v; }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
In i64(Shape s) { return In::of(DType::i64, std::move(s)); }
}  // namespace

TEST_CASE("MaxUnpool: NumPy fixtures") {
    run_fixture_cases(data_dir("ops_nn/extra"), "MaxUnpool");
}

TEST_CASE("MaxUnpool: hand-computed") {
    Tensor x = floats({1, 1, 2}, {5, 7});
    Tensor idx = Tensor::from_vector<int64_t>({1, 1, 2}, {1, 2});
    check_close(run1("MaxUnpool", {x, idx}, {{"kernel_shape", I({2})}, {"strides", I({2})}}),
                floats({1, 1, 4}, {0, 5, 7, 0}), 0, 0);
    // output_shape (a graph input here, so the extents are only known at run time).
    // The unpooled tensor sits at the origin of the larger output.
    check_close(run1("MaxUnpool", {x, idx, ints({1, 1, 5})},
                     {{"kernel_shape", I({2})}, {"strides", I({2})}}),
                floats({1, 1, 5}, {0, 5, 7, 0, 0}), 0, 0);
    Tensor x2 = floats({1, 1, 2, 2}, {5, 6, 7, 8});
    Tensor i2 = Tensor::from_vector<int64_t>({1, 1, 2, 2}, {5, 7, 13, 15});
    Tensor want(floats({1, 1, 5, 5}, {0, 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 0,
                                      0, 7, 0, 8, 0, 0, 0, 0, 0, 0}));
    check_close(run1("MaxUnpool", {x2, i2, ints({1, 1, 5, 5})},
                     {{"kernel_shape", I({2, 2})}, {"strides", I({2, 2})}}),
                want, 0, 0);
    CHECK(contains(compute_error("MaxUnpool", {x, idx, ints({1, 1, 3})},
                                 {{"kernel_shape", I({2})}, {"strides", I({2})}}),
                   "input output_shape [1,1,3] must keep N and C and be at least the unpooled "
                   "shape [1,1,4] on every spatial axis"));
}

TEST_CASE("MaxUnpool: inference and errors") {
    Attributes k2s2{{"kernel_shape", I({2, 2})}, {"strides", I({2, 2})}};
    CHECK(inferred_shape("MaxUnpool", {f32({1, 3, 2, 3}), i64({1, 3, 2, 3})}, k2s2) ==
          Shape({1, 3, 4, 6}));
    CHECK(inferred_shape("MaxUnpool",
                         {f32({1, 3, 2, 3}), i64({1, 3, 2, 3}), ints_const({1, 3, 5, 7})},
                         k2s2) == Shape({1, 3, 5, 7}));
    CHECK(inferred_shape("MaxUnpool", {f32({1, 3, 2, 3}), i64({1, 3, 2, 3}), i64({4})}, k2s2) ==
          Shape({Dim::unknown(), Dim::unknown(), Dim::unknown(), Dim::unknown()}));
    CHECK(contains(infer_error("MaxUnpool", {f32({1, 3, 2, 3}), i64({1, 3, 2, 2})}, k2s2),
                   "input I has shape [1,3,2,2] but X has shape [1,3,2,3]; they must match"));
    CHECK(contains(infer_error("MaxUnpool",
                               {f32({1, 3, 2, 3}), In::of(DType::i32, Shape{1, 3, 2, 3})}, k2s2),
                   "input I has dtype i32; it must be i64"));
    CHECK(contains(infer_error("MaxUnpool", {f32({1, 3, 2}), i64({1, 3, 2})}, k2s2),
                   "input X has shape [1,3,2] but attribute 'kernel_shape' has 2 values"));
    CHECK(contains(infer_error("MaxUnpool",
                               {f32({1, 3, 2, 3}), i64({1, 3, 2, 3}), ints_const({4, 6})}, k2s2),
                   "input output_shape [4,6] has 2 values but X has rank 4; it must hold the "
                   "full output shape (N, C, spatial...)"));
    CHECK(contains(infer_error("MaxUnpool", {f32({1, 3, 2, 3}), i64({1, 3, 2, 3})},
                               {{"kernel_shape", I({2, 2})}, {"strides", I({0, 2})}}),
                   "attribute 'strides' must be positive, got [0,2]"));
    Tensor x = floats({1, 1, 2}, {5, 7});
    Tensor bad = Tensor::from_vector<int64_t>({1, 1, 2}, {1, 4});
    CHECK(contains(compute_error("MaxUnpool", {x, bad},
                                 {{"kernel_shape", I({2})}, {"strides", I({2})}}),
                   "index I[1] = 4 is outside the unpooled tensor of 4 elements [1,1,4]"));
}
