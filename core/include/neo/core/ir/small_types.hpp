#pragma once
// The element types ONNX defines for storing weights and quantized values only:
// 8-bit floats (FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0),
// the 4-bit float FLOAT4E2M1 and the 4- and 2-bit integers (INT4, UINT4, INT2, UINT2).
// They are converted to and from wider types, never computed with. In memory each
// element takes one byte (the 4- and 2-bit ones unpacked, in the low bits); ONNX files
// pack those two or four to a byte, and their readers unpack them.
#include <cstdint>
#include <type_traits>

namespace neo {

// ---- small floats ---------------------------------------------------------------------------

enum class SmallFloat : uint8_t {
    e4m3fn,    // bias 7, no infinity, NaN S.1111.111, max 448
    e4m3fnuz,  // bias 8, no infinity, no -0, NaN 0x80, max 240
    e5m2,      // bias 15, IEEE-like: infinities and NaNs, max 57344
    e5m2fnuz,  // bias 16, no infinity, no -0, NaN 0x80, max 57344
    e2m1,      // 4 bits, bias 1, no infinity or NaN, max 6
    e8m0,      // exponent only, 2^(bits - 127), no sign, no zero, NaN 0xFF
};

// How a value converts to FLOAT8E8M0 (Cast's round_mode): up to the next power of two
// (away from zero), down to the previous one, or to the nearest one with ties up.
enum class E8M0Rounding : uint8_t { up, down, nearest };

// The bits of the value of format k nearest to v (ties to even; e8m0: rounded `up`).
// saturate: a value beyond the largest finite one (infinities included) becomes it;
// otherwise it becomes infinity where the format has one, else NaN (ONNX Cast's
// tables). e2m1 has neither: it always saturates.
uint8_t small_float_bits(SmallFloat k, double v, bool saturate);
// FLOAT8E8M0 bits of v, rounded as `r` says.
uint8_t e8m0_bits(double v, bool saturate, E8M0Rounding r);
// The exact value of bits of format k (NaN for the NaN encodings).
double small_float_value(SmallFloat k, uint8_t bits);

template <SmallFloat K> struct small_float {
    uint8_t bits = 0;
    small_float() = default;
    explicit small_float(double v, bool saturate = true) : bits(small_float_bits(K, v, saturate)) {}
    static small_float from_bits(uint8_t b) {
        small_float f;
        f.bits = b;
        return f;
    }
    explicit operator double() const { return small_float_value(K, bits); }
    explicit operator float() const { return static_cast<float>(small_float_value(K, bits)); }
    friend bool operator==(small_float a, small_float b) { return a.bits == b.bits; }
};

using float8e4m3fn = small_float<SmallFloat::e4m3fn>;
using float8e4m3fnuz = small_float<SmallFloat::e4m3fnuz>;
using float8e5m2 = small_float<SmallFloat::e5m2>;
using float8e5m2fnuz = small_float<SmallFloat::e5m2fnuz>;
using float4e2m1 = small_float<SmallFloat::e2m1>;
using float8e8m0 = small_float<SmallFloat::e8m0>;

// ---- small integers -------------------------------------------------------------------------

// A Bits-wide two's complement (Signed) or unsigned integer, held in one byte.
template <int Bits, bool Signed> struct small_int {
    using value_type = std::conditional_t<Signed, int8_t, uint8_t>;
    static constexpr int64_t lowest = Signed ? -(int64_t{1} << (Bits - 1)) : 0;
    static constexpr int64_t highest = Signed ? (int64_t{1} << (Bits - 1)) - 1 : (int64_t{1} << Bits) - 1;

    value_type value = 0;
    small_int() = default;
    // The low Bits bits of v (as ONNX casts between integer types: higher bits are dropped).
    explicit small_int(int64_t v) : value(wrap(v)) {}
    static small_int from_bits(uint8_t b) { return small_int(static_cast<int64_t>(b)); }
    // v rounded to the nearest integer (ties to even), then its low Bits bits; NaN → 0.
    static small_int from_double(double v);
    uint8_t bits() const { return static_cast<uint8_t>(value) & static_cast<uint8_t>((1u << Bits) - 1); }
    explicit operator double() const { return value; }
    friend bool operator==(small_int a, small_int b) { return a.value == b.value; }

private:
    static value_type wrap(int64_t v) {
        const uint64_t low = static_cast<uint64_t>(v) & ((uint64_t{1} << Bits) - 1);
        const int64_t s = Signed && (low >> (Bits - 1)) ? static_cast<int64_t>(low) - (int64_t{1} << Bits)
                                                        : static_cast<int64_t>(low);
        return static_cast<value_type>(s);
    }
};

// v rounded half to even and clamped to the int64 range (NaN → 0), for small_int::from_double.
int64_t round_to_int64(double v);

template <int Bits, bool Signed>
small_int<Bits, Signed> small_int<Bits, Signed>::from_double(double v) {
    return small_int(round_to_int64(v));
}

using int4 = small_int<4, true>;
using uint4 = small_int<4, false>;
using int2 = small_int<2, true>;
using uint2 = small_int<2, false>;

template <class T> inline constexpr bool is_small_float_v = false;
template <SmallFloat K> inline constexpr bool is_small_float_v<small_float<K>> = true;
template <class T> inline constexpr bool is_small_int_v = false;
template <int B, bool S> inline constexpr bool is_small_int_v<small_int<B, S>> = true;

}  // namespace neo
