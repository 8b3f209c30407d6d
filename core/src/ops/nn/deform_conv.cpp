// DeformConv (ONNX opset 22): 2-D deformable convolution. Like Conv, but every kernel tap
// of every output position samples X at its regular position plus a learned offset
// (bilinear interpolation, zero outside X), optionally scaled by a mask:
//   Y[n, m, oh, ow] = B[m] + sum_{c, kh, kw} W[m, c, kh, kw] * mask[n, g, kh, kw, oh, ow] *
//       X[n, c](oh*sh - ph + kh*dh + dy, ow*sw - pw + kw*dw + dx)
// with (dy, dx) = offset[n, g, kh, kw, :, oh, ow], g the offset group of input channel c.
// X: (N, C, H, W), W: (M, C/group, kH, kW), offset: (N, offset_group*2*kH*kW, oH, oW),
// B: (M), mask: (N, offset_group*kH*kW, oH, oW).
#include <cmath>
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

constexpr std::size_t kX = 0, kW = 1, kOffset = 2, kB = 3, kMask = 4;

struct DeformAttrs {
    std::vector<int64_t> kernel, strides, dilations, pads;
    int64_t group = 1, offset_group = 1;
};

DeformAttrs read_attrs(const OpContext& ctx, const Shape& ws) {
    DeformAttrs a;
    a.kernel = kernel_from_weights(ctx, 2, ws);
    for (int64_t k : a.kernel)
        if (k == 0 || k < -1) ctx.fail("kernel shape must be positive, got " + ints_str(a.kernel));
    a.strides = per_axis_attr(ctx, "strides", 2, 1, 1, 1);
    a.dilations = per_axis_attr(ctx, "dilations", 2, 1, 1, 1);
    a.pads = per_axis_attr(ctx, "pads", 2, 2, 0, 0);
    a.group = ctx.attr_i("group");
    if (a.group < 1) ctx.fail("attribute 'group' must be positive, got " + std::to_string(a.group));
    a.offset_group = ctx.attr_i("offset_group");
    if (a.offset_group < 1)
        ctx.fail("attribute 'offset_group' must be positive, got " +
                 std::to_string(a.offset_group));
    return a;
}

// Output extent of spatial axis i for input extent `in` (kernel known); fails when < 1.
int64_t out_extent(const OpContext& ctx, const DeformAttrs& a, std::size_t i, int64_t in) {
    const int64_t eff = (a.kernel[i] - 1) * a.dilations[i] + 1;
    const int64_t span = in + a.pads[i] + a.pads[i + 2] - eff;
    if (span < 0)
        ctx.fail("spatial axis " + std::to_string(i) + ": the input extent " + std::to_string(in) +
                 " padded by " + std::to_string(a.pads[i]) + "+" + std::to_string(a.pads[i + 2]) +
                 " is smaller than the dilated kernel extent " + std::to_string(eff));
    return span / a.strides[i] + 1;
}

// Checks that a ranked shape matches `want` where both are known.
void check_dims(const OpContext& ctx, const Shape& s, const std::vector<Dim>& want,
                const std::string& what, const std::string& layout_doc) {
    if (!s.ranked()) return;
    bool ok = s.rank() == want.size();
    for (std::size_t i = 0; ok && i < want.size(); ++i)
        if (s[i].is_static() && want[i].is_static() && s[i].value() != want[i].value()) ok = false;
    if (!ok) {
        std::string w = "[";
        for (std::size_t i = 0; i < want.size(); ++i) {
            if (i) w += ',';
            w += want[i].str();
        }
        ctx.fail(what + " has shape " + s.str() + " but must be " + layout_doc + " = " + w + "]");
    }
}

Dim mul(const Dim& a, int64_t k) { return a.is_static() ? Dim(a.value() * k) : Dim::unknown(); }

void check_dtypes(const OpContext& ctx, const std::vector<std::pair<std::size_t, DType>>& ts) {
    const char* names[] = {"input X", "weight W", "input offset", "bias B", "input mask"};
    require_float(ctx, ts[0].second, "input X");
    for (std::size_t i = 1; i < ts.size(); ++i)
        require_same_dtype(ctx, ts[i].second, ts[0].second, names[ts[i].first], "input X");
}

void check_channels(const OpContext& ctx, const DeformAttrs& a, int64_t c, int64_t w1,
                    int64_t m) {
    if (c != w1 * a.group)
        ctx.fail("input X has " + std::to_string(c) + " channels but W expects " +
                 std::to_string(w1 * a.group) + " (W.shape[1] = " + std::to_string(w1) +
                 " x group " + std::to_string(a.group) + ")");
    if (m % a.group != 0)
        ctx.fail("the " + std::to_string(m) +
                 " output channels (W.shape[0]) are not divisible by group " +
                 std::to_string(a.group));
    if (c % a.offset_group != 0)
        ctx.fail("the " + std::to_string(c) + " input channels are not divisible by "
                 "offset_group " + std::to_string(a.offset_group));
}

void infer_deform_conv(InferContext& ctx) {
    std::vector<std::pair<std::size_t, DType>> ts;
    for (std::size_t i : {kX, kW, kOffset, kB, kMask})
        if (i < ctx.num_inputs() && ctx.has_input(i)) ts.emplace_back(i, ctx.input_dtype(i));
    check_dtypes(ctx, ts);
    const Shape& xs = ctx.input_shape(kX);
    const Shape& ws = ctx.input_shape(kW);
    for (const auto& [s, what] : {std::pair{&xs, "input X"}, std::pair{&ws, "weight W"}})
        if (s->ranked() && s->rank() != 4)
            ctx.fail(std::string(what) + " has shape " + s->str() +
                     " but must have rank 4; DeformConv supports 2-D inputs (N, C, H, W)");
    const DeformAttrs a = read_attrs(ctx, ws);
    auto at = [](const Shape& s, std::size_t i) { return s.ranked() ? s[i] : Dim::unknown(); };
    if (at(xs, 1).is_static() && at(ws, 1).is_static() && at(ws, 0).is_static())
        check_channels(ctx, a, at(xs, 1).value(), at(ws, 1).value(), at(ws, 0).value());
    Dim m = at(ws, 0);
    std::vector<Dim> out{at(xs, 0), m};
    for (std::size_t i = 0; i < 2; ++i) {
        const Dim in = at(xs, i + 2);
        out.push_back(in.is_static() && a.kernel[i] > 0 ? Dim(out_extent(ctx, a, i, in.value()))
                                                        : Dim::unknown());
    }
    const int64_t taps = a.kernel[0] > 0 && a.kernel[1] > 0 ? a.kernel[0] * a.kernel[1] : -1;
    const Dim tap_dim = taps > 0 ? Dim(taps * a.offset_group) : Dim::unknown();
    const Shape& os = ctx.input_shape(kOffset);
    check_dims(ctx, os, {out[0], mul(tap_dim, 2), out[2], out[3]}, "input offset",
               "[N, offset_group*2*kH*kW, oH, oW]");
    for (std::size_t i = 2; i < 4; ++i)
        if (!out[i].is_static() && os.ranked()) out[i] = os[i];
    if (ctx.num_inputs() > kB && ctx.has_input(kB))
        check_dims(ctx, ctx.input_shape(kB), {m}, "bias B", "[M]");
    if (ctx.num_inputs() > kMask && ctx.has_input(kMask))
        check_dims(ctx, ctx.input_shape(kMask), {out[0], tap_dim, out[2], out[3]}, "input mask",
                   "[N, offset_group*kH*kW, oH, oW]");
    ctx.set_output(0, ctx.input_dtype(kX), Shape(std::move(out)));
}

// X[n, c] plane (h x w) sampled at (y, x) with bilinear interpolation, zero outside.
double sample(const double* plane, int64_t h, int64_t w, double y, double x) {
    if (y <= -1 || y >= static_cast<double>(h) || x <= -1 || x >= static_cast<double>(w))
        return 0.0;
    const double fy = std::floor(y), fx = std::floor(x);
    const auto y0 = static_cast<int64_t>(fy), x0 = static_cast<int64_t>(fx);
    const double ly = y - fy, lx = x - fx;
    double v = 0.0;
    for (int64_t dy = 0; dy < 2; ++dy)
        for (int64_t dx = 0; dx < 2; ++dx) {
            const int64_t yy = y0 + dy, xx = x0 + dx;
            const double wgt = (dy ? ly : 1 - ly) * (dx ? lx : 1 - lx);
            if (wgt != 0.0 && yy >= 0 && yy < h && xx >= 0 && xx < w) v += wgt * plane[yy * w + xx];
        }
    return v;
}

void require(const OpContext& ctx, const Tensor& t, const std::vector<int64_t>& want,
             const std::string& what, const std::string& doc) {
    if (t.shape() != want)
        ctx.fail(what + " has shape " + ints_str(t.shape()) + " but must be " + doc + " = " +
                 ints_str(want));
}

void compute_deform_conv(ComputeContext& ctx) {
    std::vector<std::pair<std::size_t, DType>> ts;
    for (std::size_t i : {kX, kW, kOffset, kB, kMask})
        if (const Tensor* t = ctx.optional_input(i)) ts.emplace_back(i, t->dtype());
    check_dtypes(ctx, ts);
    const Tensor& xt = ctx.input(kX);
    const Tensor& wt = ctx.input(kW);
    if (xt.rank() != 4 || wt.rank() != 4)
        ctx.fail("input X has shape " + ints_str(xt.shape()) + " and W " + ints_str(wt.shape()) +
                 "; both must have rank 4 (DeformConv supports 2-D inputs)");
    const DeformAttrs a = read_attrs(ctx, wt.ir_shape());
    const auto xs = xt.shape(), ws = wt.shape();
    const int64_t n_batch = xs[0], c_in = xs[1], h = xs[2], w = xs[3], m_out = ws[0];
    check_channels(ctx, a, c_in, ws[1], m_out);
    const int64_t kh = a.kernel[0], kw = a.kernel[1], taps = kh * kw;
    const int64_t oh = out_extent(ctx, a, 0, h), ow = out_extent(ctx, a, 1, w);
    const int64_t og = a.offset_group;
    require(ctx, ctx.input(kOffset), {n_batch, og * 2 * taps, oh, ow}, "input offset",
            "[N, offset_group*2*kH*kW, oH, oW]");
    const Tensor* bt = ctx.optional_input(kB);
    const Tensor* mt = ctx.optional_input(kMask);
    if (bt) require(ctx, *bt, {m_out}, "bias B", "[M]");
    if (mt) require(ctx, *mt, {n_batch, og * taps, oh, ow}, "input mask",
                    "[N, offset_group*kH*kW, oH, oW]");

    const std::vector<double> x = to_f64(xt), wv = to_f64(wt), off = to_f64(ctx.input(kOffset));
    const std::vector<double> b = bt ? to_f64(*bt) : std::vector<double>();
    const std::vector<double> mask = mt ? to_f64(*mt) : std::vector<double>();
    const int64_t c_per_group = ws[1], m_per_group = m_out / a.group, c_per_og = c_in / og;
    const int64_t plane = oh * ow;
    std::vector<double> y(static_cast<std::size_t>(n_batch * m_out * plane));
    // Sampled input values per (input channel, tap, output position) for one batch entry.
    std::vector<double> cols(static_cast<std::size_t>(c_in * taps * plane));
    for (int64_t n = 0; n < n_batch; ++n) {
        for (int64_t c = 0; c < c_in; ++c) {
            const int64_t g = c / c_per_og;
            const double* xp = &x[static_cast<std::size_t>((n * c_in + c) * h * w)];
            for (int64_t t = 0; t < taps; ++t) {
                const int64_t ki = t / kw, kj = t % kw;
                const auto tap = static_cast<std::size_t>((n * og + g) * taps + t);
                const double* dy = &off[tap * 2 * static_cast<std::size_t>(plane)];
                const double* dx = dy + plane;
                const double* mk =
                    mt ? &mask[tap * static_cast<std::size_t>(plane)] : nullptr;
                double* col = &cols[static_cast<std::size_t>((c * taps + t) * plane)];
                for (int64_t i = 0; i < oh; ++i)
                    for (int64_t j = 0; j < ow; ++j) {
                        const int64_t o = i * ow + j;
                        const double py = static_cast<double>(i * a.strides[0] - a.pads[0] +
                                                              ki * a.dilations[0]) + dy[o];
                        const double px = static_cast<double>(j * a.strides[1] - a.pads[1] +
                                                              kj * a.dilations[1]) + dx[o];
                        col[o] = sample(xp, h, w, py, px) * (mk ? mk[o] : 1.0);
                    }
            }
        }
        for (int64_t m = 0; m < m_out; ++m) {
            const int64_t g = m / m_per_group;
            double* yp = &y[static_cast<std::size_t>((n * m_out + m) * plane)];
            std::fill(yp, yp + plane, bt ? b[static_cast<std::size_t>(m)] : 0.0);
            for (int64_t ci = 0; ci < c_per_group; ++ci) {
                const int64_t c = g * c_per_group + ci;
                for (int64_t t = 0; t < taps; ++t) {
                    const double wt_v =
                        wv[static_cast<std::size_t>((m * c_per_group + ci) * taps + t)];
                    const double* col = &cols[static_cast<std::size_t>((c * taps + t) * plane)];
                    for (int64_t o = 0; o < plane; ++o) yp[o] += wt_v * col[o];
                }
            }
        }
    }
    ctx.set_output(0, from_f64(xt.dtype(), {n_batch, m_out, oh, ow}, y));
}

}  // namespace

void register_deform_conv(OpRegistry& r) {
    OpSchema s;
    s.name = "DeformConv";
    s.min_inputs = 3;
    s.max_inputs = 5;
    s.attrs = {
        {"dilations", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "dilation per spatial axis (default 1)"},
        {"group", AttrType::i, Attribute(int64_t{1}), false,
         "number of groups input and output channels are divided into"},
        {"kernel_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "kernel extents (default: W's spatial dims)"},
        {"offset_group", AttrType::i, Attribute(int64_t{1}), false,
         "number of groups of input channels sharing one set of offsets (and mask)"},
        {"pads", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "[h_begin, w_begin, h_end, w_end] (default 0)"},
        {"strides", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
         "stride per spatial axis (default 1)"},
    };
    s.infer = infer_deform_conv;
    s.compute = compute_deform_conv;
    s.doc = "2-D deformable convolution, ONNX DeformConv-22 (bilinear sampling, zero outside "
            "the input; optional bias and mask). Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
