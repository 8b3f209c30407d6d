// Clip: before opset 11, `min` and `max` were float attributes; since, they are
// optional scalar inputs of the input's dtype. Absent bounds stay absent (unbounded).
#include "ops/families.hpp"
#include "ops/scalar.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> clip_v1(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    std::vector<Value*> inputs{x, nullptr, nullptr};
    if (ctx.has_attr("min")) inputs[1] = scalar_like(ctx, ctx.attr_f("min", 0.0), x, "min");
    if (ctx.has_attr("max")) inputs[2] = scalar_like(ctx, ctx.attr_f("max", 0.0), x, "max");
    while (inputs.back() == nullptr && inputs.size() > 1) inputs.pop_back();
    return {ctx.make1("Clip", std::move(inputs))};
}

}  // namespace

void register_clip(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Clip", 1, 10, clip_v1);
    r.add(kDefaultDomain, "Clip", 11, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
