// Constant, ConstantOfShape, Range (core/src/ops/tensor/constant.cpp).
#include "tensor_test_util.hpp"

using namespace neo;
using namespace neo::tensor_test;

TEST_CASE("Constant: each value attribute") {
    auto t = std::make_shared<Tensor>(Tensor::from_vector<int32_t>({2, 2}, {1, 2, 3, 4}));
    check_same(run1("Constant", {}, {{"value", TensorPtr(t)}}), *t);
    check_same(run1("Constant", {}, {{"value_float", 2.5}}), Tensor::from_vector<float>({}, {2.5f}));
    check_same(run1("Constant", {}, {{"value_floats", std::vector<double>{1.0, -0.5}}}),
               Tensor::from_vector<float>({2}, {1.0f, -0.5f}));
    check_same(run1("Constant", {}, {{"value_int", 7}}), Tensor::from_vector<int64_t>({}, {7}));
    check_same(run1("Constant", {}, {{"value_ints", std::vector<int64_t>{3, -1}}}),
               Tensor::from_vector<int64_t>({2}, {3, -1}));
    check_same(run1("Constant", {}, {{"value_string", "hi"}}),
               Tensor::from_vector<std::string>({}, {"hi"}));
    check_same(run1("Constant", {}, {{"value_strings", std::vector<std::string>{"a", "b"}}}),
               Tensor::from_vector<std::string>({2}, {"a", "b"}));
    // An int given where a float is declared is accepted.
    check_same(run1("Constant", {}, {{"value_float", 3}}), Tensor::from_vector<float>({}, {3.0f}));
    check_same(run1("Constant", {}, {{"value_floats", std::vector<int64_t>{}}}),
               Tensor::zeros(DType::f32, {0}));
}

TEST_CASE("Constant: inference and errors") {
    Graph g;
    Node* n = infer(g, "Constant", {}, {{"value_ints", std::vector<int64_t>{1, 2, 3}}});
    CHECK(n->output(0)->dtype() == DType::i64);
    CHECK(n->output(0)->shape() == Shape({3}));
    expect_user_error([&] { inferred_shape("Constant", {}); },
                      "exactly one of the attributes value, value_float, value_floats, "
                      "value_int, value_ints, value_string, value_strings must be set, got none");
    expect_user_error(
        [&] { inferred_shape("Constant", {}, {{"value_int", 1}, {"value_float", 1.0}}); },
        "must be set, got 2 (value_float, value_int)");
    expect_user_error(
        [&] { inferred_shape("Constant", {In::of(DType::f32, {1})}, {{"value_int", 1}}); },
        "has 1 inputs, Constant takes 0");
}

TEST_CASE("ConstantOfShape: values") {
    auto shape = Tensor::from_vector<int64_t>({2}, {2, 3});
    check_same(run1("ConstantOfShape", {shape}, {}, {0}), Tensor::zeros(DType::f32, {2, 3}));
    auto v = std::make_shared<Tensor>(Tensor::from_vector<int32_t>({1}, {-4}));
    check_same(run1("ConstantOfShape", {shape}, {{"value", TensorPtr(v)}}, {0}),
               Tensor::from_vector<int32_t>({2, 3}, {-4, -4, -4, -4, -4, -4}));
    auto vb = std::make_shared<Tensor>(Tensor::from_vector<bool>({1}, {true}));
    check_same(run1("ConstantOfShape", {Tensor::from_vector<int64_t>({1}, {2})},
                    {{"value", TensorPtr(vb)}}, {0}),
               Tensor::from_vector<bool>({2}, {true, true}));
    // An empty shape gives a scalar; a zero dim an empty tensor.
    check_same(run1("ConstantOfShape", {Tensor::zeros(DType::i64, {0})}, {{"value", TensorPtr(v)}}, {0}),
               Tensor::from_vector<int32_t>({}, {-4}));
    check_same(run1("ConstantOfShape", {Tensor::from_vector<int64_t>({2}, {0, 5})}, {}, {0}),
               Tensor::zeros(DType::f32, {0, 5}));
}

TEST_CASE("ConstantOfShape: inference and errors") {
    CHECK(inferred_shape("ConstantOfShape", {In::of(DType::i64, {3})}) ==
          Shape({Dim(), Dim(), Dim()}));
    CHECK(inferred_shape("ConstantOfShape", {In::of(DType::i64, Shape({Dim::symbol("R")}))}) ==
          Shape::unranked());
    expect_user_error([&] { inferred_shape("ConstantOfShape", {ints_const({2, -3})}); },
                      "the shape input [2, -3] has a negative dim");
    auto two = std::make_shared<Tensor>(Tensor::from_vector<float>({2}, {1, 2}));
    expect_user_error(
        [&] { inferred_shape("ConstantOfShape", {ints_const({2})}, {{"value", TensorPtr(two)}}); },
        "attribute 'value' must be a one-element tensor, got 2 elements");
    expect_user_error([&] { inferred_shape("ConstantOfShape", {In::of(DType::f32, {2})}); },
                      "the shape input must be an integer tensor, got f32");
}

TEST_CASE("Range: NumPy fixtures") { CHECK(run_fixture_cases("Range") == 6); }

TEST_CASE("Range: by hand, inference and errors") {
    auto i = [](int32_t v) { return Tensor::from_vector<int32_t>({}, {v}); };
    check_same(run1("Range", {i(5), i(0), i(-2)}, {}, {0, 1, 2}), Tensor::from_vector<int32_t>({3}, {5, 3, 1}));
    check_same(run1("Range", {i(0), i(5), i(-1)}, {}, {0, 1, 2}), Tensor::zeros(DType::i32, {0}));
    CHECK(inferred_shape("Range", {In::of(DType::f32, {}), In::of(DType::f32, {}),
                                   In::of(DType::f32, {})}) == Shape({Dim()}));
    CHECK(inferred_shape("Range", {In::constant_of(i(1)), In::constant_of(i(10)),
                                   In::constant_of(i(3))}) == Shape({3}));
    expect_user_error([&] { run1("Range", {i(0), i(5), i(0)}); }, "delta must not be 0");
    // f16 / bf16: the count and the values computed in double, then rounded.
    auto h = [](float v) { return Tensor::from_vector<float>({}, {v}).cast(DType::f16); };
    check_same(run1("Range", {h(1), h(2), h(0.25f)}, {}, {0, 1, 2}),
               Tensor::from_vector<float>({4}, {1, 1.25f, 1.5f, 1.75f}).cast(DType::f16));
    auto b = [](float v) { return Tensor::from_vector<float>({}, {v}).cast(DType::bf16); };
    check_same(run1("Range", {b(3), b(0), b(-1)}, {}, {0, 1, 2}), Tensor::from_vector<float>({3}, {3, 2, 1}).cast(DType::bf16));
    expect_user_error(
        [&] {
            inferred_shape("Range", {In::of(DType::f32, {}), In::of(DType::i32, {}),
                                     In::of(DType::f32, {})});
        },
        "start, limit and delta must have the same dtype, got f32 and i32");
    expect_user_error(
        [&] {
            inferred_shape("Range", {In::of(DType::u8, {}), In::of(DType::u8, {}),
                                     In::of(DType::u8, {})});
        },
        "Range does not support dtype u8 (f32, f64, f16, bf16, i16, i32, i64)");
    expect_user_error(
        [&] {
            inferred_shape("Range", {In::of(DType::f32, {2}), In::of(DType::f32, {}),
                                     In::of(DType::f32, {})});
        },
        "start, limit and delta must be scalars, got shape [2]");
}
