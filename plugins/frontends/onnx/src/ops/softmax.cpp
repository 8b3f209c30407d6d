// Softmax, LogSoftmax and Hardmax. Before opset 13 they coerced the input to 2-D at
// `axis` (default 1) — [d0*...*d(axis-1), d(axis)*...*d(n-1)] — and normalized over
// the second dim, i.e. over all dims from `axis` on; since opset 13 they normalize over
// the one dim `axis` (default -1). When the old axis is the last dim both agree;
// otherwise the translation flattens, normalizes the last dim, and reshapes back:
//     Reshape(Op(Flatten(x, axis), axis = -1), Shape(x))
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> coerced_2d(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    int64_t axis = ctx.attr_i("axis", 1);
    Attributes last;
    last["axis"] = int64_t{-1};
    if (auto rank = NodeContext::rank_of(x)) {
        const auto r = static_cast<int64_t>(*rank);
        if (axis < -r || axis > r - (r > 0 ? 1 : 0))
            ctx.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                     std::to_string(r));
        if (axis < 0) axis += r;
        if (axis == r - 1 || r == 0) return {ctx.make1(ctx.op_type(), {x}, last)};
    }
    Attributes flat;
    flat["axis"] = axis;
    Value* y = ctx.make1(ctx.op_type(), {ctx.make1("Flatten", {x}, flat)}, last);
    return {ctx.make1("Reshape", {y, ctx.make1("Shape", {x})})};
}

}  // namespace

void register_softmax(TranslatorRegistry& r) {
    for (const char* op : {"Softmax", "LogSoftmax", "Hardmax"}) {
        r.add(kDefaultDomain, op, 1, 12, coerced_2d);
        r.add(kDefaultDomain, op, 13, kLatestOpset, pass_through());
    }
}

}  // namespace neo::onnxfe
