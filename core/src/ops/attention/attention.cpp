// Attention (ONNX opset 23, with the opset 24 input nonpad_kv_seqlen and the opset 25
// attributes left_window_size / right_window_size): scaled dot-product attention.
// Q (B, Hq, Sq, D), K (B, Hkv, Skv, D), V (B, Hkv, Skv, Dv) -- or 3-D (B, S, heads * size)
// with q_num_heads / kv_num_heads. K and V are appended to past_key / past_value (P rows)
// to give present_key / present_value of T = P + Skv rows. Query head h reads key/value
// head h / (Hq / Hkv) (grouped-query attention). Per (batch, head, query i, key j):
//   raw   = scale * Q[i] . K[j]                      (scale default 1 / sqrt(D))
//   capped = softcap * tanh(raw / softcap)            (softcap > 0, else raw)
//   bias  = attn_mask (bool: 0 / -inf, numeric: added; keys past its last dim: -inf)
//           + -inf where is_causal and j > i + offset, outside the sliding window
//             [i + offset - left, i + offset + right], or j >= nonpad_kv_seqlen[b]
//   probs = softmax_j(capped + bias), a zero row where every bias is -inf
//   Y[i]  = sum_j probs[j] * V[j]
// offset = P with a past, nonpad_kv_seqlen[b] - Sq with nonpad_kv_seqlen, else 0.
// qk_matmul_output is raw (mode 0), capped (1), capped + bias (2) or probs (3).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/attention/attention_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::attention {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

enum Input { kQ, kK, kV, kMask, kPastKey, kPastValue, kNonpad };

// The sizes the inputs agree on; unknown dims stay unknown (symbols are kept).
struct Geometry {
    bool three_d = false;
    Dim batch, q_seq, kv_seq, past = Dim(0), total;
    Dim q_heads, kv_heads, head, v_head;
};

std::string dim_str(const Dim& d) { return d.str(); }

// The value two dims must share: fail() when both are static and differ.
Dim unify(const OpContext& ctx, const Dim& a, const Dim& b, const std::string& what) {
    if (a.is_static() && b.is_static() && a.value() != b.value())
        ctx.fail(what + " (" + a.str() + " vs " + b.str() + ")");
    if (a.is_static()) return a;
    if (b.is_static() || b.is_symbolic()) return b;
    return a;
}

// The size of a head in a 3-D input's last dim `hidden` of `heads` heads.
Dim split_heads(const OpContext& ctx, const Dim& hidden, int64_t heads, const std::string& what) {
    if (!hidden.is_static()) return Dim::unknown();
    if (hidden.value() % heads != 0)
        ctx.fail("input " + what + "'s hidden size " + hidden.str() +
                 " is not divisible by its number of heads " + std::to_string(heads));
    return Dim(hidden.value() / heads);
}

void check_attrs(const OpContext& ctx) {
    const int64_t mode = ctx.attr_i("qk_matmul_output_mode");
    if (mode < 0 || mode > 3)
        ctx.fail("attribute 'qk_matmul_output_mode' must be 0 (QK), 1 (after softcap), 2 (after "
                 "the mask) or 3 (after softmax), got " + std::to_string(mode));
    if (ctx.attr_f("softcap") < 0)
        ctx.fail("attribute 'softcap' must be >= 0 (0: none), got " +
                 std::to_string(ctx.attr_f("softcap")));
    if (ctx.has_attr("scale") && ctx.attr_f("scale") < 0)
        ctx.fail("attribute 'scale' must be >= 0, got " + std::to_string(ctx.attr_f("scale")));
    for (const char* w : {"left_window_size", "right_window_size"})
        if (ctx.attr_i(w) < -1)
            ctx.fail("attribute '" + std::string(w) + "' must be -1 (unbounded) or >= 0, got " +
                     std::to_string(ctx.attr_i(w)));
    if (ctx.has_attr("softmax_precision")) {
        const auto t = dtype_from_onnx(ctx.attr_i("softmax_precision"));
        if (!t || !is_float(*t))
            ctx.fail("attribute 'softmax_precision' must be a float element type (1 float, 10 "
                     "float16, 11 double, 16 bfloat16), got " +
                     std::to_string(ctx.attr_i("softmax_precision")));
    }
    for (const char* h : {"q_num_heads", "kv_num_heads"})
        if (ctx.has_attr(h) && ctx.attr_i(h) < 1)
            ctx.fail("attribute '" + std::string(h) + "' must be positive, got " +
                     std::to_string(ctx.attr_i(h)));
}

// Shapes of the inputs (nullptr: omitted).
struct Shapes {
    const Shape *q, *k, *v, *mask, *past_key, *past_value, *nonpad;
};

Geometry check_shapes(const OpContext& ctx, const Shapes& s) {
    check_attrs(ctx);
    Geometry g;
    const Shape* qkv[] = {s.q, s.k, s.v};
    const char* names[] = {"Q", "K", "V"};
    std::size_t rank = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        if (!qkv[i]->ranked()) continue;
        const std::size_t r = qkv[i]->rank();
        if (r != 3 && r != 4)
            ctx.fail("input " + std::string(names[i]) + " must be 4-D (batch, heads, seq, size) "
                     "or 3-D (batch, seq, heads * size), got shape " + qkv[i]->str());
        if (rank && r != rank)
            ctx.fail("inputs Q, K and V must all be 3-D or all 4-D, got shapes " + s.q->str() +
                     ", " + s.k->str() + ", " + s.v->str());
        rank = r;
    }
    auto dim = [](const Shape* sh, std::size_t i) { return sh->ranked() ? (*sh)[i] : Dim(); };
    g.three_d = rank == 3;
    if (g.three_d) {
        if (!ctx.has_attr("q_num_heads") || !ctx.has_attr("kv_num_heads"))
            ctx.fail("3-D inputs Q, K, V need attributes 'q_num_heads' and 'kv_num_heads'");
        const int64_t hq = ctx.attr_i("q_num_heads"), hkv = ctx.attr_i("kv_num_heads");
        g.q_heads = Dim(hq);
        g.kv_heads = Dim(hkv);
        g.q_seq = dim(s.q, 1);
        g.kv_seq = unify(ctx, dim(s.k, 1), dim(s.v, 1),
                         "inputs K and V must have the same sequence length");
        g.head = unify(ctx, split_heads(ctx, dim(s.q, 2), hq, "Q"),
                       split_heads(ctx, dim(s.k, 2), hkv, "K"),
                       "Q and K must have the same head size (hidden / num_heads)");
        g.v_head = split_heads(ctx, dim(s.v, 2), hkv, "V");
    } else {
        const std::size_t seq = rank == 4 ? 2 : 1;
        g.q_heads = dim(s.q, 1);
        g.kv_heads = unify(ctx, dim(s.k, 1), dim(s.v, 1),
                           "inputs K and V must have the same number of heads");
        g.q_seq = dim(s.q, seq);
        g.kv_seq = unify(ctx, dim(s.k, seq), dim(s.v, seq),
                         "inputs K and V must have the same sequence length");
        g.head = unify(ctx, dim(s.q, 3), dim(s.k, 3), "inputs Q and K must have the same head size");
        g.v_head = dim(s.v, 3);
        if (ctx.has_attr("q_num_heads"))
            g.q_heads = unify(ctx, g.q_heads, Dim(ctx.attr_i("q_num_heads")),
                              "attribute 'q_num_heads' disagrees with the 4-D input Q");
        if (ctx.has_attr("kv_num_heads"))
            g.kv_heads = unify(ctx, g.kv_heads, Dim(ctx.attr_i("kv_num_heads")),
                               "attribute 'kv_num_heads' disagrees with the 4-D inputs K, V");
    }
    g.batch = unify(ctx, unify(ctx, dim(s.q, 0), dim(s.k, 0), "inputs Q and K must have the same batch size"),
                    dim(s.v, 0), "inputs Q and V must have the same batch size");
    if (g.q_heads.is_static() && g.kv_heads.is_static() &&
        g.q_heads.value() % g.kv_heads.value() != 0)
        ctx.fail("the " + g.q_heads.str() + " query heads cannot be grouped over the " +
                 g.kv_heads.str() + " key/value heads (q_num_heads must be a multiple of "
                 "kv_num_heads)");
    // The key/value cache.
    if ((s.past_key != nullptr) != (s.past_value != nullptr))
        ctx.fail("inputs past_key and past_value must be given together");
    if (s.past_key && s.nonpad)
        ctx.fail("input nonpad_kv_seqlen (an external cache) cannot be combined with past_key / "
                 "past_value (the internal cache)");
    if (s.past_key) {
        const Shape* pasts[] = {s.past_key, s.past_value};
        const Dim sizes[] = {g.head, g.v_head};
        const char* pnames[] = {"past_key", "past_value"};
        for (std::size_t i = 0; i < 2; ++i) {
            const Shape& p = *pasts[i];
            if (!p.ranked()) continue;
            if (p.rank() != 4)
                ctx.fail("input " + std::string(pnames[i]) + " must be 4-D (batch, kv_num_heads, "
                         "past_seq, size), got shape " + p.str());
            const std::string what = "input " + std::string(pnames[i]) + " " + p.str() +
                                     " does not match the inputs";
            g.batch = unify(ctx, g.batch, p[0], what + ": batch size");
            g.kv_heads = unify(ctx, g.kv_heads, p[1], what + ": key/value heads");
            unify(ctx, sizes[i], p[3], what + ": head size");
        }
        g.past = unify(ctx, dim(s.past_key, 2), dim(s.past_value, 2),
                       "inputs past_key and past_value must have the same sequence length");
    }
    g.total = g.past.is_static() && g.kv_seq.is_static() ? Dim(g.past.value() + g.kv_seq.value())
              : g.past.is_static() && g.past.value() == 0 ? g.kv_seq
                                                           : Dim::unknown();
    if (s.nonpad && s.nonpad->ranked()) {
        if (s.nonpad->rank() != 1)
            ctx.fail("input nonpad_kv_seqlen must be 1-D (batch), got shape " + s.nonpad->str());
        g.batch = unify(ctx, g.batch, (*s.nonpad)[0],
                        "input nonpad_kv_seqlen must have one length per batch entry");
    }
    if (s.mask && s.mask->ranked()) {
        const Shape& m = *s.mask;
        const std::vector<Dim> full{g.batch, g.q_heads, g.q_seq, g.total};
        if (m.rank() < 1 || m.rank() > 4)
            ctx.fail("input attn_mask must have rank 1 to 4, broadcasting to (batch, q_num_heads, "
                     "q_seq, total_seq), got shape " + m.str());
        for (std::size_t i = 0; i < m.rank(); ++i) {
            const Dim& md = m[i];
            const Dim& fd = full[i + 4 - m.rank()];
            if (!md.is_static() || !fd.is_static()) continue;
            const bool last = i + 1 == m.rank();
            if (last ? md.value() > fd.value() : (md.value() != 1 && md.value() != fd.value()))
                ctx.fail("input attn_mask of shape " + m.str() + " does not broadcast to (batch, "
                         "q_num_heads, q_seq, total_seq) = [" + dim_str(full[0]) + "," +
                         dim_str(full[1]) + "," + dim_str(full[2]) + "," + dim_str(full[3]) +
                         "] (its last dim may be shorter than total_seq, not longer)");
        }
    }
    return g;
}

void check_dtypes(const OpContext& ctx, const std::vector<DType>& t) {
    const DType q = t[kQ], v = t[kV];
    nn::require_float(ctx, q, "input Q");
    nn::require_same_dtype(ctx, t[kK], q, "input K", "input Q");
    nn::require_float(ctx, v, "input V");
    nn::require_same_dtype(ctx, t[kPastKey], q, "input past_key", "input Q");
    nn::require_same_dtype(ctx, t[kPastValue], v, "input past_value", "input V");
    const DType m = t[kMask];
    if (m != DType::undefined && m != DType::boolean && !is_integer(m) && !is_float(m))
        ctx.fail("input attn_mask has dtype " + std::string(dtype_name(m)) +
                 "; it must be bool (true: attend) or numeric (added to the scores)");
    if (is_float(m)) nn::require_same_dtype(ctx, m, q, "the float input attn_mask", "input Q");
    tensor_ops::require_int_dtype(ctx, t[kNonpad], "input nonpad_kv_seqlen");
}

void infer_attention(InferContext& ctx) {
    std::vector<DType> types(7, DType::undefined);
    for (std::size_t i = 0; i < 7; ++i)
        if (i < ctx.num_inputs() && ctx.has_input(i)) types[i] = ctx.input_dtype(i);
    check_dtypes(ctx, types);
    auto shape = [&](std::size_t i) {
        return i < ctx.num_inputs() && ctx.has_input(i) ? &ctx.input_shape(i) : nullptr;
    };
    const Geometry g = check_shapes(ctx, {shape(kQ), shape(kK), shape(kV), shape(kMask),
                                          shape(kPastKey), shape(kPastValue), shape(kNonpad)});
    const DType q = types[kQ];
    if (g.three_d) {
        const Dim hidden = g.q_heads.is_static() && g.v_head.is_static()
                               ? Dim(g.q_heads.value() * g.v_head.value())
                               : Dim::unknown();
        ctx.set_output(0, q, Shape({g.batch, g.q_seq, hidden}));
    } else {
        ctx.set_output(0, q, Shape({g.batch, g.q_heads, g.q_seq, g.v_head}));
    }
    if (ctx.num_outputs() > 1) ctx.set_output(1, q, Shape({g.batch, g.kv_heads, g.total, g.head}));
    if (ctx.num_outputs() > 2)
        ctx.set_output(2, types[kV], Shape({g.batch, g.kv_heads, g.total, g.v_head}));
    if (ctx.num_outputs() > 3) ctx.set_output(3, q, Shape({g.batch, g.q_heads, g.q_seq, g.total}));
}

// Row-major doubles of a Q/K/V tensor seen as 4-D (batch, heads, seq, size), whether it is
// 4-D or 3-D (batch, seq, heads * size).
std::vector<double> as_bhsd(const Tensor& t, bool three_d, int64_t heads) {
    std::vector<double> x = nn::to_f64(t);
    if (!three_d) return x;
    const auto s = t.shape();
    const int64_t b = s[0], seq = s[1], size = s[2] / heads;
    std::vector<double> out(x.size());
    for (int64_t i = 0; i < b; ++i)
        for (int64_t j = 0; j < seq; ++j)
            for (int64_t h = 0; h < heads; ++h)
                for (int64_t d = 0; d < size; ++d)
                    out[static_cast<std::size_t>(((i * heads + h) * seq + j) * size + d)] =
                        x[static_cast<std::size_t>((i * seq + j) * heads * size + h * size + d)];
    return out;
}

// past (B, H, P, D) followed by cur (B, H, S, D) along the sequence axis.
std::vector<double> concat_seq(const std::vector<double>& past, const std::vector<double>& cur,
                               int64_t bh, int64_t p, int64_t s, int64_t d) {
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(bh * (p + s) * d));
    for (int64_t i = 0; i < bh; ++i) {
        out.insert(out.end(), past.begin() + i * p * d, past.begin() + (i + 1) * p * d);
        out.insert(out.end(), cur.begin() + i * s * d, cur.begin() + (i + 1) * s * d);
    }
    return out;
}

// The attention mask, read with broadcasting as (batch, q_heads, q_seq, total).
class Mask {
public:
    explicit Mask(const Tensor* t) : t_(t) {
        if (!t) return;
        values_ = nn::to_f64(*t);
        is_bool_ = t->dtype() == DType::boolean;
        const auto s = t->shape();
        dims_.assign(4 - s.size(), 1);
        dims_.insert(dims_.end(), s.begin(), s.end());
        int64_t stride = 1;
        for (std::size_t i = 4; i-- > 0;) {
            strides_[i] = dims_[i] == 1 ? 0 : stride;
            stride *= dims_[i];
        }
    }
    // The additive bias of the mask at (b, h, i, j).
    double bias(int64_t b, int64_t h, int64_t i, int64_t j) const {
        if (!t_) return 0.0;
        if (j >= dims_[3]) return kNegInf;  // past a short mask's end
        const double v = values_[static_cast<std::size_t>(b * strides_[0] + h * strides_[1] +
                                                          i * strides_[2] + j * strides_[3])];
        return is_bool_ ? (v != 0.0 ? 0.0 : kNegInf) : v;
    }

private:
    const Tensor* t_;
    std::vector<double> values_;
    std::vector<int64_t> dims_;
    int64_t strides_[4] = {0, 0, 0, 0};
    bool is_bool_ = false;
};

void compute_attention(ComputeContext& ctx) {
    std::vector<DType> types(7, DType::undefined);
    std::vector<Shape> shapes(7);
    for (std::size_t i = 0; i < 7; ++i)
        if (ctx.has_input(i)) {
            types[i] = ctx.input(i).dtype();
            shapes[i] = ctx.input(i).ir_shape();
        }
    check_dtypes(ctx, types);
    auto shape = [&](std::size_t i) { return ctx.has_input(i) ? &shapes[i] : nullptr; };
    const Geometry g = check_shapes(ctx, {shape(kQ), shape(kK), shape(kV), shape(kMask),
                                          shape(kPastKey), shape(kPastValue), shape(kNonpad)});
    const int64_t B = g.batch.value(), Hq = g.q_heads.value(), Hkv = g.kv_heads.value();
    const int64_t Sq = g.q_seq.value(), Skv = g.kv_seq.value(), P = g.past.value();
    const int64_t T = P + Skv, D = g.head.value(), Dv = g.v_head.value();
    const std::vector<double> q = as_bhsd(ctx.input(kQ), g.three_d, Hq);
    std::vector<double> k = as_bhsd(ctx.input(kK), g.three_d, Hkv);
    std::vector<double> v = as_bhsd(ctx.input(kV), g.three_d, Hkv);
    if (P > 0 || ctx.has_input(kPastKey)) {
        k = concat_seq(nn::to_f64(ctx.input(kPastKey)), k, B * Hkv, P, Skv, D);
        v = concat_seq(nn::to_f64(ctx.input(kPastValue)), v, B * Hkv, P, Skv, Dv);
    }
    std::vector<int64_t> nonpad;
    if (ctx.has_input(kNonpad)) {
        nonpad = tensor_ops::input_ints(ctx, kNonpad, "input nonpad_kv_seqlen");
        for (std::size_t b = 0; b < nonpad.size(); ++b)
            if (nonpad[b] < 0 || nonpad[b] > Skv)
                ctx.fail("input nonpad_kv_seqlen holds " + std::to_string(nonpad[b]) +
                         " for batch entry " + std::to_string(b) + ", outside [0, " +
                         std::to_string(Skv) + "] (the key/value sequence length)");
    }
    const Mask mask(ctx.optional_input(kMask));
    const double scale =
        ctx.has_attr("scale") ? ctx.attr_f("scale") : 1.0 / std::sqrt(static_cast<double>(D));
    const double softcap = ctx.attr_f("softcap");
    const bool causal = ctx.attr_i("is_causal") != 0;
    const int64_t left = ctx.attr_i("left_window_size"), right = ctx.attr_i("right_window_size");
    const int64_t mode = ctx.attr_i("qk_matmul_output_mode");
    const int64_t group = Hq / Hkv;

    std::vector<double> y(static_cast<std::size_t>(B * Hq * Sq * Dv), 0.0);
    std::vector<double> qk_out(static_cast<std::size_t>(B * Hq * Sq * T));
    std::vector<double> raw(static_cast<std::size_t>(T)), capped(raw.size()), bias(raw.size()),
        probs(raw.size());
    for (int64_t b = 0; b < B; ++b) {
        const int64_t offset = ctx.has_input(kPastKey) ? P : nonpad.empty() ? 0 : nonpad[static_cast<std::size_t>(b)] - Sq;
        for (int64_t h = 0; h < Hq; ++h) {
            const int64_t kvh = h / group;
            const double* kb = &k[static_cast<std::size_t>((b * Hkv + kvh) * T * D)];
            const double* vb = &v[static_cast<std::size_t>((b * Hkv + kvh) * T * Dv)];
            for (int64_t i = 0; i < Sq; ++i) {
                const double* qi = &q[static_cast<std::size_t>(((b * Hq + h) * Sq + i) * D)];
                const int64_t pos = i + offset;  // the query's absolute position
                double bias_max = kNegInf, logit_max = kNegInf;
                for (int64_t j = 0; j < T; ++j) {
                    const std::size_t jj = static_cast<std::size_t>(j);
                    double dot = 0.0;
                    for (int64_t d = 0; d < D; ++d) dot += qi[d] * kb[j * D + d];
                    raw[jj] = scale * dot;
                    capped[jj] = softcap > 0 ? softcap * std::tanh(raw[jj] / softcap) : raw[jj];
                    double bj = mask.bias(b, h, i, j);
                    if ((causal && j > pos) || (left >= 0 && pos - j > left) ||
                        (right >= 0 && j - pos > right) ||
                        (!nonpad.empty() && j >= nonpad[static_cast<std::size_t>(b)]))
                        bj = kNegInf;
                    bias[jj] = bj;
                    bias_max = std::max(bias_max, bj);
                    logit_max = std::max(logit_max, capped[jj] + bj);
                }
                // Softmax; a row with every key masked (or every logit -inf) is all zeros.
                const bool empty = bias_max == kNegInf || logit_max == kNegInf;
                double sum = 0.0;
                for (int64_t j = 0; j < T; ++j) {
                    const std::size_t jj = static_cast<std::size_t>(j);
                    probs[jj] = empty ? 0.0 : std::exp(capped[jj] + bias[jj] - logit_max);
                    sum += probs[jj];
                }
                double* yi = &y[static_cast<std::size_t>(((b * Hq + h) * Sq + i) * Dv)];
                double* qko = &qk_out[static_cast<std::size_t>(((b * Hq + h) * Sq + i) * T)];
                for (int64_t j = 0; j < T; ++j) {
                    const std::size_t jj = static_cast<std::size_t>(j);
                    if (!empty) probs[jj] /= sum;
                    for (int64_t d = 0; d < Dv; ++d) yi[d] += probs[jj] * vb[j * Dv + d];
                    qko[j] = mode == 0 ? raw[jj]
                             : mode == 1 ? capped[jj]
                             : mode == 2 ? capped[jj] + bias[jj]
                                         : probs[jj];
                }
            }
        }
    }
    const DType qt = types[kQ];
    if (g.three_d) {  // (B, Hq, Sq, Dv) -> (B, Sq, Hq * Dv)
        const Tensor y4 = nn::from_f64(qt, {B, Hq, Sq, Dv}, y);
        ctx.set_output(0, tensor_ops::reshaped(tensor_ops::transposed(y4, {0, 2, 1, 3}),
                                               {B, Sq, Hq * Dv}));
    } else {
        ctx.set_output(0, nn::from_f64(qt, {B, Hq, Sq, Dv}, y));
    }
    if (ctx.num_outputs() > 1) ctx.set_output(1, nn::from_f64(qt, {B, Hkv, T, D}, k));
    if (ctx.num_outputs() > 2) ctx.set_output(2, nn::from_f64(types[kV], {B, Hkv, T, Dv}, v));
    if (ctx.num_outputs() > 3) ctx.set_output(3, nn::from_f64(qt, {B, Hq, Sq, T}, qk_out));
}

}  // namespace

void register_attention(OpRegistry& r) {
    OpSchema s;
    s.name = "Attention";
    s.min_inputs = 3;
    s.max_inputs = 7;
    s.max_outputs = 4;
    auto optional = [](std::string name, AttrType t, std::string doc) {
        return AttrSpec{std::move(name), t, std::nullopt, false, std::move(doc)};
    };
    s.attrs = {
        {"is_causal", AttrType::i, Attribute(int64_t{0}), false,
         "1: query i attends keys j <= i + offset only"},
        optional("q_num_heads", AttrType::i, "query heads; required for 3-D inputs"),
        optional("kv_num_heads", AttrType::i, "key/value heads; required for 3-D inputs"),
        {"qk_matmul_output_mode", AttrType::i, Attribute(int64_t{0}), false,
         "what output 3 holds: 0 QK, 1 after softcap, 2 after the mask, 3 after softmax"},
        optional("scale", AttrType::f, "factor of QK (default 1 / sqrt(head_size))"),
        {"softcap", AttrType::f, Attribute(0.0), false,
         "soft cap of the scores, softcap * tanh(x / softcap) (0: none)"},
        optional("softmax_precision", AttrType::i,
                 "precision of the softmax (ONNX TensorProto code); the reference uses double"),
        {"left_window_size", AttrType::i, Attribute(int64_t{-1}), false,
         "keys at most this far before the query (-1: unbounded)"},
        {"right_window_size", AttrType::i, Attribute(int64_t{-1}), false,
         "keys at most this far after the query (-1: unbounded)"},
    };
    s.infer = infer_attention;
    s.compute = compute_attention;
    s.doc = "Scaled dot-product attention, ONNX Attention-23 (with opset 24's nonpad_kv_seqlen "
            "and opset 25's sliding window): 3-D or 4-D inputs, grouped-query heads, bool or "
            "additive mask, past/present key-value cache, causal masking, softcap and the "
            "qk_matmul_output modes. Float dtypes; computed in double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::attention
