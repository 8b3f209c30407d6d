// MatMulInteger (ONNX opset 10) and QLinearMatMul (ONNX opset 21): numpy.matmul of
// int8/uint8 matrices after subtracting their zero points, accumulated exactly in 32-bit
// integers (wrapping, as ONNX allows only there).
//   MatMulInteger: Y (int32) = (A - a_zero_point) @ (B - b_zero_point)
//   QLinearMatMul: y = saturate(round_half_even(acc * (a_scale * b_scale / y_scale))
//                               + y_zero_point), the scale product taken in the scales'
//                  dtype; y has y_zero_point's dtype.
// Zero points and scales are per tensor (one element), per row of A (1-D of length M, or
// [..., M, 1]) and per column of B (1-D of length N, or [..., 1, N]).
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops::quant {
namespace {

enum class Role { row, col };  // a parameter of A (per row) or of B (per column)

// The matmul output shape (numpy.matmul; batch axes broadcast), as MatMul infers it.
Shape matmul_shape(const OpContext& ctx, const Shape& as, const Shape& bs) {
    if ((as.ranked() && as.rank() == 0) || (bs.ranked() && bs.rank() == 0))
        ctx.fail("inputs A and B must have rank >= 1, got shapes " + as.str() + " and " +
                 bs.str());
    if (!as.ranked() || !bs.ranked()) return Shape::unranked();
    const std::size_t ra = as.rank(), rb = bs.rank();
    const Dim ka = as[ra - 1], kb = bs[rb == 1 ? 0 : rb - 2];
    if (ka.is_static() && kb.is_static() && ka.value() != kb.value())
        ctx.fail("inner dimensions differ: A has shape " + as.str() + " and B has shape " +
                 bs.str());
    std::vector<Dim> a_batch(as.dims().begin(), as.dims().end() - std::min<std::size_t>(ra, 2));
    std::vector<Dim> b_batch(bs.dims().begin(), bs.dims().end() - std::min<std::size_t>(rb, 2));
    std::vector<Dim> out = broadcast_shapes(Shape(a_batch), Shape(b_batch), ctx).dims();
    if (ra > 1) out.push_back(as[ra - 2]);
    if (rb > 1) out.push_back(bs[rb - 1]);
    return Shape(std::move(out));
}

bool single_element(const Shape& s) {
    for (const Dim& d : s.dims())
        if (!d.is_static() || d.value() != 1) return false;
    return true;
}

// Checks a zero point / scale of operand `op` (shape os) and returns its shape aligned for
// numpy broadcasting against the operand: a 1-D per-row parameter becomes [M, 1]. nullopt
// when the shapes are not known well enough to say.
std::optional<Shape> aligned_param(const OpContext& ctx, const Shape& ps, const Shape& os,
                                   Role role, const std::string& what) {
    if (!ps.ranked()) return std::nullopt;
    if (single_element(ps)) return Shape(std::vector<Dim>{});
    if (!os.ranked()) return std::nullopt;
    const std::string kind = role == Role::row ? "per row of A: 1-D [M] or [..., M, 1]"
                                               : "per column of B: 1-D [N] or [..., 1, N]";
    auto bad = [&] {
        ctx.fail(what + " has shape " + ps.str() + " but its operand has shape " + os.str() +
                 "; it must have one element (per tensor) or be " + kind);
    };
    const std::size_t r = os.rank();
    if (r < 2) bad();  // a vector operand has no rows / columns
    const Dim& m_or_n = role == Role::row ? os[r - 2] : os[r - 1];
    if (ps.rank() == 1) {
        if (ps[0].is_static() && m_or_n.is_static() && ps[0].value() != m_or_n.value() &&
            ps[0].value() != 1)
            bad();
        return role == Role::row ? Shape({ps[0], Dim(1)}) : ps;
    }
    const Dim& unit = role == Role::row ? ps[ps.rank() - 1] : ps[ps.rank() - 2];
    if (ps.rank() > r || (unit.is_static() && unit.value() != 1)) bad();
    for (std::size_t i = 0; i < ps.rank(); ++i) {
        const Dim& p = ps[i];
        const Dim& o = os[i + r - ps.rank()];
        const bool reduced = (role == Role::row && i + 1 == ps.rank()) ||
                             (role == Role::col && i + 2 == ps.rank());
        if (!reduced && p.is_static() && o.is_static() && p.value() != 1 &&
            p.value() != o.value())
            bad();
    }
    return ps;
}

struct Operand {
    std::vector<double> vals;    // row-major, zero point subtracted
    std::vector<int64_t> shape;  // promoted to rank >= 2
};

// The operand's elements minus its zero point, with a 1-D operand promoted to a matrix.
Operand operand(const OpContext& ctx, const Tensor& t, const Tensor* zp, Role role,
                const std::string& zp_name) {
    Operand o;
    o.shape = t.shape();
    if (o.shape.size() == 1) {
        if (role == Role::row) o.shape.insert(o.shape.begin(), 1);
        else o.shape.push_back(1);
    }
    o.vals = nn::to_f64(t);
    if (zp) {
        const auto al = aligned_param(ctx, zp->ir_shape(), t.ir_shape(), role, zp_name);
        const auto z = nn::broadcast_to(nn::to_f64(*zp), al->static_dims(), o.shape);
        for (std::size_t i = 0; i < o.vals.size(); ++i) o.vals[i] -= z[i];
    }
    return o;
}

// Batched integer product: the accumulators (wrapped to int32) and the full output shape
// [batch..., M, N].
std::vector<int64_t> int_matmul(const OpContext& ctx, const Operand& a, const Operand& b,
                                std::vector<int64_t>& yshape) {
    const std::size_t ra = a.shape.size(), rb = b.shape.size();
    const int64_t m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
    if (b.shape[rb - 2] != k)
        ctx.fail("inner dimensions differ: A has " + std::to_string(k) + " columns and B has " +
                 std::to_string(b.shape[rb - 2]) + " rows");
    const std::vector<int64_t> batch = broadcast_static(
        {a.shape.begin(), a.shape.end() - 2}, {b.shape.begin(), b.shape.end() - 2}, ctx);
    std::vector<int64_t> afull = batch, bfull = batch;
    afull.insert(afull.end(), {m, k});
    bfull.insert(bfull.end(), {k, n});
    const auto av = nn::broadcast_to(a.vals, a.shape, afull);
    const auto bv = nn::broadcast_to(b.vals, b.shape, bfull);
    const int64_t nb = nn::prod(batch, 0, batch.size());
    std::vector<int64_t> y(static_cast<std::size_t>(nb * m * n), 0);
    for (int64_t bi = 0; bi < nb; ++bi)
        for (int64_t i = 0; i < m; ++i)
            for (int64_t p = 0; p < k; ++p) {
                const auto x = static_cast<int64_t>(av[static_cast<std::size_t>((bi * m + i) * k + p)]);
                const double* brow = &bv[static_cast<std::size_t>((bi * k + p) * n)];
                int64_t* yrow = &y[static_cast<std::size_t>((bi * m + i) * n)];
                for (int64_t j = 0; j < n; ++j) yrow[j] += x * static_cast<int64_t>(brow[j]);
            }
    for (auto& v : y) v = static_cast<int32_t>(v);  // 32-bit accumulation wraps (C++20)
    yshape = batch;
    yshape.insert(yshape.end(), {m, n});
    return y;
}

// The output shape without the axes of 1-D operands.
std::vector<int64_t> final_shape(std::vector<int64_t> full, const Tensor& a, const Tensor& b) {
    if (b.rank() == 1) full.erase(full.end() - 1);
    if (a.rank() == 1) full.erase(full.end() - (b.rank() == 1 ? 1 : 2));
    return full;
}

// ---- MatMulInteger -------------------------------------------------------------------------

void check_matmul_integer(const OpContext& ctx, DType a, DType b, DType za, DType zb) {
    require_8bit(ctx, a, "input A");
    require_8bit(ctx, b, "input B");
    nn::require_same_dtype(ctx, za, a, "input a_zero_point", "input A");
    nn::require_same_dtype(ctx, zb, b, "input b_zero_point", "input B");
}

void infer_matmul_integer(InferContext& ctx) {
    auto dt = [&](std::size_t i) { return ctx.has_input(i) ? ctx.input_dtype(i) : DType::undefined; };
    check_matmul_integer(ctx, dt(0), dt(1), dt(2), dt(3));
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if (ctx.has_input(2)) aligned_param(ctx, ctx.input_shape(2), as, Role::row, "input a_zero_point");
    if (ctx.has_input(3)) aligned_param(ctx, ctx.input_shape(3), bs, Role::col, "input b_zero_point");
    ctx.set_output(0, DType::i32, matmul_shape(ctx, as, bs));
}

void compute_matmul_integer(ComputeContext& ctx) {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(1);
    const Tensor* za = ctx.optional_input(2);
    const Tensor* zb = ctx.optional_input(3);
    check_matmul_integer(ctx, a.dtype(), b.dtype(), za ? za->dtype() : DType::undefined,
                         zb ? zb->dtype() : DType::undefined);
    matmul_shape(ctx, a.ir_shape(), b.ir_shape());
    std::vector<int64_t> full;
    const auto y = int_matmul(ctx, operand(ctx, a, za, Role::row, "input a_zero_point"),
                              operand(ctx, b, zb, Role::col, "input b_zero_point"), full);
    ctx.set_output(0, from_i64(DType::i32, final_shape(full, a, b), y));
}

// ---- QLinearMatMul -------------------------------------------------------------------------

void check_qlinear_matmul(const OpContext& ctx, const std::vector<DType>& t) {
    require_8bit(ctx, t[0], "input a");
    require_8bit(ctx, t[3], "input b");
    require_8bit(ctx, t[7], "input y_zero_point");
    nn::require_same_dtype(ctx, t[2], t[0], "input a_zero_point", "input a");
    nn::require_same_dtype(ctx, t[5], t[3], "input b_zero_point", "input b");
    require_dtype_in(ctx, t[1], {DType::f32, DType::f16, DType::bf16}, "f32, f16, bf16",
                     "input a_scale");
    nn::require_same_dtype(ctx, t[4], t[1], "input b_scale", "input a_scale");
    nn::require_same_dtype(ctx, t[6], t[1], "input y_scale", "input a_scale");
}

void check_qlinear_params(const OpContext& ctx, const std::vector<Shape>& s) {
    aligned_param(ctx, s[1], s[0], Role::row, "input a_scale");
    aligned_param(ctx, s[2], s[0], Role::row, "input a_zero_point");
    aligned_param(ctx, s[4], s[3], Role::col, "input b_scale");
    aligned_param(ctx, s[5], s[3], Role::col, "input b_zero_point");
    require_single(ctx, s[6], "input y_scale");
    require_single(ctx, s[7], "input y_zero_point");
}

void infer_qlinear_matmul(InferContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> s;
    for (std::size_t i = 0; i < 8; ++i) {
        t.push_back(ctx.input_dtype(i));
        s.push_back(ctx.input_shape(i));
    }
    check_qlinear_matmul(ctx, t);
    check_qlinear_params(ctx, s);
    ctx.set_output(0, t[7], matmul_shape(ctx, s[0], s[3]));
}

void compute_qlinear_matmul(ComputeContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> s;
    for (std::size_t i = 0; i < 8; ++i) {
        t.push_back(ctx.input(i).dtype());
        s.push_back(ctx.input(i).ir_shape());
    }
    check_qlinear_matmul(ctx, t);
    check_qlinear_params(ctx, s);
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(3);
    matmul_shape(ctx, s[0], s[3]);
    std::vector<int64_t> full;
    const auto acc = int_matmul(ctx, operand(ctx, a, &ctx.input(2), Role::row, "input a_zero_point"),
                                operand(ctx, b, &ctx.input(5), Role::col, "input b_zero_point"),
                                full);
    // Scales broadcast to the full output; the multiplier is rounded like the scale dtype.
    const auto sa = nn::broadcast_to(nn::to_f64(ctx.input(1)),
                                     aligned_param(ctx, s[1], s[0], Role::row, "")->static_dims(),
                                     full);
    const auto sb = nn::broadcast_to(nn::to_f64(ctx.input(4)),
                                     aligned_param(ctx, s[4], s[3], Role::col, "")->static_dims(),
                                     full);
    const double ys = nn::to_f64(ctx.input(6))[0];
    const double yz = nn::to_f64(ctx.input(7))[0];
    const DType ts = t[1];
    std::vector<double> q(acc.size());
    for (std::size_t i = 0; i < q.size(); ++i) {
        const double mult = round_to(ts, round_to(ts, sa[i] * sb[i]) / ys);
        q[i] = static_cast<double>(acc[i]) * mult + yz;
    }
    ctx.set_output(0, requantize(t[7], final_shape(full, a, b), q));
}

}  // namespace

void register_matmul_integer(OpRegistry& r) {
    OpSchema s;
    s.name = "MatMulInteger";
    s.min_inputs = 2;
    s.max_inputs = 4;
    s.infer = infer_matmul_integer;
    s.compute = compute_matmul_integer;
    s.doc = "int8/uint8 matrix product with zero points and int32 result, ONNX "
            "MatMulInteger-10 (numpy.matmul semantics).";
    r.add(std::move(s));

    OpSchema q;
    q.name = "QLinearMatMul";
    q.min_inputs = q.max_inputs = 8;
    q.infer = infer_qlinear_matmul;
    q.compute = compute_qlinear_matmul;
    q.doc = "Quantized matrix product (int8/uint8 in and out, f32/f16/bf16 scales), ONNX "
            "QLinearMatMul-21 (numpy.matmul semantics).";
    r.add(std::move(q));
}

}  // namespace neo::ops::quant
