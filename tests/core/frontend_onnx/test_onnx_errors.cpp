// Errors of the ONNX frontend (DESIGN §4, §7): every unsupported op of a model in ONE
// message (op type, domain, opset, all node names, subgraphs included), and bad models
// named by file, node, op and attribute.
#include <doctest/doctest.h>

#include "neo/core/ops/registry.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

TEST_CASE("all unsupported ops are listed at once, with domain, opset and node names") {
    std::string msg = user_error([] { load(model_path("unknown_ops.onnx")); });
    INFO(msg);
    CHECK(contains(msg, "unknown_ops.onnx"));
    // FooOp (custom domain): both nodes of the main graph and the one in the If branch.
    CHECK(contains(msg, "FooOp (domain 'com.example', opset 1): nodes 'foo1', 'foo2', "
                        "'foo_in_branch'"));
    // BarOp and the unnamed BazOp (default domain), named by their output.
    CHECK(contains(msg, "BarOp (domain 'ai.onnx', opset 18): node 'bar1'"));
    CHECK(contains(msg, "BazOp (domain 'ai.onnx', opset 18): node (unnamed, output 'baz_out')"));
    // An op neo translates only at other opsets says which.
    CHECK(contains(msg, "TreeEnsemble (domain 'ai.onnx.ml', opset 3): node 'te3'"));
    CHECK(contains(msg, "neo translates it at opset 5+"));
    // Ops that are supported are not listed.
    CHECK_FALSE(contains(msg, "'r1'"));
    CHECK(contains(msg, "Replace these operators"));
}

TEST_CASE("an attribute of the wrong kind names the node, the op and the attribute") {
    std::string msg = user_error([] { load(model_path("bad_attr.onnx")); });
    CHECK(contains(msg, "bad_attr.onnx"));
    CHECK(contains(msg, "node 'sq' (Squeeze, opset 11)"));
    CHECK(contains(msg, "attribute 'axes' must be a list of ints, not float"));
}

TEST_CASE("an op kept as it is gets its attributes checked against neo's schema") {
    std::string msg = user_error([] { load(model_path("bad_attr_conv.onnx")); });
    CHECK(contains(msg, "bad_attr_conv.onnx"));
    CHECK(contains(msg, "node 'conv_bad' (Conv)"));
    CHECK(contains(msg, "attribute 'kernel_shape'"));
}

TEST_CASE("a sparse Constant is refused clearly") {
    std::string msg = user_error([] { load(model_path("sparse_constant.onnx")); });
    CHECK(contains(msg, "node 'sc' (Constant, opset 13)"));
    CHECK(contains(msg, "attribute 'sparse_value' holds a sparse tensor"));
}

TEST_CASE("inputs of a dtype neo lacks, undefined values, unimported domains") {
    std::string msg = user_error([] { load(model_path("complex_input.onnx")); });
    CHECK(contains(msg, "graph input 'x' has element type COMPLEX64"));
    msg = user_error([] { load(model_path("undefined_input.onnx")); });
    CHECK(contains(msg, "node 'relu' (Relu, opset 13): input 'ghost' is not defined"));
    msg = user_error([] { load(model_path("not_imported.onnx")); });
    CHECK(contains(msg, "node 'thing' (com.other.Thing)"));
    CHECK(contains(msg, "domain 'com.other' is not imported"));
}
