// DType names and the float16 / bfloat16 conversions (rounding, subnormals, inf, NaN).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "neo/core/ir/dtype.hpp"

using namespace neo;

namespace {
float bits_to_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
uint16_t h(float f) { return float16(f).bits; }
uint16_t b(float f) { return bfloat16(f).bits; }
float from_h(uint16_t bits) {
    float16 x;
    x.bits = bits;
    return static_cast<float>(x);
}
float from_b(uint16_t bits) {
    bfloat16 x;
    x.bits = bits;
    return static_cast<float>(x);
}
}  // namespace

TEST_CASE("dtype names round-trip and sizes") {
    for (DType t : {DType::f32, DType::f16, DType::bf16, DType::f64, DType::i8, DType::u8,
                    DType::i16, DType::u16, DType::i32, DType::u32, DType::i64, DType::u64,
                    DType::boolean, DType::string}) {
        CHECK(parse_dtype(dtype_name(t)) == t);
    }
    CHECK(dtype_name(DType::boolean) == "bool");
    CHECK(dtype_name(DType::undefined) == "?");
    CHECK_FALSE(parse_dtype("?").has_value());
    CHECK_FALSE(parse_dtype("float32").has_value());
    CHECK(dtype_size(DType::bf16) == 2);
    CHECK(dtype_size(DType::i64) == 8);
    CHECK(dtype_size(DType::string) == 0);
    CHECK(is_float(DType::bf16));
    CHECK_FALSE(is_float(DType::i8));
    CHECK(is_integer(DType::u8));
    CHECK_FALSE(is_signed(DType::u8));
    for (DType t : {DType::u16, DType::u32, DType::u64}) {
        CHECK(is_integer(t));
        CHECK_FALSE(is_signed(t));
    }
    CHECK(dtype_size(DType::u16) == 2);
    CHECK(dtype_size(DType::u32) == 4);
    CHECK(dtype_size(DType::u64) == 8);
    CHECK(dtype_of<uint64_t>() == DType::u64);
    CHECK(is_signed(DType::f16));
}

TEST_CASE("float16: exact values and normal rounding to nearest even") {
    CHECK(h(1.0f) == 0x3c00);
    CHECK(h(-2.0f) == 0xc000);
    CHECK(h(0.0f) == 0x0000);
    CHECK(h(-0.0f) == 0x8000);
    CHECK(h(65504.0f) == 0x7bff);  // largest finite
    CHECK(h(0.333251953125f) == 0x3555);
    // 1 + 2^-11 is half-way between 0x3c00 and 0x3c01: ties go to the even one.
    CHECK(h(1.0f + std::ldexp(1.0f, -11)) == 0x3c00);
    CHECK(h(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);
    CHECK(h(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)) == 0x3c01);  // above half
    // Rounding up carries into the exponent.
    CHECK(h(2.0f - std::ldexp(1.0f, -11)) == 0x4000);
}

TEST_CASE("float16: overflow, inf and nan") {
    CHECK(h(65519.0f) == 0x7bff);  // below the half-way point to 65536
    CHECK(h(65520.0f) == 0x7c00);  // half-way: ties to even, which is inf
    CHECK(h(1e10f) == 0x7c00);
    CHECK(h(-1e10f) == 0xfc00);
    CHECK(h(std::numeric_limits<float>::infinity()) == 0x7c00);
    CHECK(h(-std::numeric_limits<float>::infinity()) == 0xfc00);
    uint16_t nan = h(std::numeric_limits<float>::quiet_NaN());
    CHECK((nan & 0x7c00) == 0x7c00);
    CHECK((nan & 0x3ff) != 0);
    // A signalling NaN whose payload lives only in the low bits stays a NaN.
    uint16_t snan = h(bits_to_float(0x7f800001u));
    CHECK((snan & 0x7c00) == 0x7c00);
    CHECK((snan & 0x3ff) != 0);
    CHECK(std::isnan(from_h(nan)));
    CHECK(from_h(0x7c00) == std::numeric_limits<float>::infinity());
    CHECK(from_h(0xfc00) == -std::numeric_limits<float>::infinity());
}

TEST_CASE("float16: subnormals") {
    CHECK(h(std::ldexp(1.0f, -24)) == 0x0001);  // smallest subnormal
    CHECK(h(std::ldexp(1.0f, -14)) == 0x0400);  // smallest normal
    CHECK(h(std::ldexp(1.0f, -25)) == 0x0000);  // half of the smallest: ties to even (0)
    CHECK(h(std::ldexp(1.5f, -25)) == 0x0001);  // above half
    CHECK(h(std::ldexp(3.0f, -25)) == 0x0002);  // 1.5 * 2^-24: ties to even (2)
    CHECK(h(std::ldexp(1.0f, -26)) == 0x0000);
    CHECK(h(-std::ldexp(1.0f, -24)) == 0x8001);
    // Just under the smallest normal rounds up into it.
    CHECK(h(std::ldexp(1.0f, -14) - std::ldexp(1.0f, -25)) == 0x0400);
    CHECK(from_h(0x0001) == std::ldexp(1.0f, -24));
    CHECK(from_h(0x03ff) == std::ldexp(1023.0f, -24));
    CHECK(from_h(0x8001) == -std::ldexp(1.0f, -24));
}

TEST_CASE("float16: every finite value round-trips through float") {
    int failures = 0;
    for (uint32_t bits = 0; bits < 0x10000; ++bits) {
        if ((bits & 0x7c00) == 0x7c00) continue;  // inf / nan
        if (h(from_h(static_cast<uint16_t>(bits))) != bits) ++failures;
    }
    CHECK(failures == 0);
}

TEST_CASE("bfloat16: rounding, inf and nan") {
    CHECK(b(1.0f) == 0x3f80);
    CHECK(b(-2.0f) == 0xc000);
    CHECK(b(1.0f + std::ldexp(1.0f, -8)) == 0x3f80);      // tie: to even
    CHECK(b(1.0f + 3 * std::ldexp(1.0f, -8)) == 0x3f82);  // tie: to even
    CHECK(b(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20)) == 0x3f81);
    CHECK(b(std::numeric_limits<float>::infinity()) == 0x7f80);
    CHECK(b(-std::numeric_limits<float>::infinity()) == 0xff80);
    CHECK(b(std::numeric_limits<float>::max()) == 0x7f80);  // rounds up to inf
    uint16_t nan = b(bits_to_float(0x7f800001u));           // payload in the low bits only
    CHECK((nan & 0x7f80) == 0x7f80);
    CHECK((nan & 0x7f) != 0);
    CHECK(std::isnan(from_b(nan)));
    CHECK(b(std::numeric_limits<float>::denorm_min()) == 0x0000);
    CHECK(b(bits_to_float(0x00010000u)) == 0x0001);  // subnormal kept
    CHECK(from_b(0x3f80) == 1.0f);
    CHECK(from_b(0x0001) == bits_to_float(0x00010000u));
}
