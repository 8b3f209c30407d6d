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
        case DType::boolean: return f(std::type_identity<bool>{});
        case DType::string: return f(std::type_identity<std::string>{});
        case DType::undefined: break;
    }
    throw InternalError("visit_dtype on an undefined dtype");
}

}  // namespace neo
