#pragma once
// The graph builder's internals (graph_builder.hpp is its entry point), shared by
//   graph_builder.cpp  graphs: inputs, initializers, outputs, subgraphs;
//   node_builder.cpp   one node through its translator, and the checks after it;
//   function_call.cpp  calls of model-local functions, inlined.
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph_builder.hpp"
#include "scope.hpp"
#include "translator.hpp"
#include "unsupported.hpp"

namespace neo::onnxfe {

using Opsets = std::map<std::string, int64_t>;

class Builder {
public:
    Builder(const ModelInfo& info, UnsupportedOps& report) : info_(info), report_(report) {}

    // Initializers of `g` as constants, except those named in `skip`.
    void add_initializers(const onnx::GraphProto& g, Scope& scope,
                          const std::set<std::string>& skip);
    // value_info and output types, to annotate values.
    void add_value_types(const onnx::GraphProto& g, Scope& scope);
    // Translates the nodes in order, at `opsets` (the model's unless in a function).
    void add_nodes(const onnx::GraphProto& g, Scope& scope, const Opsets& opsets, int depth);
    void add_outputs(const onnx::GraphProto& g, Scope& scope);
    // A subgraph (If branch, Loop/Scan body) with its captures (scope.hpp).
    std::pair<GraphPtr, std::vector<Capture>> build_subgraph(const onnx::GraphProto& g,
                                                             Scope& parent, const Opsets& opsets,
                                                             int depth);

    // One node, its domain at the version `opsets` gives (the model's, or a function's
    // own); `depth` counts the function calls it is nested in.
    void translate(const onnx::NodeProto& np, Scope& scope, const Opsets& opsets, int depth);

private:
    void inline_function(const onnx::NodeProto& np, const onnx::FunctionProto& fn,
                         Scope& scope, int depth);
    std::vector<Value*> placeholder(NodeContext& ctx);
    std::string no_translator_reason(const NodeInfo& ni) const;
    void name_main_node(const NodeInfo& ni, NodeContext& ctx, const std::vector<Value*>& outs);
    void check_made_nodes(const NodeInfo& ni, NodeContext& ctx);
    void bind_outputs(const NodeInfo& ni, const std::vector<Value*>& outs, Scope& scope);

    const ModelInfo& info_;
    UnsupportedOps& report_;
    // Outputs of nodes that could not be translated, and of nodes computed from them:
    // their types are unknown, so later translators may fail on them without that being
    // the model's fault.
    std::unordered_set<const Value*> tainted_;
};

}  // namespace neo::onnxfe
