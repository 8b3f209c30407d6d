// Identity, Cast (attribute "to": an ONNX data type number) and CastLike (the dtype of
// a second input). Numeric casts: floats to integers truncate toward zero and
// saturate (NaN → 0), integers wrap, anything to bool is "!= 0". To the storage-only
// types (float8, float4, int4, int2) as ONNX says: round to nearest even, `saturate`
// for the float8 types, f8e8m0 rounded as `round_mode` says. Strings: numbers
// print in their shortest round-trip form, bools as "True"/"False"; strings parse as
// numbers ("1e-5", "INF", "-inf", "NaN"; case-insensitive), bools also from
// "true"/"false".
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

template <class From> std::string to_text(const From& v) {
    if constexpr (std::is_same_v<From, bool>) {
        return v ? "True" : "False";
    } else if constexpr (std::is_integral_v<From>) {
        return std::to_string(v);
    } else {
        auto x = to_compute(v);  // float or double
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, x);
        return std::string(buf, res.ptr);
    }
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

template <class To> To from_text(const std::string& s) {
    auto bad = [&]() -> To {
        throw ElementError("cannot cast the string \"" + s + "\" to " +
                           std::string(dtype_name(dtype_of<To>())));
    };
    if constexpr (std::is_same_v<To, bool>) {
        std::string l = lower(s);
        if (l == "true") return true;
        if (l == "false") return false;
    }
    if constexpr (std::is_integral_v<To>) {  // exact for integer strings
        char* end = nullptr;
        errno = 0;
        long long v = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && *end == '\0' && errno == 0) return from_compute<To>(v);
    }
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);  // handles inf, infinity, nan with signs
    if (s.empty() || *end != '\0') return bad();
    return from_compute<To>(d);
}

template <class To, class From> To convert(const From& v) {
    if constexpr (std::is_same_v<To, From>) return v;
    else if constexpr (std::is_same_v<To, std::string>) return to_text(v);
    else if constexpr (std::is_same_v<From, std::string>) return from_text<To>(v);
    else return from_compute<To>(to_compute(v));
}

Tensor cast_storage_only(const Tensor& x, DType to, const OpContext& c);

Tensor cast_tensor(const Tensor& x, DType to, const OpContext& c) {
    if (is_storage_only(x.dtype()) || is_storage_only(to)) return cast_storage_only(x, to, c);
    Tensor out;
    guarded(c, [&] {
        dispatch<kAny>(c, "input 0", x.dtype(), [&](auto tf) {
            using From = typename decltype(tf)::type;
            visit_dtype(to, [&](auto tt) {
                using To = typename decltype(tt)::type;
                out = Tensor(map_unary<To>(x.array<From>(), [](const From& v) { return convert<To>(v); }));
            });
        });
    });
    return out;
}

E8M0Rounding e8m0_rounding(const OpContext& c) {
    const std::string& m = c.attr_s("round_mode");
    if (m == "up") return E8M0Rounding::up;
    if (m == "down") return E8M0Rounding::down;
    if (m == "nearest") return E8M0Rounding::nearest;
    c.fail("attribute 'round_mode' must be up, down or nearest, got '" + m + "'");
}

// Casts to or from a storage-only type. Those go through f64, which holds all of their
// values exactly; the way in rounds as Tensor::cast says (f8e8m0: as round_mode says).
Tensor cast_storage_only(const Tensor& x, DType to, const OpContext& c) {
    const bool saturate = c.attr_i("saturate") != 0;
    if (is_storage_only(x.dtype())) {
        Tensor wide = x.cast(DType::f64);
        return is_storage_only(to) ? cast_storage_only(wide, to, c) : cast_tensor(wide, to, c);
    }
    if (x.dtype() == DType::string) return cast_storage_only(cast_tensor(x, DType::f64, c), to, c);
    if (to != DType::f8e8m0) return x.cast(to, saturate);
    const E8M0Rounding r = e8m0_rounding(c);
    Tensor wide = x.cast(DType::f64);
    Tensor out = Tensor::zeros(to, x.shape());
    const double* in = wide.array<double>().data();
    float8e8m0* o = out.array<float8e8m0>().data();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = float8e8m0::from_bits(e8m0_bits(in[i], saturate, r));
    return out;
}

DType cast_target(const OpContext& c) {
    int64_t to = c.attr_i("to");
    std::optional<DType> t = dtype_from_onnx(to);
    if (!t)
        c.fail("attribute 'to' = " + std::to_string(to) + " (" + onnx_dtype_name(to) +
               ") is not a data type neo supports");
    return *t;
}

std::vector<AttrSpec> cast_attrs() {
    return {attr_i("saturate", 1,
                   "float8 targets only: 1 saturates values out of range to the largest finite "
                   "value, 0 makes them infinity or NaN"),
            attr_s("round_mode", "up", "f8e8m0 targets only: up, down or nearest")};
}

OpSchema cast_op() {
    OpSchema s;
    s.name = "Cast";
    s.attrs = cast_attrs();
    s.attrs.insert(s.attrs.begin(),
                   AttrSpec{"to", AttrType::i, std::nullopt, true, "ONNX TensorProto data type"});
    s.infer = [](InferContext& c) {
        check_input_dtype(c, 0, kAll);
        c.set_output(0, cast_target(c), c.input_shape(0));
    };
    s.compute = [](ComputeContext& c) { c.set_output(0, cast_tensor(c.input(0), cast_target(c), c)); };
    return s;
}

OpSchema cast_like_op() {
    OpSchema s;
    s.name = "CastLike";
    s.min_inputs = s.max_inputs = 2;
    s.attrs = cast_attrs();
    s.doc = "casts input 0 to the dtype of input 1 (whose values are not read)";
    s.infer = [](InferContext& c) {
        check_input_dtype(c, 0, kAll);
        c.set_output(0, check_input_dtype(c, 1, kAll), c.input_shape(0));
    };
    s.compute = [](ComputeContext& c) {
        c.set_output(0, cast_tensor(c.input(0), c.input(1).dtype(), c));
    };
    return s;
}

}  // namespace

void register_cast_ops(OpRegistry& r) {
    r.add(unary<kAll>("Identity", plain([](const auto& x) { return x; })));
    r.add(cast_op());
    r.add(cast_like_op());
}

}  // namespace neo::ops::ew
