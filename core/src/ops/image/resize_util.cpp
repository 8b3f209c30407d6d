#include "neo/core/ops/resize.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#include "neo/core/util/error.hpp"

namespace neo::ops::image {
namespace {

std::vector<double> values_f64(const Tensor& t) { return tensor_to_f64(t); }

// The input coordinate of output index j along one axis (n inputs, m outputs).
double source_coord(int64_t j, int64_t n, int64_t m, double scale, double rs, double re,
                    const std::string& coord) {
    const double x = static_cast<double>(j);
    const double len_resized = scale * static_cast<double>(n);  // as the ONNX reference
    if (coord == "half_pixel") return (x + 0.5) / scale - 0.5;
    if (coord == "half_pixel_symmetric") {
        const double adjustment = static_cast<double>(m) / len_resized;
        const double center = static_cast<double>(n) / 2.0;
        return center * (1.0 - adjustment) + (x + 0.5) / scale - 0.5;
    }
    if (coord == "pytorch_half_pixel") return len_resized > 1.0 ? (x + 0.5) / scale - 0.5 : 0.0;
    if (coord == "align_corners")
        return len_resized == 1.0 ? 0.0
                                  : x * static_cast<double>(n - 1) / (len_resized - 1.0);
    if (coord == "asymmetric") return x / scale;
    // tf_crop_and_resize
    const double span = static_cast<double>(n - 1);
    return m > 1 ? rs * span + x * (re - rs) * span / static_cast<double>(m - 1)
                 : 0.5 * (rs + re) * span;
}

double cubic_weight(double s, double a) {
    s = std::abs(s);
    if (s <= 1.0) return ((a + 2.0) * s - (a + 3.0)) * s * s + 1.0;
    if (s < 2.0) return ((a * s - 5.0 * a) * s + 8.0 * a) * s - 4.0 * a;
    return 0.0;
}

// The (input index, weight) taps of one output element; empty: extrapolation value.
std::vector<std::pair<int64_t, double>> taps(double x, int64_t n, const Interp& ip) {
    std::vector<std::pair<int64_t, double>> t;
    if (ip.coord == "tf_crop_and_resize" && (x < 0.0 || x > static_cast<double>(n - 1)))
        return t;
    const double fl = std::floor(x);
    const auto x0 = static_cast<int64_t>(fl);
    const double r = x - fl;
    auto clamp = [&](int64_t i) { return std::clamp<int64_t>(i, 0, n - 1); };
    if (ip.mode == "nearest") {
        int64_t i = x0;
        if (r > 0.0) {
            if (ip.nearest == "round_prefer_floor") i = r <= 0.5 ? x0 : x0 + 1;
            else if (ip.nearest == "round_prefer_ceil") i = r < 0.5 ? x0 : x0 + 1;
            else if (ip.nearest == "ceil") i = x0 + 1;
        }
        t.emplace_back(clamp(i), 1.0);
        return t;
    }
    if (ip.mode == "linear") {
        t = {{x0, 1.0 - r}, {x0 + 1, r}};
    } else {
        for (int64_t k = -1; k <= 2; ++k)
            t.emplace_back(x0 + k, cubic_weight(r - static_cast<double>(k), ip.cubic_a));
    }
    if (ip.exclude_outside) {
        double sum = 0.0;
        for (auto& [i, w] : t) {
            if (i < 0 || i >= n) w = 0.0;
            sum += w;
        }
        for (auto& tw : t) tw.second /= sum;
    }
    for (auto& tw : t) tw.first = clamp(tw.first);
    return t;
}

}  // namespace

ResizePlan plan_resize(const OpContext& ctx, const std::vector<int64_t>& in_shape,
                       const std::vector<std::size_t>& axes, const Tensor* roi,
                       const Tensor* scales, const Tensor* sizes, const std::string& coord,
                       const std::string& policy) {
    const std::size_t rank = in_shape.size();
    ResizePlan p{in_shape, std::vector<double>(rank, 1.0), std::vector<double>(rank, 0.0),
                 std::vector<double>(rank, 1.0)};
    const std::string expected = std::to_string(axes.size());
    if (coord == "tf_crop_and_resize" && roi && roi->numel() > 0) {
        auto v = values_f64(*roi);
        if (v.size() != 2 * axes.size())
            ctx.fail("input 'roi' has " + std::to_string(v.size()) + " values, expected " +
                     std::to_string(2 * axes.size()) + " (starts and ends of the axes)");
        for (std::size_t i = 0; i < axes.size(); ++i) {
            p.roi_start[axes[i]] = v[i];
            p.roi_end[axes[i]] = v[axes.size() + i];
        }
    }
    if (scales) {
        auto v = values_f64(*scales);
        if (v.size() != axes.size())
            ctx.fail("input 'scales' has " + std::to_string(v.size()) + " values, expected " +
                     expected);
        for (std::size_t i = 0; i < axes.size(); ++i) {
            const std::size_t a = axes[i];
            if (!(v[i] > 0.0))
                ctx.fail("input 'scales' must hold positive values, got " + std::to_string(v[i]));
            p.scales[a] = v[i];
            double len = static_cast<double>(in_shape[a]) * v[i];
            if (coord == "tf_crop_and_resize") len *= p.roi_end[a] - p.roi_start[a];
            p.out_shape[a] = static_cast<int64_t>(std::floor(len));
        }
        return p;
    }
    auto v = sizes->to_int_vector();
    if (v.size() != axes.size())
        ctx.fail("input 'sizes' has " + std::to_string(v.size()) + " values, expected " +
                 expected);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        if (v[i] < 0) ctx.fail("input 'sizes' holds a negative size " + std::to_string(v[i]));
        if (in_shape[axes[i]] == 0)
            ctx.fail("cannot resize axis " + std::to_string(axes[i]) + " of size 0");
    }
    if (policy == "stretch") {
        for (std::size_t i = 0; i < axes.size(); ++i) {
            p.out_shape[axes[i]] = v[i];
            p.scales[axes[i]] =
                static_cast<double>(v[i]) / static_cast<double>(in_shape[axes[i]]);
        }
        return p;
    }
    // not_larger / not_smaller: one scale for every axis, sizes rounded half up.
    double s = policy == "not_larger" ? INFINITY : 0.0;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const double r = static_cast<double>(v[i]) / static_cast<double>(in_shape[axes[i]]);
        s = policy == "not_larger" ? std::min(s, r) : std::max(s, r);
    }
    for (std::size_t a : axes) {
        p.scales[a] = s;
        p.out_shape[a] = static_cast<int64_t>(std::floor(s * static_cast<double>(in_shape[a]) + 0.5));
    }
    return p;
}

std::vector<double> resize_axis(const std::vector<double>& data,
                                const std::vector<int64_t>& shape, std::size_t axis,
                                int64_t out, double scale, double roi_start, double roi_end,
                                const Interp& ip) {
    const int64_t n = shape[axis];
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    std::vector<std::vector<std::pair<int64_t, double>>> tp;
    tp.reserve(static_cast<std::size_t>(out));
    for (int64_t j = 0; j < out; ++j)
        tp.push_back(n == 0 ? std::vector<std::pair<int64_t, double>>{}
                            : taps(source_coord(j, n, out, scale, roi_start, roi_end, ip.coord),
                                   n, ip));
    std::vector<double> res(static_cast<std::size_t>(outer * out * inner));
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t j = 0; j < out; ++j) {
            const auto& t = tp[static_cast<std::size_t>(j)];
            double* dst = res.data() + (o * out + j) * inner;
            if (t.empty()) {
                std::fill(dst, dst + inner, ip.extrapolation);
                continue;
            }
            std::fill(dst, dst + inner, 0.0);
            for (const auto& [i, w] : t) {
                if (w == 0.0) continue;
                const double* src = data.data() + (o * n + i) * inner;
                for (int64_t k = 0; k < inner; ++k) dst[k] += w * src[k];
            }
        }
    return res;
}

std::vector<double> tensor_to_f64(const Tensor& t) {
    std::vector<double> v(static_cast<std::size_t>(t.numel()));
    for (int64_t i = 0; i < t.numel(); ++i) v[static_cast<std::size_t>(i)] = t.at_double(i);
    return v;
}

Tensor tensor_from_f64(DType t, const std::vector<int64_t>& shape,
                       const std::vector<double>& data) {
    Tensor out = Tensor::zeros(t, shape);
    visit_dtype(t, [&]<class T>(std::type_identity<T>) {
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
            throw InternalError("tensor_from_f64: unsupported dtype");
        } else {
            T* p = out.array<T>().data();
            for (std::size_t i = 0; i < data.size(); ++i) {
                if constexpr (std::is_integral_v<T>)
                    p[i] = static_cast<T>(std::llround(data[i]));
                else if constexpr (std::is_floating_point_v<T>)
                    p[i] = static_cast<T>(data[i]);
                else
                    p[i] = T(static_cast<float>(data[i]));
            }
        }
    });
    return out;
}

}  // namespace neo::ops::image
