// Relu Sigmoid LeakyRelu Elu Selu Celu HardSigmoid HardSwish Softplus Softsign Mish Gelu
// ThresholdedRelu PRelu Clip.
#include <cmath>

#include "ew_test_util.hpp"

using namespace neo;
using namespace neo::ew_test;

TEST_CASE("activations: NumPy fixtures") {
    CHECK(run_fixture_group("activations") > 45);
}

TEST_CASE("activations: attribute defaults come from the schema") {
    const OpSchema& s = schema("LeakyRelu");
    REQUIRE(s.find_attr("alpha") != nullptr);
    CHECK(s.find_attr("alpha")->default_value->f() == doctest::Approx(0.01));
    CHECK(schema("Selu").find_attr("gamma")->default_value->f() == doctest::Approx(1.0507009873554805));
    CHECK(schema("HardSigmoid").find_attr("beta")->default_value->f() == doctest::Approx(0.5));
    CHECK(schema("Gelu").find_attr("approximate")->default_value->s() == "none");
    // The default is applied when the node leaves the attribute out.
    Tensor y = run("LeakyRelu", {tensor<float>({2}, {-2.0f, 3.0f})});
    NEO_CHECK_CLOSE(y, tensor<float>({2}, {-0.02f, 3.0f}), 1e-6, 0);
}

TEST_CASE("activations: bad attributes") {
    Tensor x = tensor<float>({1}, {1.0f});
    CHECK(user_error([&] { run("Gelu", {x}, {{"approximate", "fast"}}); }) ==
          "node 'n' (Gelu): attribute 'approximate' must be \"none\" or \"tanh\", got \"fast\"");
    CHECK(user_error([&] { run("Celu", {x}, {{"alpha", 0.0}}); }) ==
          "node 'n' (Celu): attribute 'alpha' must not be 0");
    CHECK(user_error([&] { run("LeakyRelu", {x}, {{"beta", 1.0}}); }) ==
          "node 'n' (LeakyRelu): unknown attribute 'beta' (LeakyRelu has alpha)");
    CHECK(user_error([&] { run("LeakyRelu", {x}, {{"alpha", "big"}}); }) ==
          "node 'n' (LeakyRelu): attribute 'alpha' must be float, got string");
    // An int attribute value is accepted for a float attribute (1 for 1.0).
    NEO_CHECK_CLOSE(run("Elu", {tensor<float>({1}, {-1.0f})}, {{"alpha", 2}}),
                    tensor<float>({1}, {2.0f * std::expm1(-1.0f)}), 1e-6, 0);
}

TEST_CASE("activations: PRelu broadcasts the slope to X only") {
    OneNode a;
    Value* y = infer(a, "PRelu", {TypedInput{DType::f32, Shape({Dim::symbol("N"), 3, 4, 4})},
                                  TypedInput{DType::f32, Shape{3, 1, 1}}});
    CHECK(y->shape() == Shape({Dim::symbol("N"), 3, 4, 4}));
    OneNode b;
    CHECK(user_error([&] {
              infer(b, "PRelu", {TypedInput{DType::f32, Shape{2, 1}}, TypedInput{DType::f32, Shape{3}}});
          }) == "node 'n' (PRelu): input 1 of shape [3] does not broadcast to the shape [2,1] of input 0");
    OneNode c;
    CHECK(user_error([&] {
              infer(c, "PRelu", {TypedInput{DType::f32, Shape{3}}, TypedInput{DType::f32, Shape{2, 3}}});
          }) == "node 'n' (PRelu): input 1 of shape [2,3] does not broadcast to the shape [3] of input 0");
}

TEST_CASE("activations: Clip bounds") {
    OneNode a;
    Value* y = infer(a, "Clip", {TypedInput{DType::f32, Shape({Dim::unknown(), 2})}, std::nullopt,
                                 TypedInput{DType::f32, Shape{}}});
    CHECK(y->shape() == Shape({Dim::unknown(), 2}));
    OneNode b;
    CHECK(user_error([&] {
              infer(b, "Clip", {TypedInput{DType::f32, Shape{3}}, TypedInput{DType::f32, Shape{2}}});
          }) == "node 'n' (Clip): min (input 1) must be a scalar, got shape [2]");
    OneNode c;
    CHECK(user_error([&] {
              infer(c, "Clip", {TypedInput{DType::f32, Shape{3}}, TypedInput{DType::f64, Shape{}}});
          }) == "node 'n' (Clip): inputs 0 and 1 must have the same dtype, got f32 and f64");
    Tensor x = tensor<float>({4}, {-5.0f, std::nanf(""), 0.5f, 9.0f});
    Tensor r = run("Clip", {x, tensor<float>({}, {-1.0f}), tensor<float>({}, {1.0f})});
    CHECK(r.array<float>()(0) == -1.0f);
    CHECK(std::isnan(r.array<float>()(1)));
    CHECK(r.array<float>()(3) == 1.0f);
    CHECK(run("Clip", {tensor<uint8_t>({3}, {0, 100, 255}), std::nullopt, tensor<uint8_t>({}, {99})}) ==
          tensor<uint8_t>({3}, {0, 99, 99}));
}

TEST_CASE("activations: f16 and bf16, and integer Relu") {
    Tensor x = tensor<float>({4}, {-2.0f, -0.5f, 0.0f, 3.0f});
    for (DType t : {DType::f16, DType::bf16}) {
        NEO_CHECK_CLOSE(run("Relu", {x.cast(t)}).cast(DType::f32), tensor<float>({4}, {0, 0, 0, 3}), 0, 0);
        Tensor s = run("Sigmoid", {x.cast(t)});
        CHECK(s.dtype() == t);
        NEO_CHECK_CLOSE(s.cast(DType::f32),
                        tensor<float>({4}, {0.11920292f, 0.37754067f, 0.5f, 0.95257413f}), 1e-2, 0);
    }
    CHECK(run("Relu", {tensor<int8_t>({3}, {-128, 0, 127})}) == tensor<int8_t>({3}, {0, 0, 127}));
    OneNode o;
    CHECK(user_error([&] { infer(o, "Relu", {TypedInput{DType::u8, Shape{2}}}); }).find(
              "input 0 has dtype u8, which Relu does not support") != std::string::npos);
}
