// QuantizeLinear and DequantizeLinear, per tensor, per axis or blocked (the scale and zero
// point indexed from each element's position), as pointwise loop nests:
//   Q:  y = saturate(round_half_even(x / scale) + zero_point), the division in the
//       scale's float type (or the 'precision' attribute's), NaN -> zero_point; to the
//       float8 / float4 types x / scale + zero_point rounded to the type (its `saturate`)
//   DQ: y = float(x - zero_point) * float(scale), rounded to the output type.
// DynamicQuantizeLinear: a min / max pass over x (vectorized) gives y_scale and
// y_zero_point (in f32, as the operator defines), then a pointwise pass reads them back.
// QLinearConv: per output element (the outermost loop parallel), the taps inside the input
// accumulate (x - x_zero_point) * (w - w_zero_point) in wrapping int32 from the bias, then
// the sum is requantized with x_scale * w_scale / y_scale (f32; w's per tensor or per
// output channel). ConvInteger is the same loop nest without bias and requantization. Knobs: "parallel", "vector_width" (DynamicQuantizeLinear's passes).
#include <limits>

#include "lower/window.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

// The index into scale / zero point of the element at `idx` of an input shaped `xs`.
ExprP param_index(LowerCtx& c, const std::vector<int64_t>& xs, const std::vector<int64_t>& ss,
                  const std::vector<ExprP>& idx) {
    if (numel_of(ss) == 1) return kir::imm(0);
    int64_t axis = c.op().attr_i("axis");
    if (axis < 0) axis += static_cast<int64_t>(xs.size());
    const auto a = static_cast<std::size_t>(axis);
    if (ss.size() == 1) return idx[a];
    if (ss.size() != xs.size()) c.unsupported("scale of rank " + std::to_string(ss.size()));
    const int64_t block = c.op().attr_i("block_size");
    if (block <= 0) c.unsupported("a blocked scale without block_size");
    const auto st = strides_of(ss);
    ExprP e = kir::imm(0);
    for (std::size_t d = 0; d < xs.size(); ++d) e = e + (d == a ? kir::floordiv(idx[d], block) : idx[d]) * st[d];
    return e;
}

std::pair<double, double> range_of(DType t) {
    switch (t) {
    case DType::i8: return {-128, 127};
    case DType::u8: return {0, 255};
    case DType::i16: return {-32768, 32767};
    case DType::u16: return {0, 65535};
    case DType::i32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    case DType::i4: return {int4::lowest, int4::highest};
    case DType::u4: return {uint4::lowest, uint4::highest};
    case DType::i2: return {int2::lowest, int2::highest};
    case DType::u2: return {uint2::lowest, uint2::highest};
    default: return {0, -1};
    }
}

DType division_type(LowerCtx& c, DType scale) {
    switch (c.op().attr_i("precision")) {
    case 0: return is_float(scale) ? scale : DType::f64;
    case 1: return DType::f32;
    case 10: return DType::f16;
    case 16: return DType::bf16;
    case 11: return DType::f64;
    default: c.unsupported("precision " + std::to_string(c.op().attr_i("precision")));
    }
}

void lower_quantize(LowerCtx& c, bool quantize) {
    const auto xs = c.in_shape(0), ss = c.in_shape(1);
    const DType xt = c.in_dtype(0), st = c.in_dtype(1), yt = c.out_dtype(0);
    const DType zt = c.has_input(2) ? c.in_dtype(2) : (quantize ? yt : xt);
    if (quantize && !is_small_float(yt) && range_of(yt).second < range_of(yt).first)
        c.unsupported("output type " + std::string(dtype_name(yt)));
    const int X = c.in(0), S = c.in(1), Z = c.has_input(2) ? c.in(2) : -1, Y = c.out(0);
    const DType p = quantize ? division_type(c, st) : DType::f32;
    const bool parallel = c.knob("parallel", numel_of(xs) >= 65536 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, xs, parallel, 1, [&](const std::vector<ExprP>& idx) {
        ExprP k = param_index(c, xs, ss, idx);
        ExprP zp = Z >= 0 ? kir::cast(DType::f64, kir::load(Z, zt, k)) : kir::fimm(0, DType::f64);
        ExprP x = kir::load(X, xt, linear_index(idx, strides_of(xs)));
        ExprP y;
        if (quantize) {
            ExprP v = kir::cast(DType::f64, div(kir::cast(p, x), kir::cast(p, kir::load(S, st, k))));
            if (is_small_float(yt)) {  // rounded to the nearest value of the float type
                y = kir::cast(yt, add(v, zp), kir::CastMode{c.op().attr_i("saturate") != 0});
                return std::vector<kir::StmtP>{kir::store(Y, linear_index(idx, strides_of(xs)), y)};
            }
            const auto [lo, hi] = range_of(yt);
            ExprP q = add(kir::unary(Op::RoundEven, v), zp);
            q = kir::select(kir::unary(Op::IsNan, v), zp, kir::max(kir::fimm(lo, DType::f64), kir::min(q, kir::fimm(hi, DType::f64))));
            y = kir::cast(yt, q);
        } else {
            ExprP d = kir::cast(DType::f32, sub(kir::cast(DType::f64, x), zp));
            y = kir::cast(yt, mul(d, kir::cast(DType::f32, kir::load(S, st, k))));
        }
        return std::vector<kir::StmtP>{kir::store(Y, linear_index(idx, strides_of(xs)), y)};
    });
}

// DynamicQuantizeLinear (f32 in, u8 out).
void lower_dynamic_quantize(LowerCtx& c) {
    if (c.in_dtype(0) != DType::f32) c.unsupported("element type " + std::string(dtype_name(c.in_dtype(0))));
    if (c.node().num_outputs() != 3) c.unsupported("fewer than three outputs");
    const DType f = DType::f32, u8 = DType::u8;
    const int64_t n = numel_of(c.in_shape(0));
    const int X = c.in(0), Y = c.out(0), S = c.out(1), Z = c.out(2);
    const int lo = c.kernel().add_local("lo", f, 1), hi = c.kernel().add_local("hi", f, 1);
    const int i = c.var("i");
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(f)));
    ExprP x = kir::load(X, f, kir::var(i)), l = kir::load(lo, f, kir::imm(0)), h = kir::load(hi, f, kir::imm(0));
    ExprP range = kir::select(kir::binary(Op::Eq, h, l), kir::fimm(1, f), sub(h, l));
    ExprP scale = kir::load(S, f, kir::imm(0));
    ExprP zp = kir::max(kir::fimm(0, f), kir::min(kir::fimm(255, f), sub(kir::fimm(0, f), div(l, scale))));
    const int j = c.var("j");
    ExprP q = add(kir::unary(Op::RoundEven, div(kir::load(X, f, kir::var(j)), scale)), kir::cast(f, kir::load(Z, u8, kir::imm(0))));
    const bool parallel = c.knob("parallel", n >= 65536 ? 1 : 0) != 0;
    c.kernel().body = kir::block({
        kir::store(lo, kir::imm(0), kir::fimm(0, f)),
        kir::store(hi, kir::imm(0), kir::fimm(0, f)),
        kir::loop(i, n, {kir::store(lo, kir::imm(0), kir::min(l, x)), kir::store(hi, kir::imm(0), kir::max(h, x))},
                  kir::LoopKind::vectorized, width),
        kir::store(S, kir::imm(0), div(range, kir::fimm(255, f))),
        kir::store(Z, kir::imm(0), kir::cast(u8, kir::unary(Op::RoundEven, zp))),
        kir::loop(j, n, {kir::store(Y, kir::var(j), kir::cast(u8, kir::max(kir::fimm(0, f), kir::min(kir::fimm(255, f), q))))},
                  parallel ? kir::LoopKind::parallel : kir::LoopKind::vectorized, parallel ? 0 : width)});
}

// QLinearConv (requantize) — inputs x, x_scale, x_zero_point, w, w_scale, w_zero_point,
// y_scale, y_zero_point, B — or ConvInteger — x, w, x_zero_point, w_zero_point; the int32
// sum is its output.
void lower_integer_conv(LowerCtx& c, bool requantize) {
    const std::size_t X = 0, XZ = 2, W = requantize ? 3 : 1, WZ = requantize ? 5 : 3;
    const auto ws = c.in_shape(W), ys = c.out_shape(0), xs = c.in_shape(0);
    const std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
    const auto axes = window_axes(c, kernel);
    const std::size_t r = axes.size();
    const int64_t C = xs[1], OC = ys[1], group = c.op().attr_i("group");
    const int64_t icpg = C / group, ocpg = OC / group;
    const DType yt = c.out_dtype(0), i32 = DType::i32, f = DType::f32;
    const auto [ylo, yhi] = range_of(yt);
    if (requantize && yhi < ylo) c.unsupported("output type " + std::string(dtype_name(yt)));
    for (std::size_t i = 0; i < c.node().num_inputs(); ++i)  // every argument before the local
        if (c.has_input(i)) c.in(i);
    const int Y = c.out(0);
    const int acc = c.kernel().add_local("acc", i32, 1);
    // Input i at 0, or at the output channel when it has one value per channel (0 when
    // it is omitted).
    auto per_channel = [&](std::size_t i, const ExprP& oc, DType as) {
        if (!c.has_input(i)) return kir::imm(0, as);
        return kir::cast(as, kir::load(c.in(i), c.in_dtype(i), numel_of(c.in_shape(i)) == 1 ? kir::imm(0) : oc));
    };
    const int ic = c.var("ic");
    std::vector<int> kv(r);
    for (std::size_t i = 0; i < r; ++i) kv[i] = c.var("k" + std::to_string(i));
    const auto xstr = strides_of(xs), wstr = strides_of(ws);
    const bool parallel = c.knob("parallel", numel_of(ys) > 1 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, ys, parallel, 1, [&](const std::vector<ExprP>& o) {
        const ExprP &n = o[0], &oc = o[1];
        ExprP xidx = (n * C + kir::floordiv(oc, ocpg) * icpg + kir::var(ic)) * xstr[1];
        ExprP widx = oc * wstr[0] + kir::var(ic) * wstr[1];
        for (std::size_t i = 0; i < r; ++i) {
            widx = widx + kir::var(kv[i]) * wstr[i + 2];
            xidx = xidx + (o[i + 2] * axes[i].stride + kir::var(kv[i]) * axes[i].dilation - kir::imm(axes[i].pad_begin)) * xstr[i + 2];
        }
        ExprP xv = sub(kir::cast(i32, kir::load(c.in(X), c.in_dtype(X), xidx)), per_channel(XZ, oc, i32));
        ExprP wv = sub(kir::cast(i32, kir::load(c.in(W), c.in_dtype(W), widx)), per_channel(WZ, oc, i32));
        ExprP sum = kir::load(acc, i32, kir::imm(0));
        std::vector<kir::StmtP> taps{kir::store(acc, kir::imm(0), add(sum, mul(xv, wv)))};
        for (std::size_t i = r; i-- > 0;) {
            auto [lo, hi] = taps_for_output(axes[i], o[i + 2]);
            taps = {kir::loop(kv[i], lo, hi, std::move(taps))};
        }
        if (!requantize)
            return std::vector<kir::StmtP>{kir::store(acc, kir::imm(0), kir::imm(0, i32)), kir::loop(ic, icpg, std::move(taps)),
                                           kir::store(Y, linear_index(o, strides_of(ys)), sum)};
        ExprP mult = div(mul(per_channel(1, oc, f), per_channel(4, oc, f)), per_channel(6, oc, f));
        ExprP q = add(mul(kir::cast(DType::f64, sum), kir::cast(DType::f64, mult)), per_channel(7, oc, DType::f64));
        ExprP y = kir::max(kir::fimm(ylo, DType::f64), kir::min(kir::fimm(yhi, DType::f64), kir::unary(Op::RoundEven, q)));
        return std::vector<kir::StmtP>{
            kir::store(acc, kir::imm(0), c.has_input(8) ? per_channel(8, oc, i32) : kir::imm(0, i32)),
            kir::loop(ic, icpg, std::move(taps)),
            kir::store(Y, linear_index(o, strides_of(ys)), kir::cast(yt, y))};
    });
    c.kernel().flops = 2.0 * static_cast<double>(numel_of(ys)) * static_cast<double>(icpg * numel_of(kernel));
}

ScheduleSpace quant_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }
ScheduleSpace dynamic_quant_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }

}  // namespace

void add_quant_lowerings(LoweringTable& t) {
    t["QuantizeLinear"] = {[](LowerCtx& c) { lower_quantize(c, true); }, quant_space};
    t["DequantizeLinear"] = {[](LowerCtx& c) { lower_quantize(c, false); }, quant_space};
    t["DynamicQuantizeLinear"] = {lower_dynamic_quantize, dynamic_quant_space};
    t["QLinearConv"] = {[](LowerCtx& c) { lower_integer_conv(c, true); }, quant_space};
    t["ConvInteger"] = {[](LowerCtx& c) { lower_integer_conv(c, false); }, quant_space};
}

}  // namespace neo::llvm_cpu
