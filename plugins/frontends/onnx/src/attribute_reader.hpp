#pragma once
// Converting ONNX AttributeProtos into neo Attributes.
#include <filesystem>
#include <functional>
#include <string>

#include <onnx/onnx_pb.h>

#include "neo/core/ir/attribute.hpp"

namespace neo::onnxfe {

struct AttributeReadContext {
    std::filesystem::path model_dir;   // for tensors stored as external data
    std::string node;                  // how messages name the node: "node 'c' (Constant)"
    // Builds the neo graph of a subgraph attribute (If/Loop/Scan bodies).
    std::function<GraphPtr(const onnx::GraphProto&, const std::string& attr_name)> subgraph;
};

// Converts every kind neo has: int, float, string, ints, floats, strings, tensor, graph,
// graphs (a float attribute becomes a double). An attribute without a `type` (old
// exporters) takes the kind of the field it sets. UserError naming the node and the
// attribute for sparse tensors, lists of tensors, type protos, and reference attributes
// (which only functions may hold).
Attribute read_attribute(const onnx::AttributeProto& a, const AttributeReadContext& ctx);

}  // namespace neo::onnxfe
