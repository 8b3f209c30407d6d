// Comparisons (→ bool) and logic with numpy broadcasting: Equal Less LessOrEqual
// Greater GreaterOrEqual And Or Xor Not, and the 3-input select Where.
#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

OpSchema where_op() {
    OpSchema s;
    s.name = "Where";
    s.min_inputs = s.max_inputs = 3;
    s.doc = "output = condition ? X : Y, with numpy broadcasting of all three inputs";
    s.infer = [](InferContext& c) {
        check_input_dtype(c, 0, kBool);
        DType t = check_input_dtype(c, 1, kAny);
        check_same_dtype(c, 1, t, 2, c.input_dtype(2));
        Shape shape = broadcast_shapes(c.input_shape(0), c.input_shape(1), c);
        c.set_output(0, t, broadcast_shapes(shape, c.input_shape(2), c));
    };
    s.compute = [](ComputeContext& c) {
        const Tensor& cond = c.input(0);
        const Tensor& x = c.input(1);
        const Tensor& y = c.input(2);
        check_dtype(c, "input 0", cond.dtype(), kBool);
        check_same_dtype(c, 1, x.dtype(), 2, y.dtype());
        std::array<std::vector<int64_t>, 3> ins{cond.shape(), x.shape(), y.shape()};
        std::vector<int64_t> shape =
            broadcast_static(broadcast_static(ins[0], ins[1], c), ins[2], c);
        dispatch<kAny>(c, "input 1", x.dtype(), [&](auto tag) {
            using T = typename decltype(tag)::type;
            xt::xarray<T> out(to_sizes(shape));
            const bool* cp = cond.array<bool>().data();
            const T* xp = x.array<T>().data();
            const T* yp = y.array<T>().data();
            T* op = out.data();
            broadcast_loop<3>(shape, ins, [&](int64_t o, const std::array<int64_t, 3>& off) {
                op[o] = cp[off[0]] ? xp[off[1]] : yp[off[2]];
            });
            c.set_output(0, Tensor(std::move(out)));
        });
    };
    return s;
}

}  // namespace

void register_compare_logic_ops(OpRegistry& r) {
    constexpr auto B = Result::boolean;
    r.add(binary<kAny, B>("Equal", plain([](auto a, auto b) { return a == b; })));
    r.add(binary<kNumeric, B>("Less", plain([](auto a, auto b) { return a < b; })));
    r.add(binary<kNumeric, B>("LessOrEqual", plain([](auto a, auto b) { return a <= b; })));
    r.add(binary<kNumeric, B>("Greater", plain([](auto a, auto b) { return a > b; })));
    r.add(binary<kNumeric, B>("GreaterOrEqual", plain([](auto a, auto b) { return a >= b; })));
    r.add(binary<kBool>("And", plain([](bool a, bool b) { return a && b; })));
    r.add(binary<kBool>("Or", plain([](bool a, bool b) { return a || b; })));
    r.add(binary<kBool>("Xor", plain([](bool a, bool b) { return a != b; })));
    r.add(unary<kBool>("Not", plain([](bool a) { return !a; })));
    r.add(where_op());
}

}  // namespace neo::ops::ew
