// ConvTranspose (ONNX opset 22): the transpose (gradient) of Conv, 1-D to 3-D, with groups,
// strides, dilations, pads / auto_pad, output_padding and output_shape, and an optional
// bias. X: (N, C, D1..Dn), W: (C, M/group, k1..kn), B: (M). Each input element scatters
// X[n, c, i] * W[c, m, k] into Y[n, m, i*stride + k*dilation - pad_begin]. Per axis the
// full output extent is stride*(in-1) + output_padding + (k-1)*dilation + 1; pads (or the
// padding implied by auto_pad SAME_* or output_shape) crop it.
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

constexpr std::size_t kMaxSpatial = 3;

// Floor division (the padding split of SAME_* / output_shape may see a negative total).
int64_t floor_div2(int64_t v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

struct TransposeAttrs {
    Window win;
    std::vector<int64_t> output_padding;  // per spatial axis
    std::vector<int64_t> output_shape;    // per spatial axis; empty when not set
};

// Reads the attributes for `sp` spatial axes. output_shape may list the spatial extents
// or the full output shape (N, M, spatial...); only the spatial ones are kept.
TransposeAttrs read_attrs(const OpContext& ctx, std::size_t sp, const Shape& ws) {
    TransposeAttrs a;
    a.win = read_window(ctx, kernel_from_weights(ctx, sp, ws));
    a.output_padding = ctx.attr_ints("output_padding");
    if (a.output_padding.empty()) a.output_padding.assign(sp, 0);
    if (a.output_padding.size() != sp)
        ctx.fail("attribute 'output_padding' has " + std::to_string(a.output_padding.size()) +
                 " values, expected " + std::to_string(sp) + " (one per spatial axis)");
    for (int64_t v : a.output_padding)
        if (v < 0)
            ctx.fail("attribute 'output_padding' must be non-negative, got " +
                     ints_str(a.output_padding));
    a.output_shape = ctx.attr_ints("output_shape");
    if (a.output_shape.size() == sp + 2)
        a.output_shape.erase(a.output_shape.begin(), a.output_shape.begin() + 2);
    if (!a.output_shape.empty() && a.output_shape.size() != sp)
        ctx.fail("attribute 'output_shape' has " + std::to_string(a.output_shape.size()) +
                 " values, expected " + std::to_string(sp) + " (one per spatial axis)");
    for (int64_t v : a.output_shape)
        if (v < 1)
            ctx.fail("attribute 'output_shape' must be positive, got " + ints_str(a.output_shape));
    return a;
}

struct TransposeAxis {
    int64_t out = 0;        // output extent
    int64_t pad_begin = 0;  // output positions cropped at the beginning (may be negative)
};

// Geometry of spatial axis i for a static input extent `in` (the kernel extent known).
TransposeAxis transpose_axis(const OpContext& ctx, const TransposeAttrs& a, std::size_t i,
                             int64_t in) {
    const Window& w = a.win;
    const int64_t k = w.kernel[i], s = w.strides[i], d = w.dilations[i];
    const int64_t full = s * (in - 1) + a.output_padding[i] + (k - 1) * d + 1;
    TransposeAxis g;
    const bool same = w.auto_pad == AutoPad::same_upper || w.auto_pad == AutoPad::same_lower;
    if (!a.output_shape.empty() || same) {
        g.out = a.output_shape.empty() ? in * s : a.output_shape[i];
        const int64_t total = full - g.out;
        g.pad_begin = w.auto_pad == AutoPad::same_upper ? floor_div2(total)
                                                        : total - floor_div2(total);
    } else {
        const int64_t pb = w.pads[i], pe = w.pads[i + w.rank];
        g.out = full - pb - pe;
        g.pad_begin = pb;
        if (g.out < 1)
            ctx.fail("spatial axis " + std::to_string(i) + ": the pads " + std::to_string(pb) +
                     "+" + std::to_string(pe) + " crop the whole output extent " +
                     std::to_string(full));
    }
    return g;
}

void check_dtypes(const OpContext& ctx, DType x, DType w, std::optional<DType> b) {
    require_float(ctx, x, "input X");
    require_same_dtype(ctx, w, x, "input W", "input X");
    if (b) require_same_dtype(ctx, *b, x, "input B", "input X");
}

void check_channels(const OpContext& ctx, int64_t c_in, int64_t w0, int64_t group) {
    if (c_in % group != 0)
        ctx.fail("the " + std::to_string(c_in) + " input channels are not divisible by group " +
                 std::to_string(group));
    if (w0 != c_in)
        ctx.fail("input X has " + std::to_string(c_in) + " channels but W.shape[0] is " +
                 std::to_string(w0) + "; ConvTranspose weights are (C, M/group, k...)");
}

int64_t read_group(const OpContext& ctx) {
    const int64_t group = ctx.attr_i("group");
    if (group < 1) ctx.fail("attribute 'group' must be positive, got " + std::to_string(group));
    return group;
}

void infer_conv_transpose(InferContext& ctx) {
    check_dtypes(ctx, ctx.input_dtype(0), ctx.input_dtype(1),
                 ctx.has_input(2) ? std::optional<DType>(ctx.input_dtype(2)) : std::nullopt);
    const DType xt = ctx.input_dtype(0);
    const Shape& xs = ctx.input_shape(0);
    const Shape& ws = ctx.input_shape(1);
    const int64_t group = read_group(ctx);
    const std::size_t rank = conv_rank(ctx, xs, ws);
    if (!rank) {
        ctx.set_output(0, xt, Shape::unranked());
        return;
    }
    const std::size_t sp = rank - 2;
    const TransposeAttrs a = read_attrs(ctx, sp, ws);
    if (xs.ranked() && ws.ranked() && xs[1].is_static() && ws[0].is_static())
        check_channels(ctx, xs[1].value(), ws[0].value(), group);
    Dim m = ws.ranked() && ws[1].is_static() ? Dim(ws[1].value() * group) : Dim::unknown();
    if (ctx.has_input(2)) {
        const Shape& bs = ctx.input_shape(2);
        if (bs.ranked()) {
            if (bs.rank() != 1) ctx.fail("bias B must be 1-D, got shape " + bs.str());
            if (bs[0].is_static() && m.is_static() && bs[0].value() != m.value())
                ctx.fail("bias B has shape " + bs.str() + " but there are " +
                         std::to_string(m.value()) + " output channels (W.shape[1] x group)");
            if (!m.is_static()) m = bs[0];
        }
    }
    std::vector<Dim> out{xs.ranked() ? xs[0] : Dim::unknown(), m};
    for (std::size_t i = 0; i < sp; ++i) {
        const Dim in = xs.ranked() ? xs[i + 2] : Dim::unknown();
        if (!a.output_shape.empty()) out.emplace_back(a.output_shape[i]);
        else if (in.is_static() && a.win.kernel[i] > 0)
            out.emplace_back(transpose_axis(ctx, a, i, in.value()).out);
        else out.push_back(Dim::unknown());
    }
    ctx.set_output(0, xt, Shape(std::move(out)));
}

void compute_conv_transpose(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& wt = ctx.input(1);
    const Tensor* bt = ctx.optional_input(2);
    check_dtypes(ctx, xt.dtype(), wt.dtype(),
                 bt ? std::optional<DType>(bt->dtype()) : std::nullopt);
    const auto xs = xt.shape(), ws = wt.shape();
    check_spatial_rank(ctx, xs.size(), "input X", xt.ir_shape());
    if (ws.size() != xs.size())
        ctx.fail("weight W has shape " + ints_str(ws) + " but input X has shape " +
                 ints_str(xs) + "; their ranks must match");
    const std::size_t sp = xs.size() - 2;
    const int64_t group = read_group(ctx);
    const int64_t n_batch = xs[0], c_in = xs[1], m_per_group = ws[1];
    check_channels(ctx, c_in, ws[0], group);
    const int64_t m_out = m_per_group * group, c_per_group = c_in / group;
    if (bt && (bt->rank() != 1 || bt->shape()[0] != m_out))
        ctx.fail("bias B has shape " + ints_str(bt->shape()) + " but there are " +
                 std::to_string(m_out) + " output channels (W.shape[1] x group)");
    const TransposeAttrs a = read_attrs(ctx, sp, wt.ir_shape());

    // Promote to 3 spatial axes (leading axes of extent 1).
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1}, str[3] = {1, 1, 1},
            dil[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
    std::vector<int64_t> yshape{n_batch, m_out};
    for (std::size_t i = 0; i < sp; ++i) {
        const std::size_t ax = kMaxSpatial - sp + i;
        const TransposeAxis g = transpose_axis(ctx, a, i, xs[i + 2]);
        in[ax] = xs[i + 2], out[ax] = g.out, k[ax] = a.win.kernel[i];
        str[ax] = a.win.strides[i], dil[ax] = a.win.dilations[i], pad[ax] = g.pad_begin;
        yshape.push_back(g.out);
    }

    const std::vector<double> x = to_f64(xt), w = to_f64(wt);
    const std::vector<double> b = bt ? to_f64(*bt) : std::vector<double>();
    const int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
    const int64_t k_size = k[0] * k[1] * k[2];
    std::vector<double> y(static_cast<std::size_t>(n_batch * m_out * out_plane));

    for (int64_t n = 0; n < n_batch; ++n)
        for (int64_t mo = 0; mo < m_out; ++mo) {
            const int64_t g = mo / m_per_group, m = mo % m_per_group;
            double* yp = &y[static_cast<std::size_t>((n * m_out + mo) * out_plane)];
            std::fill(yp, yp + out_plane, bt ? b[static_cast<std::size_t>(mo)] : 0.0);
            for (int64_t ci = 0; ci < c_per_group; ++ci) {
                const int64_t c = g * c_per_group + ci;
                const double* xp = &x[static_cast<std::size_t>((n * c_in + c) * in_plane)];
                const double* wp =
                    &w[static_cast<std::size_t>((c * m_per_group + m) * k_size)];
                for (int64_t id = 0; id < in[0]; ++id)
                    for (int64_t ih = 0; ih < in[1]; ++ih)
                        for (int64_t iw = 0; iw < in[2]; ++iw) {
                            const double xv = xp[(id * in[1] + ih) * in[2] + iw];
                            for (int64_t kd = 0; kd < k[0]; ++kd) {
                                const int64_t od = id * str[0] + kd * dil[0] - pad[0];
                                if (od < 0 || od >= out[0]) continue;
                                for (int64_t kh = 0; kh < k[1]; ++kh) {
                                    const int64_t oh = ih * str[1] + kh * dil[1] - pad[1];
                                    if (oh < 0 || oh >= out[1]) continue;
                                    for (int64_t kw = 0; kw < k[2]; ++kw) {
                                        const int64_t ow = iw * str[2] + kw * dil[2] - pad[2];
                                        if (ow < 0 || ow >= out[2]) continue;
                                        yp[(od * out[1] + oh) * out[2] + ow] +=
                                            xv * wp[(kd * k[1] + kh) * k[2] + kw];
                                    }
                                }
                            }
                        }
            }
        }
    ctx.set_output(0, from_f64(xt.dtype(), yshape, y));
}

}  // namespace

void register_conv_transpose(OpRegistry& r) {
    OpSchema s;
    s.name = "ConvTranspose";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = window_attr_specs(false);
    s.attrs.push_back({"group", AttrType::i, Attribute(int64_t{1}), false,
                       "number of groups input and output channels are divided into"});
    s.attrs.push_back({"kernel_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
                       "kernel extents (default: W's spatial dims)"});
    s.attrs.push_back({"output_padding", AttrType::ints, Attribute(std::vector<int64_t>{}),
                       false, "extra output extent at the end of each spatial axis (default 0)"});
    s.attrs.push_back({"output_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
                       "output spatial extents; the padding is then derived from them (SAME_UPPER: "
                       "the odd unit at the end, else at the beginning) and pads are ignored"});
    s.infer = infer_conv_transpose;
    s.compute = compute_conv_transpose;
    s.doc = "N-D transposed convolution (1-D to 3-D), ONNX ConvTranspose-22. Float dtypes; "
            "computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
