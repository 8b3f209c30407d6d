// Reduce* ops. Their `axes` moved from an attribute to an optional second input:
// at opset 13 for ReduceSum, at opset 18 for the others. Older nodes get the attribute
// as a constant input (no attribute: reduce over all axes, as without the input).
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> axes_attr_to_input(NodeContext& ctx) {
    std::vector<Value*> inputs{ctx.required_input(0)};
    auto axes = ctx.attr_ints("axes");
    if (axes && !axes->empty()) inputs.push_back(ctx.const_i64(*axes, "axes"));
    Attributes attrs = ctx.attrs_without({"axes"});
    return {ctx.make1(ctx.op_type(), std::move(inputs), std::move(attrs))};
}

}  // namespace

void register_reduce(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "ReduceSum", 1, 12, axes_attr_to_input);
    r.add(kDefaultDomain, "ReduceSum", 13, kLatestOpset, pass_through());
    for (const char* op : {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
                           "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}) {
        r.add(kDefaultDomain, op, 1, 17, axes_attr_to_input);
        r.add(kDefaultDomain, op, 18, kLatestOpset, pass_through());
    }
}

}  // namespace neo::onnxfe
