// MaxPool, AveragePool and LpPool (ONNX opset 22): 1-D, 2-D and 3-D windows with
// strides, dilations, pads / auto_pad and ceil_mode. AveragePool: count_include_pad.
// MaxPool: the optional Indices output (int64, flat indices into X, row- or column-major
// over the spatial axes per storage_order). LpPool: (sum over the window of |x|^p)^(1/p),
// padding contributing nothing.
#include <cmath>
#include <limits>
#include <string>

#include "ops/nn/nn_util.hpp"
#include "ops/nn/window.hpp"

namespace neo::ops::nn {
namespace {

constexpr std::size_t kMaxSpatial = 3;

bool is_max(const OpContext& ctx) { return ctx.node().op() == "MaxPool"; }
bool is_lp(const OpContext& ctx) { return ctx.node().op() == "LpPool"; }

void check_pool_dtype(const OpContext& ctx, DType t) {
    if (t == DType::undefined || is_float(t)) return;
    if (is_max(ctx) && (t == DType::i8 || t == DType::u8)) return;
    ctx.fail("input X has dtype " + std::string(dtype_name(t)) + "; " + ctx.node().op() +
             " supports " + kFloatDTypes + (is_max(ctx) ? ", i8, u8" : ""));
}

const std::vector<int64_t>& pool_kernel(const OpContext& ctx) {
    const auto& k = ctx.attr_ints("kernel_shape");
    if (k.empty()) ctx.fail("attribute 'kernel_shape' must not be empty");
    if (k.size() > kMaxSpatial)
        ctx.fail("attribute 'kernel_shape' has " + std::to_string(k.size()) +
                 " values; only 1-D, 2-D and 3-D pooling is supported");
    return k;
}

void check_x_rank(const OpContext& ctx, const Shape& xs, std::size_t sp) {
    if (xs.ranked() && xs.rank() != sp + 2)
        ctx.fail("input X has shape " + xs.str() + " but attribute 'kernel_shape' has " +
                 std::to_string(sp) + " values; X must have rank " + std::to_string(sp + 2) +
                 " (N, C, spatial...)");
}

void check_storage_order(const OpContext& ctx) {
    if (!is_max(ctx)) return;
    int64_t so = ctx.attr_i("storage_order");
    if (so != 0 && so != 1)
        ctx.fail("attribute 'storage_order' must be 0 or 1, got " + std::to_string(so));
}

void infer_pool(InferContext& ctx) {
    const DType xt = ctx.input_dtype(0);
    check_pool_dtype(ctx, xt);
    const auto& kernel = pool_kernel(ctx);
    const std::size_t sp = kernel.size();
    Window win = read_window(ctx, kernel);
    check_storage_order(ctx);
    if (is_lp(ctx)) lp_exponent(ctx);
    if (ctx.node().op() == "AveragePool") {
        int64_t cip = ctx.attr_i("count_include_pad");
        if (cip != 0 && cip != 1)
            ctx.fail("attribute 'count_include_pad' must be 0 or 1, got " + std::to_string(cip));
    }
    const Shape& xs = ctx.input_shape(0);
    check_x_rank(ctx, xs, sp);
    std::vector<Dim> out{xs.ranked() ? xs[0] : Dim::unknown(),
                         xs.ranked() ? xs[1] : Dim::unknown()};
    for (std::size_t i = 0; i < sp; ++i)
        out.push_back(output_dim(win, i, xs.ranked() ? xs[i + 2] : Dim::unknown(), ctx));
    ctx.set_output(0, xt, Shape(out));
    if (ctx.num_outputs() > 1) ctx.set_output(1, DType::i64, Shape(out));
}

// The taps of one output position along one axis: the input positions inside the input,
// and how many taps fall inside the padded input (the divisor with count_include_pad).
struct AxisTaps {
    std::vector<int64_t> pos;
    int64_t padded_count = 0;
};

std::vector<AxisTaps> axis_taps(int64_t n_in, int64_t n_out, int64_t k, int64_t s, int64_t d,
                                int64_t pb, int64_t pe) {
    std::vector<AxisTaps> taps(static_cast<std::size_t>(n_out));
    for (int64_t o = 0; o < n_out; ++o) {
        AxisTaps& t = taps[static_cast<std::size_t>(o)];
        for (int64_t j = 0; j < k; ++j) {
            int64_t p = o * s - pb + j * d;
            if (p >= -pb && p < n_in + pe) ++t.padded_count;
            if (p >= 0 && p < n_in) t.pos.push_back(p);
        }
    }
    return taps;
}

void compute_pool(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    check_pool_dtype(ctx, xt.dtype());
    const auto& kernel = pool_kernel(ctx);
    const std::size_t sp = kernel.size();
    Window win = read_window(ctx, kernel);
    check_storage_order(ctx);
    const auto xs = xt.shape();
    check_x_rank(ctx, xt.ir_shape(), sp);
    const bool max = is_max(ctx);
    const bool lp = is_lp(ctx);
    const double p_exp = lp ? static_cast<double>(lp_exponent(ctx)) : 1.0;
    const bool include_pad = !max && !lp && ctx.attr_i("count_include_pad") == 1;
    const bool col_major = max && ctx.attr_i("storage_order") == 1;
    const bool want_indices = ctx.num_outputs() > 1;

    // Promote to 3 spatial axes (leading axes of extent 1).
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1};
    std::vector<AxisTaps> taps[3];
    std::vector<int64_t> yshape{xs[0], xs[1]};
    for (std::size_t a = 0; a < kMaxSpatial; ++a) taps[a] = {AxisTaps{{0}, 1}};
    for (std::size_t i = 0; i < sp; ++i) {
        const std::size_t a = kMaxSpatial - sp + i;
        AxisGeometry g = axis_geometry(win, i, xs[i + 2], ctx);
        in[a] = xs[i + 2], out[a] = g.out;
        taps[a] = axis_taps(in[a], g.out, win.kernel[i], win.strides[i], win.dilations[i],
                            g.pad_begin, g.pad_end);
        yshape.push_back(g.out);
    }

    const std::vector<double> x = to_f64(xt);
    const int64_t planes = xs[0] * xs[1];
    const int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
    std::vector<double> y(static_cast<std::size_t>(planes * out_plane));
    std::vector<int64_t> idx(want_indices ? y.size() : 0);
    // A window with no tap inside the input (only possible with pads >= the kernel extent).
    const double empty_max = is_float(xt.dtype())
        ? -std::numeric_limits<double>::infinity()
        : (xt.dtype() == DType::i8 ? -128.0 : 0.0);

    for (int64_t p = 0; p < planes; ++p) {
        const double* xp = &x[static_cast<std::size_t>(p * in_plane)];
        for (int64_t od = 0; od < out[0]; ++od)
            for (int64_t oh = 0; oh < out[1]; ++oh)
                for (int64_t ow = 0; ow < out[2]; ++ow) {
                    const AxisTaps& td = taps[0][static_cast<std::size_t>(od)];
                    const AxisTaps& th = taps[1][static_cast<std::size_t>(oh)];
                    const AxisTaps& tw = taps[2][static_cast<std::size_t>(ow)];
                    double sum = 0.0, best = empty_max;
                    bool have = false;
                    int64_t best_at = -1;
                    for (int64_t id : td.pos)
                        for (int64_t ih : th.pos)
                            for (int64_t iw : tw.pos) {
                                const double v = xp[(id * in[1] + ih) * in[2] + iw];
                                if (lp) {
                                    sum += std::pow(std::abs(v), p_exp);
                                } else if (!max) {
                                    sum += v;
                                } else if (!have || v > best ||
                                           (std::isnan(best) && !std::isnan(v))) {
                                    best = v, have = true;
                                    best_at = col_major ? id + ih * in[0] + iw * in[0] * in[1]
                                                        : (id * in[1] + ih) * in[2] + iw;
                                }
                            }
                    const std::size_t o = static_cast<std::size_t>(
                        p * out_plane + (od * out[1] + oh) * out[2] + ow);
                    if (max) {
                        y[o] = best;
                        if (want_indices) idx[o] = best_at < 0 ? -1 : p * in_plane + best_at;
                    } else if (lp) {
                        y[o] = std::pow(sum, 1.0 / p_exp);
                    } else {
                        const int64_t n = include_pad
                            ? td.padded_count * th.padded_count * tw.padded_count
                            : static_cast<int64_t>(td.pos.size() * th.pos.size() * tw.pos.size());
                        y[o] = sum / static_cast<double>(n);
                    }
                }
    }
    ctx.set_output(0, from_f64(xt.dtype(), yshape, y));
    if (want_indices) ctx.set_output(1, Tensor::from_vector<int64_t>(yshape, idx));
}

void add_pool(OpRegistry& r, const std::string& name, AttrSpec extra, int max_outputs,
              const std::string& doc) {
    OpSchema s;
    s.name = name;
    s.max_outputs = max_outputs;
    s.attrs = window_attr_specs(true);
    s.attrs.push_back({"kernel_shape", AttrType::ints, std::nullopt, true,
                       "window extent per spatial axis"});
    s.attrs.push_back(std::move(extra));
    s.infer = infer_pool;
    s.compute = compute_pool;
    s.doc = doc;
    r.add(std::move(s));
}

}  // namespace

void register_pool(OpRegistry& r) {
    add_pool(r, "MaxPool",
             {"storage_order", AttrType::i, Attribute(int64_t{0}), false,
              "Indices output: 0 row-major, 1 column-major over spatial axes"},
             2,
             "Max pooling (1-D to 3-D), ONNX MaxPool-22, optional Indices output. "
             "f32, f64, f16, bf16, i8, u8. NaN inputs are skipped unless a window holds only NaN.");
    add_pool(r, "AveragePool",
             {"count_include_pad", AttrType::i, Attribute(int64_t{0}), false,
              "1: padded positions count in the divisor"},
             1,
             "Average pooling (1-D to 3-D), ONNX AveragePool-22. Float dtypes; computed in "
             "double. With count_include_pad the divisor counts the taps inside the padded "
             "input (taps beyond the end padding, possible with ceil_mode, are not counted).");
    add_pool(r, "LpPool",
             {"p", AttrType::i, Attribute(int64_t{2}), false, "the exponent p of the Lp norm"}, 1,
             "Lp-norm pooling (1-D to 3-D), ONNX LpPool-22: (sum of |x|^p over the window)^(1/p). "
             "Float dtypes; computed in double.");
}

}  // namespace neo::ops::nn
