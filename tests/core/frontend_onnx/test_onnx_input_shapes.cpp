// Input shapes (--input-shapes / DataInputConfig, NCHW) applied to an ONNX model's
// graph inputs: filling symbolic and unknown dims, and every way to get them wrong.
#include <doctest/doctest.h>

#include "onnx_test_util.hpp"

using namespace onnx_test;

namespace {
const fs::path& cnn() {
    static const fs::path p = case_dir("tiny_cnn") / "model.onnx";
    return p;
}
}  // namespace

TEST_CASE("a model with a dynamic dim needs input shapes, and says how to give them") {
    std::string msg = user_error([] { load(cnn()); });
    CHECK(contains(msg, "model.onnx"));
    CHECK(contains(msg, "'data' f32[N,3,8,8]"));
    CHECK(contains(msg, "--input-shapes"));
    CHECK(contains(msg, R"("data": [1,3,8,8])"));
}

TEST_CASE("input shapes that contradict the model") {
    std::string msg = user_error([] { load(cnn(), R"({"data": [2, 3, 8]})"); });
    CHECK(contains(msg, "input 'data'"));
    CHECK(contains(msg, "rank 4"));
    msg = user_error([] { load(cnn(), R"({"data": [2, 4, 8, 8]})"); });
    CHECK(contains(msg, "input 'data'"));
    CHECK(contains(msg, "fixes dim 1 to 3"));
    msg = user_error([] { load(cnn(), R"({"image": [1, 3, 8, 8]})"); });
    CHECK(contains(msg, "'image'"));
    CHECK(contains(msg, "not an input of the model"));
    CHECK(contains(msg, "'data' f32[N,3,8,8]"));  // lists the real inputs
    msg = user_error([] { load(cnn(), R"({"conv_w": [4, 3, 3, 3]})"); });
    CHECK(contains(msg, "'conv_w'"));
    CHECK(contains(msg, "initializer"));
    msg = user_error([] { load(cnn(), "[[1, 3, 8, 8], [1, 3, 8, 8]]"); });
    CHECK(contains(msg, "2 shapes"));
    CHECK(contains(msg, "1 input(s)"));
}

TEST_CASE("a symbol given by one input binds it in every input") {
    auto g = load(model_path("two_inputs.onnx"), R"({"a": [2, 4]})");
    REQUIRE(g->inputs().size() == 2);
    CHECK(g->inputs()[1]->name() == "b");
    CHECK(g->inputs()[1]->shape() == neo::Shape{2, 4});
    std::string msg =
        user_error([] { load(model_path("two_inputs.onnx"), R"({"a": [2, 4], "b": [3, 4]})"); });
    CHECK(contains(msg, "input 'b'"));
    CHECK(contains(msg, "'N'"));
    CHECK(contains(msg, "input 'a' sets to 2"));
}

TEST_CASE("an input without a shape takes the given one, and needs one") {
    auto g = load(model_path("no_shape.onnx"), R"({"x": [2, 5]})");
    CHECK(g->inputs()[0]->shape() == neo::Shape{2, 5});
    std::string msg = user_error([] { load(model_path("no_shape.onnx")); });
    CHECK(contains(msg, "'x' f32[*]"));
    CHECK(contains(msg, "--input-shapes"));
}
