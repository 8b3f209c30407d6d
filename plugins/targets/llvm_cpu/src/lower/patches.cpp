// Ops that read image patches: Col2Im (any number of spatial dims, strides, dilations,
// pads), DeformConv (2-D, groups, offset groups, optional bias and mask) and RoiAlign
// (avg / max, half_pixel / output_half_pixel, fixed or adaptive sampling_ratio, run-time
// rois and batch indices).
// Col2Im: every (image, channel) plane is one task that zeroes the plane, then for each
// block tap adds the columns whose pixel lies inside the image (bounds per tap, as Conv).
// DeformConv: every (image, output channel) plane is one task, as Conv, with the input
// read bilinearly at the offset positions. RoiAlign: every region is one task that keeps
// its geometry in small private arrays; each output bin pools its sample points in f64.
// Knobs: "parallel" (all), "vector_width" (Col2Im's and DeformConv's innermost loop).
#include <limits>

#include "lower/sampling.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

ExprP in_range(const ExprP& i, int64_t n) {
    return both(kir::binary(Op::Ge, i, kir::imm(0)), kir::binary(Op::Lt, i, kir::imm(n)));
}
ExprP zero(DType t) { return is_float(t) ? kir::fimm(0, t) : kir::imm(0, t); }

// An ints attribute, `fill` repeated `count` times when absent.
std::vector<int64_t> ints_attr(LowerCtx& c, const char* name, int64_t fill, std::size_t count) {
    std::vector<int64_t> v = c.node().has_attr(name) ? c.op().attr_ints(name) : std::vector<int64_t>{};
    if (v.empty()) v.assign(count, fill);
    if (v.size() != count) c.unsupported(std::string("attribute ") + name + " has the wrong length");
    return v;
}

void lower_col2im(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const auto image = c.constant_ints(1), block = c.constant_ints(2);
    const std::size_t r = image.size();
    const auto strides = ints_attr(c, "strides", 1, r), dil = ints_attr(c, "dilations", 1, r);
    const auto pads = ints_attr(c, "pads", 0, 2 * r);
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    std::vector<WindowAxis> axes(r);
    for (std::size_t d = 0; d < r; ++d) {
        WindowAxis& a = axes[d];
        a.in = image[d], a.kernel = block[d], a.stride = strides[d], a.dilation = dil[d];
        a.pad_begin = pads[d], a.pad_end = pads[d + r];
        a.out = (a.in + a.pad_begin + a.pad_end - (a.dilation * (a.kernel - 1) + 1)) / a.stride + 1;
    }
    const int64_t planes = ys[0] * ys[1], kprod = numel_of(block), lprod = xs[2], img = numel_of(image);
    const int X = c.in(0), Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", 1));
    const bool parallel = c.knob("parallel", planes > 1 && numel_of(xs) >= 4096 ? 1 : 0) != 0;
    const int p = c.var("nc");
    std::vector<int> kv(r), lv(r);
    for (std::size_t d = 0; d < r; ++d) kv[d] = c.var("k" + std::to_string(d));
    for (std::size_t d = 0; d < r; ++d) lv[d] = c.var("l" + std::to_string(d));
    const auto istr = strides_of(image), kstr = strides_of(block);
    std::vector<int64_t> blocks;
    for (const auto& a : axes) blocks.push_back(a.out);
    const auto lstr = strides_of(blocks);
    ExprP k = kir::imm(0), l = kir::imm(0), yidx = kir::var(p) * img;
    for (std::size_t d = 0; d < r; ++d) {
        k = k + kir::var(kv[d]) * kstr[d];
        l = l + kir::var(lv[d]) * lstr[d];
        ExprP pos = kir::var(lv[d]) * axes[d].stride + kir::var(kv[d]) * axes[d].dilation - kir::imm(axes[d].pad_begin);
        yidx = yidx + pos * istr[d];
    }
    ExprP xidx = (kir::var(p) * kprod + k) * lprod + l;
    std::vector<kir::StmtP> body{kir::store(Y, yidx, kir::binary(Op::Add, kir::load(Y, t, yidx), kir::load(X, t, xidx)))};
    for (std::size_t d = r; d-- > 0;) {
        auto [lo, hi] = outputs_for_tap(axes[d], kir::var(kv[d]));
        body = {kir::loop(lv[d], lo, hi, std::move(body), d + 1 == r ? kir::LoopKind::vectorized : kir::LoopKind::serial,
                          d + 1 == r ? width : 0)};
    }
    for (std::size_t d = r; d-- > 0;) body = {kir::loop(kv[d], block[d], std::move(body))};
    const int i = c.var("i");
    body.insert(body.begin(), kir::loop(i, img, {kir::store(Y, kir::var(p) * img + kir::var(i), zero(t))},
                                        kir::LoopKind::vectorized, width));
    c.kernel().body = kir::loop(p, planes, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

// X's plane at `base` (h x w) read at (y, x) bilinearly, zero outside (DeformConv's rule:
// points at least one pixel outside read 0, the corners outside the plane count 0).
ExprP bilinear_zero_outside(int X, DType t, const ExprP& base, int64_t h, int64_t w, const ExprP& y, const ExprP& x) {
    auto axis = [&](const ExprP& v, int64_t n, ExprP& i0, ExprP& frac) {
        ExprP clamped = kir::max(kir::fimm(-1, t), kir::min(v, kir::fimm(static_cast<double>(n), t)));
        ExprP fl = kir::unary(Op::Floor, clamped);
        i0 = kir::cast(DType::i64, fl);
        frac = sub(clamped, fl);
        return both(kir::binary(Op::Gt, v, kir::fimm(-1, t)), kir::binary(Op::Lt, v, kir::fimm(static_cast<double>(n), t)));
    };
    ExprP y0, ly, x0, lx;
    ExprP inside = both(axis(y, h, y0, ly), axis(x, w, x0, lx));
    ExprP one = kir::fimm(1, t), v = kir::fimm(0, t);
    for (int64_t dy = 0; dy < 2; ++dy)
        for (int64_t dx = 0; dx < 2; ++dx) {
            ExprP yy = y0 + dy, xx = x0 + dx;
            ExprP wgt = mul(dy ? ly : sub(one, ly), dx ? lx : sub(one, lx));
            ExprP at = base + kir::max(kir::imm(0), kir::min(yy, kir::imm(h - 1))) * w +
                       kir::max(kir::imm(0), kir::min(xx, kir::imm(w - 1)));
            v = add(v, kir::select(both(in_range(yy, h), in_range(xx, w)), mul(wgt, kir::load(X, t, at)), kir::fimm(0, t)));
        }
    return kir::select(inside, v, kir::fimm(0, t));
}

void lower_deform_conv(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    if (xs.size() != 4) c.unsupported("only 2-D inputs");
    const auto strides = ints_attr(c, "strides", 1, 2), dil = ints_attr(c, "dilations", 1, 2);
    const auto pads = ints_attr(c, "pads", 0, 4);
    const int64_t N = xs[0], C = xs[1], H = xs[2], W = xs[3], M = ys[1], OH = ys[2], OW = ys[3];
    const int64_t KH = ws[2], KW = ws[3], taps = KH * KW, plane = OH * OW;
    const int64_t group = c.op().attr_i("group"), og = c.op().attr_i("offset_group");
    const int64_t cpg = ws[1], mpg = M / group, c_per_og = C / og;
    const int X = c.in(0), Wt = c.in(1), Off = c.in(2);
    const int B = c.has_input(3) ? c.in(3) : -1, Mask = c.has_input(4) ? c.in(4) : -1, Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", 1));
    const bool parallel = c.knob("parallel", N * M > 1 ? 1 : 0) != 0;
    const int p = c.var("nm"), ci = c.var("ci"), ki = c.var("ki"), kj = c.var("kj"), oi = c.var("oi"), oj = c.var("oj");
    ExprP n = kir::floordiv(kir::var(p), M), m = kir::floormod(kir::var(p), M);
    ExprP ch = kir::floordiv(m, mpg) * cpg + kir::var(ci);
    ExprP tap = kir::var(ki) * KW + kir::var(kj), o = kir::var(oi) * OW + kir::var(oj);
    ExprP slot = (n * og + kir::floordiv(ch, c_per_og)) * taps + tap;  // offset / mask group and tap
    auto coord = [&](const ExprP& out_pos, const ExprP& k, std::size_t a) {
        ExprP regular = out_pos * strides[a] + k * dil[a] - kir::imm(pads[a]);
        return add(kir::cast(t, regular), kir::load(Off, t, (slot * 2 + static_cast<int64_t>(a)) * plane + o));
    };
    ExprP val = bilinear_zero_outside(X, t, (n * C + ch) * (H * W), H, W, coord(kir::var(oi), kir::var(ki), 0),
                                      coord(kir::var(oj), kir::var(kj), 1));
    if (Mask >= 0) val = mul(val, kir::load(Mask, t, slot * plane + o));
    ExprP yidx = kir::var(p) * plane + o;
    ExprP upd = add(kir::load(Y, t, yidx), mul(kir::load(Wt, t, (m * cpg + kir::var(ci)) * taps + tap), val));
    std::vector<kir::StmtP> body{kir::loop(ci, cpg, {kir::loop(ki, KH, {kir::loop(kj, KW, {kir::loop(oi, OH, {
        kir::loop(oj, OW, {kir::store(Y, yidx, upd)}, kir::LoopKind::vectorized, width)})})})})};
    const int i = c.var("i");
    body.insert(body.begin(), kir::loop(i, plane, {kir::store(Y, kir::var(p) * plane + kir::var(i), B >= 0 ? kir::load(B, t, m) : zero(t))}));
    c.kernel().body = kir::loop(p, N * M, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 12.0 * static_cast<double>(numel_of(ys) * cpg * taps);
}

// RoiAlign's bilinear sample at (y, x) of an h x w plane: the four (flat position, weight)
// corner terms; points more than one pixel outside get zero weights.
std::vector<std::pair<ExprP, ExprP>> roi_sample(const ExprP& y, const ExprP& x, int64_t h, int64_t w) {
    ExprP outside = kir::binary(Op::Or, kir::binary(Op::Or, kir::binary(Op::Lt, y, f64(-1)), kir::binary(Op::Gt, y, f64(static_cast<double>(h)))),
                                kir::binary(Op::Or, kir::binary(Op::Lt, x, f64(-1)), kir::binary(Op::Gt, x, f64(static_cast<double>(w)))));
    // Per axis: the low and high index and the fraction (the last pixel repeats at the edge).
    auto axis = [&](const ExprP& v, int64_t n, ExprP& lo, ExprP& hi, ExprP& frac) {
        ExprP clamped = kir::max(f64(0), kir::min(v, f64(static_cast<double>(n))));
        ExprP i = kir::cast(DType::i64, clamped);
        ExprP edge = kir::binary(Op::Ge, i, kir::imm(n - 1));
        lo = kir::select(edge, kir::imm(n - 1), i);
        hi = kir::select(edge, kir::imm(n - 1), i + 1);
        frac = kir::select(edge, f64(0), sub(clamped, kir::cast(DType::f64, i)));
    };
    ExprP y0, y1, ly, x0, x1, lx;
    axis(y, h, y0, y1, ly);
    axis(x, w, x0, x1, lx);
    ExprP hy = sub(f64(1), ly), hx = sub(f64(1), lx);
    auto term = [&](const ExprP& yi, const ExprP& xi, const ExprP& wy, const ExprP& wx) {
        return std::pair{yi * w + xi, kir::select(outside, f64(0), mul(wy, wx))};
    };
    return {term(y0, x0, hy, hx), term(y0, x1, hy, lx), term(y1, x0, ly, hx), term(y1, x1, ly, lx)};
}

void lower_roi_align(LowerCtx& c) {
    const DType t = c.out_dtype(0), bt = c.in_dtype(2);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const bool max_mode = c.op().attr_s("mode") == "max";
    const bool half_pixel = c.op().attr_s("coordinate_transformation_mode") == "half_pixel";
    const int64_t sampling = c.op().attr_i("sampling_ratio");
    const double scale = c.op().attr_f("spatial_scale"), off = half_pixel ? 0.5 : 0.0;
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const int64_t N = xs[0], C = xs[1], H = xs[2], W = xs[3], R = ys[0], OH = ys[2], OW = ys[3];
    const int X = c.in(0), Rois = c.in(1), Batch = c.in(2), Y = c.out(0);
    const int geo = c.kernel().add_local("geometry", DType::f64, 4);  // y0, x0, bin_h, bin_w
    const int grid = c.kernel().add_local("grid", DType::i64, 2);     // sample points per bin side
    const int acc = c.kernel().add_local("acc", DType::f64, 1);
    const int r = c.var("roi"), ch = c.var("c"), ph = c.var("ph"), pw = c.var("pw"), iy = c.var("iy"), ix = c.var("ix");
    auto corner = [&](int64_t k) {
        return sub(mul(kir::cast(DType::f64, kir::load(Rois, t, kir::var(r) * 4 + k)), f64(scale)), f64(off));
    };
    // The region's start, and its extent (1 x 1 at least in the legacy mode) per bin.
    std::vector<kir::StmtP> body;
    for (int64_t a = 0; a < 2; ++a) {  // a = 0: y (roi corners 1, 3), 1: x (corners 0, 2)
        ExprP start = corner(1 - a), extent = sub(corner(3 - a), start);
        if (!half_pixel) extent = kir::max(extent, f64(1));
        ExprP bin = div(extent, f64(static_cast<double>(a == 0 ? OH : OW)));
        body.push_back(kir::store(geo, kir::imm(a), start));
        body.push_back(kir::store(geo, kir::imm(2 + a), bin));
        body.push_back(kir::store(grid, kir::imm(a), sampling > 0 ? kir::imm(sampling) : kir::cast(DType::i64, kir::unary(Op::Ceil, bin))));
    }
    auto g = [&](int64_t k) { return kir::load(geo, DType::f64, kir::imm(k)); };
    ExprP gh = kir::load(grid, DType::i64, kir::imm(0)), gw = kir::load(grid, DType::i64, kir::imm(1));
    auto point = [&](int64_t a, int bin_var, int sub_var, const ExprP& count) {
        ExprP start = add(g(a), mul(kir::cast(DType::f64, kir::var(bin_var)), g(2 + a)));
        return add(start, div(mul(add(kir::cast(DType::f64, kir::var(sub_var)), f64(0.5)), g(2 + a)), kir::cast(DType::f64, count)));
    };
    ExprP b = kir::max(kir::imm(0), kir::min(kir::cast(DType::i64, kir::load(Batch, bt, kir::var(r))), kir::imm(N - 1)));
    ExprP base = (b * C + kir::var(ch)) * (H * W);
    ExprP a = kir::load(acc, DType::f64, kir::imm(0)), v = max_mode ? nullptr : a;  // avg: summed in order
    for (const auto& [pos, wgt] : roi_sample(point(0, ph, iy, gh), point(1, pw, ix, gw), H, W)) {
        ExprP term = mul(wgt, kir::cast(DType::f64, kir::load(X, t, base + pos)));
        v = !v ? term : max_mode ? kir::max(v, term) : add(v, term);
    }
    ExprP points = gh * gw;
    ExprP result = max_mode ? kir::select(kir::binary(Op::Gt, points, kir::imm(0)), a, f64(0))
                            : div(a, kir::cast(DType::f64, kir::max(points, kir::imm(1))));
    body.push_back(kir::loop(ch, C, {kir::loop(ph, OH, {kir::loop(pw, OW, {
        kir::store(acc, kir::imm(0), f64(max_mode ? -std::numeric_limits<double>::infinity() : 0.0)),
        kir::loop(iy, kir::imm(0), gh, {kir::loop(ix, kir::imm(0), gw, {kir::store(acc, kir::imm(0), max_mode ? kir::max(a, v) : v)})}),
        kir::store(Y, ((kir::var(r) * C + kir::var(ch)) * OH + kir::var(ph)) * OW + kir::var(pw), kir::cast(t, result))})})}));
    const bool parallel = c.knob("parallel", R > 1 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(r, R, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

ScheduleSpace vector_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_patch_lowerings(LoweringTable& t) {
    t["Col2Im"] = {lower_col2im, vector_space};
    t["DeformConv"] = {lower_deform_conv, vector_space};
    t["RoiAlign"] = {lower_roi_align, parallel_space};
}

}  // namespace neo::llvm_cpu
