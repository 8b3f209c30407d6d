// Constant, ConstantOfShape, Range: ops that make a tensor from attributes or scalars.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <cmath>
#include <type_traits>

namespace neo::ops::tensor_ops {
namespace {

// ---- Constant -------------------------------------------------------------------------------

const char* const kConstantAttrs[] = {"value",      "value_float",  "value_floats", "value_int",
                                      "value_ints", "value_string", "value_strings"};

Tensor constant_value(const OpContext& ctx) {
    std::string set;
    int n_set = 0;
    for (const char* a : kConstantAttrs)
        if (ctx.has_attr(a)) {
            set += (n_set++ ? ", " : "") + std::string(a);
        }
    if (n_set != 1)
        ctx.fail("exactly one of the attributes value, value_float, value_floats, value_int, "
                 "value_ints, value_string, value_strings must be set, got " +
                 (n_set ? std::to_string(n_set) + " (" + set + ")" : std::string("none")));
    if (ctx.has_attr("value")) {
        const TensorPtr& t = ctx.attr("value").tensor();
        if (!t) ctx.fail("attribute 'value' holds no tensor");
        return *t;
    }
    if (ctx.has_attr("value_float"))
        return Tensor::from_vector<float>({}, {static_cast<float>(ctx.attr_f("value_float"))});
    if (ctx.has_attr("value_floats")) {
        auto v = ctx.attr_floats("value_floats");
        return Tensor::from_vector<float>({static_cast<int64_t>(v.size())},
                                          std::vector<float>(v.begin(), v.end()));
    }
    if (ctx.has_attr("value_int")) return Tensor::from_vector<int64_t>({}, {ctx.attr_i("value_int")});
    if (ctx.has_attr("value_ints")) {
        const auto& v = ctx.attr_ints("value_ints");
        return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
    }
    if (ctx.has_attr("value_string"))
        return Tensor::from_vector<std::string>({}, {ctx.attr_s("value_string")});
    const auto& v = ctx.attr("value_strings").strings();
    return Tensor::from_vector<std::string>({static_cast<int64_t>(v.size())}, v);
}

void infer_constant(InferContext& ctx) {
    Tensor t = constant_value(ctx);
    ctx.set_output(0, t.dtype(), t.ir_shape());
}

void compute_constant(ComputeContext& ctx) { ctx.set_output(0, constant_value(ctx)); }

// ---- ConstantOfShape ------------------------------------------------------------------------

Tensor fill_value(const OpContext& ctx) {
    const TensorPtr& t = ctx.attr("value").tensor();
    if (!t || t->numel() != 1)
        ctx.fail("attribute 'value' must be a one-element tensor, got " +
                 (t ? std::to_string(t->numel()) + " elements" : std::string("none")));
    return *t;
}

void check_dims(const std::vector<int64_t>& shape, const OpContext& ctx) {
    for (int64_t d : shape)
        if (d < 0) ctx.fail("the shape input " + ints_str(shape) + " has a negative dim");
}

void infer_constant_of_shape(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(0), "the shape input");
    Tensor value = fill_value(ctx);
    Shape out = Shape::unranked();
    if (auto shape = constant_ints(ctx, 0, "the shape input")) {
        check_dims(*shape, ctx);
        out = Shape::from(*shape);
    } else if (auto n = static_length(ctx, 0, "the shape input")) {
        out = unknown_dims(static_cast<std::size_t>(*n));
    }
    ctx.set_output(0, value.dtype(), std::move(out));
}

void compute_constant_of_shape(ComputeContext& ctx) {
    auto shape = input_ints(ctx, 0, "the shape input");
    if (ctx.input(0).rank() != 1)
        ctx.fail("the shape input must be a 1-D tensor, got shape " +
                 shape_str(ctx.input(0).shape()));
    check_dims(shape, ctx);
    ctx.set_output(0, filled(fill_value(ctx), shape));
}

// ---- Range ----------------------------------------------------------------------------------

bool range_dtype_ok(DType t) {
    return t == DType::f32 || t == DType::f64 || t == DType::f16 || t == DType::bf16 ||
           t == DType::i16 || t == DType::i32 || t == DType::i64;
}

template <class T> constexpr bool is_half_v =
    std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>;

// A float element as double (f16/bf16 through float).
template <class T> double float_value(T v) {
    if constexpr (is_half_v<T>) return static_cast<double>(static_cast<float>(v));
    else return static_cast<double>(v);
}
// A double rounded to the float element type T.
template <class T> T float_element(double v) {
    if constexpr (is_half_v<T>) return T(static_cast<float>(v));
    else return static_cast<T>(v);
}

// Element count max(ceil((limit - start) / delta), 0); exact for integers.
template <class T> int64_t range_count(T start, T limit, T delta, const OpContext& ctx) {
    if (float_value(delta) == 0) ctx.fail("delta must not be 0");
    if constexpr (std::is_integral_v<T>) {
        int64_t diff = int64_t{limit} - int64_t{start}, d = delta;
        int64_t q = diff / d, r = diff % d;
        if (r != 0 && ((r > 0) == (d > 0))) ++q;
        return std::max<int64_t>(q, 0);
    } else {
        double n = std::ceil((float_value(limit) - float_value(start)) / float_value(delta));
        if (!std::isfinite(n)) ctx.fail("start, limit and delta give no finite element count");
        return std::max<int64_t>(static_cast<int64_t>(n), 0);
    }
}

template <class F> auto visit_range_dtype(DType t, const OpContext& ctx, F&& f) {
    if (!range_dtype_ok(t))
        ctx.fail("Range does not support dtype " + std::string(dtype_name(t)) +
                 " (f32, f64, f16, bf16, i16, i32, i64)");
    return visit_dtype(t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr ((std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) || is_half_v<T>)
            return f(tag);
        else
            return decltype(f(std::type_identity<int64_t>{}))();  // not reached
    });
}

DType range_dtype(const InferContext& ctx) {
    DType t = ctx.input_dtype(0);
    for (std::size_t i = 1; i < 3; ++i)
        if (ctx.input_dtype(i) != t)
            ctx.fail("start, limit and delta must have the same dtype, got " +
                     std::string(dtype_name(t)) + " and " +
                     std::string(dtype_name(ctx.input_dtype(i))));
    for (std::size_t i = 0; i < 3; ++i) {
        const Shape& s = ctx.input_shape(i);
        if (s.is_static() && s.numel() != 1)
            ctx.fail("start, limit and delta must be scalars, got shape " + s.str());
    }
    return t;
}

void infer_range(InferContext& ctx) {
    DType t = range_dtype(ctx);
    const Tensor *start = ctx.input_constant(0), *limit = ctx.input_constant(1),
                 *delta = ctx.input_constant(2);
    Dim n;
    if (t != DType::undefined && start && limit && delta) {
        n = visit_range_dtype(t, ctx, [&](auto tag) {
            using T = typename decltype(tag)::type;
            auto at = [](const Tensor* x) { return x->array<T>().data()[0]; };
            return Dim(range_count<T>(at(start), at(limit), at(delta), ctx));
        });
    } else if (t != DType::undefined && !range_dtype_ok(t)) {
        ctx.fail("Range does not support dtype " + std::string(dtype_name(t)) +
                 " (f32, f64, f16, bf16, i16, i32, i64)");
    }
    ctx.set_output(0, t, Shape({n}));
}

void compute_range(ComputeContext& ctx) {
    DType t = ctx.input(0).dtype();
    for (std::size_t i = 0; i < 3; ++i) {
        const Tensor& x = ctx.input(i);
        if (x.dtype() != t)
            ctx.fail("start, limit and delta must have the same dtype, got " +
                     std::string(dtype_name(t)) + " and " + std::string(dtype_name(x.dtype())));
        if (x.numel() != 1)
            ctx.fail("start, limit and delta must be scalars, got shape " + shape_str(x.shape()));
    }
    Tensor out = visit_range_dtype(t, ctx, [&](auto tag) {
        using T = typename decltype(tag)::type;
        auto at = [&](std::size_t i) { return ctx.input(i).array<T>().data()[0]; };
        T start = at(0), delta = at(2);
        int64_t n = range_count<T>(start, at(1), delta, ctx);
        std::vector<T> v(static_cast<std::size_t>(n));
        for (int64_t i = 0; i < n; ++i) {
            if constexpr (std::is_integral_v<T>)
                v[static_cast<std::size_t>(i)] = static_cast<T>(start + i * int64_t{delta});
            else
                v[static_cast<std::size_t>(i)] = float_element<T>(
                    float_value(start) + static_cast<double>(i) * float_value(delta));
        }
        return Tensor::from_vector<T>({n}, v);
    });
    ctx.set_output(0, std::move(out));
}

}  // namespace

void register_constant_ops(OpRegistry& r) {
    r.add(make_schema(
        "Constant", 0, 0, 1, 1,
        {optional_attr("value", AttrType::tensor, "the output tensor"),
         optional_attr("value_float", AttrType::f, "an f32 scalar output"),
         optional_attr("value_floats", AttrType::floats, "a 1-D f32 output"),
         optional_attr("value_int", AttrType::i, "an i64 scalar output"),
         optional_attr("value_ints", AttrType::ints, "a 1-D i64 output"),
         optional_attr("value_string", AttrType::s, "a string scalar output"),
         optional_attr("value_strings", AttrType::strings, "a 1-D string output")},
        infer_constant, compute_constant,
        "A constant tensor given by exactly one of its attributes."));
    r.add(make_schema(
        "ConstantOfShape", 1, 1, 1, 1,
        {attr_with_default("value",
                           TensorPtr(std::make_shared<Tensor>(
                               Tensor::from_vector<float>({1}, {0.0f}))),
                           "one-element tensor giving the fill value and dtype (f32 0)")},
        infer_constant_of_shape, compute_constant_of_shape,
        "A tensor of the shape given by the input, filled with value."));
    r.add(make_schema("Range", 3, 3, 1, 1, {}, infer_range, compute_range,
                      "The 1-D sequence start, start+delta, ... up to (excluding) limit."));
}

}  // namespace neo::ops::tensor_ops
