// Pad: opset 1 had the `paddings` attribute, opsets 2-10 `pads`, both with a float
// `value`; since opset 11, pads and constant_value are inputs (and opset 18 adds the
// optional `axes` input, 19 the "wrap" mode). The modes constant/reflect/edge are the
// same throughout.
#include "ops/families.hpp"
#include "ops/scalar.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> pad_v1(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    const char* pads_name = ctx.opset() < 2 ? "paddings" : "pads";
    auto pads = ctx.attr_ints(pads_name);
    if (!pads) ctx.fail(std::string("attribute '") + pads_name + "' is required before opset 11");
    std::string mode = ctx.attr_s("mode", "constant");
    std::vector<Value*> inputs{x, ctx.const_i64(*pads, "pads")};
    double value = ctx.attr_f("value", 0.0);
    if (mode == "constant" && value != 0.0) inputs.push_back(scalar_like(ctx, value, x, "value"));
    Attributes attrs;
    attrs["mode"] = mode;
    return {ctx.make1("Pad", std::move(inputs), std::move(attrs))};
}

}  // namespace

void register_pad(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Pad", 1, 10, pad_v1);
    r.add(kDefaultDomain, "Pad", 11, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
