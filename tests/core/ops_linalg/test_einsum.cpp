// Einsum (core/src/ops/linalg/einsum.cpp): NumPy fixtures (explicit and implicit outputs,
// ellipsis, diagonals, sums, several operands, integers), hand-computed values, inference
// and equation errors.
#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
Attributes eq(const std::string& e) { return {{"equation", Attribute(e)}}; }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("Einsum: NumPy fixtures") { run_fixture_cases(data_dir("ops_linalg"), "Einsum"); }

TEST_CASE("Einsum: hand-computed") {
    Tensor a = Tensor::from_vector<float>({2, 2}, {1, 2, 3, 4});
    check_same(run1("Einsum", {a}, eq("ii")), Tensor::from_vector<float>({}, {5}));
    check_same(run1("Einsum", {a}, eq("ij->j")), Tensor::from_vector<float>({2}, {4, 6}));
    check_same(run1("Einsum", {a, a}, eq("ij,ij->")), Tensor::from_vector<float>({}, {30}));
    // int64 wraps instead of failing.
    Tensor big = Tensor::from_vector<int64_t>({2}, {int64_t{1} << 62, int64_t{1} << 62});
    check_same(run1("Einsum", {big}, eq("i->")),
               Tensor::from_vector<int64_t>({}, {std::numeric_limits<int64_t>::min()}));
}

TEST_CASE("Einsum: inference") {
    const Dim b = Dim::symbol("B");
    CHECK(inferred_shape("Einsum", {f32(Shape({b, Dim(3), Dim(4)})), f32(Shape({b, Dim(4), Dim(5)}))}, eq("bij,bjk->bik")) ==
          Shape({b, Dim(3), Dim(5)}));
    CHECK(inferred_shape("Einsum", {f32(Shape({b, Dim(3), Dim(4)})), f32({4, 5})}, eq("...ij,jk")) ==
          Shape({b, Dim(3), Dim(5)}));
    CHECK(inferred_shape("Einsum", {f32(Shape({Dim(2), Dim::unknown()})), f32({1, 7})}, eq("ij,ij->ji")) ==
          Shape({Dim(7), Dim(2)}));
    CHECK(inferred_shape("Einsum", {f32(Shape::unranked())}, eq("ij->ji")) == Shape::unranked());
    CHECK(inferred_shape("Einsum", {f32({3, 1, 5}), f32({4, 1})}, eq("...j,...j->..."))
          == Shape({Dim(3), Dim(4)}));
}

TEST_CASE("Einsum: equation errors") {
    const In m = f32({2, 3});
    CHECK(contains(infer_error("Einsum", {m}, eq("ij,jk->ik")),
                   "node 'n' (Einsum): equation 'ij,jk->ik' has 2 input term(s) but the node has "
                   "1 input(s)"));
    CHECK(contains(infer_error("Einsum", {m}, eq("i1->i")),
                   "unexpected character '1' in term 'i1'; terms hold letters a-z, A-Z and at "
                   "most one '...'"));
    CHECK(contains(infer_error("Einsum", {m}, eq("i.j->i")), "a '.' that is not part of '...'"));
    CHECK(contains(infer_error("Einsum", {m}, eq("......->")), "has more than one '...'"));
    CHECK(contains(infer_error("Einsum", {m}, eq("ij->ii")),
                   "the output names 'i' more than once"));
    CHECK(contains(infer_error("Einsum", {m}, eq("ij->k")),
                   "output letter 'k' does not occur in any input term"));
    CHECK(contains(infer_error("Einsum", {m}, eq("ij->i->j")), "has more than one '->'"));
    CHECK(contains(infer_error("Einsum", {m}, eq("ijk->i")),
                   "input 0 has rank 2 but its term in equation 'ijk->i' names 3 axes; add '...' "
                   "to cover the others"));
    CHECK(contains(infer_error("Einsum", {m}, eq("i->i")), "names 1 axes"));
    CHECK(contains(infer_error("Einsum", {m, f32({4, 2})}, eq("ij,jk->ik")),
                   "letter 'j' has extents 3 and 4 in the inputs; they must match (or be 1)"));
    CHECK(contains(infer_error("Einsum", {m}, eq("ii->i")),
                   "input 0 repeats letter 'i' over axes of extents 2 and 3; a diagonal needs "
                   "equal extents"));
    CHECK(contains(infer_error("Einsum", {f32({2, 3, 4})}, eq("...j->j")),
                   "'...' stands for 2 axes in the inputs but the output has no '...'"));
    CHECK(contains(infer_error("Einsum", {m, In::of(DType::f64, Shape{3})}, eq("ij,j->i")),
                   "input 1 has dtype f64 but input 0 has dtype f32; all inputs must have the "
                   "same dtype"));
    CHECK(contains(infer_error("Einsum", {In::of(DType::boolean, Shape{2})}, eq("i->")),
                   "input 0 has dtype bool; Einsum supports"));
    CHECK(contains(infer_error("Einsum", {m}), "equation"));
}
