// RMSNormalization (opset 23): division by the root mean square over [axis, rank).
#include <cmath>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("RMSNormalization: NumPy fixtures (axes, epsilon, scale broadcast, all float dtypes)") {
    run_fixture_cases(data_dir("ops_norm"), "RMSNormalization");
}

TEST_CASE("RMSNormalization: hand-computed, Y takes scale's dtype") {
    // Rows {3, 4} (rms sqrt(12.5)) and {1, 1} (rms 1).
    const Tensor x = floats({2, 2}, {3, 4, 1, 1});
    const Tensor s = Tensor::from_vector<double>({2}, {1, 2});
    const Tensor y = run1("RMSNormalization", {x, s}, {{"epsilon", 0.0}});
    CHECK(y.dtype() == DType::f64);
    const double r = std::sqrt(12.5);
    check_close(y, Tensor::from_vector<double>({2, 2}, {3 / r, 8 / r, 1, 2}), 1e-7, 0);
}

TEST_CASE("RMSNormalization: inference") {
    const Shape s({Dim::symbol("B"), Dim::symbol("S"), Dim(64)});
    Graph g;
    Node* n = infer(g, "RMSNormalization", {In::of(DType::f16, s), In::of(DType::f32, {64})});
    CHECK(n->output(0)->shape() == s);
    CHECK(n->output(0)->dtype() == DType::f32);
}

TEST_CASE("RMSNormalization: error messages") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    CHECK(contains(infer_error("RMSNormalization", {f32({2, 3}), f32({2})}),
                   "input scale of shape [2] cannot be broadcast to shape [2,3]"));
    CHECK(contains(infer_error("RMSNormalization", {f32({2, 3}), f32({3})}, {{"axis", int64_t{-3}}}),
                   "axis -3 is out of range for rank 2"));
    CHECK(contains(infer_error("RMSNormalization", {f32({2, 3}), In::of(DType::i32, {3})}),
                   "input scale has dtype i32; RMSNormalization supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("RMSNormalization", {f32({2, 3}), f32({3})},
                               {{"stash_type", int64_t{3}}}),
                   "attribute 'stash_type' must be a float element type (1 float, 10 float16, "
                   "11 double, 16 bfloat16), got 3"));
}
