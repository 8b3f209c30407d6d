#include "ops/elementwise/ew_kernels.hpp"

#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {

std::string dtype_set_str(DTypeSet s) {
    std::string out;
    for (unsigned i = 1; i <= static_cast<unsigned>(DType::i2); ++i) {  // the last DType
        auto t = static_cast<DType>(i);
        if (in_set(s, t)) out += (out.empty() ? "" : ", ") + std::string(dtype_name(t));
    }
    return out;
}

void check_dtype(const OpContext& c, const std::string& what, DType t, DTypeSet s) {
    if (t == DType::undefined)
        c.fail(what + " has no known dtype yet (run type inference on its producer first)");
    if (!in_set(s, t))
        c.fail(what + " has dtype " + std::string(dtype_name(t)) + ", which " +
               c.schema().name + " does not support (it takes " + dtype_set_str(s) + ")");
}

DType check_input_dtype(const InferContext& c, std::size_t i, DTypeSet s) {
    DType t = c.input_dtype(i);
    check_dtype(c, "input " + std::to_string(i), t, s);
    return t;
}

void check_same_dtype(const OpContext& c, std::size_t i, DType a, std::size_t j, DType b) {
    if (a != b)
        c.fail("inputs " + std::to_string(i) + " and " + std::to_string(j) +
               " must have the same dtype, got " + std::string(dtype_name(a)) + " and " +
               std::string(dtype_name(b)));
}

std::vector<std::size_t> to_sizes(const std::vector<int64_t>& shape) {
    return std::vector<std::size_t>(shape.begin(), shape.end());
}

std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& in,
                                       const std::vector<int64_t>& out) {
    std::vector<int64_t> st(out.size(), 0);
    int64_t stride = 1;
    for (std::size_t i = 0; i < in.size(); ++i) {
        std::size_t di = in.size() - 1 - i;    // dim of `in`, from the right
        std::size_t dout = out.size() - 1 - i;  // the output dim it lines up with
        st[dout] = in[di] == 1 ? 0 : stride;
        stride *= in[di];
    }
    return st;
}

Shape unidirectional_shape(const Shape& a, const Shape& b, const OpContext& c) {
    if (!a.ranked() || !b.ranked()) return a;
    bool ok = b.rank() <= a.rank();
    for (std::size_t i = 0; ok && i < b.rank(); ++i) {
        const Dim& db = b[b.rank() - 1 - i];
        const Dim& da = a[a.rank() - 1 - i];
        if (db.is_static() && db.value() != 1 && da.is_static() && da.value() != db.value())
            ok = false;
    }
    if (!ok)
        c.fail("input 1 of shape " + b.str() + " does not broadcast to the shape " + a.str() +
               " of input 0");
    return a;
}

}  // namespace neo::ops::ew
