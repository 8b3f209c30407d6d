// Unique (core/src/ops/tensor/unique.cpp).
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

TEST_CASE("Unique: fixtures") {
    CHECK(run_fixture_cases(data_dir("ops_tensor/index_ops"), "Unique") == 5);
}

TEST_CASE("Unique: strings, fewer outputs, inference and errors") {
    auto s = Tensor::from_vector<std::string>({4}, {"b", "a", "b", "c"});
    auto out = run("Unique", {s}, {{"sorted", int64_t{0}}}, 2);
    check_same(out[0], Tensor::from_vector<std::string>({3}, {"b", "a", "c"}));
    check_same(out[1], Tensor::from_vector<int64_t>({3}, {0, 1, 3}));
    Dim n = Dim::symbol("N");
    Graph g;
    Node* node = infer(g, "Unique", {In::of(DType::f32, Shape({n, Dim(3)}))}, {{"axis", 0}}, 4);
    CHECK(node->output(0)->shape() == Shape({Dim::unknown(), Dim(3)}));
    CHECK(node->output(2)->shape() == Shape({n}));
    CHECK(node->output(3)->dtype() == DType::i64);
    CHECK(contains(infer_error("Unique", {In::of(DType::f32, {2})}, {{"axis", 1}}),
                   "axis 1 is out of range for rank 1"));
    CHECK(contains(infer_error("Unique", {In::of(DType::f32, {2})}, {{"sorted", 2}}),
                   "attribute 'sorted' must be 0 or 1, got 2"));
}
