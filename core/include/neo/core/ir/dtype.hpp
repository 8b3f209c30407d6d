#pragma once
// Element types of the IR.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "neo/core/ir/small_types.hpp"

namespace neo {

enum class DType : uint8_t {
    undefined = 0,  // not known yet (before type inference)
    f32, f16, bf16, f64,
    i8, u8, i16, i32, i64,
    boolean,
    string,
    u16, u32, u64,  // after the others: the numbering of the older types stays as it was
    // Storage-only types (small_types.hpp), in ONNX's order:
    f8e4m3fn, f8e4m3fnuz, f8e5m2, f8e5m2fnuz, u4, i4, f4e2m1, f8e8m0, u2, i2,
};

// Short name used in the text format and messages: "f32", "bool", "string", "?".
std::string_view dtype_name(DType t);
// Inverse of dtype_name; nullopt for an unknown name.
std::optional<DType> parse_dtype(std::string_view name);
// Bytes per element; 0 for string and undefined.
std::size_t dtype_size(DType t);
bool is_float(DType t);    // f32 f16 bf16 f64
bool is_integer(DType t);  // i8 u8 i16 u16 i32 u32 i64 u64
bool is_signed(DType t);  // has negative values
// The types ONNX defines for storage and conversion only (no arithmetic): the 8- and
// 4-bit floats (f8e4m3fn f8e4m3fnuz f8e5m2 f8e5m2fnuz f8e8m0 f4e2m1) and the 4- and
// 2-bit integers (i4 u4 i2 u2). Neither is_float nor is_integer holds for them.
bool is_storage_only(DType t);
bool is_small_float(DType t);  // the 8- and 4-bit floats
bool is_small_int(DType t);    // i4 u4 i2 u2

// IEEE half and bfloat16, stored as bits. Arithmetic goes through float.
struct float16 {
    uint16_t bits = 0;
    float16() = default;
    explicit float16(float f);
    explicit operator float() const;
    friend bool operator==(float16 a, float16 b) { return a.bits == b.bits; }
};
struct bfloat16 {
    uint16_t bits = 0;
    bfloat16() = default;
    explicit bfloat16(float f);
    explicit operator float() const;
    friend bool operator==(bfloat16 a, bfloat16 b) { return a.bits == b.bits; }
};

// C++ element type of each DType (bool for boolean, std::string for string).
template <DType T> struct dtype_traits;
#define NEO_DTYPE_TRAIT(E, C) \
    template <> struct dtype_traits<DType::E> { using type = C; };
NEO_DTYPE_TRAIT(f32, float)
NEO_DTYPE_TRAIT(f16, float16)
NEO_DTYPE_TRAIT(bf16, bfloat16)
NEO_DTYPE_TRAIT(f64, double)
NEO_DTYPE_TRAIT(i8, int8_t)
NEO_DTYPE_TRAIT(u8, uint8_t)
NEO_DTYPE_TRAIT(i16, int16_t)
NEO_DTYPE_TRAIT(i32, int32_t)
NEO_DTYPE_TRAIT(i64, int64_t)
NEO_DTYPE_TRAIT(u16, uint16_t)
NEO_DTYPE_TRAIT(u32, uint32_t)
NEO_DTYPE_TRAIT(u64, uint64_t)
NEO_DTYPE_TRAIT(f8e4m3fn, float8e4m3fn)
NEO_DTYPE_TRAIT(f8e4m3fnuz, float8e4m3fnuz)
NEO_DTYPE_TRAIT(f8e5m2, float8e5m2)
NEO_DTYPE_TRAIT(f8e5m2fnuz, float8e5m2fnuz)
NEO_DTYPE_TRAIT(u4, uint4)
NEO_DTYPE_TRAIT(i4, int4)
NEO_DTYPE_TRAIT(f4e2m1, float4e2m1)
NEO_DTYPE_TRAIT(f8e8m0, float8e8m0)
NEO_DTYPE_TRAIT(u2, uint2)
NEO_DTYPE_TRAIT(i2, int2)
NEO_DTYPE_TRAIT(boolean, bool)
NEO_DTYPE_TRAIT(string, std::string)
#undef NEO_DTYPE_TRAIT

template <class C> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::f32; }
template <> constexpr DType dtype_of<float16>() { return DType::f16; }
template <> constexpr DType dtype_of<bfloat16>() { return DType::bf16; }
template <> constexpr DType dtype_of<double>() { return DType::f64; }
template <> constexpr DType dtype_of<int8_t>() { return DType::i8; }
template <> constexpr DType dtype_of<uint8_t>() { return DType::u8; }
template <> constexpr DType dtype_of<int16_t>() { return DType::i16; }
template <> constexpr DType dtype_of<int32_t>() { return DType::i32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::i64; }
template <> constexpr DType dtype_of<uint16_t>() { return DType::u16; }
template <> constexpr DType dtype_of<uint32_t>() { return DType::u32; }
template <> constexpr DType dtype_of<uint64_t>() { return DType::u64; }
template <> constexpr DType dtype_of<float8e4m3fn>() { return DType::f8e4m3fn; }
template <> constexpr DType dtype_of<float8e4m3fnuz>() { return DType::f8e4m3fnuz; }
template <> constexpr DType dtype_of<float8e5m2>() { return DType::f8e5m2; }
template <> constexpr DType dtype_of<float8e5m2fnuz>() { return DType::f8e5m2fnuz; }
template <> constexpr DType dtype_of<uint4>() { return DType::u4; }
template <> constexpr DType dtype_of<int4>() { return DType::i4; }
template <> constexpr DType dtype_of<float4e2m1>() { return DType::f4e2m1; }
template <> constexpr DType dtype_of<float8e8m0>() { return DType::f8e8m0; }
template <> constexpr DType dtype_of<uint2>() { return DType::u2; }
template <> constexpr DType dtype_of<int2>() { return DType::i2; }
template <> constexpr DType dtype_of<bool>() { return DType::boolean; }
template <> constexpr DType dtype_of<std::string>() { return DType::string; }

// Calls f(tag) with tag = std::type_identity<C> for the C++ type C of `t`.
// Throws InternalError for DType::undefined.
template <class F> decltype(auto) visit_dtype(DType t, F&& f);

}  // namespace neo

#include "neo/core/ir/dtype_visit.inl"
