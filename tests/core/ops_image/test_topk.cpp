// TopK (core/src/ops/image/topk.cpp): inference, attribute / input checks, hand-computed
// values (ties, integer dtypes, f16) and the NumPy fixtures (stable argsort).
#include "image_test_util.hpp"

using namespace image_test;

namespace {
Tensor k_of(int64_t k) { return Tensor::from_vector<int64_t>({1}, {k}); }
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
In k_input() { return In::of(DType::i64, Shape{1}); }
}  // namespace

TEST_CASE("TopK: NumPy fixtures") { run_fixture_cases("TopK"); }

TEST_CASE("TopK: hand-computed, ties keep the lower index first") {
    Tensor x = Tensor::from_vector<float>({2, 4}, {1, 3, 3, 2, 5, 5, 5, 0});
    Tensor k = k_of(2);
    auto y = run("TopK", {&x, &k}, {}, 2);
    check_close(y[0], Tensor::from_vector<float>({2, 2}, {3, 3, 5, 5}), 0, 0);
    check_close(y[1], Tensor::from_vector<int64_t>({2, 2}, {1, 2, 0, 1}), 0, 0);
    y = run("TopK", {&x, &k}, {{"largest", int64_t{0}}}, 2);
    check_close(y[0], Tensor::from_vector<float>({2, 2}, {1, 2, 0, 5}), 0, 0);
    check_close(y[1], Tensor::from_vector<int64_t>({2, 2}, {0, 3, 3, 0}), 0, 0);
    // axis 0, k = 1
    Tensor k1 = k_of(1);
    y = run("TopK", {&x, &k1}, {{"axis", int64_t{0}}}, 2, true);
    check_close(y[0], Tensor::from_vector<float>({1, 4}, {5, 5, 5, 2}), 0, 0);
    check_close(y[1], Tensor::from_vector<int64_t>({1, 4}, {1, 1, 1, 0}), 0, 0);
    // k = 0: empty outputs
    Tensor k0 = k_of(0);
    y = run("TopK", {&x, &k0}, {}, 2, true);
    CHECK(y[0].shape() == std::vector<int64_t>{2, 0});
}

TEST_CASE("TopK: integer and half dtypes") {
    Tensor x = Tensor::from_vector<int64_t>({5}, {int64_t{1} << 60, (int64_t{1} << 60) + 1, -7,
                                                  3, 3});
    Tensor k = k_of(3);
    auto y = run("TopK", {&x, &k}, {}, 2);
    CHECK(y[0].dtype() == DType::i64);
    // Exact int64 comparison (these two differ only beyond double precision).
    CHECK(y[1].to_int_vector() == std::vector<int64_t>{1, 0, 3});
    Tensor u = Tensor::from_vector<uint8_t>({4}, {200, 7, 255, 7});
    y = run("TopK", {&u, &k}, {{"largest", int64_t{0}}}, 2);
    CHECK(y[0].to_int_vector() == std::vector<int64_t>{7, 7, 200});
    CHECK(y[1].to_int_vector() == std::vector<int64_t>{1, 3, 0});
    Tensor h = Tensor::from_vector<float>({4}, {0.5f, -1.f, 2.f, 0.25f}).cast(DType::f16);
    y = run("TopK", {&h, &k}, {}, 2);
    CHECK(y[0].dtype() == DType::f16);
    check_close(y[0], Tensor::from_vector<float>({3}, {2.f, 0.5f, 0.25f}), 0, 0);
    CHECK(y[1].to_int_vector() == std::vector<int64_t>{2, 0, 3});
}

TEST_CASE("TopK: inference") {
    // K unknown: the axis dim is unknown; defaults axis -1.
    Shape s = infer_shape("TopK", {f32(Shape(std::vector<Dim>{2, Dim::symbol("N"), 7})), k_input()}, {}, 2, 0);
    CHECK(s == Shape({Dim(2), Dim::symbol("N"), Dim::unknown()}));
    CHECK(infer_shape("TopK", {f32({2, 3, 7}), k_input()}, {}, 2, 1) ==
          Shape({Dim(2), Dim(3), Dim::unknown()}));
    // K constant.
    CHECK(infer_shape("TopK", {f32({2, 3, 7}), In::constant_of(k_of(4))}, {}, 2, 0) ==
          Shape({2, 3, 4}));
    CHECK(infer_shape("TopK", {f32(Shape(std::vector<Dim>{2, Dim::unknown(), 7})), In::constant_of(k_of(4))},
                      {{"axis", int64_t{1}}}, 2, 1) == Shape({2, 4, 7}));
    CHECK(infer_shape("TopK", {In::of(DType::f32, Shape::unranked()), k_input()}, {}, 2) ==
          Shape::unranked());
    OneNode n("TopK", {In::of(DType::i32, Shape{3}), k_input()}, {}, 2);
    n.infer();
    CHECK(n.node->output(0)->dtype() == DType::i32);
    CHECK(n.node->output(1)->dtype() == DType::i64);
}

TEST_CASE("TopK: errors") {
    CHECK(contains(infer_error("TopK", {f32({2, 3}), k_input()}, {{"axis", int64_t{2}}}, 2),
                   "attribute 'axis' 2 is out of range for rank 2"));
    CHECK(contains(infer_error("TopK", {f32({2, 3}), In::constant_of(k_of(4))}, {}, 2),
                   "K 4 is larger than the axis size 3"));
    CHECK(contains(infer_error("TopK", {f32({2, 3}), In::constant_of(k_of(-1))}, {}, 2),
                   "K must be non-negative, got -1"));
    CHECK(contains(infer_error("TopK", {f32({2, 3}), In::of(DType::f32, Shape{1})}, {}, 2),
                   "input K must be an integer tensor"));
    CHECK(contains(infer_error("TopK", {In::of(DType::boolean, Shape{3}), k_input()}, {}, 2),
                   "input X has dtype bool"));
    CHECK(contains(infer_error("TopK", {f32({3}), k_input()}, {{"largest", int64_t{2}}}, 2),
                   "attribute 'largest' must be 0 or 1, got 2"));
    CHECK(contains(infer_error("TopK", {f32({}), k_input()}, {}, 2),
                   "input X must have rank >= 1"));
    Tensor x = Tensor::from_vector<float>({3}, {1, 2, 3});
    Tensor k = k_of(5);
    CHECK(contains(compute_error("TopK", {&x, &k}, {}, 2), "K 5 is larger than the axis size 3"));
    Tensor k2 = Tensor::from_vector<int64_t>({2}, {1, 2});
    CHECK(contains(compute_error("TopK", {&x, &k2}, {}, 2),
                   "input K must hold exactly one value"));
}
