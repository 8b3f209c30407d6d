// GridSample (linear / nearest / cubic on 1-3 spatial dims, padding zeros / border /
// reflection, align_corners) and AffineGrid (2-D and 3-D), and the registration of the
// family (RoiAlign, Col2Im and DeformConv are in patches.cpp). GridSample: every
// (image, grid point) is one task that computes, per spatial dim, its taps (pixel index or
// -1 for a zero, and weight) into small private arrays, then for every channel sums the
// weighted pixels of all tap combinations. Coordinates and sums are in f64, as the
// reference. AffineGrid: every grid point is theta[n] times its base coordinates.
// Knobs: "parallel" (both), "vector_width" (AffineGrid's innermost axis).
#include "lower/sampling.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

ExprP floor_of(ExprP v) { return kir::unary(Op::Floor, std::move(v)); }

enum class Padding { zeros, border, reflection };

// One spatial dim of GridSample's input: its extent and the borders lo, hi of the
// coordinate range in pixels.
struct GridDim {
    int64_t n = 1;
    double lo = 0, hi = 0;
};

// v reflected into [lo, hi], mirrored at the borders as often as needed (the reference's rule).
ExprP reflect(const ExprP& v, double lo, double hi) {
    const double range = hi - lo;
    if (range <= 0) return f64(lo);
    // `d` beyond the border `near` (the other one `far`): an even number of whole ranges
    // lands at near -/+ the rest, an odd one at far +/- the rest.
    auto fold = [&](const ExprP& d, double near, double far) {
        ExprP m = floor_of(div(d, f64(range)));
        ExprP rest = sub(d, mul(m, f64(range)));
        ExprP even = kir::binary(Op::Eq, sub(m, mul(f64(2), floor_of(mul(m, f64(0.5))))), f64(0));
        ExprP toward_far = near < far ? add(f64(near), rest) : sub(f64(near), rest);
        ExprP toward_near = near < far ? sub(f64(far), rest) : add(f64(far), rest);
        return kir::select(even, toward_far, toward_near);
    };
    return kir::select(kir::binary(Op::Lt, v, f64(lo)), fold(sub(f64(lo), v), lo, hi),
                       kir::select(kir::binary(Op::Gt, v, f64(hi)), fold(sub(v, f64(hi)), hi, lo), v));
}

// The pixel that integer position i reads along dim `d`; -1 reads a zero.
ExprP pixel(const ExprP& i, const GridDim& d, Padding pad) {
    auto clamp = [&](const ExprP& v) { return kir::max(kir::imm(0), kir::min(v, kir::imm(d.n - 1))); };
    switch (pad) {
    case Padding::zeros:
        return kir::select(both(kir::binary(Op::Ge, i, kir::imm(0)), kir::binary(Op::Lt, i, kir::imm(d.n))), i, kir::imm(-1));
    case Padding::border: return clamp(i);
    case Padding::reflection: return clamp(kir::cast(DType::i64, reflect(kir::cast(DType::f64, i), d.lo, d.hi)));
    }
    return i;
}

// Keys' cubic weights (A = -0.75) of the taps at -1, 0, 1, 2 for fraction t.
std::vector<ExprP> cubic_weights(const ExprP& t) {
    const double A = -0.75;
    auto near = [&](const ExprP& x) {
        return add(mul(mul(sub(mul(f64(A + 2), x), f64(A + 3)), x), x), f64(1));
    };
    auto far = [&](const ExprP& x) {
        return sub(mul(add(mul(sub(mul(f64(A), x), f64(5 * A)), x), f64(8 * A)), x), f64(4 * A));
    };
    return {far(add(t, f64(1))), near(t), near(sub(f64(1), t)), far(sub(f64(2), t))};
}

void lower_grid_sample(LowerCtx& c) {
    const DType t = c.out_dtype(0), gt = c.in_dtype(1);
    if (!is_float(t) || !is_float(gt)) c.unsupported("element type " + std::string(dtype_name(t)));
    const std::string mode = c.op().attr_s("mode"), pm = c.op().attr_s("padding_mode");
    const bool nearest = mode == "nearest", cubic = mode == "cubic" || mode == "bicubic";
    if (!nearest && !cubic && mode != "linear" && mode != "bilinear") c.unsupported("mode " + mode);
    if (pm != "zeros" && pm != "border" && pm != "reflection") c.unsupported("padding_mode " + pm);
    const Padding pad = pm == "zeros" ? Padding::zeros : pm == "border" ? Padding::border : Padding::reflection;
    const bool align = c.op().attr_i("align_corners") == 1;
    const auto xs = c.in_shape(0), gs = c.in_shape(1);
    const std::size_t r = xs.size() - 2;
    const int64_t N = xs[0], C = xs[1], points = numel_of(gs) / (N * static_cast<int64_t>(r));
    std::vector<GridDim> dims(r);
    for (std::size_t d = 0; d < r; ++d) {
        const int64_t n = xs[d + 2];
        dims[d] = {n, align ? 0.0 : -0.5, align ? static_cast<double>(n - 1) : static_cast<double>(n) - 0.5};
    }
    const int64_t taps = nearest ? 1 : cubic ? 4 : 2;
    const int X = c.in(0), G = c.in(1), Y = c.out(0);
    const int pix = c.kernel().add_local("pixel", DType::i64, static_cast<int64_t>(r) * taps);
    const int wt = c.kernel().add_local("weight", DType::f64, static_cast<int64_t>(r) * taps);
    const int acc = c.kernel().add_local("acc", DType::f64, 1);

    // Per (image, point) task: the taps of every dim.
    const int p = c.var("nq");
    ExprP n = kir::floordiv(kir::var(p), points);
    std::vector<kir::StmtP> body;
    for (std::size_t d = 0; d < r; ++d) {
        const GridDim& g = dims[d];
        ExprP v = kir::cast(DType::f64, kir::load(G, gt, kir::var(p) * static_cast<int64_t>(r) + static_cast<int64_t>(r - 1 - d)));
        const auto fn = static_cast<double>(g.n);
        ExprP x = align ? mul(div(add(v, f64(1)), f64(2)), f64(fn - 1)) : div(sub(mul(add(v, f64(1)), f64(fn)), f64(1)), f64(2));
        if (nearest) x = kir::unary(Op::RoundEven, x);
        ExprP outside = kir::binary(Op::Or, kir::binary(Op::Lt, x, f64(g.lo)), kir::binary(Op::Gt, x, f64(g.hi)));
        if (pad == Padding::border) x = kir::select(outside, kir::max(f64(0), kir::min(x, f64(fn - 1))), x);
        else if (pad == Padding::reflection) x = reflect(x, g.lo, g.hi);
        else x = kir::max(f64(-4), kir::min(x, f64(fn + 3)));  // every tap still reads a zero
        auto set = [&](int64_t k, const ExprP& i, const ExprP& w) {
            const int64_t at = static_cast<int64_t>(d) * taps + k;
            body.push_back(kir::store(pix, kir::imm(at), pixel(i, g, pad)));
            body.push_back(kir::store(wt, kir::imm(at), w));
        };
        if (nearest) {
            set(0, kir::cast(DType::i64, x), f64(1));
            continue;
        }
        ExprP fl = floor_of(x), frac = sub(x, fl), i0 = kir::cast(DType::i64, fl);
        if (cubic) {
            const auto w = cubic_weights(frac);
            for (int64_t k = 0; k < 4; ++k) set(k, i0 + (k - 1), w[static_cast<std::size_t>(k)]);
        } else {
            set(0, i0, sub(f64(1), frac));
            set(1, i0 + 1, frac);
        }
    }

    // Per channel: the sum over every combination of taps (a zero where one reads outside).
    const int ch = c.var("c");
    std::vector<int> kv(r);
    for (std::size_t d = 0; d < r; ++d) kv[d] = c.var("k" + std::to_string(d));
    const auto xstr = strides_of(xs);
    ExprP xidx = (n * C + kir::var(ch)) * xstr[1], w, inside;
    for (std::size_t d = 0; d < r; ++d) {
        ExprP at = kir::imm(static_cast<int64_t>(d) * taps) + kir::var(kv[d]);
        ExprP i = kir::load(pix, DType::i64, at), wd = kir::load(wt, DType::f64, at);
        ExprP ok = kir::binary(Op::Ge, i, kir::imm(0));
        xidx = xidx + kir::max(i, kir::imm(0)) * xstr[d + 2];
        w = w ? mul(w, wd) : wd;
        inside = inside ? both(inside, ok) : ok;
    }
    ExprP a = kir::load(acc, DType::f64, kir::imm(0));
    ExprP term = kir::select(inside, mul(w, kir::cast(DType::f64, kir::load(X, t, xidx))), f64(0));
    std::vector<kir::StmtP> sum{kir::store(acc, kir::imm(0), add(a, term))};
    for (std::size_t d = r; d-- > 0;) sum = {kir::loop(kv[d], taps, std::move(sum))};
    sum.insert(sum.begin(), kir::store(acc, kir::imm(0), f64(0)));
    sum.push_back(kir::store(Y, (n * C + kir::var(ch)) * points + kir::floormod(kir::var(p), points), kir::cast(t, a)));
    body.push_back(kir::loop(ch, C, std::move(sum)));
    const bool parallel = c.knob("parallel", N * points > 1 && N * C * points >= 1024 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(p, N * points, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = 3.0 * static_cast<double>(N * C * points * numel_of(std::vector<int64_t>(r, taps)));
}

// The normalized coordinate of pixel i of n (pixel centers, or -1 .. 1 exactly with align).
ExprP base_coord(const ExprP& i, int64_t n, bool align) {
    ExprP fi = kir::cast(DType::f64, i);
    const auto fn = static_cast<double>(n);
    if (align) return n <= 1 ? f64(0) : add(f64(-1), div(mul(f64(2), fi), f64(fn - 1)));
    return sub(div(add(mul(f64(2), fi), f64(1)), f64(fn)), f64(1));
}

void lower_affine_grid(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto size = c.constant_ints(1);
    const bool align = c.op().attr_i("align_corners") == 1;
    const auto ys = c.out_shape(0);
    const auto r = static_cast<int64_t>(size.size()) - 2;
    const std::vector<int64_t> grid(ys.begin(), ys.end() - 1);  // N, (D,) H, W
    const int TH = c.in(0), Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", 1));
    const bool parallel = c.knob("parallel", numel_of(ys) >= 4096 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, grid, parallel, width, [&](const std::vector<ExprP>& o) {
        std::vector<ExprP> base;  // x (innermost dim) first, then y, (z,) and 1
        for (int64_t k = 0; k < r; ++k) base.push_back(base_coord(o[static_cast<std::size_t>(r - k)], grid[static_cast<std::size_t>(r - k)], align));
        base.push_back(f64(1));
        std::vector<kir::StmtP> out;
        for (int64_t row = 0; row < r; ++row) {
            ExprP v = f64(0);
            for (int64_t col = 0; col <= r; ++col)
                v = add(v, mul(kir::cast(DType::f64, kir::load(TH, t, o[0] * (r * (r + 1)) + (row * (r + 1) + col))),
                               base[static_cast<std::size_t>(col)]));
            out.push_back(kir::store(Y, linear_index(o, strides_of(grid)) * r + row, kir::cast(t, v)));
        }
        return out;
    });
}

ScheduleSpace grid_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 8); }

}  // namespace

ScheduleSpace parallel_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

void add_sampling_lowerings(LoweringTable& t) {
    t["GridSample"] = {lower_grid_sample, parallel_space};
    t["AffineGrid"] = {lower_affine_grid, grid_space};
    add_patch_lowerings(t);
}

}  // namespace neo::llvm_cpu
