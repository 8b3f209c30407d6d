#pragma once
// Building the neo Graph of an ONNX model: graph inputs (with the user's input shapes),
// initializers as constants, every node through its op translator, subgraphs with their
// captured values made explicit (scope.hpp), and the outputs.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include <onnx/onnx_pb.h>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo::onnxfe {

struct ModelInfo {
    std::filesystem::path model_dir;            // external data is relative to it
    std::map<std::string, int64_t> opsets;      // imported domains ("" = ai.onnx) -> version
    // Model-local functions by (domain, name); nullptr when the name is overloaded.
    std::map<std::pair<std::string, std::string>, const onnx::FunctionProto*> functions;
    const OpRegistry* registry = &OpRegistry::global();
};

// Normalizes a domain name: "ai.onnx" -> "".
std::string normalize_domain(const std::string& domain);

// Builds the model's main graph. Throws UserError (without the file name; the caller
// adds it): one error listing every unsupported op of the model and its subgraphs, or
// the first bad input shape, bad node or bad tensor.
//
// Initializers that are also listed as graph inputs are constants (ONNX: an input with
// a default value); only the other inputs are graph inputs, and only they can be named
// or counted by the input shapes. Every graph input must end up with a static shape.
std::unique_ptr<Graph> build_main_graph(const onnx::GraphProto& g, const ModelInfo& info,
                                        const InputShapes& shapes);

}  // namespace neo::onnxfe
