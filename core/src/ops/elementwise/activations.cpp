// Activations: Relu Sigmoid LeakyRelu Elu Selu Celu HardSigmoid HardSwish Softplus
// Softsign Mish Gelu ThresholdedRelu Swish Shrink, PRelu (slope broadcast to X) and Clip
// (bounds as optional inputs).
#include <algorithm>
#include <array>
#include <tuple>

#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

template <class T> T sigmoid(T x) {
    if (x >= 0) return T(1) / (T(1) + std::exp(-x));
    T e = std::exp(x);  // no overflow for very negative x
    return e / (T(1) + e);
}
template <class T> T softplus(T x) {  // log(1 + e^x) without overflow
    return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

// A maker for a functor with parameters read from float attributes: g(x, a, b, ...)
// with the attribute values converted to x's compute type.
template <class G, class... Names>
auto with_floats(G g, Names... names) {
    return [g, names...](const OpContext& c, DType) {
        return [g, vals = std::array<double, sizeof...(Names)>{c.attr_f(names)...}](auto x) {
            using C = decltype(x);
            return std::apply([&](auto... v) { return g(x, static_cast<C>(v)...); }, vals);
        };
    };
}

auto gelu_maker = [](const OpContext& c, DType) {
    const std::string& mode = c.attr_s("approximate");
    if (mode != "none" && mode != "tanh")
        c.fail("attribute 'approximate' must be \"none\" or \"tanh\", got \"" + mode + "\"");
    bool tanh_mode = mode == "tanh";
    return [tanh_mode](auto x) {
        using C = decltype(x);
        if (tanh_mode) {
            const C k = static_cast<C>(0.7978845608028654);  // sqrt(2 / pi)
            return C(0.5) * x * (C(1) + std::tanh(k * (x + C(0.044715) * x * x * x)));
        }
        return C(0.5) * x * (C(1) + std::erf(x * static_cast<C>(0.7071067811865476)));
    };
};

auto celu_maker = [](const OpContext& c, DType) {
    double alpha = c.attr_f("alpha");
    if (alpha == 0) c.fail("attribute 'alpha' must not be 0");
    return [alpha](auto x) {
        using C = decltype(x);
        const C a = static_cast<C>(alpha);
        return std::max(C(0), x) + std::min(C(0), a * std::expm1(x / a));
    };
};

// Shrink: computed in double (integer inputs too), then converted back (truncating).
auto shrink_maker = [](const OpContext& c, DType) {
    const double bias = c.attr_f("bias"), lambd = c.attr_f("lambd");
    return [bias, lambd](auto x) {
        const auto v = static_cast<double>(x);
        return v < -lambd ? v + bias : v > lambd ? v - bias : 0.0;
    };
};

// Clip(input, min?, max?): bounds are optional scalar inputs of the input's dtype.
OpSchema clip_op() {
    OpSchema s;
    s.name = "Clip";
    s.min_inputs = 1;
    s.max_inputs = 3;
    s.doc = "min(max(x, min), max); all values become max when min > max";
    s.infer = [](InferContext& c) {
        DType t = check_input_dtype(c, 0, kNumeric);
        for (std::size_t i = 1; i < c.num_inputs(); ++i) {
            if (!c.has_input(i)) continue;
            check_same_dtype(c, 0, t, i, c.input_dtype(i));
            const Shape& b = c.input_shape(i);
            if (b.is_static() && b.numel() != 1)
                c.fail(std::string(i == 1 ? "min" : "max") + " (input " + std::to_string(i) +
                       ") must be a scalar, got shape " + b.str());
        }
        c.set_output(0, t, c.input_shape(0));
    };
    s.compute = [](ComputeContext& c) {
        const Tensor& x = c.input(0);
        dispatch<kNumeric>(c, "input 0", x.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            using C = compute_t<T>;
            auto bound = [&](std::size_t i, C fallback) {
                const Tensor* b = c.optional_input(i);
                if (!b) return fallback;
                check_same_dtype(c, 0, x.dtype(), i, b->dtype());
                if (b->numel() != 1)
                    c.fail(std::string(i == 1 ? "min" : "max") + " (input " + std::to_string(i) +
                           ") must be a scalar, got shape " + b->ir_shape().str());
                return to_compute(b->array<T>().data()[0]);
            };
            const C lo = bound(1, std::numeric_limits<C>::lowest());
            const C hi = bound(2, std::numeric_limits<C>::max());
            c.set_output(0, Tensor(map_unary<T>(x.array<T>(), [&](const T& v) {
                C y = to_compute(v);
                y = y < lo ? lo : y;
                return from_compute<T>(y > hi ? hi : y);
            })));
        });
    };
    return s;
}

}  // namespace

void register_activation_ops(OpRegistry& r) {
    constexpr DTypeSet kPRelu = kFloat | bit(DType::i32) | bit(DType::i64);
    r.add(unary<kFloat | kSignedInt>("Relu", plain([](auto x) { return is_negative(x) ? decltype(x)(0) : x; })));
    r.add(unary<kFloat>("Sigmoid", plain([](auto x) { return sigmoid(x); })));
    r.add(unary<kFloat>("LeakyRelu", with_floats([](auto x, auto a) { return x < 0 ? a * x : x; }, "alpha"),
                        {attr_f("alpha", 0.01)}));
    r.add(unary<kFloat>("Elu", with_floats([](auto x, auto a) { return x < 0 ? a * std::expm1(x) : x; }, "alpha"),
                        {attr_f("alpha", 1.0)}));
    r.add(unary<kFloat>("Selu",
                        with_floats([](auto x, auto a, auto g) { return x > 0 ? g * x : g * a * std::expm1(x); },
                                    "alpha", "gamma"),
                        {attr_f("alpha", 1.67326319217681884765625), attr_f("gamma", 1.05070102214813232421875)}));
    r.add(unary<kFloat>("Celu", celu_maker, {attr_f("alpha", 1.0)}));
    r.add(unary<kFloat>("HardSigmoid",
                        with_floats([](auto x, auto a, auto b) { return std::clamp(a * x + b, decltype(x)(0), decltype(x)(1)); },
                                    "alpha", "beta"),
                        {attr_f("alpha", 0.2), attr_f("beta", 0.5)}));
    r.add(unary<kFloat>("HardSwish", plain([](auto x) {
        using C = decltype(x);
        return x * std::clamp(x / C(6) + C(0.5), C(0), C(1));
    })));
    r.add(unary<kFloat>("Softplus", plain([](auto x) { return softplus(x); })));
    r.add(unary<kFloat>("Softsign", plain([](auto x) { return x / (decltype(x)(1) + std::abs(x)); })));
    r.add(unary<kFloat>("Mish", plain([](auto x) { return x * std::tanh(softplus(x)); })));
    r.add(unary<kFloat>("Gelu", gelu_maker, {attr_s("approximate", "none", "\"none\" (erf) or \"tanh\"")}));
    r.add(unary<kFloat>("ThresholdedRelu",
                        with_floats([](auto x, auto a) { return x > a ? x : decltype(x)(0); }, "alpha"),
                        {attr_f("alpha", 1.0)}));
    r.add(unary<kFloat>("Swish", with_floats([](auto x, auto a) { return x * sigmoid(a * x); }, "alpha"),
                        {attr_f("alpha", 1.0)}, "x * sigmoid(alpha * x)"));
    r.add(unary<kNumeric>("Shrink", shrink_maker, {attr_f("bias", 0.0), attr_f("lambd", 0.5)},
                          "x + bias where x < -lambd, x - bias where x > lambd, else 0"));
    r.add(binary<kPRelu>("PRelu", plain([](auto x, auto slope) { return is_negative(x) ? wrap_mul(slope, x) : x; }),
                         {}, /*unidirectional=*/true));
    r.add(clip_op());
}

}  // namespace neo::ops::ew
