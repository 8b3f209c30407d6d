// DataInputConfig: the dict and list forms the service documents per framework, and the
// message of every refusal.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;
using doctest::Contains;
using Dims = std::vector<int64_t>;

TEST_CASE("dict form: names and shapes in the order given") {
    InputShapes s = InputShapes::parse(R"({"data": [1, 3, 224, 224]})");
    REQUIRE(s.inputs.size() == 1);
    CHECK_FALSE(s.positional);
    CHECK(s.inputs[0].name == "data");
    CHECK(s.inputs[0].dims == Dims{1, 3, 224, 224});
    REQUIRE(s.find("data") != nullptr);
    CHECK(s.find("data")->dims == Dims{1, 3, 224, 224});
    CHECK(s.find("label") == nullptr);

    InputShapes two = InputShapes::parse(R"({"var2": [1, 1, 28, 28], "var1": [1, 1, 14, 14]})");
    REQUIRE(two.inputs.size() == 2);
    CHECK(two.inputs[0].name == "var2");  // the given order, not sorted
    CHECK(two.inputs[1].name == "var1");
    CHECK(two.find("var1")->dims == Dims{1, 1, 14, 14});
}

TEST_CASE("the service's examples for each framework parse") {
    // TensorFlow / TFLite (NHWC), Keras / MXNet / ONNX / PyTorch (NCHW), single-quoted.
    CHECK(InputShapes::parse("{'input':[1,1024,1024,3]}").inputs[0].dims == Dims{1, 1024, 1024, 3});
    CHECK(InputShapes::parse("{'data1': [1,28,28,1], 'data2':[1,28,28,1]}").inputs.size() == 2);
    CHECK(InputShapes::parse("{'input_1': [1,3,224,224], 'input_2':[1,3,224,224]}").inputs[1].name ==
          "input_2");
    CHECK(InputShapes::parse("{'data':[1,3,1024,1024]}").inputs[0].dims == Dims{1, 3, 1024, 1024});
    CHECK(InputShapes::parse("{'input0':[1,3,224,224], 'input1':[1,3,224,224]}").inputs.size() == 2);
    CHECK(InputShapes::parse("{'input':[1,224,224,3]}").inputs[0].dims == Dims{1, 224, 224, 3});

    InputShapes list = InputShapes::parse("[[1,3,224,224], [1,3,112,112]]");
    CHECK(list.positional);
    REQUIRE(list.inputs.size() == 2);
    CHECK_FALSE(list.inputs[0].name.has_value());
    CHECK(list.inputs[1].dims == Dims{1, 3, 112, 112});
    CHECK(list.find("input0") == nullptr);
    CHECK(InputShapes::parse("[[1,3,224,224]]").inputs.size() == 1);
}

TEST_CASE("to_string gives the canonical form back") {
    CHECK(InputShapes::parse("{'b': [1, 2], 'a': [3]}").to_string() == R"({"b":[1,2],"a":[3]})");
    CHECK(InputShapes::parse("[[1, 2], [3]]").to_string() == "[[1,2],[3]]");
}

TEST_CASE("empty input shapes are refused") {
    CHECK_THROWS_WITH_AS(InputShapes::parse(""), Contains("input shapes are empty; give them as a dict"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("  "), Contains("input shapes are empty"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("{}"), Contains("input shapes {} name no input"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("[]"), Contains("input shapes [] give no shape"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": []})"),
                         Contains("input 'data' has an empty shape []"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"": [1]})"), Contains("an input shape has an empty name"),
                         UserError);
}

TEST_CASE("dimensions must be positive integers") {
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [1, 3, 0, 224]})"),
                         Contains("dimension 2 of input 'data' [1,3,0,224] is 0; every dimension must be "
                                  "a positive integer"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [-1, 3, 224, 224]})"),
                         Contains("dimension 0 of input 'data' [-1,3,224,224] is -1; every dimension must be "
                                  "a positive integer: neo compiles for one static shape"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [null, 3]})"),
                         Contains("dimension 0 of input 'data' [null,3] is null"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [1, 3.5]})"),
                         Contains("dimension 1 of input 'data' [1,3.5] is 3.5, not an integer"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [1, "3"]})"),
                         Contains("dimension 1 of input 'data' [1,\"3\"] is \"3\", not an integer"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"([[1, 3], [1, -3]])"),
                         Contains("dimension 1 of input #1 [1,-3] is -3"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [1, 3000000000]})"),
                         Contains("is 3000000000, larger than 2147483647"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [65536, 65536, 65536, 65536]})"),
                         Contains("has too many elements"), UserError);
}

TEST_CASE("wrong nesting is explained") {
    CHECK_THROWS_WITH_AS(InputShapes::parse("[1,3,224,224]"),
                         Contains("input shapes [1,3,224,224] is a single shape; the list form is a list of "
                                  "shapes: [[1,3,224,224]]"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [[1, 3, 224, 224]]})"),
                         Contains("input 'data' must be a flat list of integers such as [1,3,224,224], not "
                                  "the nested list [[1,3,224,224]]"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("[[[1, 3]]]"), Contains("input #0 must be a flat list"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": 224})"),
                         Contains("input 'data' must have a shape: a list of integers such as [1,3,224,224], "
                                  "not 224"),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"([[1, 3], "data"])"),
                         Contains("input #1 must have a shape"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("224"),
                         Contains("input shapes must be a dict or a list, not 224"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"("data")"), Contains("must be a dict or a list"), UserError);
}

TEST_CASE("bad JSON and repeated names are refused") {
    CHECK_THROWS_WITH_AS(InputShapes::parse("{'data': [1,3,224,224}"),
                         Contains("input shapes: not valid JSON (at character"), UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse("{data: [1]}"), Contains("expected for example {\"data\""),
                         UserError);
    CHECK_THROWS_WITH_AS(InputShapes::parse(R"({"data": [1], "data": [2]})"),
                         Contains("input shapes: the key 'data' is given more than once"), UserError);
}
