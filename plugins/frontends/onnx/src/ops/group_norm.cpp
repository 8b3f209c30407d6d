// GroupNormalization 18-20: scale and bias held one value per group (G), where opset 21
// (neo's op) takes one per channel (C). Seen as (N, G, (C / G) * D1 * ...), x has one
// "channel" per group, and group normalization of that with G groups is the same
// computation with per-group scale and bias:
//   y = Reshape(GroupNormalization-21(Reshape(x, [0, G, -1]), scale, bias), Shape(x))
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> group_norm_v18(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    if (!ctx.has_attr("num_groups"))
        ctx.fail("required attribute 'num_groups' is missing");
    const int64_t groups = ctx.attr_i("num_groups", 0);
    if (groups < 1)
        ctx.fail("attribute 'num_groups' must be positive, got " + std::to_string(groups));
    Attributes attrs;
    attrs["num_groups"] = groups;
    attrs["epsilon"] = ctx.attr_f("epsilon", 1e-5);
    Value* grouped = ctx.make1("Reshape", {x, ctx.const_i64({0, groups, -1}, "group_shape")});
    Value* y = ctx.make1("GroupNormalization",
                         {grouped, ctx.required_input(1), ctx.required_input(2)}, attrs);
    return {ctx.make1("Reshape", {y, ctx.make1("Shape", {x})})};
}

}  // namespace

void register_group_norm(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "GroupNormalization", 18, 20, group_norm_v18);
}

}  // namespace neo::onnxfe
