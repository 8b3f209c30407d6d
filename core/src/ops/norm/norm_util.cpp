// Helpers shared by the normalization ops.
#include <string>

#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops::norm {

DType float_type_attr(const OpContext& ctx, const std::string& attr) {
    const int64_t code = ctx.attr_i(attr);
    const auto t = dtype_from_onnx(code);
    if (!t || !is_float(*t))
        ctx.fail("attribute '" + attr + "' must be a float element type (1 float, 10 float16, "
                 "11 double, 16 bfloat16), got " + std::to_string(code));
    return *t;
}

}  // namespace neo::ops::norm
