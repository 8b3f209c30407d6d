// Slice: before opset 10, `starts`, `ends` and `axes` were attributes (and there were
// no steps); since, they are inputs. Clamping of out-of-range starts/ends is the same.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> slice_v1(NodeContext& ctx) {
    auto starts = ctx.attr_ints("starts"), ends = ctx.attr_ints("ends");
    if (!starts || !ends) ctx.fail("attributes 'starts' and 'ends' are required before opset 10");
    if (starts->size() != ends->size())
        ctx.fail("'starts' has " + std::to_string(starts->size()) + " values but 'ends' has " +
                 std::to_string(ends->size()));
    std::vector<Value*> inputs{ctx.required_input(0), ctx.const_i64(*starts, "starts"),
                               ctx.const_i64(*ends, "ends")};
    if (auto axes = ctx.attr_ints("axes")) {
        if (axes->size() != starts->size())
            ctx.fail("'axes' has " + std::to_string(axes->size()) + " values but 'starts' has " +
                     std::to_string(starts->size()));
        inputs.push_back(ctx.const_i64(*axes, "axes"));
    }
    return {ctx.make1("Slice", std::move(inputs))};
}

}  // namespace

void register_slice(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Slice", 1, 9, slice_v1);
    r.add(kDefaultDomain, "Slice", 10, kLatestOpset, pass_through());
}

}  // namespace neo::onnxfe
