// DynamicQuantizeLinear (ONNX opset 11): quantizes a float tensor to uint8 with a scale and
// zero point computed from its range (widened to include 0):
//   y_scale = (max(x, 0) - min(x, 0)) / 255   (1 / 255 when that range is empty)
//   y_zero_point = round_half_even(clamp(-min(x, 0) / y_scale, 0, 255))
//   y = saturate(round_half_even(x / y_scale) + y_zero_point)
// All arithmetic is float32, as the operator's definition states.
#include <algorithm>
#include <cmath>

#include "ops/nn/nn_util.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops::quant {
namespace {

void infer_dynamic_quantize(InferContext& ctx) {
    require_dtype_in(ctx, ctx.input_dtype(0), {DType::f32}, "f32", "input x");
    ctx.set_output(0, DType::u8, ctx.input_shape(0));
    if (ctx.num_outputs() > 1) ctx.set_output(1, DType::f32, Shape(std::vector<Dim>{}));
    if (ctx.num_outputs() > 2) ctx.set_output(2, DType::u8, Shape(std::vector<Dim>{}));
}

void compute_dynamic_quantize(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    require_dtype_in(ctx, xt.dtype(), {DType::f32}, "f32", "input x");
    const auto& x = xt.array<float>();
    float lo = 0.0f, hi = 0.0f;
    for (float v : x) {
        if (std::isnan(v)) ctx.fail("input x contains NaN; its quantization range is undefined");
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const float range = hi == lo ? 1.0f : hi - lo;
    const float scale = range / 255.0f;
    const float zp_f = std::clamp(0.0f - lo / scale, 0.0f, 255.0f);
    const int64_t zp = static_cast<int64_t>(std::nearbyint(zp_f));
    std::vector<double> q(x.size());
    for (std::size_t i = 0; i < q.size(); ++i)
        q[i] = std::nearbyint(x.data()[i] / scale) + static_cast<double>(zp);
    ctx.set_output(0, requantize(DType::u8, xt.shape(), q));
    if (ctx.num_outputs() > 1)
        ctx.set_output(1, Tensor::from_vector<float>({}, std::vector<float>{scale}));
    if (ctx.num_outputs() > 2)
        ctx.set_output(2, Tensor::from_vector<uint8_t>({}, {static_cast<uint8_t>(zp)}));
}

}  // namespace

void register_dynamic_quantize_linear(OpRegistry& r) {
    OpSchema s;
    s.name = "DynamicQuantizeLinear";
    s.min_inputs = s.max_inputs = 1;
    s.min_outputs = 1;
    s.max_outputs = 3;
    s.infer = infer_dynamic_quantize;
    s.compute = compute_dynamic_quantize;
    s.doc = "uint8 quantization with scale and zero point computed from the input's range, "
            "ONNX DynamicQuantizeLinear-11. f32 input.";
    r.add(std::move(s));
}

}  // namespace neo::ops::quant
