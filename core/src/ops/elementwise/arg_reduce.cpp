// ArgMax and ArgMin: the i64 index of the extreme element along one axis.
// Attributes axis (0), keepdims (1), select_last_index (0: first of equal extremes).
// As in NumPy, a NaN counts as the extreme (the first NaN, or the last one with
// select_last_index=1).
#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

template <class T, class Better>
xt::xarray<int64_t> arg_kernel(const xt::xarray<T>& x, std::size_t axis, bool keep, bool last,
                               Better better) {
    std::vector<int64_t> in(x.shape().begin(), x.shape().end());
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= in[d];
    for (std::size_t d = axis + 1; d < in.size(); ++d) inner *= in[d];
    const int64_t n = in[axis];
    std::vector<int64_t> out_shape = in;
    if (keep) out_shape[axis] = 1;
    else out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(axis));
    xt::xarray<int64_t> out(to_sizes(out_shape));
    const T* xp = x.data();
    int64_t* op = out.data();
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
            const T* p = xp + o * n * inner + i;
            auto best = to_compute(p[0]);
            int64_t best_k = 0;
            for (int64_t k = 1; k < n; ++k) {
                auto v = to_compute(p[k * inner]);
                bool take = is_nan(best) ? (last && is_nan(v))
                                         : (is_nan(v) || (last ? !better(best, v) : better(v, best)));
                if (take) {
                    best = v;
                    best_k = k;
                }
            }
            op[o * inner + i] = best_k;
        }
    return out;
}

template <class Better> OpSchema arg_reduce(std::string name, Better better) {
    OpSchema s;
    s.name = std::move(name);
    s.attrs = {attr_i("axis", 0), attr_i("keepdims", 1),
               attr_i("select_last_index", 0, "1: the last index of equal extremes")};
    s.infer = [](InferContext& c) {
        check_input_dtype(c, 0, kNumeric);
        const Shape& in = c.input_shape(0);
        if (!in.ranked()) return c.set_output(0, DType::i64, Shape::unranked());
        if (in.rank() == 0) c.fail("input 0 must have rank >= 1, got a scalar");
        auto axis = static_cast<std::size_t>(
            normalize_axis(c.attr_i("axis"), static_cast<int64_t>(in.rank()), c));
        if (in[axis].is_static() && in[axis].value() == 0)
            c.fail("cannot reduce the empty axis " + std::to_string(c.attr_i("axis")) + " of shape " + in.str());
        std::vector<Dim> dims = in.dims();
        if (c.attr_i("keepdims") != 0) dims[axis] = Dim(1);
        else dims.erase(dims.begin() + static_cast<std::ptrdiff_t>(axis));
        c.set_output(0, DType::i64, Shape(std::move(dims)));
    };
    s.compute = [better](ComputeContext& c) {
        const Tensor& x = c.input(0);
        if (x.rank() == 0) c.fail("input 0 must have rank >= 1, got a scalar");
        auto axis = static_cast<std::size_t>(
            normalize_axis(c.attr_i("axis"), static_cast<int64_t>(x.rank()), c));
        if (x.shape()[axis] == 0)
            c.fail("cannot reduce the empty axis " + std::to_string(c.attr_i("axis")) + " of shape " +
                   x.ir_shape().str());
        dispatch<kNumeric>(c, "input 0", x.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            c.set_output(0, Tensor(arg_kernel(x.array<T>(), axis, c.attr_i("keepdims") != 0,
                                              c.attr_i("select_last_index") != 0, better)));
        });
    };
    return s;
}

}  // namespace

void register_arg_reduce_ops(OpRegistry& r) {
    r.add(arg_reduce("ArgMax", [](auto a, auto b) { return a > b; }));
    r.add(arg_reduce("ArgMin", [](auto a, auto b) { return a < b; }));
}

}  // namespace neo::ops::ew
