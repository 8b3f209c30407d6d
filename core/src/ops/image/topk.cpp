// TopK (ONNX opset 24): the k largest (or smallest) elements along one axis, with their
// int64 indices. Ties keep the lower index first, as ONNX specifies. Float dtypes (f16/bf16
// compare through float) and integer dtypes; K is a 1-element integer tensor.
#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ops/common/op_util.hpp"
#include "ops/image/image_ops.hpp"

namespace neo::ops::image {
namespace {

void check_topk_dtype(const OpContext& ctx, DType t) {
    if (t == DType::undefined || is_float(t) || is_integer(t)) return;
    ctx.fail("input X has dtype " + std::string(dtype_name(t)) +
             "; TopK supports f32, f64, f16, bf16, i8, u8, i16, i32, i64");
}

void check_k_dtype(const OpContext& ctx, DType t) {
    if (t != DType::undefined && !is_integer(t))
        ctx.fail("input K must be an integer tensor (i64), got " + std::string(dtype_name(t)));
}

// The axis attribute made non-negative; fail() when out of [-rank, rank).
std::size_t topk_axis(const OpContext& ctx, int64_t rank) {
    const int64_t a = ctx.attr_i("axis");
    if (rank == 0) ctx.fail("input X must have rank >= 1, got a scalar");
    if (a < -rank || a >= rank)
        ctx.fail("attribute 'axis' " + std::to_string(a) + " is out of range for rank " +
                 std::to_string(rank));
    return static_cast<std::size_t>(a < 0 ? a + rank : a);
}

void check_flags(const OpContext& ctx) {
    for (const char* name : {"largest", "sorted"}) {
        const int64_t v = ctx.attr_i(name);
        if (v != 0 && v != 1)
            ctx.fail(std::string("attribute '") + name + "' must be 0 or 1, got " +
                     std::to_string(v));
    }
}

// The value of K (a 1-element tensor), checked against the axis size when known.
int64_t k_value(const OpContext& ctx, const Tensor& k, std::optional<int64_t> dim) {
    if (k.numel() != 1)
        ctx.fail("input K must hold exactly one value, got shape " + k.ir_shape().str());
    const int64_t v = k.at_int(0);
    if (v < 0) ctx.fail("K must be non-negative, got " + std::to_string(v));
    if (dim && v > *dim)
        ctx.fail("K " + std::to_string(v) + " is larger than the axis size " +
                 std::to_string(*dim));
    return v;
}

void infer_topk(InferContext& ctx) {
    const DType xt = ctx.input_dtype(0);
    check_topk_dtype(ctx, xt);
    check_k_dtype(ctx, ctx.input_dtype(1));
    check_flags(ctx);
    const Shape& ks = ctx.input_shape(1);
    if (ks.ranked() && ks.rank() > 1)
        ctx.fail("input K must be a 1-D tensor of one value, got shape " + ks.str());
    const Shape& xs = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (xs.ranked()) {
        const std::size_t axis = topk_axis(ctx, static_cast<int64_t>(xs.rank()));
        std::vector<Dim> dims = xs.dims();
        const Dim& d = xs[axis];
        Dim kd = Dim::unknown();
        if (const Tensor* k = ctx.input_constant(1))
            kd = Dim(k_value(ctx, *k, d.is_static() ? std::optional<int64_t>(d.value())
                                                    : std::nullopt));
        dims[axis] = kd;
        out = Shape(std::move(dims));
    }
    ctx.set_output(0, xt, out);
    ctx.set_output(1, DType::i64, out);
}

template <class T, class Key> Key to_key(const T& v) {
    if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>)
        return static_cast<double>(static_cast<float>(v));
    else
        return static_cast<Key>(v);
}

template <class T>
void topk_typed(const Tensor& x, std::size_t axis, int64_t k, bool largest, Tensor& values,
                Tensor& indices) {
    // Comparison key: integers compare exactly, floats (incl. f16/bf16) as double.
    using Key = std::conditional_t<std::is_integral_v<T>, int64_t, double>;
    const auto shape = x.shape();
    int64_t outer = 1, inner = 1;
    const int64_t n = shape[axis];
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const T* src = x.array<T>().data();
    T* vout = values.array<T>().data();
    int64_t* iout = indices.array<int64_t>().data();
    std::vector<Key> key(static_cast<std::size_t>(n));
    std::vector<int64_t> order(static_cast<std::size_t>(n));
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
            const int64_t base = o * n * inner + i;
            for (int64_t j = 0; j < n; ++j)
                key[static_cast<std::size_t>(j)] = to_key<T, Key>(src[base + j * inner]);
            std::iota(order.begin(), order.end(), int64_t{0});
            // Stable: equal keys keep the lower index first.
            std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
                const Key ka = key[static_cast<std::size_t>(a)];
                const Key kb = key[static_cast<std::size_t>(b)];
                return largest ? ka > kb : ka < kb;
            });
            const int64_t obase = o * k * inner + i;
            for (int64_t j = 0; j < k; ++j) {
                const int64_t s = order[static_cast<std::size_t>(j)];
                vout[obase + j * inner] = src[base + s * inner];
                iout[obase + j * inner] = s;
            }
        }
}

void compute_topk(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    check_topk_dtype(ctx, x.dtype());
    check_k_dtype(ctx, ctx.input(1).dtype());
    check_flags(ctx);
    auto shape = x.shape();
    const std::size_t axis = topk_axis(ctx, static_cast<int64_t>(shape.size()));
    const int64_t k = k_value(ctx, ctx.input(1), shape[axis]);
    auto out_shape = shape;
    out_shape[axis] = k;
    Tensor values = Tensor::zeros(x.dtype(), out_shape);
    Tensor indices = Tensor::zeros(DType::i64, out_shape);
    const bool largest = ctx.attr_i("largest") != 0;
    visit_dtype(x.dtype(), [&]<class T>(std::type_identity<T>) {
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>)
            ctx.fail("unsupported dtype " + std::string(dtype_name(x.dtype())));
        else
            topk_typed<T>(x, axis, k, largest, values, indices);
    });
    ctx.set_output(0, std::move(values));
    ctx.set_output(1, std::move(indices));
}

}  // namespace

void register_topk(OpRegistry& r) {
    OpSchema s;
    s.name = "TopK";
    s.min_inputs = s.max_inputs = 2;
    s.min_outputs = s.max_outputs = 2;
    s.attrs = {
        {"axis", AttrType::i, Attribute(int64_t{-1}), false,
         "the axis to select along (negative: from the back)"},
        {"largest", AttrType::i, Attribute(int64_t{1}), false,
         "1: the k largest elements, 0: the k smallest"},
        {"sorted", AttrType::i, Attribute(int64_t{1}), false,
         "1: outputs sorted; 0: any order (the reference still sorts)"},
    };
    s.infer = infer_topk;
    s.compute = compute_topk;
    s.doc = "The K largest (or smallest) elements along an axis and their int64 indices; "
            "ties keep the lower index first.";
    r.add(std::move(s));
}

}  // namespace neo::ops::image
