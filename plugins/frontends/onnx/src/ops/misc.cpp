// Ops with small opset differences, each rewritten to its newest form:
//   Cast     < 6:  `to` was a type name ("FLOAT"); since, a TensorProto.DataType number.
//   Dropout  all:  inference is the identity; a requested mask is all true (opset 10+,
//                  bool) or all ones (before, the input's dtype). A training_mode input
//                  (opset 12+) that is true or not a constant is refused.
//   TopK     < 10: `k` attribute -> second input (i64 [1]).
//   Scatter  9-10 (deprecated at 11): ScatterElements with the same meaning.
//   ImageScaler (experimental, < 10): x * scale + bias[c], per channel of NCHW.
//   RoiAlign < 16: its coordinates were "output_half_pixel" (16 added the attribute,
//                  defaulting to "half_pixel").
//   DFT      17-19: `axis` attribute (default 1) -> third input (since 20, default -2).
#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/families.hpp"
#include "ops/scalar.hpp"

namespace neo::onnxfe {
namespace {

void check_cast_target(NodeContext& ctx, int64_t to) {
    auto d = dtype_from_onnx(to);
    if (!d || *d == DType::undefined)
        ctx.fail("casts to " + onnx_dtype_name(to) + ", a data type neo does not support");
}

std::vector<Value*> cast_v1(NodeContext& ctx) {
    std::string name = ctx.attr_s("to", "");
    int64_t to = 0;
    for (int64_t t = 1; t <= 24 && to == 0; ++t)
        if (onnx_dtype_name(t) == name) to = t;
    if (to == 0) ctx.fail("attribute 'to' names no ONNX data type: '" + name + "'");
    check_cast_target(ctx, to);
    Attributes attrs;
    attrs["to"] = to;
    return {ctx.make1("Cast", {ctx.required_input(0)}, std::move(attrs))};
}

std::vector<Value*> cast_v6(NodeContext& ctx) {
    check_cast_target(ctx, ctx.attr_i("to", 0));
    return pass_through()(ctx);
}

std::vector<Value*> dropout(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    if (Value* mode = ctx.input(2)) {
        const Tensor* training = NodeContext::constant_of(mode);
        if (!training)
            ctx.fail("its training_mode input '" + mode->name() + "' is not a constant; neo "
                     "compiles inference graphs, where Dropout is the identity: export the "
                     "model in inference (eval) mode");
        if (training->numel() == 1 && training->at_double(0) != 0.0)
            ctx.fail("training_mode is true; neo compiles inference graphs: export the model "
                     "in inference (eval) mode");
    }
    std::vector<Value*> outs{ctx.make1("Identity", {x})};
    if (ctx.has_output(1)) {
        // Before opset 10 the mask had x's dtype: ones of it (via CastLike when x's dtype
        // is not known while translating).
        const bool like_x = ctx.opset() < 10;
        const bool cast_now = like_x && x->dtype() != DType::undefined;
        Tensor one = Tensor::from_vector<bool>({1}, {true});
        if (cast_now) one = one.cast(x->dtype());
        Attributes attrs;
        attrs["value"] = TensorPtr(std::make_shared<const Tensor>(std::move(one)));
        Value* mask = ctx.make1("ConstantOfShape", {ctx.make1("Shape", {x})}, attrs);
        if (like_x && !cast_now) mask = ctx.make1("CastLike", {mask, x});
        outs.push_back(mask);
    }
    return outs;
}

std::vector<Value*> topk_v1(NodeContext& ctx) {
    if (!ctx.has_attr("k")) ctx.fail("attribute 'k' is required before opset 10");
    Attributes attrs = ctx.attrs_without({"k"});
    Node* n = ctx.make("TopK", {ctx.required_input(0), ctx.const_i64({ctx.attr_i("k", 0)}, "k")},
                       std::move(attrs), 2);
    return n->outputs();
}

std::vector<Value*> scatter(NodeContext& ctx) {
    return {ctx.make1("ScatterElements", ctx.inputs(), ctx.attrs())};
}

std::vector<Value*> image_scaler(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    std::vector<double> bias = ctx.attr_floats("bias").value_or(std::vector<double>{});
    Value* y = ctx.make1("Mul", {x, scalar_like(ctx, ctx.attr_f("scale", 1.0), x, "scale")});
    if (bias.empty()) return {y};
    std::vector<float> b(bias.begin(), bias.end());
    Tensor t = Tensor::from_vector<float>({1, static_cast<int64_t>(b.size()), 1, 1}, b);
    if (x->dtype() != DType::undefined) t = t.cast(x->dtype());
    return {ctx.make1("Add", {y, ctx.constant(std::move(t), "bias")})};
}

std::vector<Value*> roi_align_v10(NodeContext& ctx) {
    Attributes attrs = ctx.attrs();
    attrs["coordinate_transformation_mode"] = "output_half_pixel";
    return {ctx.make1("RoiAlign", ctx.inputs(), std::move(attrs))};
}

std::vector<Value*> dft_v17(NodeContext& ctx) {
    Attributes attrs = ctx.attrs_without({"axis"});
    Value* axis = ctx.constant(Tensor::from_vector<int64_t>({}, {ctx.attr_i("axis", 1)}), "axis");
    return {ctx.make1("DFT", {ctx.required_input(0), ctx.input(1), axis}, std::move(attrs))};
}

}  // namespace

void register_misc(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Cast", 1, 5, cast_v1);
    r.add(kDefaultDomain, "Cast", 6, kLatestOpset, cast_v6);
    r.add(kDefaultDomain, "Dropout", 1, kLatestOpset, dropout);
    r.add(kDefaultDomain, "TopK", 1, 9, topk_v1);
    r.add(kDefaultDomain, "TopK", 10, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "Scatter", 9, kLatestOpset, scatter);
    r.add(kDefaultDomain, "ImageScaler", 1, 9, image_scaler);
    r.add(kDefaultDomain, "RoiAlign", 10, 15, roi_align_v10);
    r.add(kDefaultDomain, "RoiAlign", 16, kLatestOpset, pass_through());
    r.add(kDefaultDomain, "DFT", 17, 19, dft_v17);
    r.add(kDefaultDomain, "DFT", 20, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
