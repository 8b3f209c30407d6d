#pragma once
// Schema makers for table-driven elementwise ops: one call gives an OpSchema with
// dtype checks, shape inference and a reference implementation built around one
// element functor, e.g.
//
//   r.add(binary<kNumeric>("Add", plain([](auto a, auto b) { return a + b; })));
//
// The functor comes from a "maker" called as make(ctx, dtype) — so it can read
// attributes and reject bad ones (at inference already) — or from plain(f) for a
// functor without parameters. See ew_kernels.hpp for how functors see elements.
#include <string>
#include <utility>
#include <vector>

#include "ops/common/op_util.hpp"
#include "ops/elementwise/ew_kernels.hpp"

namespace neo::ops::ew {

// The element type of an op's output: the input's, or bool (comparisons, IsNaN).
enum class Result { same, boolean };

// A maker for a functor that has no parameters.
template <class F> auto plain(F f) {
    return [f](const OpContext&, DType) { return f; };
}

inline AttrSpec attr_f(std::string name, double def, std::string doc = {}) {
    return AttrSpec{std::move(name), AttrType::f, Attribute(def), false, std::move(doc)};
}
inline AttrSpec attr_i(std::string name, int64_t def, std::string doc = {}) {
    return AttrSpec{std::move(name), AttrType::i, Attribute(def), false, std::move(doc)};
}
inline AttrSpec attr_s(std::string name, std::string def, std::string doc = {}) {
    return AttrSpec{std::move(name), AttrType::s, Attribute(std::move(def)), false,
                    std::move(doc)};
}

inline DType result_dtype(Result r, DType in) { return r == Result::same ? in : DType::boolean; }

// y = f(x) elementwise; x of a dtype in S.
template <DTypeSet S, Result R = Result::same, class Make>
OpSchema unary(std::string name, Make make, std::vector<AttrSpec> attrs = {},
               std::string doc = {}) {
    OpSchema s;
    s.name = std::move(name);
    s.attrs = std::move(attrs);
    s.doc = std::move(doc);
    s.infer = [make](InferContext& c) {
        DType t = check_input_dtype(c, 0, S);
        (void)make(c, t);  // rejects bad attributes
        c.set_output(0, result_dtype(R, t), c.input_shape(0));
    };
    s.compute = [make](ComputeContext& c) {
        const Tensor& x = c.input(0);
        dispatch<S>(c, "input 0", x.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            using Out = std::conditional_t<R == Result::same, T, bool>;
            auto f = make(c, x.dtype());
            guarded(c, [&] {
                c.set_output(0, Tensor(map_unary<Out>(x.array<T>(), [&](const T& v) {
                                 return from_compute<Out>(f(to_compute(v)));
                             })));
            });
        });
    };
    return s;
}

// Checks that `b` broadcasts to `a` without changing it (PRelu's slope); returns a.
Shape unidirectional_shape(const Shape& a, const Shape& b, const OpContext& c);

// z = f(x, y) elementwise with numpy broadcasting; x of a dtype in S. y has x's dtype,
// unless S1 is given: then y may have any dtype in S1 (Pow's exponent). With
// `unidirectional`, y must broadcast to x's shape (PRelu).
template <DTypeSet S, Result R = Result::same, DTypeSet S1 = 0, class Make>
OpSchema binary(std::string name, Make make, std::vector<AttrSpec> attrs = {},
                bool unidirectional = false) {
    OpSchema s;
    s.name = std::move(name);
    s.min_inputs = s.max_inputs = 2;
    s.attrs = std::move(attrs);
    s.infer = [make, unidirectional](InferContext& c) {
        DType t = check_input_dtype(c, 0, S);
        if constexpr (S1 == 0) check_same_dtype(c, 0, t, 1, c.input_dtype(1));
        else check_input_dtype(c, 1, S1);
        (void)make(c, t);
        const Shape& a = c.input_shape(0);
        const Shape& b = c.input_shape(1);
        c.set_output(0, result_dtype(R, t),
                     unidirectional ? unidirectional_shape(a, b, c) : broadcast_shapes(a, b, c));
    };
    s.compute = [make, unidirectional](ComputeContext& c) {
        const Tensor& a = c.input(0);
        const Tensor& b = c.input(1);
        if constexpr (S1 == 0) check_same_dtype(c, 0, a.dtype(), 1, b.dtype());
        std::vector<int64_t> shape = broadcast_static(a.shape(), b.shape(), c);
        if (unidirectional) (void)unidirectional_shape(a.ir_shape(), b.ir_shape(), c);
        dispatch<S>(c, "input 0", a.dtype(), [&](auto ta) {
            using T = typename decltype(ta)::type;
            using Out = std::conditional_t<R == Result::same, T, bool>;
            auto f = make(c, a.dtype());
            auto run = [&](auto tb) {
                using U = typename decltype(tb)::type;
                guarded(c, [&] {
                    c.set_output(0, Tensor(map_binary<Out>(
                                     a.array<T>(), b.array<U>(), shape,
                                     [&](const T& x, const U& y) {
                                         return from_compute<Out>(f(to_compute(x), to_compute(y)));
                                     })));
                });
            };
            if constexpr (S1 == 0) run(ta);
            else dispatch<S1>(c, "input 1", b.dtype(), run);
        });
    };
    return s;
}

// out = f(...f(f(x0, x1), x2)..., xn) with numpy broadcasting over any number (>= 1)
// of inputs of one dtype in S; with `mean`, the result is then divided by n.
template <DTypeSet S, class F>
OpSchema variadic(std::string name, F f, bool mean = false) {
    OpSchema s;
    s.name = std::move(name);
    s.min_inputs = 1;
    s.max_inputs = kVariadic;
    s.infer = [](InferContext& c) {
        DType t = check_input_dtype(c, 0, S);
        Shape shape = c.input_shape(0);
        for (std::size_t i = 1; i < c.num_inputs(); ++i) {
            check_same_dtype(c, 0, t, i, c.input_dtype(i));
            shape = broadcast_shapes(shape, c.input_shape(i), c);
        }
        c.set_output(0, t, shape);
    };
    s.compute = [f, mean](ComputeContext& c) {
        const Tensor& x0 = c.input(0);
        for (std::size_t i = 1; i < c.num_inputs(); ++i)
            check_same_dtype(c, 0, x0.dtype(), i, c.input(i).dtype());
        dispatch<S>(c, "input 0", x0.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            auto step = [&](const T& x, const T& y) {
                return from_compute<T>(f(to_compute(x), to_compute(y)));
            };
            xt::xarray<T> acc = x0.array<T>();
            for (std::size_t i = 1; i < c.num_inputs(); ++i) {
                const auto& xi = c.input(i).array<T>();
                std::vector<int64_t> shape = broadcast_static(
                    std::vector<int64_t>(acc.shape().begin(), acc.shape().end()),
                    std::vector<int64_t>(xi.shape().begin(), xi.shape().end()), c);
                acc = map_binary<T>(acc, xi, shape, step);
            }
            if (mean) {
                auto n = static_cast<compute_t<T>>(c.num_inputs());
                acc = map_unary<T>(acc, [&](const T& v) { return from_compute<T>(to_compute(v) / n); });
            }
            c.set_output(0, Tensor(std::move(acc)));
        });
    };
    return s;
}

}  // namespace neo::ops::ew
