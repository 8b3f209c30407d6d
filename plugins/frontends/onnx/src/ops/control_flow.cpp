// If, Loop and Scan: their subgraph attributes (then_branch/else_branch, body) are
// built as neo Graphs before the translator runs (graph_builder.cpp).
//
// Captured outer values. ONNX subgraphs may read values of the enclosing graphs by
// name; neo subgraphs read only their own inputs. So (scope.hpp):
//   - captured constants are copied into the subgraph as constants;
//   - the other captured values C1..Ck become the LAST k inputs of EVERY subgraph of the
//     node (after the inputs ONNX declares: none for If, (iter, cond, v...) for Loop,
//     (states..., scan slices...) for Scan), in the same order for all its subgraphs,
//     and the last k inputs of the node itself (after its ONNX inputs);
//   - the node's int attribute `num_captured` = k (absent when k = 0).
// At run time the node passes its last k inputs unchanged to the last k inputs of the
// subgraph it runs (each iteration, for Loop and Scan); they are never loop-carried.
//
// Scan before opset 9 (batch axis, sequence_lens input) has no translator.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> with_captures(NodeContext& ctx) {
    std::vector<Value*> inputs = ctx.inputs();
    Attributes attrs = ctx.attrs();
    const auto& captures = ctx.info().captures;
    if (!captures.empty()) {
        inputs.insert(inputs.end(), captures.begin(), captures.end());
        attrs["num_captured"] = static_cast<int64_t>(captures.size());
    }
    return ctx.make(ctx.op_type(), std::move(inputs), std::move(attrs), ctx.num_outputs())
        ->outputs();
}

}  // namespace

void register_control_flow(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "If", 1, kLatestOpset, with_captures);
    r.add(kDefaultDomain, "Loop", 1, kLatestOpset, with_captures);
    r.add(kDefaultDomain, "Scan", 9, kLatestOpset, with_captures);
}

}  // namespace neo::onnxfe
