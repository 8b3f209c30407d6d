// Resize and its predecessor Upsample, as Resize-19 (inputs X, roi, scales, sizes).
//
// Upsample (opsets 1-6: height_scale/width_scale attributes, 7-8: `scales` attribute,
// 9-10: `scales` input, deprecated since 10) and Resize-10 (X, scales) computed
// x_original = x_resized / scale, i.e. coordinate_transformation_mode "asymmetric";
// nearest picked floor(x_original) when upsampling and ceil when downsampling (as
// onnxruntime does), so the translation sets nearest_mode accordingly. Their "linear"
// ("bilinear" at opset 1) mode is Resize's "linear".
//
// Resize 11-12 wanted an empty `scales` tensor when `sizes` is given (13+: an omitted
// input); empty constant roi/scales become omitted inputs at every opset.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

bool is_empty_constant(const Value* v) {
    const Tensor* t = NodeContext::constant_of(v);
    return t && t->numel() == 0;
}

std::string legacy_nearest_mode(NodeContext& ctx, Value* scales) {
    const Tensor* t = NodeContext::constant_of(scales);
    if (!t) return "floor";  // unknown while translating: assume upsampling, its usual use
    bool up = false, down = false;
    for (int64_t i = 0; i < t->numel(); ++i) {
        up |= t->at_double(i) > 1.0;
        down |= t->at_double(i) < 1.0;
    }
    if (up && down)
        ctx.fail("nearest resampling that scales some axes up and others down is not "
                 "supported before opset 11; convert the model to opset 11 or newer");
    return down ? "ceil" : "floor";
}

Value* legacy_resize(NodeContext& ctx, Value* x, Value* scales) {
    std::string mode = ctx.attr_s("mode", "nearest");
    if (mode == "bilinear") mode = "linear";
    if (mode != "nearest" && mode != "linear")
        ctx.fail("mode '" + mode + "' is not an Upsample/Resize mode before opset 11 "
                 "(nearest, linear)");
    Attributes attrs;
    attrs["mode"] = mode;
    attrs["coordinate_transformation_mode"] = "asymmetric";
    if (mode == "nearest") attrs["nearest_mode"] = legacy_nearest_mode(ctx, scales);
    return ctx.make1("Resize", {x, nullptr, scales}, std::move(attrs));
}

std::vector<Value*> upsample_v1(NodeContext& ctx) {
    // Opset 1 resized the two innermost dims of an NCHW tensor.
    float h = static_cast<float>(ctx.attr_f("height_scale", 1.0));
    float w = static_cast<float>(ctx.attr_f("width_scale", 1.0));
    return {legacy_resize(ctx, ctx.required_input(0), ctx.const_f32({1.f, 1.f, h, w}, "scales"))};
}

std::vector<Value*> upsample_v7(NodeContext& ctx) {
    auto scales = ctx.attr_floats("scales");
    if (!scales) ctx.fail("attribute 'scales' is required at opsets 7-8");
    std::vector<float> f(scales->begin(), scales->end());
    return {legacy_resize(ctx, ctx.required_input(0), ctx.const_f32(f, "scales"))};
}

std::vector<Value*> scales_input(NodeContext& ctx) {
    return {legacy_resize(ctx, ctx.required_input(0), ctx.required_input(1))};
}

std::vector<Value*> resize_v11(NodeContext& ctx) {
    std::vector<Value*> inputs = ctx.inputs();
    inputs.resize(std::max<std::size_t>(inputs.size(), 4), nullptr);
    if (is_empty_constant(inputs[1])) inputs[1] = nullptr;  // roi
    if (is_empty_constant(inputs[2])) inputs[2] = nullptr;  // scales
    while (inputs.size() > 1 && inputs.back() == nullptr) inputs.pop_back();
    return {ctx.make1("Resize", std::move(inputs), ctx.attrs())};
}

}  // namespace

void register_resize(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Upsample", 1, 6, upsample_v1);
    r.add(kDefaultDomain, "Upsample", 7, 8, upsample_v7);
    r.add(kDefaultDomain, "Upsample", 9, kLatestOpset, scales_input);  // deprecated at 10
    r.add(kDefaultDomain, "Resize", 10, 10, scales_input);
    r.add(kDefaultDomain, "Resize", 11, kLatestOpset, resize_v11);
}

}  // namespace neo::onnxfe
