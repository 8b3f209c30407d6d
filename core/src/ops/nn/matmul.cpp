// MatMul (ONNX opset 13): numpy.matmul semantics. A 1-D A is a row vector (its axis is
// removed from the result), a 1-D B a column vector; leading (batch) axes broadcast.
// Floats compute in double; int32/int64 in wrapping 64-bit integer arithmetic.
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

void check_dtype(const OpContext& ctx, DType a, DType b) {
    if (a != DType::undefined && !is_float(a) && a != DType::i32 && a != DType::i64)
        ctx.fail("input A has dtype " + std::string(dtype_name(a)) + "; MatMul supports " +
                 kFloatDTypes + ", i32, i64");
    require_same_dtype(ctx, b, a, "input B", "input A");
}

void infer_matmul(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    check_dtype(ctx, t, ctx.input_dtype(1));
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if ((as.ranked() && as.rank() == 0) || (bs.ranked() && bs.rank() == 0))
        ctx.fail("inputs must have rank >= 1, got shapes " + as.str() + " and " + bs.str());
    if (!as.ranked() || !bs.ranked()) {
        ctx.set_output(0, t, Shape::unranked());
        return;
    }
    const std::size_t ra = as.rank(), rb = bs.rank();
    const Dim k_a = as[ra - 1], k_b = bs[rb == 1 ? 0 : rb - 2];
    if (k_a.is_static() && k_b.is_static() && k_a.value() != k_b.value())
        ctx.fail("inner dimensions differ: A has shape " + as.str() + " and B has shape " +
                 bs.str());
    std::vector<Dim> a_batch(as.dims().begin(), as.dims().end() - std::min<std::size_t>(ra, 2));
    std::vector<Dim> b_batch(bs.dims().begin(), bs.dims().end() - std::min<std::size_t>(rb, 2));
    Shape batch = broadcast_shapes(Shape(a_batch), Shape(b_batch), ctx);
    std::vector<Dim> out = batch.dims();
    if (ra > 1) out.push_back(as[ra - 2]);
    if (rb > 1) out.push_back(bs[rb - 1]);
    ctx.set_output(0, t, Shape(std::move(out)));
}

// Row-major batched product; a_off / b_off give each output batch's operand offsets.
template <class Acc>
std::vector<Acc> matmul_kernel(const std::vector<Acc>& a, const std::vector<Acc>& b,
                               const std::vector<int64_t>& a_off,
                               const std::vector<int64_t>& b_off, int64_t m, int64_t k,
                               int64_t n) {
    std::vector<Acc> y(a_off.size() * static_cast<std::size_t>(m * n), Acc{});
    for (std::size_t bi = 0; bi < a_off.size(); ++bi) {
        const Acc* ap = a.data() + a_off[bi];
        const Acc* bp = b.data() + b_off[bi];
        Acc* yp = y.data() + bi * static_cast<std::size_t>(m * n);
        for (int64_t i = 0; i < m; ++i)
            for (int64_t p = 0; p < k; ++p) {
                const Acc av = ap[i * k + p];
                for (int64_t j = 0; j < n; ++j) yp[i * n + j] += av * bp[p * n + j];
            }
    }
    return y;
}

template <class T>
std::vector<uint64_t> to_u64(const Tensor& t) {
    const auto& arr = t.array<T>();
    std::vector<uint64_t> v(arr.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<uint64_t>(static_cast<int64_t>(arr.data()[i]));
    return v;
}

template <class T>
Tensor from_u64(const std::vector<int64_t>& shape, const std::vector<uint64_t>& v) {
    std::vector<T> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = static_cast<T>(static_cast<int64_t>(v[i]));  // wraps (C++20)
    return Tensor::from_vector<T>(shape, out);
}

void compute_matmul(ComputeContext& ctx) {
    const Tensor& at = ctx.input(0);
    const Tensor& bt = ctx.input(1);
    check_dtype(ctx, at.dtype(), bt.dtype());
    auto as = at.shape(), bs = bt.shape();
    if (as.empty() || bs.empty())
        ctx.fail("inputs must have rank >= 1, got shapes " + ints_str(as) + " and " +
                 ints_str(bs));
    const bool a_vec = as.size() == 1, b_vec = bs.size() == 1;
    if (a_vec) as.insert(as.begin(), 1);
    if (b_vec) bs.push_back(1);
    const std::size_t ra = as.size(), rb = bs.size();
    const int64_t m = as[ra - 2], k = as[ra - 1], n = bs[rb - 1];
    if (bs[rb - 2] != k)
        ctx.fail("inner dimensions differ: A has shape " + ints_str(at.shape()) +
                 " and B has shape " + ints_str(bt.shape()));
    const std::vector<int64_t> a_batch(as.begin(), as.end() - 2), b_batch(bs.begin(), bs.end() - 2);
    const std::vector<int64_t> batch = broadcast_static(a_batch, b_batch, ctx);

    // Offsets of A's and B's matrices for every output batch index (broadcast: stride 0).
    const int64_t nb = prod(batch, 0, batch.size());
    std::vector<int64_t> a_off(static_cast<std::size_t>(nb)), b_off(static_cast<std::size_t>(nb));
    for (int64_t bi = 0; bi < nb; ++bi) {
        int64_t rem = bi, ao = 0, bo = 0, a_stride = m * k, b_stride = k * n;
        for (std::size_t d = batch.size(); d-- > 0;) {
            const int64_t idx = rem % batch[d];
            rem /= batch[d];
            const std::size_t shift = batch.size() - d;  // axis d from the right, 1-based
            if (shift <= a_batch.size()) {
                const int64_t ext = a_batch[a_batch.size() - shift];
                if (ext != 1) ao += idx * a_stride;
                a_stride *= ext;
            }
            if (shift <= b_batch.size()) {
                const int64_t ext = b_batch[b_batch.size() - shift];
                if (ext != 1) bo += idx * b_stride;
                b_stride *= ext;
            }
        }
        a_off[static_cast<std::size_t>(bi)] = ao;
        b_off[static_cast<std::size_t>(bi)] = bo;
    }

    std::vector<int64_t> yshape = batch;
    if (!a_vec) yshape.push_back(m);
    if (!b_vec) yshape.push_back(n);
    if (is_float(at.dtype())) {
        auto y = matmul_kernel<double>(to_f64(at), to_f64(bt), a_off, b_off, m, k, n);
        ctx.set_output(0, from_f64(at.dtype(), yshape, y));
    } else if (at.dtype() == DType::i32) {
        auto y = matmul_kernel<uint64_t>(to_u64<int32_t>(at), to_u64<int32_t>(bt), a_off, b_off,
                                         m, k, n);
        ctx.set_output(0, from_u64<int32_t>(yshape, y));
    } else {
        auto y = matmul_kernel<uint64_t>(to_u64<int64_t>(at), to_u64<int64_t>(bt), a_off, b_off,
                                         m, k, n);
        ctx.set_output(0, from_u64<int64_t>(yshape, y));
    }
}

}  // namespace

void register_matmul(OpRegistry& r) {
    OpSchema s;
    s.name = "MatMul";
    s.min_inputs = s.max_inputs = 2;
    s.infer = infer_matmul;
    s.compute = compute_matmul;
    s.doc = "Matrix product with numpy.matmul semantics, ONNX MatMul-13. f32, f64, f16, bf16 "
            "(computed in double), i32, i64 (wrapping integer arithmetic).";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
