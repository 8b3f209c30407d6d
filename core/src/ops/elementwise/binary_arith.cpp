// Arithmetic with numpy broadcasting: Add Sub Mul Div Pow Mod, and the variadic
// Max Min Sum Mean.
#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

// a / b truncating toward zero for integers (ONNX/C); INT_MIN / -1 wraps.
template <class T> T int_div(T a, T b) {
    if (b == 0) throw ElementError("integer division by zero");
    if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return wrap_neg(a);
    }
    return static_cast<T>(a / b);
}

// a % b with the sign of a (C fmod semantics); x % -1 is 0.
template <class T> T int_rem(T a, T b) {
    if (b == 0) throw ElementError("integer modulo by zero");
    if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
    }
    return static_cast<T>(a % b);
}

// Integer power by squaring, wrapping on overflow; a negative exponent truncates
// 1 / a^-e toward zero (1 for a = 1, ±1 for a = -1, else 0).
template <class A, class B> A int_pow(A a, B e) {
    if (is_negative(e)) {
        if (a == A(1)) return A(1);
        if constexpr (std::is_signed_v<A>) {
            if (a == A(-1)) return (e % 2 == 0) ? A(1) : A(-1);
        }
        if (a == A(0)) throw ElementError("zero raised to a negative integer power");
        return A(0);
    }
    A result = 1;
    auto n = static_cast<uint64_t>(e);
    while (n) {
        if (n & 1u) result = wrap_mul(result, a);
        a = wrap_mul(a, a);
        n >>= 1u;
    }
    return result;
}

auto max_fn = [](auto a, auto b) { return is_nan(a) ? a : is_nan(b) ? b : (b > a ? b : a); };
auto min_fn = [](auto a, auto b) { return is_nan(a) ? a : is_nan(b) ? b : (b < a ? b : a); };
auto add_fn = [](auto a, auto b) { return wrap_add(a, b); };

// Mod: fmod=0 takes the sign of the divisor (Python %), fmod=1 that of the dividend (C fmod).
auto mod_maker = [](const OpContext& c, DType t) {
    int64_t fm = c.attr_i("fmod");
    if (fm != 0 && fm != 1) c.fail("attribute 'fmod' must be 0 or 1, got " + std::to_string(fm));
    if (fm == 0 && is_float(t))
        c.fail("fmod=0 is not defined for floating-point inputs (dtype " +
               std::string(dtype_name(t)) + "); set fmod=1");
    return [fm](auto a, auto b) {
        using T = decltype(a);
        if constexpr (std::is_floating_point_v<T>) {
            return std::fmod(a, b);
        } else {
            T r = int_rem(a, b);
            if (fm == 0 && r != 0 && is_negative(r) != is_negative(b)) r = wrap_add(r, b);
            return r;
        }
    };
};

auto pow_fn = [](auto a, auto b) {
    using A = decltype(a);
    using B = decltype(b);
    if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) return int_pow(a, b);
    else return std::pow(static_cast<double>(a), static_cast<double>(b));
};

constexpr DTypeSet kPowBase = kFloat | bit(DType::i32) | bit(DType::i64);

}  // namespace

void register_binary_arith_ops(OpRegistry& r) {
    r.add(binary<kNumeric>("Add", plain(add_fn)));
    r.add(binary<kNumeric>("Sub", plain([](auto a, auto b) { return wrap_sub(a, b); })));
    r.add(binary<kNumeric>("Mul", plain([](auto a, auto b) { return wrap_mul(a, b); })));
    r.add(binary<kNumeric>("Div", plain([](auto a, auto b) {
        if constexpr (std::is_integral_v<decltype(a)>) return int_div(a, b);
        else return a / b;
    })));
    r.add(binary<kPowBase, Result::same, kNumeric>("Pow", plain(pow_fn)));
    r.add(binary<kNumeric>("Mod", mod_maker, {attr_i("fmod", 0, "1: C fmod (sign of the dividend)")}));
    r.add(variadic<kNumeric>("Max", max_fn));
    r.add(variadic<kNumeric>("Min", min_fn));
    r.add(variadic<kFloat>("Sum", add_fn));
    r.add(variadic<kFloat>("Mean", add_fn, /*mean=*/true));
}

}  // namespace neo::ops::ew
