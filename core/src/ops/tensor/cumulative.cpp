// CumSum and CumProd: running sums / products along an axis given as an input, optionally
// exclusive (the element itself is left out: the first output is 0 resp. 1) and reverse
// (running from the end of the axis).
#include <cstdint>
#include <string>
#include <vector>

#include "ops/elementwise/ew_kernels.hpp"
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

using ew::DTypeSet;

void check_flags(const OpContext& ctx) {
    for (const char* name : {"exclusive", "reverse"}) {
        int64_t v = ctx.attr_i(name);
        if (v != 0 && v != 1)
            ctx.fail("attribute '" + std::string(name) + "' must be 0 or 1, got " +
                     std::to_string(v));
    }
}

void check_axis_input(const OpContext& ctx, DType t, const Shape& s) {
    if (t != DType::undefined && t != DType::i32 && t != DType::i64)
        ctx.fail("axis (input 1) must be i32 or i64, got " + std::string(dtype_name(t)));
    if (s.ranked() && s.rank() > 1)
        ctx.fail("axis (input 1) must be a scalar, got shape " + s.str());
    if (s.is_static() && s.numel() != 1)
        ctx.fail("axis (input 1) must hold one value, got shape " + s.str());
}

template <bool Product> void infer_cumulative(InferContext& ctx) {
    check_flags(ctx);
    DType t = ew::check_input_dtype(ctx, 0, ew::kNumeric);
    check_axis_input(ctx, ctx.input_dtype(1), ctx.input_shape(1));
    const Shape& x = ctx.input_shape(0);
    if (x.ranked()) {
        if (x.rank() == 0) ctx.fail("input must have rank >= 1, got a scalar");
        if (auto axis = constant_ints(ctx, 1, "axis (input 1)"))
            existing_axis((*axis)[0], static_cast<int64_t>(x.rank()), ctx);
    }
    ctx.set_output(0, t, x);
}

template <bool Product> void compute_cumulative(ComputeContext& ctx) {
    check_flags(ctx);
    const Tensor& x = ctx.input(0);
    check_axis_input(ctx, ctx.input(1).dtype(), ctx.input(1).ir_shape());
    auto shape = x.shape();
    if (shape.empty()) ctx.fail("input must have rank >= 1, got a scalar");
    auto axis = static_cast<std::size_t>(existing_axis(
        input_ints(ctx, 1, "axis (input 1)")[0], static_cast<int64_t>(shape.size()), ctx));
    const bool exclusive = ctx.attr_i("exclusive") == 1, reverse = ctx.attr_i("reverse") == 1;
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const int64_t len = shape[axis];
    ew::dispatch<ew::kNumeric>(ctx, "input 0", x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        using C = ew::compute_t<T>;
        const T* in = x.array<T>().data();
        xt::xarray<T> out(x.array<T>().shape());
        T* o = out.data();
        for (int64_t a = 0; a < outer; ++a)
            for (int64_t b = 0; b < inner; ++b) {
                C acc = Product ? C(1) : C(0);
                for (int64_t s = 0; s < len; ++s) {
                    const int64_t pos = reverse ? len - 1 - s : s;
                    const int64_t f = (a * len + pos) * inner + b;
                    const C v = ew::to_compute(in[f]);
                    if (exclusive) o[f] = ew::from_compute<T>(acc);
                    acc = Product ? ew::wrap_mul(acc, v) : ew::wrap_add(acc, v);
                    if (!exclusive) o[f] = ew::from_compute<T>(acc);
                }
            }
        ctx.set_output(0, Tensor(std::move(out)));
    });
}

std::vector<AttrSpec> cumulative_attrs() {
    return {attr_with_default("exclusive", int64_t{0},
                              "1: each output leaves out its own element"),
            attr_with_default("reverse", int64_t{0}, "1: accumulate from the end of the axis")};
}

}  // namespace

void register_cumulative_ops(OpRegistry& r) {
    r.add(make_schema("CumSum", 2, 2, 1, 1, cumulative_attrs(), infer_cumulative<false>,
                      compute_cumulative<false>,
                      "Running sum of x along the axis given by input 1."));
    r.add(make_schema("CumProd", 2, 2, 1, 1, cumulative_attrs(), infer_cumulative<true>,
                      compute_cumulative<true>,
                      "Running product of x along the axis given by input 1."));
}

}  // namespace neo::ops::tensor_ops
