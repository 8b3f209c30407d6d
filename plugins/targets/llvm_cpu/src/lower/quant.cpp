// QuantizeLinear and DequantizeLinear, per tensor, per axis or blocked (the scale and zero
// point indexed from each element's position), as pointwise loop nests:
//   Q:  y = saturate(round_half_even(x / scale) + zero_point), the division in the
//       scale's float type (or the 'precision' attribute's), NaN -> zero_point
//   DQ: y = float(x - zero_point) * float(scale), rounded to the output type.
#include <limits>

#include "lower/lowering.hpp"

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
    if (quantize && range_of(yt).second < range_of(yt).first) c.unsupported("output type " + std::string(dtype_name(yt)));
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

ScheduleSpace quant_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

}  // namespace

void add_quant_lowerings(LoweringTable& t) {
    t["QuantizeLinear"] = {[](LowerCtx& c) { lower_quantize(c, true); }, quant_space};
    t["DequantizeLinear"] = {[](LowerCtx& c) { lower_quantize(c, false); }, quant_space};
}

}  // namespace neo::llvm_cpu
