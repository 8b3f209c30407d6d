#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {

void require_float(const OpContext& ctx, DType t, const std::string& what) {
    if (t == DType::undefined || is_float(t)) return;
    ctx.fail(what + " has dtype " + std::string(dtype_name(t)) + "; " + ctx.node().op() +
             " supports " + kFloatDTypes);
}

void require_same_dtype(const OpContext& ctx, DType t, DType want, const std::string& what,
                        const std::string& want_what) {
    if (t == DType::undefined || want == DType::undefined || t == want) return;
    ctx.fail(what + " has dtype " + std::string(dtype_name(t)) + " but " + want_what +
             " has dtype " + std::string(dtype_name(want)) + "; they must match");
}

std::vector<double> to_f64(const Tensor& t) {
    if (t.dtype() == DType::f64) {
        const auto& a = t.array<double>();
        return std::vector<double>(a.begin(), a.end());
    }
    Tensor d = t.cast(DType::f64);
    const auto& a = d.array<double>();
    return std::vector<double>(a.begin(), a.end());
}

Tensor from_f64(DType t, const std::vector<int64_t>& shape, const std::vector<double>& data) {
    Tensor d = Tensor::from_vector<double>(shape, data);
    return t == DType::f64 ? d : d.cast(t);
}

std::vector<double> broadcast_to(const std::vector<double>& data, const std::vector<int64_t>& from,
                                 const std::vector<int64_t>& to) {
    const std::size_t r = to.size();
    check_internal(from.size() <= r, "broadcast_to: source rank exceeds target rank");
    // Source stride of each target axis (0 where the source is broadcast).
    std::vector<int64_t> stride(r, 0);
    int64_t s = 1;
    for (std::size_t i = from.size(); i-- > 0;) {
        const std::size_t t = i + (r - from.size());
        stride[t] = from[i] == 1 ? 0 : s;
        s *= from[i];
    }
    const int64_t n = prod(to, 0, r);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int64_t flat = 0; flat < n; ++flat) {
        int64_t rem = flat, src = 0;
        for (std::size_t t = r; t-- > 0;) {
            src += (rem % to[t]) * stride[t];
            rem /= to[t];
        }
        out[static_cast<std::size_t>(flat)] = data[static_cast<std::size_t>(src)];
    }
    return out;
}

void require_broadcastable_to(const OpContext& ctx, const Shape& s, const Shape& target,
                              const std::string& what) {
    if (!s.ranked() || !target.ranked()) return;
    bool ok = s.rank() <= target.rank();
    for (std::size_t i = 0; ok && i < s.rank(); ++i) {
        const Dim& a = s[i];
        const Dim& b = target[i + target.rank() - s.rank()];
        if (a.is_static() && b.is_static() && a.value() != 1 && a.value() != b.value())
            ok = false;
    }
    if (!ok)
        ctx.fail(what + " of shape " + s.str() + " cannot be broadcast to shape " + target.str());
}

int64_t lp_exponent(const OpContext& ctx) {
    const int64_t p = ctx.attr_i("p");
    if (p < 1) ctx.fail("attribute 'p' must be positive, got " + std::to_string(p));
    return p;
}

int64_t prod(const std::vector<int64_t>& dims, std::size_t from, std::size_t to) {
    int64_t p = 1;
    for (std::size_t i = from; i < to && i < dims.size(); ++i) p *= dims[i];
    return p;
}

std::string ints_str(const std::vector<int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(v[i]);
    }
    s += ']';
    return s;
}

}  // namespace neo::ops::nn
