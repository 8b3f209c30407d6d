// Unary math: Abs Neg Sign Exp Log Sqrt Reciprocal Floor Ceil Round, trigonometric
// and hyperbolic functions, Erf, IsNaN, IsInf.
#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

template <class F> OpSchema float_fn(const char* name, F f) {
    return unary<kFloat>(name, plain(f));
}

auto sign_fn = [](auto x) {
    using T = decltype(x);
    if (is_nan(x)) return x;
    return static_cast<T>((T(0) < x) ? 1 : is_negative(x) ? -1 : 0);
};

auto isinf_maker = [](const OpContext& c, DType) {
    bool neg = c.attr_i("detect_negative") != 0;
    bool pos = c.attr_i("detect_positive") != 0;
    return [neg, pos](auto x) { return std::isinf(x) && (x < 0 ? neg : pos); };
};

}  // namespace

void register_unary_math_ops(OpRegistry& r) {
    r.add(unary<kNumeric>("Abs", plain([](auto x) { return is_negative(x) ? wrap_neg(x) : x; })));
    r.add(unary<kFloat | kSignedInt>("Neg", plain([](auto x) { return wrap_neg(x); })));
    r.add(unary<kNumeric>("Sign", plain(sign_fn)));
    r.add(float_fn("Exp", [](auto x) { return std::exp(x); }));
    r.add(float_fn("Log", [](auto x) { return std::log(x); }));
    r.add(float_fn("Sqrt", [](auto x) { return std::sqrt(x); }));
    r.add(float_fn("Reciprocal", [](auto x) { return decltype(x)(1) / x; }));
    r.add(float_fn("Floor", [](auto x) { return std::floor(x); }));
    r.add(float_fn("Ceil", [](auto x) { return std::ceil(x); }));
    r.add(float_fn("Round", [](auto x) { return std::nearbyint(x); }));  // half to even
    r.add(float_fn("Sin", [](auto x) { return std::sin(x); }));
    r.add(float_fn("Cos", [](auto x) { return std::cos(x); }));
    r.add(float_fn("Tan", [](auto x) { return std::tan(x); }));
    r.add(float_fn("Asin", [](auto x) { return std::asin(x); }));
    r.add(float_fn("Acos", [](auto x) { return std::acos(x); }));
    r.add(float_fn("Atan", [](auto x) { return std::atan(x); }));
    r.add(float_fn("Sinh", [](auto x) { return std::sinh(x); }));
    r.add(float_fn("Cosh", [](auto x) { return std::cosh(x); }));
    r.add(float_fn("Tanh", [](auto x) { return std::tanh(x); }));
    r.add(float_fn("Asinh", [](auto x) { return std::asinh(x); }));
    r.add(float_fn("Acosh", [](auto x) { return std::acosh(x); }));
    r.add(float_fn("Atanh", [](auto x) { return std::atanh(x); }));
    r.add(float_fn("Erf", [](auto x) { return std::erf(x); }));
    r.add(unary<kFloat, Result::boolean>("IsNaN", plain([](auto x) { return std::isnan(x); })));
    r.add(unary<kFloat, Result::boolean>(
        "IsInf", isinf_maker,
        {attr_i("detect_negative", 1, "report -inf"), attr_i("detect_positive", 1, "report +inf")}));
}

}  // namespace neo::ops::ew
