// Compress, NonZero (core/src/ops/tensor/compress_nonzero.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kData = data_dir("ops_tensor/index_ops");
}

TEST_CASE("Compress: fixtures") { CHECK(run_fixture_cases(kData, "Compress") == 3); }
TEST_CASE("NonZero: fixtures") { CHECK(run_fixture_cases(kData, "NonZero") == 2); }

TEST_CASE("Compress: inference and errors") {
    Dim n = Dim::symbol("N");
    auto cond = In::of(DType::boolean, Shape({Dim::unknown()}));
    CHECK(inferred_shape("Compress", {In::of(DType::f32, Shape({n, Dim(4)})), cond}, {{"axis", 1}}) ==
          Shape({n, Dim::unknown()}));
    CHECK(inferred_shape("Compress", {In::of(DType::f32, {2, 4}), cond}) == Shape({Dim::unknown()}));
    CHECK(contains(infer_error("Compress", {In::of(DType::f32, {2}), In::of(DType::i64, {2})}),
                   "condition (input 1) must be bool, got i64"));
    auto x = floats({2}, {1, 2});
    auto c = Tensor::from_vector<bool>({3}, {false, false, true});
    CHECK(contains(compute_error("Compress", {x, c}, {{"axis", 0}}),
                   "condition (input 1) selects entry 2 but the axis being compressed has size 2"));
}

TEST_CASE("NonZero: scalar, empty and inference") {
    check_same(run1("NonZero", {Tensor::from_vector<float>({}, {3})}),
               Tensor::from_vector<int64_t>({1, 1}, {0}));
    check_same(run1("NonZero", {Tensor::zeros(DType::i32, {2, 0})}),
               Tensor::from_vector<int64_t>({2, 0}, {}));
    CHECK(inferred_shape("NonZero", {In::of(DType::boolean, {2, 3, 4})}) ==
          Shape({Dim(3), Dim::unknown()}));
    CHECK(contains(infer_error("NonZero", {In::of(DType::string, {2})}),
                   "input must be numeric or bool, got string"));
}
