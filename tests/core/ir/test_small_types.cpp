// The storage-only element types: float8 / float4 conversions checked against a table that
// ml_dtypes and ONNX's reference helpers computed (tests/data/ir/make_small_float_table.py),
// the bit patterns of ONNX's Cast tables, and the 4- and 2-bit integers.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "neo/core/ir/dtype.hpp"
#include "neo/core/ir/tensor.hpp"

using namespace neo;

namespace {

float bits_to_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

std::optional<SmallFloat> format_named(const std::string& name) {
    if (name == "f8e4m3fn") return SmallFloat::e4m3fn;
    if (name == "f8e4m3fnuz") return SmallFloat::e4m3fnuz;
    if (name == "f8e5m2") return SmallFloat::e5m2;
    if (name == "f8e5m2fnuz") return SmallFloat::e5m2fnuz;
    if (name == "f4e2m1") return SmallFloat::e2m1;
    if (name == "f8e8m0") return SmallFloat::e8m0;
    return std::nullopt;
}

E8M0Rounding rounding_named(const std::string& name) {
    if (name == "down") return E8M0Rounding::down;
    if (name == "nearest") return E8M0Rounding::nearest;
    return E8M0Rounding::up;
}

bool same_value(double got, float want) {
    return (std::isnan(got) && std::isnan(want)) ||
           (got == want && std::signbit(got) == std::signbit(want));
}

}  // namespace

TEST_CASE("small floats convert as ml_dtypes and ONNX's reference helpers do") {
    std::ifstream in(std::string(NEO_SOURCE_DIR) + "/tests/data/ir/small_float_table.txt");
    REQUIRE(in);
    std::string line;
    int checked = 0, failed = 0;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string kind, a;
        ls >> kind >> a;
        if (kind == "encode" || kind == "e8m0") {
            int sat = 0;
            uint32_t x = 0;
            unsigned want = 0;
            ls >> sat >> std::hex >> x >> want;
            const double v = bits_to_float(x);
            const unsigned got = kind == "e8m0" ? e8m0_bits(v, sat != 0, rounding_named(a))
                                                : small_float_bits(*format_named(a), v, sat != 0);
            if (got != want && ++failed <= 20)
                FAIL_CHECK(line << ": got " << std::hex << got);
        } else if (kind == "decode") {
            unsigned code = 0;
            uint32_t want = 0;
            ls >> std::hex >> code >> want;
            const double got = small_float_value(*format_named(a), static_cast<uint8_t>(code));
            if (!same_value(got, bits_to_float(want)) && ++failed <= 20)
                FAIL_CHECK(line << ": got " << got);
        } else {
            FAIL("unexpected line: " << line);
        }
        ++checked;
    }
    CHECK(failed == 0);
    CHECK(checked > 5000);
}

TEST_CASE("float8 special values follow ONNX Cast's tables") {
    const double inf = INFINITY, nan = NAN;
    // saturate = 1: infinities and out-of-range values become the largest finite value.
    CHECK(float8e4m3fn(inf).bits == 0x7e);  // S.1111.110 = 448
    CHECK(float8e4m3fn(-1e6).bits == 0xfe);
    CHECK(float8e4m3fnuz(inf).bits == 0x7f);  // 240
    CHECK(float8e5m2(-inf).bits == 0xfb);    // -57344
    CHECK(float8e5m2fnuz(inf).bits == 0x7f);
    // saturate = 0: infinity where the type has one, else NaN (FNUZ: the one NaN 0x80).
    CHECK(float8e4m3fn(inf, false).bits == 0x7f);
    CHECK(float8e4m3fn(-inf, false).bits == 0xff);
    CHECK(float8e4m3fn(1e6, false).bits == 0x7f);
    CHECK(float8e5m2(inf, false).bits == 0x7c);
    CHECK(float8e5m2(-1e6, false).bits == 0xfc);
    CHECK(float8e4m3fnuz(-inf, false).bits == 0x80);
    CHECK(float8e5m2fnuz(1e6, false).bits == 0x80);
    // 464 is the tie between 448 and the (missing) 480: ties go to the even 448.
    CHECK(float8e4m3fn(464.0, false).bits == 0x7e);
    CHECK(float8e4m3fn(465.0, false).bits == 0x7f);
    // NaN; -0 and values rounding to zero keep their sign except in FNUZ.
    CHECK(float8e4m3fn(nan).bits == 0x7f);
    CHECK(float8e4m3fnuz(nan).bits == 0x80);
    CHECK(float8e5m2fnuz(-nan).bits == 0x80);
    CHECK(float8e4m3fn(-0.0).bits == 0x80);
    CHECK(float8e4m3fnuz(-0.0).bits == 0x00);
    CHECK(float8e5m2fnuz(-1e-7).bits == 0x00);
    CHECK(float8e5m2(-1e-7).bits == 0x80);
    // Smallest subnormals: 2^-9, 2^-10, 2^-16, 2^-17.
    CHECK(static_cast<double>(float8e4m3fn::from_bits(0x01)) == std::ldexp(1.0, -9));
    CHECK(static_cast<double>(float8e4m3fnuz::from_bits(0x01)) == std::ldexp(1.0, -10));
    CHECK(static_cast<double>(float8e5m2::from_bits(0x01)) == std::ldexp(1.0, -16));
    CHECK(static_cast<double>(float8e5m2fnuz::from_bits(0x01)) == std::ldexp(1.0, -17));
    CHECK(std::isnan(static_cast<double>(float8e4m3fnuz::from_bits(0x80))));
    CHECK(std::isinf(static_cast<double>(float8e5m2::from_bits(0x7c))));
}

TEST_CASE("float4 e2m1 saturates and has no infinity or NaN") {
    CHECK(float4e2m1(1e9, false).bits == 0x7);  // 6
    CHECK(float4e2m1(-INFINITY).bits == 0xf);   // -6
    CHECK(float4e2m1(0.25).bits == 0x0);        // tie between 0 and 0.5: even
    CHECK(float4e2m1(0.75).bits == 0x2);        // tie between 0.5 and 1: even (1)
    CHECK(float4e2m1(5.0).bits == 0x6);         // tie between 4 and 6: even (4)
    CHECK(static_cast<double>(float4e2m1::from_bits(0xd)) == -3.0);
}

TEST_CASE("f8e8m0: powers of two, the three rounding modes, saturation") {
    CHECK(e8m0_bits(1.0, true, E8M0Rounding::up) == 0x7f);
    CHECK(e8m0_bits(1.1, true, E8M0Rounding::up) == 0x80);
    CHECK(e8m0_bits(1.9, true, E8M0Rounding::down) == 0x7f);
    CHECK(e8m0_bits(1.5, true, E8M0Rounding::nearest) == 0x80);  // ties up
    CHECK(e8m0_bits(1.4, true, E8M0Rounding::nearest) == 0x7f);
    // Beyond 2^127: the largest value when saturating, else NaN (0xFF).
    CHECK(e8m0_bits(1.5 * std::ldexp(1.0, 127), true, E8M0Rounding::up) == 0xfe);
    CHECK(e8m0_bits(1.5 * std::ldexp(1.0, 127), false, E8M0Rounding::up) == 0xff);
    CHECK(e8m0_bits(INFINITY, true, E8M0Rounding::up) == 0xfe);
    CHECK(e8m0_bits(INFINITY, false, E8M0Rounding::up) == 0xff);
    CHECK(e8m0_bits(NAN, true, E8M0Rounding::up) == 0xff);
    CHECK(static_cast<double>(float8e8m0::from_bits(0)) == std::ldexp(1.0, -127));
    CHECK(std::isnan(static_cast<double>(float8e8m0::from_bits(0xff))));
}

TEST_CASE("4- and 2-bit integers: ranges, wrapping, rounding half to even") {
    CHECK(int4::lowest == -8);
    CHECK(int4::highest == 7);
    CHECK(uint4::highest == 15);
    CHECK(int2::lowest == -2);
    CHECK(uint2::highest == 3);
    // From integers: the low bits, two's complement (ONNX: higher bits are dropped).
    CHECK(int4(int64_t{8}).value == -8);
    CHECK(int4(int64_t{-9}).value == 7);
    CHECK(uint4(int64_t{-1}).value == 15);
    CHECK(uint4(int64_t{17}).value == 1);
    CHECK(int2(int64_t{2}).value == -2);
    CHECK(uint2(int64_t{5}).value == 1);
    CHECK(int4(int64_t{-3}).bits() == 0xd);
    // From floats: round half to even first, then the low bits.
    CHECK(int4::from_double(2.5).value == 2);
    CHECK(int4::from_double(3.5).value == 4);
    CHECK(int4::from_double(-2.5).value == -2);
    CHECK(int4::from_double(7.5).value == -8);  // 8 wraps
    CHECK(uint4::from_double(NAN).value == 0);
    CHECK(uint2::from_double(2.6).value == 3);
}

TEST_CASE("Tensor::cast to and from the storage-only types") {
    Tensor f = Tensor::from_vector<float>({5}, {0.3f, -1000.0f, INFINITY, NAN, 1.0f});
    Tensor s = f.cast(DType::f8e4m3fn);
    CHECK(s.dtype() == DType::f8e4m3fn);
    CHECK(s.nbytes() == 5);
    const auto& a = s.array<float8e4m3fn>();
    CHECK(a(0).bits == 0x2a);  // 0.3 -> 0.3125 (1.010 * 2^-2)
    CHECK(a(1).bits == 0xfe);  // -448
    CHECK(a(2).bits == 0x7e);
    CHECK(a(3).bits == 0x7f);
    CHECK(a(4).bits == 0x38);
    CHECK(f.cast(DType::f8e4m3fn, false).array<float8e4m3fn>()(1).bits == 0xff);
    CHECK(s.cast(DType::f32).array<float>()(0) == 0.3125f);
    CHECK(s.at_double(1) == -448.0);

    Tensor i = Tensor::from_vector<int64_t>({3}, {-9, 15, (int64_t{1} << 40) + 3});
    Tensor i4s = i.cast(DType::i4);
    CHECK(i4s.array<int4>()(0).value == 7);
    CHECK(i4s.array<int4>()(1).value == -1);
    CHECK(i4s.array<int4>()(2).value == 3);
    CHECK(i4s.cast(DType::i8) == Tensor::from_vector<int8_t>({3}, {7, -1, 3}));
    CHECK(i4s.to_int_vector() == std::vector<int64_t>{7, -1, 3});
    CHECK(Tensor::from_vector<float>({2}, {2.5f, -0.5f}).cast(DType::u4).to_int_vector() ==
          std::vector<int64_t>{2, 0});
}
