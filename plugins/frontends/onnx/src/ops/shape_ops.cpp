// Shape ops whose older opsets carried inputs as attributes:
//   Reshape    < 5:  `shape` attribute            -> second input
//   Squeeze    < 13: `axes` attribute (optional)  -> optional second input
//   Unsqueeze  < 13: `axes` attribute             -> second input
//   Split      < 13: `split` attribute            -> optional second input; without
//              one, opset 18 needs `num_outputs` (the number of outputs)
//   Concat     < 4:  `axis` was optional (default 1); it is required since.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> reshape_v1(NodeContext& ctx) {
    if (ctx.input(1))  // a few opset < 5 exporters already passed the shape as input
        return {ctx.make1("Reshape", {ctx.input(0), ctx.input(1)})};
    auto shape = ctx.attr_ints("shape");
    if (!shape) ctx.fail("attribute 'shape' is required before opset 5");
    return {ctx.make1("Reshape", {ctx.required_input(0), ctx.const_i64(*shape, "shape")})};
}

std::vector<Value*> squeeze_v1(NodeContext& ctx) {
    std::vector<Value*> inputs{ctx.required_input(0)};
    if (auto axes = ctx.attr_ints("axes"); axes && !axes->empty())
        inputs.push_back(ctx.const_i64(*axes, "axes"));
    return {ctx.make1("Squeeze", std::move(inputs))};
}

std::vector<Value*> unsqueeze_v1(NodeContext& ctx) {
    auto axes = ctx.attr_ints("axes");
    if (!axes) ctx.fail("attribute 'axes' is required before opset 13");
    return {ctx.make1("Unsqueeze", {ctx.required_input(0), ctx.const_i64(*axes, "axes")})};
}

// Split at any opset before 18, as Split-18.
std::vector<Value*> split_v1(NodeContext& ctx) {
    std::vector<Value*> inputs{ctx.required_input(0)};
    Attributes attrs = ctx.attrs_without({"split"});
    if (auto split = ctx.attr_ints("split"); split && !split->empty())
        inputs.push_back(ctx.const_i64(*split, "split"));
    else if (ctx.input(1))  // opset 1 (and 13-17) take it as an input
        inputs.push_back(ctx.input(1));
    else
        attrs["num_outputs"] = static_cast<int64_t>(ctx.num_outputs());
    return ctx.make("Split", std::move(inputs), std::move(attrs), ctx.num_outputs())->outputs();
}

std::vector<Value*> concat_v1(NodeContext& ctx) {
    Attributes attrs = ctx.attrs();
    attrs.emplace("axis", int64_t{1});
    return {ctx.make1("Concat", ctx.inputs(), std::move(attrs))};
}

}  // namespace

void register_shape_ops(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Reshape", 1, 4, reshape_v1);
    r.add(kDefaultDomain, "Reshape", 5, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "Squeeze", 1, 12, squeeze_v1);
    r.add(kDefaultDomain, "Squeeze", 13, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "Unsqueeze", 1, 12, unsqueeze_v1);
    r.add(kDefaultDomain, "Unsqueeze", 13, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "Split", 1, 17, split_v1);
    r.add(kDefaultDomain, "Split", 18, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "Concat", 1, 3, concat_v1);
    r.add(kDefaultDomain, "Concat", 4, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
