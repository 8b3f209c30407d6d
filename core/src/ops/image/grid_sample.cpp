// GridSample: samples X [N, C, D1..Dr] at the normalized locations of grid [N, O1..Or, r]
// (the last grid axis lists coordinates innermost dim first: x, y, z) giving
// Y [N, C, O1..Or]. Coordinates in [-1, 1] map to the corner pixel centers (align_corners=1)
// or the outer pixel edges (0). Interpolation "linear", "nearest" (round half to even) or
// "cubic" (Keys, A = -0.75) on any number of spatial dims; locations outside the input read
// zeros, the border pixels, or the input reflected at its borders (padding_mode).
#include <algorithm>
#include <array>
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

enum class Interp { linear, nearest, cubic };
enum class Padding { zeros, border, reflection };

struct GridParams {
    Interp mode = Interp::linear;
    Padding padding = Padding::zeros;
    bool align = false;
};

GridParams grid_params(const OpContext& ctx) {
    GridParams p;
    const std::string& m = ctx.attr_s("mode");
    if (m == "linear" || m == "bilinear") p.mode = Interp::linear;  // "bilinear": opset 16 name
    else if (m == "nearest") p.mode = Interp::nearest;
    else if (m == "cubic" || m == "bicubic") p.mode = Interp::cubic;
    else ctx.fail("attribute 'mode' must be \"linear\", \"nearest\" or \"cubic\", got \"" + m + "\"");
    const std::string& pm = ctx.attr_s("padding_mode");
    if (pm == "zeros") p.padding = Padding::zeros;
    else if (pm == "border") p.padding = Padding::border;
    else if (pm == "reflection") p.padding = Padding::reflection;
    else ctx.fail("attribute 'padding_mode' must be \"zeros\", \"border\" or \"reflection\", got \"" +
                  pm + "\"");
    const int64_t a = ctx.attr_i("align_corners");
    if (a != 0 && a != 1) ctx.fail("attribute 'align_corners' must be 0 or 1, got " + std::to_string(a));
    p.align = a == 1;
    return p;
}

void infer_grid_sample(InferContext& ctx) {
    grid_params(ctx);
    DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "X (input 0)");
    nn::require_float(ctx, ctx.input_dtype(1), "grid (input 1)");
    const Shape &x = ctx.input_shape(0), &g = ctx.input_shape(1);
    if (x.ranked() && x.rank() < 3)
        ctx.fail("X (input 0) must be [N, C, D1, ...] with at least one spatial dim, got shape " + x.str());
    if (x.ranked() && g.ranked()) {
        const std::size_t r = x.rank() - 2;
        if (g.rank() != r + 2)
            ctx.fail("grid (input 1) must have rank " + std::to_string(r + 2) + " ([N, O1.." +
                     "Or, r] for X " + x.str() + "), got shape " + g.str());
        const Dim& last = g[g.rank() - 1];
        if (last.is_static() && last.value() != static_cast<int64_t>(r))
            ctx.fail("the last dim of grid " + g.str() + " must be " + std::to_string(r) +
                     " (one coordinate per spatial dim of X " + x.str() + ")");
        if (x[0].is_static() && g[0].is_static() && x[0].value() != g[0].value())
            ctx.fail("X " + x.str() + " and grid " + g.str() + " disagree on the batch size");
    }
    Shape out = Shape::unranked();
    if (g.ranked() && g.rank() >= 3) {
        std::vector<Dim> dims{g[0], x.ranked() ? x[1] : Dim::unknown()};
        dims.insert(dims.end(), g.dims().begin() + 1, g.dims().end() - 1);
        out = Shape(std::move(dims));
    }
    ctx.set_output(0, t, std::move(out));
}

// Reflects v into [lo, hi] (mirroring at the borders as often as needed).
double reflect(double v, double lo, double hi) {
    const double range = hi - lo;
    if (range <= 0) return lo;
    if (v < lo) {
        const double d = lo - v;
        const auto n = static_cast<int64_t>(d / range);
        const double r = d - static_cast<double>(n) * range;
        return n % 2 == 0 ? lo + r : hi - r;
    }
    if (v > hi) {
        const double d = v - hi;
        const auto n = static_cast<int64_t>(d / range);
        const double r = d - static_cast<double>(n) * range;
        return n % 2 == 0 ? hi - r : lo + r;
    }
    return v;
}

std::array<double, 4> cubic_coeffs(double t) {
    constexpr double A = -0.75;
    auto near = [](double x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };          // |x| <= 1
    auto far = [](double x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };     // 1 < |x| < 2
    return {far(t + 1), near(t), near(1 - t), far(2 - t)};
}

struct Sampler {
    GridParams p;
    std::vector<int64_t> dims;  // spatial dims of X
    std::vector<double> lo, hi;  // borders per dim, in pixel coordinates

    // The pixel index along dim d that integer position i reads; -1: a zero (outside).
    int64_t pixel(std::size_t d, int64_t i) const {
        const int64_t n = dims[d];
        if (i >= 0 && i < n) return i;
        switch (p.padding) {
            case Padding::zeros: return -1;
            case Padding::border: return std::clamp<int64_t>(i, 0, n - 1);
            case Padding::reflection:
                return std::clamp<int64_t>(
                    static_cast<int64_t>(reflect(static_cast<double>(i), lo[d], hi[d])), 0, n - 1);
        }
        return -1;
    }

    // The value of a plane (row-major over dims) at pixel coordinates x (one per dim).
    double sample(const double* plane, std::vector<double> x) const {
        const std::size_t r = dims.size();
        for (std::size_t d = 0; d < r; ++d) {
            if (p.mode == Interp::nearest) x[d] = std::nearbyint(x[d]);
            if (x[d] < lo[d] || x[d] > hi[d]) {
                if (p.padding == Padding::border) x[d] = std::clamp(x[d], 0.0, static_cast<double>(dims[d] - 1));
                else if (p.padding == Padding::reflection) x[d] = reflect(x[d], lo[d], hi[d]);
            }
        }
        // Per dim: the taps (pixel index or -1) and their weights.
        const std::size_t taps = p.mode == Interp::nearest ? 1 : p.mode == Interp::linear ? 2 : 4;
        std::vector<std::array<int64_t, 4>> idx(r);
        std::vector<std::array<double, 4>> wt(r);
        for (std::size_t d = 0; d < r; ++d) {
            if (p.mode == Interp::nearest) {
                idx[d][0] = pixel(d, static_cast<int64_t>(x[d]));
                wt[d][0] = 1;
                continue;
            }
            const double f = std::floor(x[d]);
            const double t = x[d] - f;
            const auto i0 = static_cast<int64_t>(f);
            if (p.mode == Interp::linear) {
                idx[d] = {pixel(d, i0), pixel(d, i0 + 1), 0, 0};
                wt[d] = {1 - t, t, 0, 0};
            } else {
                idx[d] = {pixel(d, i0 - 1), pixel(d, i0), pixel(d, i0 + 1), pixel(d, i0 + 2)};
                wt[d] = cubic_coeffs(t);
            }
        }
        // Sum over every combination of taps (taps^r terms).
        double acc = 0;
        std::vector<std::size_t> k(r, 0);
        while (true) {
            double w = 1;
            int64_t off = 0;
            bool zero = false;
            for (std::size_t d = 0; d < r; ++d) {
                const int64_t i = idx[d][k[d]];
                if (i < 0) zero = true;
                w *= wt[d][k[d]];
                off = off * dims[d] + i;
            }
            if (!zero) acc += w * plane[off];
            std::size_t d = r;
            while (d > 0 && ++k[d - 1] == taps) k[--d] = 0;
            if (d == 0) break;
        }
        return acc;
    }
};

void compute_grid_sample(ComputeContext& ctx) {
    const GridParams p = grid_params(ctx);
    const Tensor& xt = ctx.input(0);
    const Tensor& gt = ctx.input(1);
    nn::require_float(ctx, xt.dtype(), "X (input 0)");
    nn::require_float(ctx, gt.dtype(), "grid (input 1)");
    auto xs = xt.shape(), gs = gt.shape();
    if (xs.size() < 3)
        ctx.fail("X (input 0) must be [N, C, D1, ...] with at least one spatial dim, got shape " +
                 shape_str(xs));
    const std::size_t r = xs.size() - 2;
    if (gs.size() != r + 2 || gs.back() != static_cast<int64_t>(r) || gs[0] != xs[0])
        ctx.fail("grid (input 1) must be [" + std::to_string(xs[0]) + ", O1..O" + std::to_string(r) +
                 ", " + std::to_string(r) + "] for X " + shape_str(xs) + ", got shape " + shape_str(gs));
    Sampler s{p, std::vector<int64_t>(xs.begin() + 2, xs.end()), {}, {}};
    for (int64_t n : s.dims) {
        s.lo.push_back(p.align ? 0.0 : -0.5);
        s.hi.push_back(p.align ? static_cast<double>(n - 1) : static_cast<double>(n) - 0.5);
    }
    const int64_t batch = xs[0], ch = xs[1];
    const int64_t plane = nn::prod(xs, 2, xs.size());
    const int64_t points = nn::prod(gs, 1, gs.size() - 1);
    const auto x = nn::to_f64(xt), g = nn::to_f64(gt);
    std::vector<double> y(static_cast<std::size_t>(batch * ch * points));
    std::vector<double> pos(r);
    for (int64_t b = 0; b < batch; ++b)
        for (int64_t q = 0; q < points; ++q) {
            const double* gp = g.data() + (b * points + q) * static_cast<int64_t>(r);
            for (std::size_t d = 0; d < r; ++d) {
                const double v = gp[r - 1 - d];  // the grid lists the innermost dim first
                const auto n = static_cast<double>(s.dims[d]);
                pos[d] = p.align ? (v + 1) / 2 * (n - 1) : ((v + 1) * n - 1) / 2;
            }
            for (int64_t c = 0; c < ch; ++c)
                y[static_cast<std::size_t>((b * ch + c) * points + q)] =
                    s.sample(x.data() + (b * ch + c) * plane, pos);
        }
    std::vector<int64_t> out_shape{batch, ch};
    out_shape.insert(out_shape.end(), gs.begin() + 1, gs.end() - 1);
    ctx.set_output(0, nn::from_f64(xt.dtype(), out_shape, y));
}

}  // namespace

void register_grid_sample(OpRegistry& r) {
    r.add(make_schema(
        "GridSample", 2, 2, 1, 1,
        {attr_with_default("align_corners", int64_t{0},
                           "1: -1 and 1 are the centers of the corner pixels; 0: their outer edges"),
         attr_with_default("mode", std::string("linear"), "\"linear\", \"nearest\" or \"cubic\""),
         attr_with_default("padding_mode", std::string("zeros"),
                           "outside locations read \"zeros\", \"border\" or \"reflection\"")},
        infer_grid_sample, compute_grid_sample,
        "Samples X at the normalized locations of grid (spatial transformer sampling)."));
}

}  // namespace neo::ops::image
