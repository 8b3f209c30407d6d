// Gemm (ONNX opset 13): Y = alpha * A' B' + beta * C, A' = transA ? A^T : A (M x K),
// B' = transB ? B^T : B (K x N), C optional and unidirectionally broadcast to (M, N).
#include <string>

#include "ops/nn/nn_util.hpp"

namespace neo::ops::nn {
namespace {

// Fails unless C (rank <= 2) broadcasts unidirectionally to the output shape (M, N).
void check_c(const OpContext& ctx, const Shape& cs, const Dim& m, const Dim& n) {
    if (!cs.ranked()) return;
    if (cs.rank() > 2) ctx.fail("input C must have rank <= 2, got shape " + cs.str());
    const Dim* target[2] = {&m, &n};
    for (std::size_t i = 0; i < cs.rank(); ++i) {
        const Dim& c = cs[i];
        const Dim& t = *target[2 - cs.rank() + i];
        if (c.is_static() && t.is_static() && c.value() != 1 && c.value() != t.value())
            ctx.fail("input C of shape " + cs.str() + " cannot be broadcast to the output shape " +
                     Shape({m, n}).str());
    }
}

void infer_gemm(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    require_float(ctx, t, "input A");
    require_same_dtype(ctx, ctx.input_dtype(1), t, "input B", "input A");
    if (ctx.has_input(2)) require_same_dtype(ctx, ctx.input_dtype(2), t, "input C", "input A");
    const bool ta = ctx.attr_i("transA") != 0, tb = ctx.attr_i("transB") != 0;
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if (as.ranked() && as.rank() != 2) ctx.fail("input A must be 2-D, got shape " + as.str());
    if (bs.ranked() && bs.rank() != 2) ctx.fail("input B must be 2-D, got shape " + bs.str());
    Dim m = as.ranked() ? as[ta ? 1 : 0] : Dim::unknown();
    Dim ka = as.ranked() ? as[ta ? 0 : 1] : Dim::unknown();
    Dim kb = bs.ranked() ? bs[tb ? 1 : 0] : Dim::unknown();
    Dim n = bs.ranked() ? bs[tb ? 0 : 1] : Dim::unknown();
    if (ka.is_static() && kb.is_static() && ka.value() != kb.value())
        ctx.fail("inner dimensions differ: A" + std::string(ta ? "^T" : "") + " is " +
                 Shape({m, ka}).str() + " and B" + (tb ? "^T" : "") + " is " +
                 Shape({kb, n}).str());
    if (ctx.has_input(2)) check_c(ctx, ctx.input_shape(2), m, n);
    ctx.set_output(0, t, Shape({m, n}));
}

void compute_gemm(ComputeContext& ctx) {
    const Tensor& at = ctx.input(0);
    const Tensor& bt = ctx.input(1);
    const Tensor* ct = ctx.optional_input(2);
    require_float(ctx, at.dtype(), "input A");
    require_same_dtype(ctx, bt.dtype(), at.dtype(), "input B", "input A");
    if (ct) require_same_dtype(ctx, ct->dtype(), at.dtype(), "input C", "input A");
    const bool ta = ctx.attr_i("transA") != 0, tb = ctx.attr_i("transB") != 0;
    const double alpha = ctx.attr_f("alpha"), beta = ctx.attr_f("beta");
    const auto as = at.shape(), bs = bt.shape();
    if (as.size() != 2) ctx.fail("input A must be 2-D, got shape " + ints_str(as));
    if (bs.size() != 2) ctx.fail("input B must be 2-D, got shape " + ints_str(bs));
    const int64_t m = as[ta ? 1 : 0], k = as[ta ? 0 : 1], kb = bs[tb ? 1 : 0], n = bs[tb ? 0 : 1];
    if (k != kb)
        ctx.fail("inner dimensions differ: A" + std::string(ta ? "^T" : "") + " is " +
                 ints_str({m, k}) + " and B" + (tb ? "^T" : "") + " is " + ints_str({kb, n}));
    int64_t c_rows = 1, c_cols = 1;
    if (ct) {
        check_c(ctx, ct->ir_shape(), m, n);
        const auto cs = ct->shape();
        if (cs.size() == 2) c_rows = cs[0], c_cols = cs[1];
        if (cs.size() == 1) c_cols = cs[0];
    }
    const std::vector<double> a = to_f64(at), b = to_f64(bt);
    const std::vector<double> c = ct ? to_f64(*ct) : std::vector<double>();
    auto a_at = [&](int64_t i, int64_t p) {
        return a[static_cast<std::size_t>(ta ? p * m + i : i * k + p)];
    };
    auto b_at = [&](int64_t p, int64_t j) {
        return b[static_cast<std::size_t>(tb ? j * k + p : p * n + j)];
    };
    std::vector<double> y(static_cast<std::size_t>(m * n));
    std::vector<double> row(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < m; ++i) {
        std::fill(row.begin(), row.end(), 0.0);
        for (int64_t p = 0; p < k; ++p) {
            const double av = a_at(i, p);
            for (int64_t j = 0; j < n; ++j) row[static_cast<std::size_t>(j)] += av * b_at(p, j);
        }
        for (int64_t j = 0; j < n; ++j) {
            double v = alpha * row[static_cast<std::size_t>(j)];
            if (ct && beta != 0.0)
                v += beta * c[static_cast<std::size_t>((c_rows == 1 ? 0 : i) * c_cols +
                                                       (c_cols == 1 ? 0 : j))];
            y[static_cast<std::size_t>(i * n + j)] = v;
        }
    }
    ctx.set_output(0, from_f64(at.dtype(), {m, n}, y));
}

}  // namespace

void register_gemm(OpRegistry& r) {
    OpSchema s;
    s.name = "Gemm";
    s.min_inputs = 2;
    s.max_inputs = 3;
    s.attrs = {
        {"alpha", AttrType::f, Attribute(1.0), false, "multiplier of A' B'"},
        {"beta", AttrType::f, Attribute(1.0), false, "multiplier of C"},
        {"transA", AttrType::i, Attribute(int64_t{0}), false, "nonzero: use A transposed"},
        {"transB", AttrType::i, Attribute(int64_t{0}), false, "nonzero: use B transposed"},
    };
    s.infer = infer_gemm;
    s.compute = compute_gemm;
    s.doc = "General matrix multiply, ONNX Gemm-13. Float dtypes; computed in double. "
            "With beta = 0, C is not read.";
    r.add(std::move(s));
}

}  // namespace neo::ops::nn
