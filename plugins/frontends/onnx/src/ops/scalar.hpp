#pragma once
// A helper shared by the translators that turn a float attribute into a scalar input
// of another input's dtype (Clip and Pad before opset 11).
#include "translator.hpp"

namespace neo::onnxfe {

// A rank-0 constant holding `v` in the dtype of `like`. When that dtype is not known
// while translating, the constant is f32 and a CastLike gives it `like`'s dtype.
inline Value* scalar_like(NodeContext& ctx, double v, Value* like, const std::string& hint) {
    if (like->dtype() != DType::undefined) return ctx.const_scalar(like->dtype(), v, hint);
    return ctx.make1("CastLike", {ctx.const_scalar(DType::f32, v, hint), like});
}

}  // namespace neo::onnxfe
