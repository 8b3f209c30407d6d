#include "neo/core/ir/dtype.hpp"

#include <array>
#include <cstring>

namespace neo {
namespace {

struct DTypeRow {
    DType t;
    std::string_view name;
    std::size_t size;
};
constexpr std::array<DTypeRow, 25> kRows{{
    {DType::undefined, "?", 0}, {DType::f32, "f32", 4},    {DType::f16, "f16", 2},
    {DType::bf16, "bf16", 2},   {DType::f64, "f64", 8},    {DType::i8, "i8", 1},
    {DType::u8, "u8", 1},       {DType::i16, "i16", 2},    {DType::i32, "i32", 4},
    {DType::i64, "i64", 8},     {DType::boolean, "bool", 1}, {DType::string, "string", 0},
    {DType::u16, "u16", 2},     {DType::u32, "u32", 4},    {DType::u64, "u64", 8},
    // Storage-only types: one byte per element in memory (4- and 2-bit ones unpacked).
    {DType::f8e4m3fn, "f8e4m3fn", 1}, {DType::f8e4m3fnuz, "f8e4m3fnuz", 1},
    {DType::f8e5m2, "f8e5m2", 1},     {DType::f8e5m2fnuz, "f8e5m2fnuz", 1},
    {DType::u4, "u4", 1},             {DType::i4, "i4", 1},
    {DType::f4e2m1, "f4e2m1", 1},     {DType::f8e8m0, "f8e8m0", 1},
    {DType::u2, "u2", 1},             {DType::i2, "i2", 1},
}};

uint32_t float_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
float bits_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

}  // namespace

std::string_view dtype_name(DType t) { return kRows.at(static_cast<std::size_t>(t)).name; }

std::optional<DType> parse_dtype(std::string_view name) {
    for (const auto& r : kRows)
        if (r.name == name && r.t != DType::undefined) return r.t;
    return std::nullopt;
}

std::size_t dtype_size(DType t) { return kRows.at(static_cast<std::size_t>(t)).size; }

bool is_float(DType t) {
    return t == DType::f32 || t == DType::f16 || t == DType::bf16 || t == DType::f64;
}
bool is_integer(DType t) {
    return t == DType::i8 || t == DType::u8 || t == DType::i16 || t == DType::u16 ||
           t == DType::i32 || t == DType::u32 || t == DType::i64 || t == DType::u64;
}
bool is_signed(DType t) {
    return is_float(t) || t == DType::i8 || t == DType::i16 || t == DType::i32 || t == DType::i64 ||
           (is_small_float(t) && t != DType::f8e8m0) || t == DType::i4 || t == DType::i2;
}

bool is_small_float(DType t) {
    return t == DType::f8e4m3fn || t == DType::f8e4m3fnuz || t == DType::f8e5m2 ||
           t == DType::f8e5m2fnuz || t == DType::f4e2m1 || t == DType::f8e8m0;
}
bool is_small_int(DType t) {
    return t == DType::u4 || t == DType::i4 || t == DType::u2 || t == DType::i2;
}
bool is_storage_only(DType t) { return is_small_float(t) || is_small_int(t); }

// IEEE 754 binary16 conversion with round-to-nearest-even, subnormals, inf and NaN.
float16::float16(float f) {
    uint32_t x = float_bits(f);
    uint32_t sign = (x >> 16) & 0x8000u;
    uint32_t exp = (x >> 23) & 0xffu;
    uint32_t man = x & 0x7fffffu;
    if (exp == 0xff) {  // inf / NaN (keep NaN quiet)
        bits = static_cast<uint16_t>(sign | 0x7c00u | (man ? 0x200u | (man >> 13) : 0));
        return;
    }
    int32_t e = static_cast<int32_t>(exp) - 127 + 15;
    if (e >= 0x1f) {  // overflow
        bits = static_cast<uint16_t>(sign | 0x7c00u);
        return;
    }
    if (e <= 0) {  // subnormal or zero
        if (e < -10) {
            bits = static_cast<uint16_t>(sign);
            return;
        }
        man |= 0x800000u;
        uint32_t shift = static_cast<uint32_t>(14 - e);
        uint32_t half = man >> shift;
        uint32_t rem = man & ((1u << shift) - 1);
        uint32_t mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1u))) ++half;
        bits = static_cast<uint16_t>(sign | half);
        return;
    }
    uint32_t half = sign | (static_cast<uint32_t>(e) << 10) | (man >> 13);
    uint32_t rem = man & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (half & 1u))) ++half;  // may carry into exp: ok
    bits = static_cast<uint16_t>(half);
}

float16::operator float() const {
    uint32_t sign = (static_cast<uint32_t>(bits) & 0x8000u) << 16;
    uint32_t exp = (bits >> 10) & 0x1fu;
    uint32_t man = bits & 0x3ffu;
    if (exp == 0) {
        if (man == 0) return bits_float(sign);
        // subnormal: value = man * 2^-24
        float v = static_cast<float>(man) * 5.9604644775390625e-8f;
        return sign ? -v : v;
    }
    if (exp == 0x1f) return bits_float(sign | 0x7f800000u | (man << 13));
    return bits_float(sign | ((exp - 15 + 127) << 23) | (man << 13));
}

bfloat16::bfloat16(float f) {
    uint32_t x = float_bits(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) {  // NaN stays a quiet NaN
        bits = static_cast<uint16_t>((x >> 16) | 0x40u);
        return;
    }
    uint32_t lsb = (x >> 16) & 1u;
    x += 0x7fffu + lsb;  // round to nearest even
    bits = static_cast<uint16_t>(x >> 16);
}

bfloat16::operator float() const { return bits_float(static_cast<uint32_t>(bits) << 16); }

}  // namespace neo
