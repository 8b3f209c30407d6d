// Reductions with axes as an optional second input (opset 18+): ReduceSum ReduceMean
// ReduceMax ReduceMin ReduceProd ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceSumSquare.
//
// Attributes keepdims (1) and noop_with_empty_axes (0): with no or empty axes the op
// reduces every axis, or passes the input through when noop_with_empty_axes=1.
// A reduction over no elements gives the op's identity (0, 1, -inf/lowest, +inf/max,
// NaN for the mean, -inf for log-sum-exp).
#include <algorithm>

#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

enum class Init { zero, one, lowest, highest };
// What the accumulator holds: `exact` — double for floats, 64-bit integers for
// integers, bool for bool; `real` — always double (L2, log-sum-exp).
enum class Acc { exact, real };

template <class T, Acc K> using acc_t = std::conditional_t<
    K == Acc::real || std::is_floating_point_v<compute_t<T>>, double,
    std::conditional_t<std::is_same_v<T, bool>, bool,
                       std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>>;

template <class T, class A> A init_value(Init init) {
    using C = compute_t<T>;
    using L = std::numeric_limits<C>;
    switch (init) {
        case Init::zero: return A(0);
        case Init::one: return A(1);
        case Init::lowest: return L::has_infinity ? -static_cast<A>(L::infinity()) : static_cast<A>(L::lowest());
        case Init::highest: return L::has_infinity ? static_cast<A>(L::infinity()) : static_cast<A>(L::max());
    }
    return A(0);
}

struct NoFinish {
    template <class A> A operator()(A a, double) const { return a; }
};

// Reduces x over the axes flagged in `reduced`.
template <class T, class A, class Step, class Fin>
xt::xarray<T> reduce_kernel(const xt::xarray<T>& x, const std::vector<bool>& reduced, bool keep,
                            A init, Step step, Fin fin) {
    std::vector<int64_t> in(x.shape().begin(), x.shape().end());
    const std::size_t r = in.size();
    std::vector<int64_t> out_shape, ost(r, 0);  // ost: output stride of each input dim
    int64_t count = 1;
    for (std::size_t d = 0; d < r; ++d) {
        if (reduced[d]) count *= in[d];
        if (!reduced[d] || keep) out_shape.push_back(reduced[d] ? 1 : in[d]);
    }
    int64_t stride = 1;
    for (std::size_t d = r; d-- > 0;)
        if (!reduced[d]) {
            ost[d] = stride;
            stride *= in[d];
        }
    std::vector<A> acc(static_cast<std::size_t>(stride), init);
    const T* xp = x.data();
    auto add = [&](int64_t o, const T& v) {
        auto&& slot = acc[static_cast<std::size_t>(o)];
        slot = step(static_cast<A>(slot), static_cast<A>(to_compute(v)));
    };
    if (x.size() > 0 && r == 0) {
        add(0, xp[0]);
    } else if (x.size() > 0) {
        std::vector<int64_t> idx(r, 0);
        int64_t base = 0, i = 0;
        while (true) {
            for (int64_t j = 0, o = base; j < in[r - 1]; ++j, o += ost[r - 1]) add(o, xp[i++]);
            int64_t d = static_cast<int64_t>(r) - 2;
            for (; d >= 0; --d) {
                auto du = static_cast<std::size_t>(d);
                base += ost[du];
                if (++idx[du] < in[du]) break;
                base -= ost[du] * in[du];
                idx[du] = 0;
            }
            if (d < 0) break;
        }
    }
    xt::xarray<T> out(to_sizes(out_shape));
    T* op = out.data();
    for (std::size_t o = 0; o < acc.size(); ++o)
        op[o] = from_compute<T>(fin(static_cast<A>(acc[o]), static_cast<double>(count)));
    return out;
}

// The axes to reduce: {} when none are given; nullopt when they are not known.
std::optional<std::vector<int64_t>> given_axes(const InferContext& c) {
    if (c.num_inputs() < 2 || !c.has_input(1)) return std::vector<int64_t>{};
    check_input_dtype(c, 1, bit(DType::i64));
    if (const Tensor* t = c.input_constant(1)) return t->to_int_vector();
    return std::nullopt;
}

// Axes normalized into [0, rank) as flags; fails on a duplicate.
std::vector<bool> axis_flags(const std::vector<int64_t>& axes, std::size_t rank, const OpContext& c) {
    std::vector<bool> flags(rank, axes.empty());
    for (int64_t a : axes) {
        auto n = static_cast<std::size_t>(normalize_axis(a, static_cast<int64_t>(rank), c));
        if (rank == 0) c.fail("cannot reduce a scalar over axis " + std::to_string(a));
        if (flags[n]) c.fail("axis " + std::to_string(a) + " appears more than once in axes");
        flags[n] = true;
    }
    return flags;
}

Shape infer_reduced_shape(InferContext& c) {
    const Shape& in = c.input_shape(0);
    bool keep = c.attr_i("keepdims") != 0;
    bool noop = c.attr_i("noop_with_empty_axes") != 0;
    std::optional<std::vector<int64_t>> axes = given_axes(c);
    if (axes && axes->empty() && noop) return in;
    if (axes && axes->empty() && !keep) return Shape{};  // every axis reduced: a scalar
    if (!in.ranked()) return Shape::unranked();
    if (axes) {
        std::vector<bool> flags = axis_flags(*axes, in.rank(), c);
        std::vector<Dim> dims;
        for (std::size_t d = 0; d < in.rank(); ++d)
            if (!flags[d]) dims.push_back(in[d]);
            else if (keep) dims.push_back(Dim(1));
        return Shape(std::move(dims));
    }
    // Axes known only at run time.
    if (keep) {
        std::vector<Dim> dims;
        for (const Dim& d : in.dims())
            dims.push_back(d.is_static() && d.value() == 1 ? d : Dim::unknown());
        return Shape(std::move(dims));
    }
    const Shape& as = c.input_shape(1);
    if (as.ranked() && as.rank() == 1 && as[0].is_static() && as[0].value() > 0 &&
        as[0].value() <= static_cast<int64_t>(in.rank()))
        return Shape(std::vector<Dim>(in.rank() - static_cast<std::size_t>(as[0].value())));
    return Shape::unranked();
}

template <DTypeSet S, Acc K = Acc::exact, class Step, class Fin = NoFinish>
OpSchema reduce(std::string name, Init init, Step step, Fin fin = {}) {
    OpSchema s;
    s.name = std::move(name);
    s.min_inputs = 1;
    s.max_inputs = 2;
    s.attrs = {attr_i("keepdims", 1, "keep reduced axes as size 1"),
               attr_i("noop_with_empty_axes", 0, "with no axes: 1 passes the input through, 0 reduces all")};
    s.infer = [](InferContext& c) {
        DType t = check_input_dtype(c, 0, S);
        c.set_output(0, t, infer_reduced_shape(c));
    };
    s.compute = [init, step, fin](ComputeContext& c) {
        const Tensor& x = c.input(0);
        std::vector<int64_t> axes;
        if (const Tensor* a = c.optional_input(1)) {
            check_dtype(c, "input 1", a->dtype(), bit(DType::i64));
            axes = a->to_int_vector();
        }
        if (axes.empty() && c.attr_i("noop_with_empty_axes") != 0) {
            check_dtype(c, "input 0", x.dtype(), S);
            c.set_output(0, x);
            return;
        }
        std::vector<bool> flags = axis_flags(axes, x.rank(), c);
        bool keep = c.attr_i("keepdims") != 0;
        dispatch<S>(c, "input 0", x.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            using A = acc_t<T, K>;
            c.set_output(0, Tensor(reduce_kernel(x.array<T>(), flags, keep, init_value<T, A>(init), step, fin)));
        });
    };
    return s;
}

auto add_fn = [](auto a, auto x) { return wrap_add(a, x); };
auto max_fn = [](auto a, auto x) { return is_nan(a) ? a : is_nan(x) ? x : (x > a ? x : a); };
auto min_fn = [](auto a, auto x) { return is_nan(a) ? a : is_nan(x) ? x : (x < a ? x : a); };
auto abs_add = [](auto a, auto x) { return wrap_add(a, is_negative(x) ? wrap_neg(x) : x); };
auto square_add = [](auto a, auto x) { return wrap_add(a, wrap_mul(x, x)); };

}  // namespace

void register_reduce_ops(OpRegistry& r) {
    constexpr DTypeSet kT = kFloat | bit(DType::i32) | bit(DType::i64);
    constexpr DTypeSet kMinMax = kNumeric | kBool;
    r.add(reduce<kT>("ReduceSum", Init::zero, add_fn));
    r.add(reduce<kT>("ReduceMean", Init::zero, add_fn, [](auto a, double n) { return static_cast<double>(a) / n; }));
    r.add(reduce<kMinMax>("ReduceMax", Init::lowest, max_fn));
    r.add(reduce<kMinMax>("ReduceMin", Init::highest, min_fn));
    r.add(reduce<kT>("ReduceProd", Init::one, [](auto a, auto x) { return wrap_mul(a, x); }));
    r.add(reduce<kT>("ReduceL1", Init::zero, abs_add));
    r.add(reduce<kT, Acc::real>("ReduceL2", Init::zero, square_add, [](double a, double) { return std::sqrt(a); }));
    r.add(reduce<kT, Acc::real>("ReduceLogSum", Init::zero, [](double a, double x) { return a + x; },
                                [](double a, double) { return std::log(a); }));
    r.add(reduce<kT, Acc::real>("ReduceLogSumExp", Init::zero, [](double a, double x) { return a + std::exp(x); },
                                [](double a, double) { return std::log(a); }));
    r.add(reduce<kT>("ReduceSumSquare", Init::zero, square_add));
}

}  // namespace neo::ops::ew
