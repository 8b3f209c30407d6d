#pragma once
// Building blocks of the elementwise family (internal to core/src/ops/elementwise):
// dtype sets, dtype dispatch restricted to a set, the compute type of each element
// type, and the generic loops (unary map, numpy-broadcasting N-ary loop).
//
// Element functors receive values of the compute type C of the element type T
// (float for f16/bf16, T otherwise) and their result is converted back with
// from_compute<Out>. A functor reports a bad element (integer division by zero, an
// unparsable string) by throwing ElementError, which the op turns into ctx.fail().
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo::ops::ew {

// ---- dtype sets ------------------------------------------------------------------------

using DTypeSet = uint32_t;
constexpr DTypeSet bit(DType t) { return DTypeSet{1} << static_cast<unsigned>(t); }
constexpr DTypeSet kFloat = bit(DType::f32) | bit(DType::f16) | bit(DType::bf16) | bit(DType::f64);
constexpr DTypeSet kSignedInt = bit(DType::i8) | bit(DType::i16) | bit(DType::i32) | bit(DType::i64);
constexpr DTypeSet kInt = kSignedInt | bit(DType::u8) | bit(DType::u16) | bit(DType::u32) |
                          bit(DType::u64);
constexpr DTypeSet kNumeric = kFloat | kInt;
constexpr DTypeSet kBool = bit(DType::boolean);
constexpr DTypeSet kString = bit(DType::string);
constexpr DTypeSet kAny = kNumeric | kBool | kString;
// The storage-only types (float8, float4, int4, int2): only moved and cast, never computed.
constexpr DTypeSet kStorageOnly =
    bit(DType::f8e4m3fn) | bit(DType::f8e4m3fnuz) | bit(DType::f8e5m2) | bit(DType::f8e5m2fnuz) |
    bit(DType::u4) | bit(DType::i4) | bit(DType::f4e2m1) | bit(DType::f8e8m0) | bit(DType::u2) |
    bit(DType::i2);
constexpr DTypeSet kAll = kAny | kStorageOnly;

constexpr bool in_set(DTypeSet s, DType t) { return (s & bit(t)) != 0; }
// "f32, f16, bf16, f64" in DType order.
std::string dtype_set_str(DTypeSet s);
// Fails (naming the input, its dtype and the accepted ones) unless t is in s.
void check_dtype(const OpContext& c, const std::string& what, DType t, DTypeSet s);
// check_dtype for input i of an inference; returns its dtype.
DType check_input_dtype(const InferContext& c, std::size_t i, DTypeSet s);
// Fails unless the dtypes of inputs i and j agree.
void check_same_dtype(const OpContext& c, std::size_t i, DType a, std::size_t j, DType b);

// Calls f(std::type_identity<T>{}) for the element type T of t; fails, naming `what`
// ("input 0"), for a dtype outside S (without instantiating f for it).
template <DTypeSet S, class F>
void dispatch(const OpContext& c, const std::string& what, DType t, F&& f) {
    check_dtype(c, what, t, S);
    visit_dtype(t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (in_set(S, dtype_of<T>())) f(tag);
    });
}

// ---- element conversions ---------------------------------------------------------------

template <class T> inline constexpr bool is_half_v =
    std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>;

// The type element functors compute in: float for f16/bf16, else T itself.
template <class T> using compute_t = std::conditional_t<is_half_v<T>, float, T>;

template <class T> compute_t<T> to_compute(const T& v) {
    if constexpr (is_half_v<T>) return static_cast<float>(v);
    else return v;
}

// A float converted to an integer type: truncated toward zero, saturating at the
// type's range, NaN → 0 (C++ leaves those cases undefined).
template <class T, class V> T float_to_int(V v) {
    if (std::isnan(v)) return T(0);
    if (v <= static_cast<V>(std::numeric_limits<T>::lowest())) return std::numeric_limits<T>::lowest();
    if (v >= static_cast<V>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
}

// A computed value converted to the element type T (bool: != 0, NaN → true).
template <class T, class V> T from_compute(const V& v) {
    if constexpr (is_half_v<T>) return T(static_cast<float>(v));
    else if constexpr (std::is_same_v<T, bool>) return static_cast<bool>(v);
    else if constexpr (std::is_integral_v<T> && std::is_floating_point_v<V>) return float_to_int<T>(v);
    else return static_cast<T>(v);
}

// Integer arithmetic with two's-complement wraparound (as ONNX runtimes and NumPy do)
// instead of C++'s undefined signed overflow; plain arithmetic for other types.
template <class T> using wide_unsigned_t =
    std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
template <class T> T wrap_add(T a, T b) {
    if constexpr (std::is_integral_v<T>) {
        using W = wide_unsigned_t<T>;
        return static_cast<T>(static_cast<W>(a) + static_cast<W>(b));
    } else {
        return a + b;
    }
}
template <class T> T wrap_sub(T a, T b) {
    if constexpr (std::is_integral_v<T>) {
        using W = wide_unsigned_t<T>;
        return static_cast<T>(static_cast<W>(a) - static_cast<W>(b));
    } else {
        return a - b;
    }
}
template <class T> T wrap_mul(T a, T b) {
    if constexpr (std::is_integral_v<T>) {
        using W = wide_unsigned_t<T>;
        return static_cast<T>(static_cast<W>(a) * static_cast<W>(b));
    } else {
        return a * b;
    }
}
template <class T> T wrap_neg(T a) { return wrap_sub(T(0), a); }

template <class T> bool is_nan(const T& v) {
    if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
    else return false;
}
template <class T> bool is_negative(const T& v) {
    if constexpr (std::is_unsigned_v<T> || std::is_same_v<T, bool>) return false;
    else return v < T(0);
}

class ElementError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs body(); an ElementError becomes c.fail(message).
template <class F> void guarded(const OpContext& c, F&& body) {
    try {
        body();
    } catch (const ElementError& e) {
        c.fail(e.what());
    }
}

// ---- loops -----------------------------------------------------------------------------

std::vector<std::size_t> to_sizes(const std::vector<int64_t>& shape);

// y[i] = f(x[i]).
template <class Out, class In, class F>
xt::xarray<Out> map_unary(const xt::xarray<In>& x, F&& f) {
    xt::xarray<Out> y(x.shape());
    const In* xp = x.data();
    Out* yp = y.data();
    for (std::size_t i = 0, n = x.size(); i < n; ++i) yp[i] = f(xp[i]);
    return y;
}

// Strides (in elements) of `in` read as a broadcast operand of the output shape:
// right-aligned, 0 where `in` has size 1 or no dim.
std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& in,
                                       const std::vector<int64_t>& out);

// Calls f(o, off) for every element of the output shape `out` in row-major order:
// o is its flat index, off[k] the flat index of the element of input k that numpy
// broadcasting pairs with it. Every input shape must broadcast to `out`.
template <std::size_t N, class F>
void broadcast_loop(const std::vector<int64_t>& out,
                    const std::array<std::vector<int64_t>, N>& ins, F&& f) {
    int64_t total = 1;
    for (int64_t d : out) total *= d;
    if (total == 0) return;
    std::array<int64_t, N> off{};
    bool all_same = true;
    for (const auto& s : ins) all_same = all_same && s == out;
    if (all_same || out.empty()) {  // no broadcasting: every input walks with the output
        for (int64_t o = 0; o < total; ++o) {
            off.fill(out.empty() ? 0 : o);
            f(o, off);
        }
        return;
    }
    const std::size_t r = out.size();
    std::array<std::vector<int64_t>, N> st;
    for (std::size_t k = 0; k < N; ++k) st[k] = broadcast_strides(ins[k], out);
    std::array<int64_t, N> base{}, inner_st{};
    for (std::size_t k = 0; k < N; ++k) inner_st[k] = st[k][r - 1];
    std::vector<int64_t> idx(r, 0);
    const int64_t inner = out[r - 1];
    int64_t o = 0;
    while (true) {
        off = base;
        for (int64_t j = 0; j < inner; ++j) {
            f(o++, off);
            for (std::size_t k = 0; k < N; ++k) off[k] += inner_st[k];
        }
        int64_t d = static_cast<int64_t>(r) - 2;
        for (; d >= 0; --d) {
            auto du = static_cast<std::size_t>(d);
            for (std::size_t k = 0; k < N; ++k) base[k] += st[k][du];
            if (++idx[du] < out[du]) break;
            for (std::size_t k = 0; k < N; ++k) base[k] -= st[k][du] * out[du];
            idx[du] = 0;
        }
        if (d < 0) break;
    }
}

// z = f(a, b) with numpy broadcasting; out_shape is the broadcast shape.
template <class Out, class A, class B, class F>
xt::xarray<Out> map_binary(const xt::xarray<A>& a, const xt::xarray<B>& b,
                           const std::vector<int64_t>& out_shape, F&& f) {
    xt::xarray<Out> z(to_sizes(out_shape));
    std::array<std::vector<int64_t>, 2> ins{std::vector<int64_t>(a.shape().begin(), a.shape().end()),
                                            std::vector<int64_t>(b.shape().begin(), b.shape().end())};
    const A* ap = a.data();
    const B* bp = b.data();
    Out* zp = z.data();
    broadcast_loop<2>(out_shape, ins, [&](int64_t o, const std::array<int64_t, 2>& off) {
        zp[o] = f(ap[off[0]], bp[off[1]]);
    });
    return z;
}

}  // namespace neo::ops::ew
