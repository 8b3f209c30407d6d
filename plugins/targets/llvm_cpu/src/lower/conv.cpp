// Conv (1-3 spatial axes, groups, strides, dilations, pads / auto_pad, optional bias):
// a direct convolution. Every (image, output channel) plane is one parallel task; the
// plane starts at the bias, then for each input channel of the group and each kernel
// tap the output positions whose tap is inside the input (bounds computed per tap, so
// the innermost loop has no branch) accumulate w * x, the innermost loop vectorized.
// ConvTranspose is the same loop nest with the roles of input and output positions
// exchanged. Knobs: "parallel", "vector_width".
// A Conv with constant weights and enough output channels per group takes the
// register-blocked kernel of conv_blocked.cpp instead, a 1x1 one conv_pointwise.cpp's, a
// 3x3 one with unit strides conv_winograd.cpp's (on large planes), one over an image's few
// colours conv_planar.cpp's, a 2-D depthwise one conv_depthwise.cpp's.
#include "lower/conv_blocked.hpp"
#include "lower/conv_depthwise.hpp"
#include "lower/conv_planar.hpp"
#include "lower/conv_pointwise.hpp"
#include "lower/conv_winograd.hpp"
#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

// The (image, output channel) plane one Conv / ConvTranspose task owns: its loop variable,
// n and oc, the plane's start in Y, and the loop filling it with the bias (or 0).
struct OutputPlane {
    int var = -1;
    ExprP n, oc, base;
    kir::StmtP init;
};

// `local`: Y is the task's own array of one plane (base 0).
OutputPlane output_plane(LowerCtx& c, DType t, const std::vector<int64_t>& ys, int B, int Y, int width, bool local = false) {
    OutputPlane p;
    const int64_t OC = ys[1];
    p.var = c.var("noc");
    ExprP v = kir::var(p.var);
    p.n = kir::floordiv(v, OC);
    p.oc = kir::floormod(v, OC);
    const std::vector<int64_t> plane(ys.begin() + 2, ys.end());
    p.base = local ? kir::imm(0) : v * numel_of(plane);
    ExprP init = B >= 0 ? kir::load(B, t, p.oc) : kir::fimm(0, t);
    p.init = loop_nest(c, plane, false, width, [&](const std::vector<ExprP>& o) {
        return std::vector<kir::StmtP>{kir::store(Y, p.base + linear_index(o, strides_of(plane)), init)};
    }, "p");
    return p;
}

// Every plane as one task (in parallel when `parallel`): fill it, then accumulate `body`.
kir::StmtP plane_tasks(const OutputPlane& p, int64_t planes, std::vector<kir::StmtP> body, bool parallel) {
    body.insert(body.begin(), p.init);
    return kir::loop(p.var, planes, std::move(body), parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
}

void lower_conv(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    if (lower_conv_pointwise(c) || lower_conv_winograd(c) || lower_conv_planar(c) || lower_conv_blocked(c) || lower_conv_depthwise(c)) return;
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    const std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
    const auto axes = window_axes(c, kernel);
    const std::size_t r = axes.size();
    const int64_t N = xs[0], C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    const int X = c.in(0), W = c.in(1), B = c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const bool parallel = c.knob("parallel", N * OC > 1 ? 1 : 0) != 0;

    // A 16-bit float output accumulates in a plane of f32 (the emitter keeps local 16-bit
    // arrays as f32), copied out at the end: rounding each partial sum would lose precision.
    const std::vector<int64_t> plane_dims(ys.begin() + 2, ys.end());
    const bool wide = (t == DType::f16 || t == DType::bf16) && numel_of(plane_dims) <= 65536;
    const int Acc = wide ? c.kernel().add_local("acc", t, numel_of(plane_dims)) : Y;
    const OutputPlane plane = output_plane(c, t, ys, B, Acc, width, wide);
    const ExprP &n = plane.n, &oc = plane.oc, &ybase = plane.base;
    ExprP g = kir::floordiv(oc, ocpg);
    const auto ystr = strides_of(ys), xstr = strides_of(xs), wstr = strides_of(ws);
    const int ic = c.var("ic");
    std::vector<int> kv(r), ov(r);
    for (std::size_t i = 0; i < r; ++i) kv[i] = c.var("k" + std::to_string(i));
    for (std::size_t i = 0; i < r; ++i) ov[i] = c.var("o" + std::to_string(i));
    ExprP xbase = (n * C + g * icpg + kir::var(ic)) * xstr[1];
    ExprP widx = oc * wstr[0] + kir::var(ic) * wstr[1];
    ExprP yidx = ybase, xidx = xbase;
    for (std::size_t i = 0; i < r; ++i) {
        widx = widx + kir::var(kv[i]) * wstr[i + 2];
        yidx = yidx + kir::var(ov[i]) * ystr[i + 2];
        ExprP pos = kir::var(ov[i]) * axes[i].stride + kir::var(kv[i]) * axes[i].dilation - kir::imm(axes[i].pad_begin);
        xidx = xidx + pos * xstr[i + 2];
    }
    ExprP upd = kir::binary(Op::Add, kir::load(Acc, t, yidx),
                            kir::binary(Op::Mul, kir::load(W, t, widx), kir::load(X, t, xidx)));
    std::vector<kir::StmtP> body{kir::store(Acc, yidx, upd)};
    for (std::size_t i = r; i-- > 0;) {
        auto [lo, hi] = outputs_for_tap(axes[i], kir::var(kv[i]));
        body = {kir::loop(ov[i], lo, hi, std::move(body), i + 1 == r ? kir::LoopKind::vectorized : kir::LoopKind::serial,
                          i + 1 == r ? width : 0)};
    }
    for (std::size_t i = r; i-- > 0;) body = {kir::loop(kv[i], axes[i].kernel, std::move(body))};
    std::vector<kir::StmtP> task{kir::loop(ic, icpg, std::move(body))};
    if (wide) {
        const int64_t size = numel_of(plane_dims);
        const int o = c.var("o");
        task.push_back(kir::loop(o, size, {kir::store(Y, kir::var(plane.var) * size + kir::var(o), kir::load(Acc, t, kir::var(o)))}));
    }
    c.kernel().body = plane_tasks(plane, N * OC, std::move(task), parallel);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(icpg * numel_of(kernel));
}

// floor(v / 2) for any sign.
int64_t floor_half(int64_t v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

// ConvTranspose: every input position scatters x * w to output position
// i*stride + k*dilation - pad_begin. Per (image, output channel) plane, as Conv: the
// plane starts at the bias, then for each input channel of the group and each tap the
// input positions whose target lies inside the output accumulate.
void lower_conv_transpose(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto xs = c.in_shape(0), ws = c.in_shape(1), ys = c.out_shape(0);
    const std::size_t r = xs.size() - 2;
    const int64_t N = xs[0], C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    auto ints = [&](const char* name, int64_t fill, std::size_t count) {
        std::vector<int64_t> v = c.op().attr_ints(name);
        if (v.empty()) v.assign(count, fill);
        return v;
    };
    const auto strides = ints("strides", 1, r), dil = ints("dilations", 1, r), pads = ints("pads", 0, 2 * r);
    const auto out_pad = ints("output_padding", 0, r);
    const std::string auto_pad = c.op().attr_s("auto_pad");
    const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
    const bool has_output_shape = !c.op().attr_ints("output_shape").empty();
    std::vector<int64_t> pad_begin(r, 0);
    for (std::size_t i = 0; i < r; ++i) {
        const int64_t full = strides[i] * (xs[i + 2] - 1) + out_pad[i] + (ws[i + 2] - 1) * dil[i] + 1;
        if (has_output_shape || same) {
            const int64_t total = full - ys[i + 2];
            pad_begin[i] = auto_pad == "SAME_UPPER" ? floor_half(total) : total - floor_half(total);
        } else if (auto_pad != "VALID") {
            pad_begin[i] = pads[i];
        }
    }
    const int X = c.in(0), W = c.in(1), B = c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    const bool parallel = c.knob("parallel", N * OC > 1 ? 1 : 0) != 0;
    // A 16-bit float output accumulates in a plane of f32 (the emitter keeps local 16-bit
    // arrays as f32), copied out at the end: rounding each partial sum would lose precision.
    const std::vector<int64_t> plane_dims(ys.begin() + 2, ys.end());
    const bool wide = (t == DType::f16 || t == DType::bf16) && numel_of(plane_dims) <= 65536;
    const int Acc = wide ? c.kernel().add_local("acc", t, numel_of(plane_dims)) : Y;
    const OutputPlane plane = output_plane(c, t, ys, B, Acc, width, wide);
    const ExprP &n = plane.n, &oc = plane.oc, &ybase = plane.base;
    ExprP g = kir::floordiv(oc, ocpg), ocl = kir::floormod(oc, ocpg);
    const auto ystr = strides_of(ys), xstr = strides_of(xs), wstr = strides_of(ws);
    const int icl = c.var("ic");
    std::vector<int> kv(r), iv(r);
    for (std::size_t i = 0; i < r; ++i) kv[i] = c.var("k" + std::to_string(i));
    for (std::size_t i = 0; i < r; ++i) iv[i] = c.var("i" + std::to_string(i));
    ExprP ic = g * icpg + kir::var(icl);
    ExprP xidx = (n * C + ic) * xstr[1], widx = ic * wstr[0] + ocl * wstr[1], yidx = ybase;
    for (std::size_t i = 0; i < r; ++i) {
        xidx = xidx + kir::var(iv[i]) * xstr[i + 2];
        widx = widx + kir::var(kv[i]) * wstr[i + 2];
        ExprP o = kir::var(iv[i]) * strides[i] + kir::var(kv[i]) * dil[i] - kir::imm(pad_begin[i]);
        yidx = yidx + o * ystr[i + 2];
    }
    ExprP upd = kir::binary(Op::Add, kir::load(Y, t, yidx), kir::binary(Op::Mul, kir::load(X, t, xidx), kir::load(W, t, widx)));
    std::vector<kir::StmtP> body{kir::store(Y, yidx, upd)};
    for (std::size_t i = r; i-- > 0;) {
        // 0 <= i*s + k*d - p < out and 0 <= i < in
        ExprP base = kir::imm(pad_begin[i]) - kir::var(kv[i]) * dil[i];
        ExprP lo = kir::max(kir::imm(0), kir::floordiv(base + (strides[i] - 1), strides[i]));
        ExprP hi = kir::min(kir::imm(xs[i + 2]), kir::floordiv(base + (ys[i + 2] - 1), strides[i]) + 1);
        body = {kir::loop(iv[i], lo, hi, std::move(body), i + 1 == r ? kir::LoopKind::vectorized : kir::LoopKind::serial,
                          i + 1 == r ? width : 0)};
    }
    for (std::size_t i = r; i-- > 0;) body = {kir::loop(kv[i], ws[i + 2], std::move(body))};
    c.kernel().body = plane_tasks(plane, N * OC, {kir::loop(icl, icpg, std::move(body))}, parallel);
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(xs)) * static_cast<double>(ocpg * (numel_of(ws) / (ws[0] * ws[1])));
}

ScheduleSpace conv_space(const nlohmann::json&, const CpuInfo& cpu) {
    ScheduleSpace s = parallel_vector_space(cpu, 4);
    // The kernels' knobs, each name once ("rows_per_task" of the blocked and the depthwise
    // kernels has the same choices).
    for (ScheduleSpace part : {conv_blocked_space(cpu), conv_depthwise_space(cpu), conv_pointwise_space(cpu), conv_winograd_space(cpu)})
        for (Knob& k : part)
            if (std::none_of(s.begin(), s.end(), [&](const Knob& have) { return have.name == k.name; })) s.push_back(std::move(k));
    return s;
}

// neo.BlockedConv (on channel-blocked tensors) runs only as conv_blocked.cpp's kernel.
void lower_blocked_conv(LowerCtx& c) {
    if (!lower_conv_blocked(c)) c.unsupported("the blocked kernel does not apply");
}

ScheduleSpace blocked_conv_space(const nlohmann::json&, const CpuInfo& cpu) {
    ScheduleSpace s{{"parallel", {0, 1}}};
    for (Knob& k : conv_blocked_space(cpu))
        if (k.name != "blocked") s.push_back(std::move(k));
    return s;
}

ScheduleSpace conv_transpose_space(const nlohmann::json&, const CpuInfo& cpu) {
    return parallel_vector_space(cpu, 4);
}

}  // namespace

void add_conv_lowerings(LoweringTable& t) {
    t["Conv"] = {lower_conv, conv_space};
    t["ConvTranspose"] = {lower_conv_transpose, conv_transpose_space};
    t["neo.BlockedConv"] = {lower_blocked_conv, blocked_conv_space};
}

}  // namespace neo::llvm_cpu
