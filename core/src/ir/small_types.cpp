#include "neo/core/ir/small_types.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "neo/core/util/error.hpp"

namespace neo {
namespace {

// What a format does with values it cannot hold.
enum class Special {
    ieee,  // infinities (exponent all ones, mantissa 0) and NaNs (the other mantissas)
    fn,    // no infinity; NaN is S.1111...1
    fnuz,  // no infinity, no -0; the only NaN is 0x80 (the bits of -0)
    none,  // neither infinity nor NaN
};

struct Format {
    int exp_bits, man_bits, bias;
    Special special;
    uint8_t max_bits;  // the largest finite value, sign bit clear
};

Format format_of(SmallFloat k) {
    switch (k) {
        case SmallFloat::e4m3fn: return {4, 3, 7, Special::fn, 0x7e};
        case SmallFloat::e4m3fnuz: return {4, 3, 8, Special::fnuz, 0x7f};
        case SmallFloat::e5m2: return {5, 2, 15, Special::ieee, 0x7b};
        case SmallFloat::e5m2fnuz: return {5, 2, 16, Special::fnuz, 0x7f};
        case SmallFloat::e2m1: return {2, 1, 1, Special::none, 0x7};
        case SmallFloat::e8m0: break;
    }
    throw InternalError("small float format: e8m0 has no sign or mantissa");
}

uint8_t sign_bit(const Format& f) { return static_cast<uint8_t>(1u << (f.exp_bits + f.man_bits)); }

// The bits of NaN (`negative`: of a NaN with the sign set) in format f.
uint8_t nan_bits(const Format& f, bool negative) {
    const uint8_t s = negative ? sign_bit(f) : 0;
    switch (f.special) {
        case Special::ieee: return static_cast<uint8_t>(s | (f.max_bits + 1) | 0x2);  // quiet: S.11111.10
        case Special::fn: return static_cast<uint8_t>(s | (sign_bit(f) - 1));
        case Special::fnuz: return 0x80;
        // No NaN: ONNX's reference implementation (and the conformance data made with it)
        // gives the bits of -0 whatever the sign; ONNX's float4 note says 6 instead.
        case Special::none: return sign_bit(f);
    }
    return 0;
}

// The bits for a value too large for f, after saturation did not apply.
uint8_t overflow_bits(const Format& f, bool negative) {
    if (f.special == Special::ieee)  // infinity
        return static_cast<uint8_t>((negative ? sign_bit(f) : 0) | (f.max_bits + 1));
    return nan_bits(f, negative);
}

// The exact value of the bits of format f.
double decode(const Format& f, uint8_t bits) {
    const uint8_t sb = sign_bit(f);
    const bool negative = (bits & sb) != 0;
    const int exp_field = (bits & (sb - 1)) >> f.man_bits;
    const int man = bits & ((1 << f.man_bits) - 1);
    const int exp_max = (1 << f.exp_bits) - 1;
    switch (f.special) {
        case Special::ieee:
            if (exp_field == exp_max)
                return man == 0 ? (negative ? -INFINITY : INFINITY) : std::numeric_limits<double>::quiet_NaN();
            break;
        case Special::fn:
            if (exp_field == exp_max && man == (1 << f.man_bits) - 1)
                return std::numeric_limits<double>::quiet_NaN();
            break;
        case Special::fnuz:
            if (bits == 0x80) return std::numeric_limits<double>::quiet_NaN();
            break;
        case Special::none: break;
    }
    const double mag = exp_field == 0
                           ? std::ldexp(man, 1 - f.bias - f.man_bits)
                           : std::ldexp((1 << f.man_bits) + man, exp_field - f.bias - f.man_bits);
    return negative ? -mag : mag;
}

uint8_t encode(const Format& f, double v, bool saturate) {
    const bool negative = std::signbit(v);
    const uint8_t s = negative ? sign_bit(f) : 0;
    const uint8_t max = static_cast<uint8_t>(s | f.max_bits);
    if (std::isnan(v)) return nan_bits(f, negative);
    if (std::isinf(v)) return saturate || f.special == Special::none ? max : overflow_bits(f, negative);
    const double a = std::fabs(v);
    const int emin = 1 - f.bias;  // exponent of the smallest normal value
    const uint8_t zero = f.special == Special::fnuz ? 0 : s;
    if (a == 0) return zero;
    int e = 0;
    std::frexp(a, &e);  // a = m * 2^e with m in [0.5, 1)
    const int ex = std::max(e - 1, emin);
    // a in units of the spacing of f's values near a, rounded half to even (exact scaling).
    double n = std::nearbyint(std::ldexp(a, f.man_bits - ex));
    const double max_value = decode(f, f.max_bits);
    if (std::ldexp(n, ex - f.man_bits) > max_value)
        return saturate || f.special == Special::none ? max : overflow_bits(f, negative);
    if (n == 0) return zero;
    const double implicit = std::ldexp(1.0, f.man_bits);
    int exp_field = 0;
    if (n >= implicit) {  // normal (rounding may have carried into the next binade)
        int exp = ex;
        if (n >= 2 * implicit) {
            n /= 2;
            ++exp;
        }
        exp_field = exp + f.bias;
        n -= implicit;
    }
    return static_cast<uint8_t>(s | (exp_field << f.man_bits) | static_cast<int>(n));
}

uint32_t f32_bits(float v) {
    uint32_t u;
    std::memcpy(&u, &v, 4);
    return u;
}

}  // namespace

uint8_t small_float_bits(SmallFloat k, double v, bool saturate) {
    if (k == SmallFloat::e8m0) return e8m0_bits(v, saturate, E8M0Rounding::up);
    return encode(format_of(k), v, saturate);
}

// On the bits of v as a float, like ONNX's definition: the float's exponent field is the
// result, moved up by one when the rounding says so. The sign is ignored (ONNX leaves
// negative values undefined).
uint8_t e8m0_bits(double v, bool saturate, E8M0Rounding r) {
    if (std::isnan(v)) return 0xff;
    if (std::isinf(v)) return saturate ? 0xfe : 0xff;
    const uint32_t b = f32_bits(static_cast<float>(v));
    uint32_t exp = (b >> 23) & 0xffu;
    if (exp == 0xff) return saturate ? 0xfe : 0xff;  // a double beyond float's range
    bool up = false;
    switch (r) {
        case E8M0Rounding::up: up = (b & 0x7fffffu) != 0; break;
        case E8M0Rounding::down: break;
        case E8M0Rounding::nearest: {
            // Half way or more rounds up; for a float subnormal (exponent 0) a tie goes down.
            const bool half = (b & 0x400000u) != 0, rest = (b & 0x3fffffu) != 0;
            up = half && (rest || exp > 0);
            break;
        }
    }
    if (up && !(saturate && exp == 0xfe)) ++exp;
    return static_cast<uint8_t>(exp);
}

double small_float_value(SmallFloat k, uint8_t bits) {
    if (k == SmallFloat::e8m0)
        return bits == 0xff ? std::numeric_limits<double>::quiet_NaN() : std::ldexp(1.0, bits - 127);
    return decode(format_of(k), bits);
}

int64_t round_to_int64(double v) {
    if (std::isnan(v)) return 0;
    const double r = std::nearbyint(v);  // the default rounding mode: half to even
    if (r <= -0x1p63) return std::numeric_limits<int64_t>::min();
    if (r >= 0x1p63) return std::numeric_limits<int64_t>::max();
    return static_cast<int64_t>(r);
}

}  // namespace neo
