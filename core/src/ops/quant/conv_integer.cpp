// ConvInteger and QLinearConv (ONNX opset 10): 1-D to 3-D convolution (groups, strides,
// dilations, pads / auto_pad, as Conv) of int8/uint8 tensors after subtracting their zero
// points, accumulated exactly in 32-bit integers (wrapping, as ONNX allows only there).
//   ConvInteger: Y (int32) = conv(x - x_zero_point, w - w_zero_point)
//   QLinearConv: y = saturate(round_half_even((conv(...) + B) * (x_scale * w_scale / y_scale))
//                             + y_zero_point), the scale product in float32; y has
//                y_zero_point's dtype.
// x's zero point and scale are per tensor; w's are per tensor or per output channel (1-D
// of length M); B is int32 of length M.
#include <algorithm>
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops::quant {
namespace {

constexpr std::size_t kMaxSpatial = 3;

void check_rank(const OpContext& ctx, const Shape& s, const std::string& what) {
    if (s.ranked()) nn::check_spatial_rank(ctx, s.rank(), what, s);
}

// A per-output-channel input: a zero point or scale (may also be per tensor) or the bias.
struct PerChannel {
    Shape shape;
    std::string what;
    bool may_be_scalar = true;
};

// The output shape; checks ranks, channels, groups and the per-channel inputs.
Shape conv_shape(const OpContext& ctx, const Shape& xs, const Shape& ws,
                 const std::vector<PerChannel>& per_channel) {
    check_rank(ctx, xs, "input x");
    check_rank(ctx, ws, "weight w");
    const int64_t group = ctx.attr_i("group");
    if (group < 1) ctx.fail("attribute 'group' must be positive, got " + std::to_string(group));
    if (xs.ranked() && ws.ranked() && xs.rank() != ws.rank())
        ctx.fail("weight w has shape " + ws.str() + " but input x has shape " + xs.str() +
                 "; their ranks must match");
    Dim m = ws.ranked() ? ws[0] : Dim::unknown();
    if (xs.ranked() && ws.ranked() && xs[1].is_static() && ws[1].is_static() &&
        xs[1].value() != ws[1].value() * group)
        ctx.fail("input x has " + std::to_string(xs[1].value()) + " channels but w expects " +
                 std::to_string(ws[1].value() * group) + " (w.shape[1] = " +
                 std::to_string(ws[1].value()) + " x group " + std::to_string(group) + ")");
    if (m.is_static() && m.value() % group != 0)
        ctx.fail("the " + std::to_string(m.value()) +
                 " output channels (w.shape[0]) are not divisible by group " +
                 std::to_string(group));
    for (const PerChannel& pc : per_channel) {
        const Shape& ps = pc.shape;
        if (!ps.ranked()) continue;
        bool one = true;
        for (const Dim& d : ps.dims()) one = one && d.is_static() && d.value() == 1;
        if (one && pc.may_be_scalar) continue;  // per tensor
        if (ps.rank() != 1 || (ps[0].is_static() && m.is_static() && ps[0].value() != m.value()))
            ctx.fail(pc.what + " has shape " + ps.str() + " but there are " + m.str() +
                     " output channels; it must be " +
                     (pc.may_be_scalar ? "a scalar or " : "") + "1-D of that length");
    }
    std::size_t rank = xs.ranked() ? xs.rank() : ws.ranked() ? ws.rank() : 0;
    if (!rank && !ctx.attr_ints("kernel_shape").empty())
        rank = ctx.attr_ints("kernel_shape").size() + 2;
    if (!rank) return Shape::unranked();
    const std::size_t sp = rank - 2;
    const nn::Window win = nn::read_window(ctx, nn::kernel_from_weights(ctx, sp, ws));
    std::vector<Dim> out{xs.ranked() ? xs[0] : Dim::unknown(), m};
    for (std::size_t i = 0; i < sp; ++i)
        out.push_back(nn::output_dim(win, i, xs.ranked() ? xs[i + 2] : Dim::unknown(), ctx));
    return Shape(std::move(out));
}

// Integer convolution of zero-point-free x (N, C, ...) and w (M, C/group, ...) plus an
// optional per-channel bias; int64 accumulators wrapped to int32. Sets yshape.
std::vector<int64_t> int_conv(const OpContext& ctx, const std::vector<int64_t>& x,
                              const std::vector<int64_t>& xs, const std::vector<int64_t>& w,
                              const std::vector<int64_t>& ws, const std::vector<int64_t>& bias,
                              std::vector<int64_t>& yshape) {
    const std::size_t sp = xs.size() - 2;
    const int64_t group = ctx.attr_i("group");
    const int64_t n_batch = xs[0], c_in = xs[1], m_out = ws[0], c_per_group = ws[1];
    const nn::Window win = nn::read_window(ctx, nn::kernel_from_weights(ctx, sp, Shape::from(ws)));
    // Promote to 3 spatial axes (leading axes of extent 1) so one loop nest serves all.
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1}, str[3] = {1, 1, 1},
            dil[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
    yshape = {n_batch, m_out};
    for (std::size_t i = 0; i < sp; ++i) {
        const std::size_t a = kMaxSpatial - sp + i;
        const nn::AxisGeometry g = nn::axis_geometry(win, i, xs[i + 2], ctx);
        in[a] = xs[i + 2], out[a] = g.out, k[a] = win.kernel[i];
        str[a] = win.strides[i], dil[a] = win.dilations[i], pad[a] = g.pad_begin;
        yshape.push_back(g.out);
    }
    const int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
    const int64_t k_size = k[0] * k[1] * k[2], m_per_group = m_out / group;
    std::vector<int64_t> y(static_cast<std::size_t>(n_batch * m_out * out_plane), 0);
    for (int64_t n = 0; n < n_batch; ++n)
        for (int64_t mo = 0; mo < m_out; ++mo) {
            const int64_t g = mo / m_per_group;
            int64_t* yp = &y[static_cast<std::size_t>((n * m_out + mo) * out_plane)];
            if (!bias.empty()) std::fill(yp, yp + out_plane, bias[static_cast<std::size_t>(mo)]);
            for (int64_t ci = 0; ci < c_per_group; ++ci) {
                const int64_t* xp =
                    &x[static_cast<std::size_t>((n * c_in + g * c_per_group + ci) * in_plane)];
                const int64_t* wp = &w[static_cast<std::size_t>((mo * c_per_group + ci) * k_size)];
                for (int64_t kd = 0; kd < k[0]; ++kd)
                    for (int64_t kh = 0; kh < k[1]; ++kh)
                        for (int64_t kw = 0; kw < k[2]; ++kw) {
                            const int64_t wv = wp[(kd * k[1] + kh) * k[2] + kw];
                            for (int64_t od = 0; od < out[0]; ++od) {
                                const int64_t id = od * str[0] - pad[0] + kd * dil[0];
                                if (id < 0 || id >= in[0]) continue;
                                for (int64_t oh = 0; oh < out[1]; ++oh) {
                                    const int64_t ih = oh * str[1] - pad[1] + kh * dil[1];
                                    if (ih < 0 || ih >= in[1]) continue;
                                    const int64_t* xrow = xp + (id * in[1] + ih) * in[2];
                                    int64_t* yrow = yp + (od * out[1] + oh) * out[2];
                                    for (int64_t ow = 0; ow < out[2]; ++ow) {
                                        const int64_t iw = ow * str[2] - pad[2] + kw * dil[2];
                                        if (iw >= 0 && iw < in[2]) yrow[ow] += wv * xrow[iw];
                                    }
                                }
                            }
                        }
            }
        }
    for (auto& v : y) v = static_cast<int32_t>(v);  // 32-bit accumulation wraps (C++20)
    return y;
}

// x's elements minus its (per-tensor) zero point.
std::vector<int64_t> shifted_input(const Tensor& x, const Tensor* zp) {
    std::vector<int64_t> v = to_i64(x);
    if (zp) {
        const int64_t z = zp->at_int(0);
        for (auto& e : v) e -= z;
    }
    return v;
}

// w's elements minus its zero point (per tensor or per output channel).
std::vector<int64_t> shifted_weight(const Tensor& w, const Tensor* zp) {
    std::vector<int64_t> v = to_i64(w);
    if (!zp) return v;
    const std::vector<int64_t> z = to_i64(*zp);
    const std::size_t per_m = v.size() / static_cast<std::size_t>(std::max<int64_t>(1, w.shape()[0]));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] -= z.size() == 1 ? z[0] : z[i / per_m];
    return v;
}

std::vector<AttrSpec> conv_attrs() {
    std::vector<AttrSpec> a = nn::window_attr_specs(false);
    a.push_back({"group", AttrType::i, Attribute(int64_t{1}), false,
                 "number of groups input and output channels are divided into"});
    a.push_back({"kernel_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
                 "kernel extents (default: w's spatial dims)"});
    return a;
}

// ---- ConvInteger ---------------------------------------------------------------------------

void check_conv_integer(const OpContext& ctx, DType x, DType w, DType zx, DType zw) {
    require_8bit(ctx, x, "input x");
    require_8bit(ctx, w, "input w");
    nn::require_same_dtype(ctx, zx, x, "input x_zero_point", "input x");
    nn::require_same_dtype(ctx, zw, w, "input w_zero_point", "input w");
}

Shape conv_integer_shape(const OpContext& ctx, const Shape& xs, const Shape& ws, const Shape* zx,
                         const Shape* zw) {
    if (zx) require_single(ctx, *zx, "input x_zero_point");
    std::vector<PerChannel> pc;
    if (zw) pc.push_back({*zw, "input w_zero_point"});
    return conv_shape(ctx, xs, ws, pc);
}

void infer_conv_integer(InferContext& ctx) {
    auto dt = [&](std::size_t i) { return ctx.has_input(i) ? ctx.input_dtype(i) : DType::undefined; };
    auto sh = [&](std::size_t i) { return ctx.has_input(i) ? &ctx.input_shape(i) : nullptr; };
    check_conv_integer(ctx, dt(0), dt(1), dt(2), dt(3));
    ctx.set_output(0, DType::i32,
                   conv_integer_shape(ctx, ctx.input_shape(0), ctx.input_shape(1), sh(2), sh(3)));
}

void compute_conv_integer(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* zx = ctx.optional_input(2);
    const Tensor* zw = ctx.optional_input(3);
    check_conv_integer(ctx, x.dtype(), w.dtype(), zx ? zx->dtype() : DType::undefined,
                       zw ? zw->dtype() : DType::undefined);
    const Shape zxs = zx ? zx->ir_shape() : Shape(), zws = zw ? zw->ir_shape() : Shape();
    conv_integer_shape(ctx, x.ir_shape(), w.ir_shape(), zx ? &zxs : nullptr, zw ? &zws : nullptr);
    std::vector<int64_t> yshape;
    const auto y = int_conv(ctx, shifted_input(x, zx), x.shape(), shifted_weight(w, zw),
                            w.shape(), {}, yshape);
    ctx.set_output(0, from_i64(DType::i32, yshape, y));
}

// ---- QLinearConv ---------------------------------------------------------------------------

// Inputs: 0 x, 1 x_scale, 2 x_zero_point, 3 w, 4 w_scale, 5 w_zero_point, 6 y_scale,
// 7 y_zero_point, 8 B.
void check_qlinear_conv(const OpContext& ctx, const std::vector<DType>& t) {
    require_8bit(ctx, t[0], "input x");
    require_8bit(ctx, t[3], "input w");
    require_8bit(ctx, t[7], "input y_zero_point");
    nn::require_same_dtype(ctx, t[2], t[0], "input x_zero_point", "input x");
    nn::require_same_dtype(ctx, t[5], t[3], "input w_zero_point", "input w");
    for (std::size_t i : {1, 4, 6})
        require_dtype_in(ctx, t[i], {DType::f32}, "f32",
                         i == 1 ? "input x_scale" : i == 4 ? "input w_scale" : "input y_scale");
    if (t.size() > 8) require_dtype_in(ctx, t[8], {DType::i32}, "i32", "input B");
}

Shape qlinear_conv_shape(const OpContext& ctx, const std::vector<Shape>& s) {
    require_single(ctx, s[1], "input x_scale");
    require_single(ctx, s[2], "input x_zero_point");
    require_single(ctx, s[6], "input y_scale");
    require_single(ctx, s[7], "input y_zero_point");
    std::vector<PerChannel> pc{{s[4], "input w_scale"}, {s[5], "input w_zero_point"}};
    if (s.size() > 8) pc.push_back({s[8], "input B", false});
    return conv_shape(ctx, s[0], s[3], pc);
}

void infer_qlinear_conv(InferContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> s;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        if (i == 8 && !ctx.has_input(8)) break;
        t.push_back(ctx.input_dtype(i));
        s.push_back(ctx.input_shape(i));
    }
    check_qlinear_conv(ctx, t);
    ctx.set_output(0, t[7], qlinear_conv_shape(ctx, s));
}

void compute_qlinear_conv(ComputeContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> s;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        if (i == 8 && !ctx.has_input(8)) break;
        t.push_back(ctx.input(i).dtype());
        s.push_back(ctx.input(i).ir_shape());
    }
    check_qlinear_conv(ctx, t);
    qlinear_conv_shape(ctx, s);
    const Tensor& w = ctx.input(3);
    const std::vector<int64_t> bias = ctx.has_input(8) ? to_i64(ctx.input(8)) : std::vector<int64_t>{};
    std::vector<int64_t> yshape;
    const auto acc = int_conv(ctx, shifted_input(ctx.input(0), &ctx.input(2)), ctx.input(0).shape(),
                              shifted_weight(w, &ctx.input(5)), w.shape(), bias, yshape);
    // Multipliers per output channel, rounded to float32 like the scales.
    const float xs = ctx.input(1).array<float>().data()[0];
    const float ys = ctx.input(6).array<float>().data()[0];
    const auto& wsc = ctx.input(4).array<float>();
    const double yz = static_cast<double>(ctx.input(7).at_int(0));
    const int64_t m_out = yshape[1];
    const int64_t plane = nn::prod(yshape, 2, yshape.size());
    std::vector<double> q(acc.size());
    for (std::size_t i = 0; i < q.size(); ++i) {
        const int64_t mo = (static_cast<int64_t>(i) / plane) % m_out;
        const float ws = wsc.data()[wsc.size() == 1 ? 0 : static_cast<std::size_t>(mo)];
        const float mult = xs * ws / ys;
        q[i] = static_cast<double>(acc[i]) * static_cast<double>(mult) + yz;
    }
    ctx.set_output(0, requantize(t[7], yshape, q));
}

}  // namespace

void register_conv_integer(OpRegistry& r) {
    OpSchema s;
    s.name = "ConvInteger";
    s.min_inputs = 2;
    s.max_inputs = 4;
    s.attrs = conv_attrs();
    s.infer = infer_conv_integer;
    s.compute = compute_conv_integer;
    s.doc = "int8/uint8 convolution (1-D to 3-D) with zero points and int32 result, ONNX "
            "ConvInteger-10.";
    r.add(std::move(s));

    OpSchema q;
    q.name = "QLinearConv";
    q.min_inputs = 8;
    q.max_inputs = 9;
    q.attrs = conv_attrs();
    q.infer = infer_qlinear_conv;
    q.compute = compute_qlinear_conv;
    q.doc = "Quantized convolution (1-D to 3-D; int8/uint8 in and out, f32 scales, int32 "
            "bias), ONNX QLinearConv-10.";
    r.add(std::move(q));
}

}  // namespace neo::ops::quant
