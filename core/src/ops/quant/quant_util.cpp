#include "ops/quant/quant_util.hpp"

#include <algorithm>
#include <cmath>

#include "neo/core/util/error.hpp"

namespace neo::ops::quant {

QRange quant_range(DType t) {
    switch (t) {
        case DType::i8: return {-128, 127};
        case DType::u8: return {0, 255};
        case DType::i16: return {-32768, 32767};
        case DType::u16: return {0, 65535};
        case DType::i4: return {int4::lowest, int4::highest};
        case DType::u4: return {uint4::lowest, uint4::highest};
        case DType::i2: return {int2::lowest, int2::highest};
        case DType::u2: return {uint2::lowest, uint2::highest};
        default:
            throw InternalError("quant_range: " + std::string(dtype_name(t)) +
                                " is not a quantized integer dtype");
    }
}

void require_8bit(const OpContext& ctx, DType t, const std::string& what) {
    require_dtype_in(ctx, t, {DType::i8, DType::u8}, "i8, u8", what);
}

void require_dtype_in(const OpContext& ctx, DType t, const std::vector<DType>& allowed,
                      const std::string& allowed_str, const std::string& what) {
    if (t == DType::undefined || std::find(allowed.begin(), allowed.end(), t) != allowed.end())
        return;
    ctx.fail(what + " has dtype " + std::string(dtype_name(t)) + "; " + ctx.node().op() +
             " supports " + allowed_str + " there");
}

void require_single(const OpContext& ctx, const Shape& s, const std::string& what) {
    if (!s.ranked()) return;
    for (const Dim& d : s.dims())
        if (d.is_static() && d.value() != 1)
            ctx.fail(what + " must be a scalar (one element, per-tensor quantization), got shape " +
                     s.str());
}

int64_t saturate_round(double v, QRange r) {
    if (std::isnan(v)) v = 0.0;
    const double q = std::nearbyint(v);  // the default rounding mode: half to even
    if (q <= static_cast<double>(r.lo)) return r.lo;
    if (q >= static_cast<double>(r.hi)) return r.hi;
    return static_cast<int64_t>(q);
}

double round_to(DType t, double v) {
    switch (t) {
        case DType::f32: return static_cast<double>(static_cast<float>(v));
        // double -> float -> half is exact rounding here: float has enough extra bits.
        case DType::f16: return static_cast<double>(static_cast<float>(float16(static_cast<float>(v))));
        case DType::bf16:
            return static_cast<double>(static_cast<float>(bfloat16(static_cast<float>(v))));
        default: return v;
    }
}

std::vector<int64_t> to_i64(const Tensor& t) {
    std::vector<int64_t> out(static_cast<std::size_t>(t.numel()));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = t.at_int(static_cast<int64_t>(i));
    return out;
}

Tensor from_i64(DType t, const std::vector<int64_t>& shape, const std::vector<int64_t>& v) {
    Tensor out = Tensor::zeros(t, shape);
    visit_dtype(t, [&](auto tag) {
        using C = typename decltype(tag)::type;
        if constexpr ((std::is_integral_v<C> && !std::is_same_v<C, bool>) || is_small_int_v<C>) {
            auto& a = out.array<C>();
            for (std::size_t i = 0; i < v.size(); ++i) a.data()[i] = static_cast<C>(v[i]);
        } else {
            throw InternalError("from_i64: " + std::string(dtype_name(t)) +
                                " is not an integer dtype");
        }
    });
    return out;
}

Tensor requantize(DType t, const std::vector<int64_t>& shape, const std::vector<double>& v) {
    const QRange r = quant_range(t);
    std::vector<int64_t> q(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) q[i] = saturate_round(v[i], r);
    return from_i64(t, shape, q);
}

}  // namespace neo::ops::quant
