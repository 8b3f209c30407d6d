// RoiAlign: pools every region of interest of a feature map X [N, C, H, W] into an
// [output_height, output_width] grid. Each output bin averages (mode "avg") or takes the
// maximum (mode "max") of sampling_ratio x sampling_ratio bilinearly interpolated points
// (adaptive: ceil(roi size / bins) when sampling_ratio is 0). As in ONNX Runtime, "max" takes
// the maximum of the four weighted corner terms of each sample point.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ops/image/image_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::image {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::make_schema;
using tensor_ops::shape_str;

struct RoiParams {
    bool max_mode = false, half_pixel = true;
    int64_t out_h = 1, out_w = 1, sampling = 0;
    double scale = 1.0;
};

RoiParams roi_params(const OpContext& ctx) {
    RoiParams p;
    const std::string& mode = ctx.attr_s("mode");
    if (mode != "avg" && mode != "max")
        ctx.fail("attribute 'mode' must be \"avg\" or \"max\", got \"" + mode + "\"");
    p.max_mode = mode == "max";
    const std::string& ctm = ctx.attr_s("coordinate_transformation_mode");
    if (ctm != "half_pixel" && ctm != "output_half_pixel")
        ctx.fail("attribute 'coordinate_transformation_mode' must be \"half_pixel\" or "
                 "\"output_half_pixel\", got \"" + ctm + "\"");
    p.half_pixel = ctm == "half_pixel";
    p.out_h = ctx.attr_i("output_height");
    p.out_w = ctx.attr_i("output_width");
    if (p.out_h < 1 || p.out_w < 1)
        ctx.fail("output_height and output_width must be >= 1, got " + std::to_string(p.out_h) +
                 " and " + std::to_string(p.out_w));
    p.sampling = ctx.attr_i("sampling_ratio");
    if (p.sampling < 0)
        ctx.fail("sampling_ratio must be >= 0 (0: adaptive), got " + std::to_string(p.sampling));
    p.scale = ctx.attr_f("spatial_scale");
    return p;
}

void infer_roi_align(InferContext& ctx) {
    RoiParams p = roi_params(ctx);
    DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "X (input 0)");
    nn::require_same_dtype(ctx, ctx.input_dtype(1), t, "rois (input 1)", "X (input 0)");
    tensor_ops::require_int_dtype(ctx, ctx.input_dtype(2), "batch_indices (input 2)");
    const Shape &x = ctx.input_shape(0), &rois = ctx.input_shape(1), &bi = ctx.input_shape(2);
    if (x.ranked() && x.rank() != 4) ctx.fail("X (input 0) must be [N, C, H, W], got shape " + x.str());
    if (rois.ranked() && (rois.rank() != 2 || (rois[1].is_static() && rois[1].value() != 4)))
        ctx.fail("rois (input 1) must be [num_rois, 4], got shape " + rois.str());
    if (bi.ranked() && bi.rank() != 1)
        ctx.fail("batch_indices (input 2) must be 1-D [num_rois], got shape " + bi.str());
    Dim n = rois.ranked() ? rois[0] : (bi.ranked() ? bi[0] : Dim::unknown());
    if (rois.ranked() && bi.ranked() && rois[0].is_static() && bi[0].is_static() &&
        rois[0].value() != bi[0].value())
        ctx.fail("rois " + rois.str() + " and batch_indices " + bi.str() +
                 " disagree on the number of regions");
    Dim c = x.ranked() ? x[1] : Dim::unknown();
    ctx.set_output(0, t, Shape({n, c, Dim(p.out_h), Dim(p.out_w)}));
}

// One bilinear sample point: four flat positions within an H x W plane and their weights.
struct Sample {
    int64_t pos[4] = {0, 0, 0, 0};
    double w[4] = {0, 0, 0, 0};
};

// The sample at (y, x); points more than one pixel outside the map get zero weights.
Sample bilinear_sample(double y, double x, int64_t h, int64_t w) {
    Sample s;
    if (y < -1.0 || y > static_cast<double>(h) || x < -1.0 || x > static_cast<double>(w)) return s;
    y = std::max(y, 0.0);
    x = std::max(x, 0.0);
    auto y0 = static_cast<int64_t>(y), x0 = static_cast<int64_t>(x);
    int64_t y1 = y0 + 1, x1 = x0 + 1;
    if (y0 >= h - 1) {
        y0 = y1 = h - 1;
        y = static_cast<double>(y0);
    }
    if (x0 >= w - 1) {
        x0 = x1 = w - 1;
        x = static_cast<double>(x0);
    }
    const double ly = y - static_cast<double>(y0), lx = x - static_cast<double>(x0);
    const double hy = 1 - ly, hx = 1 - lx;
    s.pos[0] = y0 * w + x0;
    s.pos[1] = y0 * w + x1;
    s.pos[2] = y1 * w + x0;
    s.pos[3] = y1 * w + x1;
    s.w[0] = hy * hx;
    s.w[1] = hy * lx;
    s.w[2] = ly * hx;
    s.w[3] = ly * lx;
    return s;
}

void compute_roi_align(ComputeContext& ctx) {
    const RoiParams p = roi_params(ctx);
    const Tensor& xt = ctx.input(0);
    nn::require_float(ctx, xt.dtype(), "X (input 0)");
    nn::require_same_dtype(ctx, ctx.input(1).dtype(), xt.dtype(), "rois (input 1)", "X (input 0)");
    auto xs = xt.shape(), rs = ctx.input(1).shape();
    if (xs.size() != 4) ctx.fail("X (input 0) must be [N, C, H, W], got shape " + shape_str(xs));
    if (rs.size() != 2 || rs[1] != 4)
        ctx.fail("rois (input 1) must be [num_rois, 4], got shape " + shape_str(rs));
    auto batch = tensor_ops::input_ints(ctx, 2, "batch_indices (input 2)");
    if (ctx.input(2).rank() != 1 || static_cast<int64_t>(batch.size()) != rs[0])
        ctx.fail("batch_indices (input 2) must be [" + std::to_string(rs[0]) + "], got shape " +
                 ctx.input(2).ir_shape().str());
    const int64_t nb = xs[0], ch = xs[1], h = xs[2], w = xs[3], nr = rs[0];
    const auto x = nn::to_f64(xt), rois = nn::to_f64(ctx.input(1));
    std::vector<double> y(static_cast<std::size_t>(nr * ch * p.out_h * p.out_w));
    const double off = p.half_pixel ? 0.5 : 0.0;
    for (int64_t r = 0; r < nr; ++r) {
        const int64_t b = batch[static_cast<std::size_t>(r)];
        if (b < 0 || b >= nb)
            ctx.fail("batch_indices[" + std::to_string(r) + "] = " + std::to_string(b) +
                     " is outside [0, " + std::to_string(nb) + ")");
        const double* roi = rois.data() + r * 4;
        const double x0 = roi[0] * p.scale - off, y0 = roi[1] * p.scale - off;
        double rw = roi[2] * p.scale - off - x0, rh = roi[3] * p.scale - off - y0;
        if (!p.half_pixel) {  // legacy mode: malformed regions become 1 x 1
            rw = std::max(rw, 1.0);
            rh = std::max(rh, 1.0);
        }
        const double bin_h = rh / static_cast<double>(p.out_h), bin_w = rw / static_cast<double>(p.out_w);
        const int64_t gh = p.sampling > 0 ? p.sampling : static_cast<int64_t>(std::ceil(bin_h));
        const int64_t gw = p.sampling > 0 ? p.sampling : static_cast<int64_t>(std::ceil(bin_w));
        const double count = static_cast<double>(std::max<int64_t>(gh * gw, 1));
        // The sample points of every bin, shared by all channels.
        std::vector<Sample> samples;
        samples.reserve(static_cast<std::size_t>(p.out_h * p.out_w * std::max<int64_t>(gh * gw, 0)));
        for (int64_t ph = 0; ph < p.out_h; ++ph)
            for (int64_t pw = 0; pw < p.out_w; ++pw)
                for (int64_t iy = 0; iy < gh; ++iy)
                    for (int64_t ix = 0; ix < gw; ++ix)
                        samples.push_back(bilinear_sample(
                            y0 + static_cast<double>(ph) * bin_h + (static_cast<double>(iy) + 0.5) * bin_h / static_cast<double>(gh),
                            x0 + static_cast<double>(pw) * bin_w + (static_cast<double>(ix) + 0.5) * bin_w / static_cast<double>(gw),
                            h, w));
        const auto per_bin = static_cast<std::size_t>(std::max<int64_t>(gh * gw, 0));
        for (int64_t c = 0; c < ch; ++c) {
            const double* plane = x.data() + (b * ch + c) * h * w;
            double* out = y.data() + (r * ch + c) * p.out_h * p.out_w;
            for (int64_t bin = 0; bin < p.out_h * p.out_w; ++bin) {
                double acc = 0;
                for (std::size_t k = 0; k < per_bin; ++k) {
                    const Sample& s = samples[static_cast<std::size_t>(bin) * per_bin + k];
                    if (p.max_mode) {
                        double v = s.w[0] * plane[s.pos[0]];
                        for (int q = 1; q < 4; ++q) v = std::max(v, s.w[q] * plane[s.pos[q]]);
                        acc = k == 0 ? v : std::max(acc, v);
                    } else {
                        for (int q = 0; q < 4; ++q) acc += s.w[q] * plane[s.pos[q]];
                    }
                }
                out[bin] = p.max_mode ? acc : acc / count;
            }
        }
    }
    ctx.set_output(0, nn::from_f64(xt.dtype(), {nr, ch, p.out_h, p.out_w}, y));
}

}  // namespace

void register_roi_align(OpRegistry& r) {
    r.add(make_schema(
        "RoiAlign", 3, 3, 1, 1,
        {attr_with_default("coordinate_transformation_mode", std::string("half_pixel"),
                           "\"half_pixel\" (shift by -0.5) or \"output_half_pixel\" (legacy)"),
         attr_with_default("mode", std::string("avg"), "\"avg\" or \"max\" pooling in a bin"),
         attr_with_default("output_height", int64_t{1}, "pooled output height"),
         attr_with_default("output_width", int64_t{1}, "pooled output width"),
         attr_with_default("sampling_ratio", int64_t{0},
                           "sample points per bin side (0: ceil(roi size / bins))"),
         attr_with_default("spatial_scale", 1.0, "scale from roi coordinates to X's pixels")},
        infer_roi_align, compute_roi_align,
        "Region-of-interest align: bilinear pooling of each roi of X into a fixed grid."));
}

}  // namespace neo::ops::image
