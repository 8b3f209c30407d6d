// Concat and Split (core/src/ops/tensor/concat_split.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

TEST_CASE("Concat: NumPy fixtures") { CHECK(run_fixture_cases("Concat") == 4); }

TEST_CASE("Concat: shape-of-shape chains on i64 and strings") {
    auto a = Tensor::from_vector<int64_t>({1}, {-1});
    auto b = Tensor::from_vector<int64_t>({2}, {224, 224});
    check_same(run1("Concat", {a, b}, {{"axis", 0}}),
               Tensor::from_vector<int64_t>({3}, {-1, 224, 224}));
    auto s = Tensor::from_vector<std::string>({1, 2}, {"a", "b"});
    auto t = Tensor::from_vector<std::string>({1, 1}, {"c"});
    check_same(run1("Concat", {s, t}, {{"axis", 1}}),
               Tensor::from_vector<std::string>({1, 3}, {"a", "b", "c"}));
    check_same(run1("Concat", {b}, {{"axis", -1}}), b);
}

TEST_CASE("Concat: inference") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Dim n = Dim::symbol("N");
    CHECK(inferred_shape("Concat", {f32(Shape({n, Dim(3)})), f32(Shape({n, Dim(5)}))},
                         {{"axis", 1}}) == Shape({n, Dim(8)}));
    CHECK(inferred_shape("Concat", {f32(Shape({n, Dim(3)})), f32(Shape({Dim(2), Dim()}))},
                         {{"axis", -1}}) == Shape({Dim(2), Dim()}));
    CHECK(inferred_shape("Concat", {f32(Shape({n, Dim(3)})), f32(Shape({Dim::symbol("M"), Dim(1)}))},
                         {{"axis", 1}}) == Shape({Dim(), Dim(4)}));
    CHECK(inferred_shape("Concat", {f32(Shape::unranked()), f32(Shape({n, Dim(1)}))},
                         {{"axis", 0}}) == Shape({Dim(), Dim(1)}));
    CHECK(inferred_shape("Concat", {f32(Shape::unranked())}, {{"axis", 0}}) == Shape::unranked());
    CHECK(inferred_shape("Concat", {f32(Shape({n}))}, {{"axis", 0}}) == Shape({n}));
}

TEST_CASE("Concat: errors") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    expect_user_error([&] { inferred_shape("Concat", {f32({2, 3}), f32({3, 3})}, {{"axis", 1}}); },
                      "input shapes [2,3] and [3,3] differ in dim 0 (only axis 1 may differ)");
    expect_user_error([&] { inferred_shape("Concat", {f32({2, 3}), f32({3})}, {{"axis", 0}}); },
                      "all inputs must have the same rank, got shapes [2,3] and [3]");
    expect_user_error(
        [&] { inferred_shape("Concat", {f32({2}), In::of(DType::i64, {2})}, {{"axis", 0}}); },
        "all inputs must have the same dtype, got f32 and i64");
    expect_user_error([&] { inferred_shape("Concat", {f32({2})}); },
                      "required attribute 'axis' is missing");
    expect_user_error([&] { inferred_shape("Concat", {f32({2})}, {{"axis", 1}}); },
                      "axis 1 is out of range for rank 1");
    expect_user_error([&] { inferred_shape("Concat", {f32({}), f32({})}, {{"axis", 0}}); },
                      "axis 0 is out of range for rank 0");
    expect_user_error([&] { inferred_shape("Concat", {}, {{"axis", 0}}); },
                      "has 0 inputs, Concat takes at least 1");
    auto x = Tensor::from_vector<float>({2}, {1, 2});
    auto y = Tensor::from_vector<float>({1, 2}, {1, 2});
    expect_user_error([&] { run1("Concat", {x, y}, {{"axis", 0}}); }, "same rank");
}

TEST_CASE("Split: NumPy fixtures") { CHECK(run_fixture_cases("Split") == 4); }

TEST_CASE("Split: inference") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    Dim n = Dim::symbol("N");
    Graph g;
    Node* node = infer(g, "Split", {f32(Shape({n, Dim(10)})), ints_const({3, 7})},
                       {{"axis", 1}}, 2);
    CHECK(node->output(0)->shape() == Shape({n, Dim(3)}));
    CHECK(node->output(1)->shape() == Shape({n, Dim(7)}));
    Graph g2;
    node = infer(g2, "Split", {f32(Shape({n, Dim(10)}))}, {{"num_outputs", 3}, {"axis", -1}}, 3);
    CHECK(node->output(0)->shape() == Shape({n, Dim(4)}));
    CHECK(node->output(2)->shape() == Shape({n, Dim(2)}));
    Graph g3;
    node = infer(g3, "Split", {f32(Shape({n, Dim(10)}))}, {}, 2);
    CHECK(node->output(1)->shape() == Shape({Dim(), Dim(10)}));
    Graph g4;
    node = infer(g4, "Split", {f32({4, 4}), In::of(DType::i64, {2})}, {}, 2);
    CHECK(node->output(1)->shape() == Shape({Dim(), Dim(4)}));
}

TEST_CASE("Split: errors") {
    auto f32 = [](Shape s) { return In::of(DType::f32, std::move(s)); };
    auto split = [&](std::vector<In> in, Attributes a, std::size_t n) {
        Graph g;
        infer(g, "Split", in, std::move(a), n);
    };
    expect_user_error([&] { split({f32({6}), ints_const({1, 2})}, {}, 2); },
                      "split [1, 2] sums to 3 but the dim being split has size 6");
    expect_user_error([&] { split({f32({6}), ints_const({6})}, {}, 2); },
                      "split [6] has 1 entries but the node has 2 outputs");
    expect_user_error([&] { split({f32({6}), ints_const({-1, 7})}, {}, 2); },
                      "split [-1, 7] has a negative entry");
    expect_user_error([&] { split({f32({6})}, {{"num_outputs", 3}}, 2); },
                      "num_outputs is 3 but the node has 2 outputs");
    expect_user_error([&] { split({f32({6}), ints_const({3, 3})}, {{"num_outputs", 2}}, 2); },
                      "give either the split input or the num_outputs attribute, not both");
    expect_user_error([&] { split({f32({})}, {}, 1); }, "axis 0 is out of range for rank 0");
    // 5 into 4 pieces of ceil(5/4) = 2 leaves -1 for the last: inference keeps the sizes
    // unknown (the node may sit in an If branch never taken for this shape, as in
    // AffineGrid's function body); running it fails.
    {
        Graph g;
        Node* node = infer(g, "Split", {f32({5})}, {{"num_outputs", 4}}, 4);
        CHECK(node->output(3)->shape() == Shape({Dim::unknown()}));
    }
    expect_user_error(
        [&] { run("Split", {Tensor::from_vector<float>({5}, {1, 2, 3, 4, 5})}, {{"num_outputs", 4}}, 4); },
        "cannot split a dim of size 5 into 4 pieces of 2");
    auto x = Tensor::from_vector<int64_t>({3}, {1, 2, 3});
    expect_user_error([&] { run("Split", {x, Tensor::from_vector<int64_t>({2}, {1, 1})}, {}, 2); },
                      "split [1, 1] sums to 2 but the dim being split has size 3");
}
