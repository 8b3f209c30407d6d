// The ONNX frontend on small real models made with the `onnx` Python package
// (tests/data/frontend_onnx/make_fixtures.py): the plugin itself, recognizing files,
// the tiny CNN end to end, initializers (every dtype and encoding, external data,
// initializers listed as inputs), Constant nodes, and unreadable files.
#include <doctest/doctest.h>

#include <fstream>

#include "neo/core/interp/interpreter.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

TEST_CASE("the ONNX frontend plugin is found and reads the ONNX framework") {
    auto fe = frontend();
    REQUIRE(fe);
    CHECK(fe->frameworks() == std::vector<std::string>{"ONNX"});
}

TEST_CASE("accepts: .onnx files and files that start like a ModelProto") {
    auto fe = frontend();
    const fs::path cnn = case_dir("tiny_cnn") / "model.onnx";
    CHECK(fe->accepts({cnn}));
    // With its external data file next to it, the model is still the one model file.
    CHECK(fe->accepts({case_dir("external_data") / "model.onnx",
                       case_dir("external_data") / "external_data.bin"}));
    // Without the extension, the content decides.
    fs::path tmp = fs::temp_directory_path() / "neo_onnx_accepts";
    fs::create_directories(tmp);
    fs::copy_file(cnn, tmp / "model.bin", fs::copy_options::overwrite_existing);
    CHECK(fe->accepts({tmp / "model.bin"}));
    {
        std::ofstream(tmp / "weights.h5") << "\x89HDF\r\n\x1a\n not a model";
        std::ofstream(tmp / "graph.txt") << "node { name: 'x' }";
    }
    CHECK_FALSE(fe->accepts({tmp / "weights.h5"}));
    CHECK_FALSE(fe->accepts({tmp / "graph.txt"}));
    CHECK_FALSE(fe->accepts({tmp / "does_not_exist.bin"}));
    CHECK_FALSE(fe->accepts({}));
    // Two model files are not one model.
    CHECK_FALSE(fe->accepts({cnn, tmp / "model.bin"}));
    fs::remove_all(tmp);
}

TEST_CASE("tiny CNN: structure, symbolic batch filled by input shapes, numbers") {
    const fs::path file = case_dir("tiny_cnn") / "model.onnx";
    auto g = load(file, R"({"data": [2, 3, 8, 8]})");
    REQUIRE(g->inputs().size() == 1);  // the initializers are constants, not inputs
    const neo::Value* data = g->inputs()[0];
    CHECK(data->name() == "data");
    CHECK(data->dtype() == neo::DType::f32);
    CHECK(data->shape() == neo::Shape{2, 3, 8, 8});
    CHECK(g->constants().size() == 8);
    const neo::Value* w = g->find_value("conv_w");
    REQUIRE(w);
    CHECK(w->is_constant());
    CHECK(w->constant().shape() == std::vector<int64_t>{4, 3, 3, 3});
    REQUIRE(g->outputs().size() == 1);
    CHECK(g->outputs()[0]->name() == "prob");
    // One neo node per ONNX node, named like it, same ops.
    std::vector<std::string> ops;
    for (const neo::Node* n : g->topological_order()) ops.push_back(n->name() + ":" + n->op());
    CHECK(ops == std::vector<std::string>{"conv1:Conv", "bn1:BatchNormalization",
                                          "relu1:Relu", "pool1:MaxPool", "flatten1:Flatten",
                                          "fc1:Gemm", "softmax1:Softmax"});
    const neo::Node* conv = g->find_node("conv1");
    REQUIRE(conv);
    CHECK(conv->attr("kernel_shape").ints() == std::vector<int64_t>{3, 3});
    CHECK(conv->attr("pads").ints() == std::vector<int64_t>{1, 1, 1, 1});

    auto inputs = read_npys(case_dir("tiny_cnn"), "input");
    auto expected = read_npys(case_dir("tiny_cnn"), "output");
    auto got = neo::Interpreter(*g).run(inputs);
    REQUIRE(got.size() == 1);
    CHECK(compare(got[0], expected[0]) == "");

    // The list form gives the same shapes by position.
    auto g2 = load(file, "[[2, 3, 8, 8]]");
    CHECK(g2->inputs()[0]->shape() == neo::Shape{2, 3, 8, 8});
}

TEST_CASE("an initializer that is also a graph input is a constant") {
    auto g = load(case_dir("init_as_input") / "model.onnx");
    REQUIRE(g->inputs().size() == 1);
    CHECK(g->inputs()[0]->name() == "x");
    const neo::Value* w = g->find_value("w");
    REQUIRE(w);
    CHECK(w->is_constant());
    CHECK_FALSE(w->is_graph_input());
    // It cannot be given a shape: it is not an input neo takes.
    std::string msg = user_error([&] {
        load(case_dir("init_as_input") / "model.onnx", R"({"w": [3]})");
    });
    CHECK(contains(msg, "'w'"));
    CHECK(contains(msg, "initializer"));
}

TEST_CASE("initializers of every dtype, from raw_data and from the typed fields") {
    auto g = load(model_path("dtypes.onnx"));
    CHECK(g->inputs().empty());
    for (const char* kind : {"f32", "f64", "f16", "bf16", "i8", "u8", "i16", "i32", "i64", "bool"}) {
        for (const char* enc : {"_raw", "_typed"}) {
            const std::string name = std::string(kind) + enc;
            INFO("initializer " << name);
            const neo::Value* v = g->find_value(name);
            REQUIRE(v);
            REQUIRE(v->is_constant());
            const neo::Tensor& t = v->constant();
            CHECK(t.dtype() == *neo::parse_dtype(kind));
            CHECK(t.shape() == std::vector<int64_t>{2, 3});
            for (int64_t i = 0; i < 6; ++i)
                CHECK(t.at_double(i) == (std::string(kind) == "bool" ? i % 2 : i));
        }
    }
    const neo::Tensor& s = g->find_value("str_typed")->constant();
    CHECK(s.dtype() == neo::DType::string);
    CHECK(s == neo::Tensor::from_vector<std::string>({3}, {"a", "bc", ""}));
    const neo::Tensor& scalar = g->find_value("scalar_raw")->constant();
    CHECK(scalar.rank() == 0);
    CHECK(scalar.at_double(0) == 3.5);
    CHECK(g->find_value("empty_raw")->constant().shape() == std::vector<int64_t>{0, 3});
    // Every initializer is a graph output, in order.
    CHECK(g->outputs().size() == 23);
}

TEST_CASE("initializers of the storage-only dtypes: packed 4- and 2-bit values, float8 bits") {
    auto g = load(model_path("small_dtypes.onnx"));
    const std::vector<std::pair<const char*, std::vector<double>>> kinds = {
        {"i4", {-8, -1, 0, 7, 3}},
        {"u4", {15, 0, 9, 1, 6}},
        {"i2", {-2, 1, -1, 0, 1}},
        {"u2", {3, 0, 2, 1, 3}},
        {"f4e2m1", {-6.0, 0.5, 1.5, 3.0, -0.0}},
        {"f8e4m3fn", {448.0, -0.0625, 1.0, -2.5, 0.001953125}},
        {"f8e5m2", {57344.0, -1.5, 1024.0, 0.25, -3.0}},
    };
    for (const auto& [kind, want] : kinds) {
        for (const char* enc : {"_raw", "_typed"}) {
            const std::string name = std::string(kind) + enc;
            INFO("initializer " << name);
            const neo::Value* v = g->find_value(name);
            REQUIRE(v);
            const neo::Tensor& t = v->constant();
            CHECK(t.dtype() == *neo::parse_dtype(kind));
            CHECK(t.shape() == std::vector<int64_t>{5});
            for (int64_t i = 0; i < 5; ++i) CHECK(t.at_double(i) == want[static_cast<std::size_t>(i)]);
        }
    }
    // The sign of -0 survives in float4 (its bits are 0b1000).
    CHECK(g->find_value("f4e2m1_raw")->constant().array<neo::float4e2m1>()(4).bits == 0x8);
}

TEST_CASE("external data is read relative to the model's directory") {
    auto g = load(case_dir("external_data") / "model.onnx");
    const neo::Value* w = g->find_value("W");
    REQUIRE(w);
    CHECK(w->constant().shape() == std::vector<int64_t>{4, 3});
    auto got = neo::Interpreter(*g).run(read_npys(case_dir("external_data"), "input"));
    CHECK(compare(got[0], read_npys(case_dir("external_data"), "output")[0]) == "");

    std::string msg = user_error([] { load(model_path("external_missing.onnx")); });
    CHECK(contains(msg, "external_missing.onnx"));
    CHECK(contains(msg, "initializer 'W'"));
    CHECK(contains(msg, "missing_weights.bin"));
}

TEST_CASE("Constant nodes become constants of every value kind") {
    auto g = load(case_dir("constant_kinds") / "model.onnx");
    for (const char* name : {"c_tensor", "c_float", "c_floats", "c_int", "c_ints"}) {
        INFO(name);
        const neo::Value* v = g->find_value(name);
        REQUIRE(v);
        CHECK(v->is_constant());
    }
    CHECK(g->find_value("c_float")->constant() == neo::Tensor::from_vector<float>({}, {2.5f}));
    CHECK(g->find_value("c_ints")->constant() ==
          neo::Tensor::from_vector<int64_t>({3}, {3, 4, 5}));
    CHECK(g->num_nodes() == 1);  // only the Add
}

TEST_CASE("unreadable, corrupt and non-ONNX files name the file") {
    std::string msg = user_error([] { load(model_path("truncated.onnx")); });
    CHECK(contains(msg, "truncated.onnx"));
    CHECK(contains(msg, "not a valid ONNX model"));
    msg = user_error([] { load(model_path("garbage.onnx")); });
    CHECK(contains(msg, "garbage.onnx"));
    CHECK(contains(msg, "not a valid ONNX model"));
    msg = user_error([] { load(model_path("no_such_model.onnx")); });
    CHECK(contains(msg, "no_such_model.onnx"));
    CHECK(contains(msg, "no such file"));
    msg = user_error([] { frontend()->load({}, {}); });
    CHECK(contains(msg, "model file"));
}

TEST_CASE("calls of model-local functions are inlined") {
    auto g = load(model_path("function_inline.onnx"));
    // Body nodes are named after the call; the call's outputs keep their names.
    CHECK(g->find_node("f1/Relu"));
    CHECK(g->find_node("f2/Mul"));
    CHECK(g->outputs()[0]->name() == "y1");
    CHECK(g->outputs()[1]->name() == "y2");
    // alpha: given by the call (f1), the function's default (f2).
    const neo::Value* a1 = g->find_node("f1/Mul")->input(1);
    const neo::Value* a2 = g->find_node("f2/Mul")->input(1);
    REQUIRE(a1->is_constant());
    REQUIRE(a2->is_constant());
    CHECK(a1->constant().at_double(0) == 2.0);
    CHECK(a2->constant().at_double(0) == 0.5);
}
