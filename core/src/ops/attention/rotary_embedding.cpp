// RotaryEmbedding (ONNX opset 23): rotary positional embedding (RoPE). X is
// (batch, num_heads, seq, head_size) or (batch, seq, num_heads * head_size); of every head
// vector the first rotary_embedding_dim (default head_size) elements are rotated as
// rot/2 pairs (x1, x2) -- halves [0, rot/2) and [rot/2, rot), or with `interleaved` the
// pairs (2i, 2i+1) -- by the angle of the token's position:
//   x1' = cos * x1 - sin * x2,   x2' = sin * x1 + cos * x2
// cos/sin come from cos_cache/sin_cache: rows (max_position, rot/2) picked by position_ids
// (batch, seq), or without position_ids caches of shape (batch, seq, rot/2).
// The remaining head elements pass through unchanged.
#include <string>

#include "ops/attention/attention_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::attention {
namespace {

// What the shapes say; unknown dims are -1.
struct Geometry {
    bool three_d = false;
    int64_t batch = -1, seq = -1, heads = -1, head_size = -1, rot = -1;
};

int64_t dim_or(const Dim& d) { return d.is_static() ? d.value() : -1; }

Geometry check_shapes(const OpContext& ctx, const Shape& xs, const Shape& cos, const Shape& sin,
                      const Shape* pos) {
    Geometry g;
    const int64_t attr_heads = ctx.has_attr("num_heads") ? ctx.attr_i("num_heads") : 0;
    if (attr_heads < 0)
        ctx.fail("attribute 'num_heads' must be positive, got " + std::to_string(attr_heads));
    const int64_t rot_attr = ctx.attr_i("rotary_embedding_dim");
    if (rot_attr < 0)
        ctx.fail("attribute 'rotary_embedding_dim' must be >= 0 (0: the whole head), got " +
                 std::to_string(rot_attr));
    if (xs.ranked()) {
        if (xs.rank() != 3 && xs.rank() != 4)
            ctx.fail("input X must be 4-D (batch, num_heads, seq, head_size) or 3-D (batch, "
                     "seq, hidden), got shape " + xs.str());
        g.three_d = xs.rank() == 3;
        g.batch = dim_or(xs[0]);
        if (g.three_d) {
            if (attr_heads == 0)
                ctx.fail("a 3-D input X needs attribute 'num_heads' (hidden = num_heads * "
                         "head_size)");
            g.seq = dim_or(xs[1]);
            g.heads = attr_heads;
            const int64_t hidden = dim_or(xs[2]);
            if (hidden >= 0 && hidden % attr_heads != 0)
                ctx.fail("input X's hidden size " + std::to_string(hidden) +
                         " is not divisible by num_heads " + std::to_string(attr_heads));
            g.head_size = hidden >= 0 ? hidden / attr_heads : -1;
        } else {
            g.heads = dim_or(xs[1]);
            g.seq = dim_or(xs[2]);
            g.head_size = dim_or(xs[3]);
            if (attr_heads > 0 && g.heads >= 0 && attr_heads != g.heads)
                ctx.fail("attribute 'num_heads' is " + std::to_string(attr_heads) +
                         " but the 4-D input X has " + std::to_string(g.heads) +
                         " heads (shape " + xs.str() + ")");
        }
    }
    g.rot = rot_attr > 0 ? rot_attr : g.head_size;
    if (g.rot >= 0 && g.rot % 2 != 0)
        ctx.fail("the rotated size (rotary_embedding_dim, or head_size when 0) must be even, got " +
                 std::to_string(g.rot));
    if (rot_attr > 0 && g.head_size >= 0 && rot_attr > g.head_size)
        ctx.fail("attribute 'rotary_embedding_dim' " + std::to_string(rot_attr) +
                 " exceeds head_size " + std::to_string(g.head_size));
    // The caches: (max_position, rot/2) with position_ids, (batch, seq, rot/2) without.
    const std::size_t cache_rank = pos ? 2 : 3;
    const std::vector<int64_t> want = pos ? std::vector<int64_t>{-1, g.rot >= 0 ? g.rot / 2 : -1}
                                          : std::vector<int64_t>{g.batch, g.seq,
                                                                 g.rot >= 0 ? g.rot / 2 : -1};
    const char* layout = pos ? "(max_position, rotary_dim / 2) when position_ids is given"
                             : "(batch, seq, rotary_dim / 2) without position_ids";
    for (const auto& [cs, what] : {std::pair{&cos, "cos_cache"}, std::pair{&sin, "sin_cache"}}) {
        if (!cs->ranked()) continue;
        bool ok = cs->rank() == cache_rank;
        for (std::size_t i = 0; ok && i < cache_rank; ++i)
            if ((*cs)[i].is_static() && want[i] >= 0 && (*cs)[i].value() != want[i]) ok = false;
        if (!ok)
            ctx.fail("input " + std::string(what) + " has shape " + cs->str() + "; it must be " +
                     layout + ", here " + nn::ints_str(want) + " (-1: any)");
    }
    if (cos.ranked() && sin.ranked() && cos.rank() == sin.rank())
        for (std::size_t i = 0; i < cos.rank(); ++i)
            if (cos[i].is_static() && sin[i].is_static() && cos[i].value() != sin[i].value())
                ctx.fail("inputs cos_cache " + cos.str() + " and sin_cache " + sin.str() +
                         " must have the same shape");
    if (pos && pos->ranked()) {
        bool ok = pos->rank() == 2;
        const int64_t bs[] = {g.batch, g.seq};
        for (std::size_t i = 0; ok && i < 2; ++i)
            if ((*pos)[i].is_static() && bs[i] >= 0 && (*pos)[i].value() != bs[i]) ok = false;
        if (!ok)
            ctx.fail("input position_ids has shape " + pos->str() + "; it must be (batch, seq) = " +
                     nn::ints_str({g.batch, g.seq}));
    }
    return g;
}

void check_dtypes(const OpContext& ctx, DType x, DType cos, DType sin, DType pos) {
    nn::require_float(ctx, x, "input X");
    nn::require_same_dtype(ctx, cos, x, "input cos_cache", "input X");
    nn::require_same_dtype(ctx, sin, x, "input sin_cache", "input X");
    tensor_ops::require_int_dtype(ctx, pos, "input position_ids");
}

void infer_rotary(InferContext& ctx) {
    const bool has_pos = ctx.has_input(3);
    check_dtypes(ctx, ctx.input_dtype(0), ctx.input_dtype(1), ctx.input_dtype(2),
                 has_pos ? ctx.input_dtype(3) : DType::undefined);
    check_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1), ctx.input_shape(2),
                 has_pos ? &ctx.input_shape(3) : nullptr);
    ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
}

void compute_rotary(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    const Tensor& ct = ctx.input(1);
    const Tensor& st = ctx.input(2);
    const Tensor* pt = ctx.optional_input(3);
    check_dtypes(ctx, xt.dtype(), ct.dtype(), st.dtype(), pt ? pt->dtype() : DType::undefined);
    const Shape pos_shape = pt ? pt->ir_shape() : Shape();
    const Geometry g = check_shapes(ctx, xt.ir_shape(), ct.ir_shape(), st.ir_shape(),
                                    pt ? &pos_shape : nullptr);
    const std::vector<int64_t> pos =
        pt ? tensor_ops::input_ints(ctx, 3, "input position_ids") : std::vector<int64_t>();
    const int64_t max_pos = pt ? ct.shape()[0] : 0;
    const std::vector<double> cos = nn::to_f64(ct), sin = nn::to_f64(st);
    std::vector<double> x = nn::to_f64(xt);
    const int64_t half = g.rot / 2, D = g.head_size, H = g.heads, S = g.seq;
    const bool interleaved = ctx.attr_i("interleaved") != 0;
    for (int64_t b = 0; b < g.batch; ++b)
        for (int64_t s = 0; s < S; ++s) {
            int64_t row = b * S + s;  // the cache row of this token
            if (pt) {
                row = pos[static_cast<std::size_t>(b * S + s)];
                if (row < 0 || row >= max_pos)
                    ctx.fail("input position_ids holds " + std::to_string(row) + " at [" +
                             std::to_string(b) + "," + std::to_string(s) +
                             "], outside the caches' [0, " + std::to_string(max_pos) + ")");
            }
            for (int64_t h = 0; h < H; ++h) {
                const int64_t base = g.three_d ? (b * S + s) * H * D + h * D : ((b * H + h) * S + s) * D;
                double* v = &x[static_cast<std::size_t>(base)];
                for (int64_t i = 0; i < half; ++i) {
                    const double c = cos[static_cast<std::size_t>(row * half + i)];
                    const double sn = sin[static_cast<std::size_t>(row * half + i)];
                    double& x1 = interleaved ? v[2 * i] : v[i];
                    double& x2 = interleaved ? v[2 * i + 1] : v[i + half];
                    const double a = x1, bb = x2;
                    x1 = c * a - sn * bb;
                    x2 = sn * a + c * bb;
                }
            }
        }
    ctx.set_output(0, nn::from_f64(xt.dtype(), xt.shape(), x));
}

}  // namespace

void register_rotary_embedding(OpRegistry& r) {
    OpSchema s;
    s.name = "RotaryEmbedding";
    s.min_inputs = 3;
    s.max_inputs = 4;
    s.attrs = {
        {"interleaved", AttrType::i, Attribute(int64_t{0}), false,
         "rotate the pairs (2i, 2i+1) instead of the two halves"},
        {"rotary_embedding_dim", AttrType::i, Attribute(int64_t{0}), false,
         "how many leading elements of each head are rotated (0: all)"},
        {"num_heads", AttrType::i, std::nullopt, false,
         "number of heads; required for a 3-D input"},
    };
    s.infer = infer_rotary;
    s.compute = compute_rotary;
    s.doc = "Rotary positional embedding, ONNX RotaryEmbedding-23. Float dtypes; computed in "
            "double.";
    r.add(std::move(s));
}

}  // namespace neo::ops::attention
