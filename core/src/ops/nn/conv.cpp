// Conv (ONNX opset 22): 1-D, 2-D and 3-D convolution with groups, dilations, strides,
// pads / auto_pad and an optional bias. X: (N, C, D1..Dn), W: (M, C/group, k1..kn),
// B: (M). Y: (N, M, O1..On).
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

constexpr std::size_t kMaxSpatial = 3;

void infer_conv(InferContext& ctx) {
    const DType xt = ctx.input_dtype(0);
    require_float(ctx, xt, "input X");
    require_same_dtype(ctx, ctx.input_dtype(1), xt, "input W", "input X");
    if (ctx.has_input(2)) require_same_dtype(ctx, ctx.input_dtype(2), xt, "input B", "input X");
    const Shape& xs = ctx.input_shape(0);
    const Shape& ws = ctx.input_shape(1);
    const int64_t group = ctx.attr_i("group");
    if (group < 1) ctx.fail("attribute 'group' must be positive, got " + std::to_string(group));

    const std::size_t rank = conv_rank(ctx, xs, ws);
    if (!rank) {
        ctx.set_output(0, xt, Shape::unranked());
        return;
    }
    const std::size_t sp = rank - 2;
    Window win = read_window(ctx, kernel_from_weights(ctx, sp, ws));

    Dim channels = xs.ranked() ? xs[1] : Dim::unknown();
    Dim m = ws.ranked() ? ws[0] : Dim::unknown();
    if (ws.ranked() && channels.is_static() && ws[1].is_static() &&
        channels.value() != ws[1].value() * group)
        ctx.fail("input X has " + std::to_string(channels.value()) +
                 " channels but W expects " + std::to_string(ws[1].value() * group) +
                 " (W.shape[1] = " + std::to_string(ws[1].value()) + " x group " +
                 std::to_string(group) + ")");
    if (m.is_static() && m.value() % group != 0)
        ctx.fail("the " + std::to_string(m.value()) +
                 " output channels (W.shape[0]) are not divisible by group " +
                 std::to_string(group));
    if (ctx.has_input(2)) {
        const Shape& bs = ctx.input_shape(2);
        if (bs.ranked()) {
            if (bs.rank() != 1) ctx.fail("bias B must be 1-D, got shape " + bs.str());
            if (bs[0].is_static() && m.is_static() && bs[0].value() != m.value())
                ctx.fail("bias B has shape " + bs.str() + " but there are " +
                         std::to_string(m.value()) + " output channels");
            if (!m.is_static() && bs[0].is_static()) m = bs[0];
        }
    }
    std::vector<Dim> out{xs.ranked() ? xs[0] : Dim::unknown(), m};
    for (std::size_t i = 0; i < sp; ++i)
        out.push_back(output_dim(win, i, xs.ranked() ? xs[i + 2] : Dim::unknown(), ctx));
    ctx.set_output(0, xt, Shape(std::move(out)));
}

void compute_conv(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& wt = ctx.input(1);
    const Tensor* bt = ctx.optional_input(2);
    require_float(ctx, xt.dtype(), "input X");
    require_same_dtype(ctx, wt.dtype(), xt.dtype(), "input W", "input X");
    if (bt) require_same_dtype(ctx, bt->dtype(), xt.dtype(), "input B", "input X");
    const auto xs = xt.shape(), ws = wt.shape();
    check_spatial_rank(ctx, xs.size(), "input X", xt.ir_shape());
    if (ws.size() != xs.size())
        ctx.fail("weight W has shape " + ints_str(ws) + " but input X has shape " +
                 ints_str(xs) + "; their ranks must match");
    const std::size_t sp = xs.size() - 2;
    const int64_t group = ctx.attr_i("group");
    if (group < 1) ctx.fail("attribute 'group' must be positive, got " + std::to_string(group));
    const int64_t n_batch = xs[0], c_in = xs[1], m_out = ws[0], c_per_group = ws[1];
    if (c_in != c_per_group * group)
        ctx.fail("input X has " + std::to_string(c_in) + " channels but W expects " +
                 std::to_string(c_per_group * group) + " (W.shape[1] = " +
                 std::to_string(c_per_group) + " x group " + std::to_string(group) + ")");
    if (m_out % group != 0)
        ctx.fail("the " + std::to_string(m_out) +
                 " output channels (W.shape[0]) are not divisible by group " +
                 std::to_string(group));
    if (bt && (bt->rank() != 1 || bt->shape()[0] != m_out))
        ctx.fail("bias B has shape " + ints_str(bt->shape()) + " but there are " +
                 std::to_string(m_out) + " output channels");
    Window win = read_window(ctx, kernel_from_weights(ctx, sp, wt.ir_shape()));

    // Promote to 3 spatial axes (leading axes of extent 1) so one loop nest serves all.
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1}, str[3] = {1, 1, 1},
            dil[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
    std::vector<int64_t> yshape{n_batch, m_out};
    for (std::size_t i = 0; i < sp; ++i) {
        const std::size_t a = kMaxSpatial - sp + i;
        AxisGeometry g = axis_geometry(win, i, xs[i + 2], ctx);
        in[a] = xs[i + 2], out[a] = g.out, k[a] = win.kernel[i];
        str[a] = win.strides[i], dil[a] = win.dilations[i], pad[a] = g.pad_begin;
        yshape.push_back(g.out);
    }

    const std::vector<double> x = to_f64(xt), w = to_f64(wt);
    const std::vector<double> b = bt ? to_f64(*bt) : std::vector<double>();
    const int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
    const int64_t k_size = k[0] * k[1] * k[2], m_per_group = m_out / group;
    std::vector<double> y(static_cast<std::size_t>(n_batch * m_out * out_plane));

    // For kernel offset kw along the innermost axis: the output range [lo, hi) whose input
    // position ow*stride - pad + kw*dil lies inside the input.
    auto valid_range = [](int64_t n_out, int64_t s, int64_t off, int64_t n_in, int64_t& lo,
                          int64_t& hi) {
        lo = 0, hi = n_out;
        while (lo < hi && lo * s + off < 0) ++lo;
        while (hi > lo && (hi - 1) * s + off >= n_in) --hi;
    };

    for (int64_t n = 0; n < n_batch; ++n)
        for (int64_t mo = 0; mo < m_out; ++mo) {
            const int64_t g = mo / m_per_group;
            double* yp = &y[static_cast<std::size_t>((n * m_out + mo) * out_plane)];
            const double bias = bt ? b[static_cast<std::size_t>(mo)] : 0.0;
            std::fill(yp, yp + out_plane, bias);
            for (int64_t ci = 0; ci < c_per_group; ++ci) {
                const double* xp =
                    &x[static_cast<std::size_t>((n * c_in + g * c_per_group + ci) * in_plane)];
                const double* wp = &w[static_cast<std::size_t>((mo * c_per_group + ci) * k_size)];
                for (int64_t kd = 0; kd < k[0]; ++kd)
                    for (int64_t kh = 0; kh < k[1]; ++kh)
                        for (int64_t kw = 0; kw < k[2]; ++kw) {
                            const double wv = wp[(kd * k[1] + kh) * k[2] + kw];
                            const int64_t off_w = kw * dil[2] - pad[2];
                            int64_t lo, hi;
                            valid_range(out[2], str[2], off_w, in[2], lo, hi);
                            for (int64_t od = 0; od < out[0]; ++od) {
                                const int64_t id = od * str[0] - pad[0] + kd * dil[0];
                                if (id < 0 || id >= in[0]) continue;
                                for (int64_t oh = 0; oh < out[1]; ++oh) {
                                    const int64_t ih = oh * str[1] - pad[1] + kh * dil[1];
                                    if (ih < 0 || ih >= in[1]) continue;
                                    const double* xrow = xp + (id * in[1] + ih) * in[2];
                                    double* yrow = yp + (od * out[1] + oh) * out[2];
                                    for (int64_t ow = lo; ow < hi; ++ow)
                                        yrow[ow] += wv * xrow[ow * str[2] + off_w];
                                }
                            }
                        }
            }
        }
    ctx.set_output(0, from_f64(xt.dtype(), yshape, y));
}

}  // namespace

void register_conv(OpRegistry& r) {
    OpSchema s;
    s.name = "Conv";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = window_attr_specs(false);
    s.attrs.push_back({"group", AttrType::i, Attribute(int64_t{1}), false,
                       "number of groups input and output channels are divided into"});
    s.attrs.push_back({"kernel_shape", AttrType::ints, Attribute(std::vector<int64_t>{}), false,
                       "kernel extents (default: W's spatial dims)"});
    s.infer = infer_conv;
    s.compute = compute_conv;
    s.doc = "N-D convolution (1-D to 3-D), ONNX Conv-22. Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
