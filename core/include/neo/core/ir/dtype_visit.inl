#pragma once
#include <type_traits>
#include "neo/core/util/error.hpp"

namespace neo {

template <class F> decltype(auto) visit_dtype(DType t, F&& f) {
    switch (t) {
        case DType::f32: return f(std::type_identity<float>{});
        case DType::f16: return f(std::type_identity<float16>{});
        case DType::bf16: return f(std::type_identity<bfloat16>{});
        case DType::f64: return f(std::type_identity<double>{});
        case DType::i8: return f(std::type_identity<int8_t>{});
        case DType::u8: return f(std::type_identity<uint8_t>{});
        case DType::i16: return f(std::type_identity<int16_t>{});
        case DType::i32: return f(std::type_identity<int32_t>{});
        case DType::i64: return f(std::type_identity<int64_t>{});
        case DType::u16: return f(std::type_identity<uint16_t>{});
        case DType::u32: return f(std::type_identity<uint32_t>{});
        case DType::u64: return f(std::type_identity<uint64_t>{});
        case DType::f8e4m3fn: return f(std::type_identity<float8e4m3fn>{});
        case DType::f8e4m3fnuz: return f(std::type_identity<float8e4m3fnuz>{});
        case DType::f8e5m2: return f(std::type_identity<float8e5m2>{});
        case DType::f8e5m2fnuz: return f(std::type_identity<float8e5m2fnuz>{});
        case DType::u4: return f(std::type_identity<uint4>{});
        case DType::i4: return f(std::type_identity<int4>{});
        case DType::f4e2m1: return f(std::type_identity<float4e2m1>{});
        case DType::f8e8m0: return f(std::type_identity<float8e8m0>{});
        case DType::u2: return f(std::type_identity<uint2>{});
        case DType::i2: return f(std::type_identity<int2>{});
        case DType::boolean: return f(std::type_identity<bool>{});
        case DType::string: return f(std::type_identity<std::string>{});
        case DType::undefined: break;
    }
    throw InternalError("visit_dtype on an undefined dtype");
}

}  // namespace neo
