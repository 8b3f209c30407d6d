// Older opsets are normalized to the newest semantics: the same computation written at
// opset 9 (axes, pads, bounds and splits as attributes) and at opset 18 (as inputs)
// loads into the same graph, compared in the IR text format ignoring names.
#include <doctest/doctest.h>

#include "neo/core/ir/text_format.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

TEST_CASE("opset 9 attributes and opset 18 inputs give the same graph") {
    auto old_g = load(model_path("normalize_opset9.onnx"));
    auto new_g = load(model_path("normalize_opset18.onnx"));
    std::string diff;
    bool same = neo::graphs_equal(*old_g, *new_g, &diff, neo::PrintOptions::structural());
    INFO("opset 9 (-) vs opset 18 (+):\n" << diff);
    CHECK(same);
    // The ONNX node and value names are kept.
    CHECK(old_g->find_value("e"));
    CHECK(old_g->outputs()[0]->name() == "g");
}
