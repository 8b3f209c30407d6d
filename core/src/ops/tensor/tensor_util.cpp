#include "ops/tensor/tensor_util.hpp"

#include <algorithm>
#include <type_traits>

#include "neo/core/util/error.hpp"

namespace neo::ops::tensor_ops {

OpSchema make_schema(std::string name, int min_inputs, int max_inputs, int min_outputs,
                     int max_outputs, std::vector<AttrSpec> attrs, InferFn infer,
                     ComputeFn compute, std::string doc) {
    OpSchema s;
    s.name = std::move(name);
    s.min_inputs = min_inputs;
    s.max_inputs = max_inputs;
    s.min_outputs = min_outputs;
    s.max_outputs = max_outputs;
    s.attrs = std::move(attrs);
    s.infer = std::move(infer);
    s.compute = std::move(compute);
    s.doc = std::move(doc);
    return s;
}

AttrSpec optional_attr(std::string name, AttrType type, std::string doc) {
    AttrSpec a;
    a.name = std::move(name);
    a.type = type;
    a.doc = std::move(doc);
    return a;
}

AttrSpec required_attr(std::string name, AttrType type, std::string doc) {
    AttrSpec a = optional_attr(std::move(name), type, std::move(doc));
    a.required = true;
    return a;
}

AttrSpec attr_with_default(std::string name, Attribute value, std::string doc) {
    AttrSpec a;
    a.name = std::move(name);
    a.type = value.type();
    a.default_value = std::move(value);
    a.doc = std::move(doc);
    return a;
}

std::vector<int64_t> strides_of(const std::vector<int64_t>& shape) {
    std::vector<int64_t> s(shape.size(), 1);
    for (std::size_t i = shape.size(); i > 1; --i) s[i - 2] = s[i - 1] * shape[i - 1];
    return s;
}

int64_t numel_of(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

std::string shape_str(const std::vector<int64_t>& shape) { return Shape::from(shape).str(); }

std::string ints_str(const std::vector<int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

Shape unknown_dims(std::size_t rank) { return Shape(std::vector<Dim>(rank, Dim::unknown())); }

Dim dim_product(const std::vector<Dim>& dims) {
    int64_t prod = 1;
    const Dim* dynamic = nullptr;
    int n_dynamic = 0;
    for (const Dim& d : dims) {
        if (d.is_static()) {
            prod *= d.value();
        } else {
            dynamic = &d;
            ++n_dynamic;
        }
    }
    if (n_dynamic == 0) return Dim(prod);
    if (prod == 0) return Dim(0);
    if (n_dynamic == 1 && prod == 1) return *dynamic;
    return Dim::unknown();
}

int64_t existing_axis(int64_t axis, int64_t rank, const OpContext& ctx) {
    if (axis < -rank || axis >= rank)
        ctx.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                 std::to_string(rank));
    return axis < 0 ? axis + rank : axis;
}

void require_int_dtype(const OpContext& ctx, DType t, const std::string& what) {
    if (t != DType::undefined && !is_integer(t))
        ctx.fail(what + " must be an integer tensor, got " + std::string(dtype_name(t)));
}

std::optional<std::vector<int64_t>> constant_ints(const InferContext& ctx, std::size_t i,
                                                  const std::string& what) {
    const Tensor* t = ctx.input_constant(i);
    if (!t) return std::nullopt;
    require_int_dtype(ctx, t->dtype(), what);
    return t->to_int_vector();
}

std::optional<int64_t> static_length(const InferContext& ctx, std::size_t i,
                                     const std::string& what) {
    const Shape& s = ctx.input_shape(i);
    if (!s.ranked()) return std::nullopt;
    if (s.rank() != 1) ctx.fail(what + " must be a 1-D tensor, got shape " + s.str());
    if (!s[0].is_static()) return std::nullopt;
    return s[0].value();
}

std::vector<int64_t> input_ints(const ComputeContext& ctx, std::size_t i,
                                const std::string& what) {
    const Tensor& t = ctx.input(i);
    if (!is_integer(t.dtype()))
        ctx.fail(what + " must be an integer tensor, got " + std::string(dtype_name(t.dtype())));
    return t.to_int_vector();
}

namespace {
std::vector<std::size_t> size_shape(const std::vector<int64_t>& shape) {
    std::vector<std::size_t> s;
    s.reserve(shape.size());
    for (int64_t d : shape) {
        check_internal(d >= 0, "negative dim in a tensor shape " + shape_str(shape));
        s.push_back(static_cast<std::size_t>(d));
    }
    return s;
}
}  // namespace

Tensor gather_flat(const Tensor& in, const std::vector<int64_t>& out_shape,
                   const std::vector<int64_t>& src, const Tensor* fill) {
    check_internal(static_cast<int64_t>(src.size()) == numel_of(out_shape),
                   "gather_flat: source index count does not match the output shape");
    return std::visit(
        [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            const auto* fill_value = fill ? &std::get<A>(fill->storage()) : nullptr;
            A out(size_shape(out_shape));
            const auto n_in = static_cast<int64_t>(a.size());
            auto* o = out.data();
            const auto* x = a.data();
            for (std::size_t k = 0; k < src.size(); ++k) {
                int64_t s = src[k];
                if (s < 0) {
                    check_internal(fill_value != nullptr && fill_value->size() > 0,
                                   "gather_flat: fill index without a fill value");
                    o[k] = fill_value->data()[0];
                } else {
                    check_internal(s < n_in, "gather_flat: source index out of range");
                    o[k] = x[s];
                }
            }
            return Tensor(std::move(out));
        },
        in.storage());
}

std::vector<int64_t> strided_source(const std::vector<int64_t>& out_shape, int64_t base,
                                    const std::vector<int64_t>& strides) {
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    const std::size_t r = out_shape.size();
    if (r == 0) return {base};
    // Innermost axis as a tight loop; outer axes through for_each_index.
    std::vector<int64_t> outer(out_shape.begin(), out_shape.end() - 1);
    const int64_t inner = out_shape[r - 1], inner_stride = strides[r - 1];
    if (inner == 0) return src;
    for_each_index(outer, [&](const std::vector<int64_t>& idx) {
        int64_t off = base;
        for (std::size_t i = 0; i < idx.size(); ++i) off += idx[i] * strides[i];
        for (int64_t j = 0; j < inner; ++j) src.push_back(off + j * inner_stride);
    });
    return src;
}

Tensor reshaped(const Tensor& in, const std::vector<int64_t>& shape) {
    check_internal(numel_of(shape) == in.numel(),
                   "reshaped: element count of " + shape_str(shape) + " differs from " +
                       shape_str(in.shape()));
    return std::visit(
        [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            A out(size_shape(shape));
            std::copy(a.begin(), a.end(), out.begin());
            return Tensor(std::move(out));
        },
        in.storage());
}

Tensor transposed(const Tensor& in, const std::vector<int64_t>& perm) {
    const auto shape = in.shape();
    const auto st = strides_of(shape);
    check_internal(perm.size() == shape.size(), "transposed: perm length differs from rank");
    std::vector<int64_t> out_shape(perm.size()), out_strides(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        out_shape[i] = shape[static_cast<std::size_t>(perm[i])];
        out_strides[i] = st[static_cast<std::size_t>(perm[i])];
    }
    return gather_flat(in, out_shape, strided_source(out_shape, 0, out_strides));
}

Tensor filled(const Tensor& value, const std::vector<int64_t>& shape) {
    check_internal(value.numel() > 0, "filled: empty value tensor");
    std::vector<int64_t> src(static_cast<std::size_t>(numel_of(shape)), 0);
    return gather_flat(value, shape, src);
}

}  // namespace neo::ops::tensor_ops
