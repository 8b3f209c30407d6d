#pragma once
// Helpers shared by the control-flow ops (If, Loop, Scan): subgraph attributes, the
// trailing captured inputs (`num_captured`, see the ONNX frontend's scope.hpp), subgraph
// type inference, and slicing/stacking tensors along an axis.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo::ops::control {

using ValueType = std::pair<DType, Shape>;

// The graph attribute `name`; ctx.fail() when it is null.
const Graph& subgraph_attr(const OpContext& ctx, const std::string& name);
// The `num_captured` attribute, checked against the node's input count (at least
// `fixed_inputs` inputs must come before the captures).
std::size_t captured_count(const OpContext& ctx, std::size_t num_inputs, std::size_t fixed_inputs);
// Checks that a subgraph has the expected number of inputs and outputs.
void check_subgraph_arity(const OpContext& ctx, const std::string& attr, const Graph& g,
                          std::size_t num_inputs, std::size_t num_outputs,
                          const std::string& inputs_meaning, const std::string& outputs_meaning);

// Infers the output types of subgraph `g` given the types of its inputs: runs shape
// propagation on a clone whose inputs take the given types where the subgraph leaves
// them unspecified (undefined dtype / unranked shape). Errors name the node and attribute.
std::vector<ValueType> infer_subgraph(const OpContext& ctx, const std::string& attr,
                                      const Graph& g, const std::vector<ValueType>& inputs);

// Infers a loop body whose inputs [in_off, in_off + n) are loop-carried values that come
// back as outputs [out_off, out_off + n): widens `in` (merge_types with the outputs)
// until the carried types are stable. Returns the body's output types for the final `in`.
std::vector<ValueType> infer_carried(const OpContext& ctx, const std::string& attr,
                                     const Graph& body, std::vector<ValueType>& in,
                                     std::size_t in_off, std::size_t out_off, std::size_t n);

// The common type of two values: dtype of `a` (else `b`), dims equal in both kept,
// differing dims unknown, different ranks unranked.
ValueType merge_types(const ValueType& a, const ValueType& b);

// x[..., index, ...] along `axis`, with that axis removed.
Tensor take_slice(const Tensor& x, std::size_t axis, int64_t index);
// Stacks equally shaped tensors along a new axis `axis` (0 <= axis <= rank of the parts).
Tensor stack(const std::vector<Tensor>& parts, std::size_t axis, const OpContext& ctx);
// An empty scan output (zero iterations): shape from the inferred node output when its
// other dims are static, else [0].
Tensor empty_scan_output(const Node& node, std::size_t output, std::size_t axis);

std::string shape_text(const std::vector<int64_t>& s);

}  // namespace neo::ops::control
