// BatchNormalization, as BatchNormalization-15 in inference mode.
//   opsets 1-8:  `spatial` (default 1; 0 = one mean/var per activation, i.e. per
//                (C, D1, ...) element), `is_test`, opset-1 `consumed_inputs`;
//   opsets 9-13: always spatial; optional training outputs mean, var, saved_*;
//   opsets 14+:  `training_mode` (1 = training, with running mean/var outputs).
// neo compiles inference graphs: training outputs and training_mode = 1 are refused.
// spatial = 0 becomes elementwise ops: y = (x - mean) * (scale / sqrt(var + eps)) + B,
// where NumPy broadcasting aligns the (C, D1, ...) parameters with x's trailing dims.
#include "ops/families.hpp"
#include "ops/scalar.hpp"

namespace neo::onnxfe {
namespace {

void refuse_training_outputs(NodeContext& ctx) {
    for (std::size_t i = 1; i < ctx.num_outputs(); ++i)
        if (ctx.has_output(i))
            ctx.fail("output " + std::to_string(i) + " (a running or saved mean/variance) "
                     "is a training output; neo compiles inference graphs: export the model "
                     "in inference (eval) mode");
}

std::vector<Value*> inputs5(NodeContext& ctx) {
    return {ctx.required_input(0), ctx.required_input(1), ctx.required_input(2),
            ctx.required_input(3), ctx.required_input(4)};
}

Attributes bn_attrs(NodeContext& ctx) {
    Attributes a;
    a["epsilon"] = ctx.attr_f("epsilon", 1e-5);
    if (ctx.has_attr("momentum")) a["momentum"] = ctx.attr_f("momentum", 0.9);
    return a;
}

Value* per_activation(NodeContext& ctx) {
    std::vector<Value*> in = inputs5(ctx);
    Value *x = in[0], *scale = in[1], *bias = in[2], *mean = in[3], *var = in[4];
    Value* eps = scalar_like(ctx, ctx.attr_f("epsilon", 1e-5), var, "epsilon");
    Value* inv_std = ctx.make1("Div", {scale, ctx.make1("Sqrt", {ctx.make1("Add", {var, eps})})});
    Value* centered = ctx.make1("Sub", {x, mean});
    return ctx.make1("Add", {ctx.make1("Mul", {centered, inv_std}), bias});
}

std::vector<Value*> batch_norm_v1(NodeContext& ctx) {
    refuse_training_outputs(ctx);
    if (ctx.attr_i("spatial", 1) == 0) return {per_activation(ctx)};
    return {ctx.make1("BatchNormalization", inputs5(ctx), bn_attrs(ctx))};
}

std::vector<Value*> batch_norm_v9(NodeContext& ctx) {
    refuse_training_outputs(ctx);
    return {ctx.make1("BatchNormalization", inputs5(ctx), bn_attrs(ctx))};
}

std::vector<Value*> batch_norm_v14(NodeContext& ctx) {
    if (ctx.attr_i("training_mode", 0) != 0)
        ctx.fail("training_mode = 1 is not supported; neo compiles inference graphs: export "
                 "the model in inference (eval) mode");
    return batch_norm_v9(ctx);
}

}  // namespace

void register_normalization(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "BatchNormalization", 1, 8, batch_norm_v1);
    r.add(kDefaultDomain, "BatchNormalization", 9, 13, batch_norm_v9);
    r.add(kDefaultDomain, "BatchNormalization", 14, kLatestOpset, batch_norm_v14);
}

}  // namespace neo::onnxfe
