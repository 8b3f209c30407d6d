// Data movement: Reshape, Flatten, Squeeze, Unsqueeze (copies), Transpose, Concat,
// Split, Slice, Pad (constant / edge / reflect), Gather, Expand, Tile, DepthToSpace,
// SpaceToDepth, ConstantOfShape, Trilu, EyeLike, GatherElements, Range, CenterCropPad,
// ScatterElements, ScatterND, neo.Unblock (channel blocks back to planes). Most read each output element from one input position computed from its
// index; the outermost loop is parallel for large tensors, the innermost vectorized.
// Knobs: "parallel", "vector_width".
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using IndexFn = std::function<ExprP(const std::vector<ExprP>&)>;

// out(o) = in_buf[index(o)] over the output shape `shape`, written at base + linear(o).
kir::StmtP copy_nest(LowerCtx& c, int in_buf, DType t, int out_buf, const std::vector<int64_t>& shape,
                     const IndexFn& index, ExprP out_base = kir::imm(0),
                     std::vector<int64_t> out_strides = {}) {
    if (out_strides.empty()) out_strides = strides_of(shape);
    const int64_t n = numel_of(shape);
    const bool parallel = c.knob("parallel", n >= 65536 ? 1 : 0) != 0;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    return loop_nest(c, shape, parallel, width, [&](const std::vector<ExprP>& o) {
        return std::vector<kir::StmtP>{kir::store(out_buf, out_base + linear_index(o, out_strides),
                                                  kir::load(in_buf, t, index(o)))};
    });
}

void lower_copy(LowerCtx& c) {
    const auto ys = c.out_shape(0);
    if (numel_of(c.in_shape(0)) != numel_of(ys)) c.unsupported("element counts differ");
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, {numel_of(ys)}, [](const std::vector<ExprP>& o) { return o[0]; });
}

// (N, C/b, D..., b) -> (N, C, D...): the output as (N, C/b, b, positions), each element
// read from its block.
void lower_unblock(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    const int64_t b = xs.back(), groups = xs[0] * xs[1], positions = numel_of({xs.begin() + 2, xs.end() - 1});
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, {groups, b, positions},
                                [&](const std::vector<ExprP>& o) { return (o[0] * positions + o[2]) * b + o[1]; });
}

void lower_transpose(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    std::vector<int64_t> perm = c.op().has_attr("perm") ? c.op().attr_ints("perm") : std::vector<int64_t>{};
    if (perm.empty())
        for (std::size_t d = xs.size(); d-- > 0;) perm.push_back(static_cast<int64_t>(d));
    const auto xstr = strides_of(xs);
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) {
        ExprP e = kir::imm(0);
        for (std::size_t d = 0; d < ys.size(); ++d) e = e + o[d] * xstr[static_cast<std::size_t>(perm[d])];
        return e;
    });
}

int64_t norm_axis(int64_t axis, std::size_t rank) { return axis < 0 ? axis + static_cast<int64_t>(rank) : axis; }

void lower_concat(LowerCtx& c) {
    const auto ys = c.out_shape(0);
    const auto axis = static_cast<std::size_t>(norm_axis(c.op().attr_i("axis"), ys.size()));
    const auto ystr = strides_of(ys);
    std::vector<kir::StmtP> parts;
    int64_t offset = 0;
    std::vector<int> ins;
    for (std::size_t i = 0; i < c.node().num_inputs(); ++i) ins.push_back(c.in(i));
    const int Y = c.out(0);
    for (std::size_t i = 0; i < ins.size(); ++i) {
        const auto xs = c.in_shape(i);
        if (numel_of(xs) == 0) continue;
        const auto xstr = strides_of(xs);
        parts.push_back(copy_nest(c, ins[i], c.in_dtype(i), Y, xs,
                                  [&](const std::vector<ExprP>& o) { return linear_index(o, xstr); },
                                  kir::imm(offset * ystr[axis]), ystr));
        offset += xs[axis];
    }
    c.kernel().body = kir::block(std::move(parts));
}

void lower_split(LowerCtx& c) {
    const auto xs = c.in_shape(0);
    const auto axis = static_cast<std::size_t>(norm_axis(c.op().attr_i("axis"), xs.size()));
    const auto xstr = strides_of(xs);
    const int X = c.in(0);
    std::vector<kir::StmtP> parts;
    int64_t offset = 0;
    for (std::size_t i = 0; i < c.node().num_outputs(); ++i) {
        const auto ys = c.out_shape(i);
        const int Y = c.out(i);
        const int64_t off = offset;
        parts.push_back(copy_nest(c, X, c.in_dtype(0), Y, ys, [&, off](const std::vector<ExprP>& o) {
            return linear_index(o, xstr) + kir::imm(off * xstr[axis]);
        }));
        offset += ys[axis];
    }
    c.kernel().body = kir::block(std::move(parts));
}

void lower_slice(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const auto starts = c.constant_ints(1), ends = c.constant_ints(2);
    std::vector<int64_t> axes = c.constant_ints(3);
    std::vector<int64_t> steps = c.constant_ints(4);
    if (axes.empty())
        for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    std::vector<int64_t> first(xs.size(), 0), step(xs.size(), 1);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const auto d = static_cast<std::size_t>(norm_axis(axes[i], xs.size()));
        const int64_t dim = xs[d], st = steps[i];
        int64_t s = starts[i];
        if (s < 0) s += dim;
        s = st > 0 ? std::clamp<int64_t>(s, 0, dim) : std::clamp<int64_t>(s, 0, dim - 1);
        first[d] = s;
        step[d] = st;
    }
    const auto xstr = strides_of(xs);
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) {
        ExprP e = kir::imm(0);
        for (std::size_t d = 0; d < ys.size(); ++d) e = e + (kir::imm(first[d]) + o[d] * step[d]) * xstr[d];
        return e;
    });
}

void lower_pad(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const DType t = c.in_dtype(0);
    const std::string mode = c.op().attr_s("mode");
    if (mode != "constant" && mode != "edge" && mode != "reflect") c.unsupported("mode '" + mode + "'");
    auto pads = c.constant_ints(1);
    std::vector<int64_t> axes = c.constant_ints(3);
    const std::size_t r = xs.size();
    if (axes.empty())
        for (std::size_t d = 0; d < r; ++d) axes.push_back(static_cast<int64_t>(d));
    std::vector<int64_t> begin(r, 0);
    for (std::size_t i = 0; i < axes.size(); ++i) begin[static_cast<std::size_t>(norm_axis(axes[i], r))] = pads[i];
    const auto xstr = strides_of(xs);
    const int X = c.in(0);
    ExprP value = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
    if (c.has_input(2)) value = kir::load(c.in(2), t, kir::imm(0));
    const int Y = c.out(0);
    const int64_t n = numel_of(ys);
    const bool parallel = c.knob("parallel", n >= 65536 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, ys, parallel, 1, [&](const std::vector<ExprP>& o) {
        ExprP idx = kir::imm(0), inside = kir::imm(1, DType::boolean);
        for (std::size_t d = 0; d < r; ++d) {
            ExprP i = o[d] - kir::imm(begin[d]);
            const int64_t dim = xs[d];
            if (mode == "constant") {
                inside = kir::binary(Op::And, inside, kir::binary(Op::And, kir::binary(Op::Ge, i, kir::imm(0)), kir::binary(Op::Lt, i, kir::imm(dim))));
                i = kir::max(kir::imm(0), kir::min(i, kir::imm(dim - 1)));
            } else if (mode == "edge") {
                i = kir::max(kir::imm(0), kir::min(i, kir::imm(dim - 1)));
            } else {
                i = kir::unary(Op::Abs, i);                            // reflect at the start
                i = kir::imm(dim - 1) - kir::unary(Op::Abs, kir::imm(dim - 1) - i);  // and at the end
            }
            idx = idx + i * xstr[d];
        }
        ExprP v = kir::load(X, t, idx);
        if (mode == "constant") v = kir::select(inside, v, value);
        return std::vector<kir::StmtP>{kir::store(Y, linear_index(o, strides_of(ys)), v)};
    });
}

void lower_gather(LowerCtx& c) {
    const auto xs = c.in_shape(0), is = c.in_shape(1), ys = c.out_shape(0);
    const auto axis = static_cast<std::size_t>(norm_axis(c.op().attr_i("axis"), xs.size()));
    const int X = c.in(0), I = c.in(1), Y = c.out(0);
    const DType it = c.in_dtype(1);
    const auto xstr = strides_of(xs), istr = strides_of(is);
    const int64_t dim = xs[axis];
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) {
        std::vector<ExprP> iv(o.begin() + static_cast<std::ptrdiff_t>(axis), o.begin() + static_cast<std::ptrdiff_t>(axis + is.size()));
        ExprP k = kir::cast(DType::i64, kir::load(I, it, linear_index(iv, istr)));
        k = kir::select(kir::binary(Op::Lt, k, kir::imm(0)), k + dim, k);
        k = kir::max(kir::imm(0), kir::min(k, kir::imm(dim - 1)));  // out-of-range indices are clamped
        ExprP e = k * xstr[axis];
        for (std::size_t d = 0; d < axis; ++d) e = e + o[d] * xstr[d];
        for (std::size_t d = axis + 1; d < xs.size(); ++d) e = e + o[d - 1 + is.size()] * xstr[d];
        return e;
    });
}

void lower_expand(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const auto st = broadcast_strides(xs, ys);
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) { return linear_index(o, st); });
}

void lower_tile(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const auto xstr = strides_of(xs);
    const int X = c.in(0), Y = c.out(0);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) {
        ExprP e = kir::imm(0);
        for (std::size_t d = 0; d < xs.size(); ++d) e = e + kir::floormod(o[d], xs[d]) * xstr[d];
        return e;
    });
}

// DepthToSpace (DCR / CRD) and SpaceToDepth on NCHW.
void lower_depth_space(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    if (xs.size() != 4) c.unsupported("input must be 4-D");
    const int64_t b = c.op().attr_i("blocksize");
    const auto xstr = strides_of(xs);
    const int X = c.in(0), Y = c.out(0);
    const bool d2s = c.node().op() == "DepthToSpace";
    const bool crd = d2s && c.op().attr_s("mode") == "CRD";
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, ys, [&](const std::vector<ExprP>& o) {
        if (d2s) {
            const int64_t oc = ys[1];
            ExprP bh = kir::floormod(o[2], b), bw = kir::floormod(o[3], b);
            ExprP ic = crd ? o[1] * (b * b) + bh * b + bw : (bh * b + bw) * oc + o[1];
            return o[0] * xstr[0] + ic * xstr[1] + kir::floordiv(o[2], b) * xstr[2] + kir::floordiv(o[3], b) * xstr[3];
        }
        const int64_t ic_n = xs[1];
        ExprP blk = kir::floordiv(o[1], ic_n), ic = kir::floormod(o[1], ic_n);
        ExprP h = o[2] * b + kir::floordiv(blk, b), w = o[3] * b + kir::floormod(blk, b);
        return o[0] * xstr[0] + ic * xstr[1] + h * xstr[2] + w * xstr[3];
    });
}

// ConstantOfShape (left when constant folding keeps a large tensor out of the params):
// every element is the `value` attribute (0.0 f32 when absent).
void lower_constant_of_shape(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    double v = 0.0;
    int64_t byte = 0;  // a storage-only type's value: its byte
    if (c.node().has_attr("value")) {
        const TensorPtr& tp = c.node().attr("value").tensor();
        if (tp && tp->numel() > 0) v = tp->at_double(0);
        if (tp && tp->numel() > 0 && is_storage_only(tp->dtype())) byte = tp->bytes()[0];
    }
    ExprP value = is_float(t) ? kir::fimm(v, t) : kir::imm(is_storage_only(t) ? byte : static_cast<int64_t>(v), t);
    const int Y = c.out(0);
    const auto ys = c.out_shape(0);
    const int64_t n = numel_of(ys);
    const bool parallel = c.knob("parallel", n >= 65536 ? 1 : 0) != 0;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(t)));
    c.kernel().body = loop_nest(c, {n}, parallel, width, [&](const std::vector<ExprP>& o) {
        return std::vector<kir::StmtP>{kir::store(Y, o[0], value)};
    });
}

// Trilu: keeps the upper (lower) triangle of the last two axes from diagonal k on.
void lower_trilu(LowerCtx& c) {
    const auto ys = c.out_shape(0);
    if (ys.size() < 2) c.unsupported("input must be at least 2-D");
    const auto kv = c.constant_ints(1, {0});
    const int64_t k = kv.empty() ? 0 : kv[0];
    const bool upper = c.op().attr_i("upper") != 0;
    const DType t = c.in_dtype(0);
    const int X = c.in(0), Y = c.out(0);
    const auto st = strides_of(ys);
    const bool parallel = c.knob("parallel", numel_of(ys) >= 65536 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, ys, parallel, 1, [&](const std::vector<ExprP>& o) {
        ExprP diff = o[ys.size() - 1] - o[ys.size() - 2];  // column - row
        ExprP keep = kir::binary(upper ? Op::Ge : Op::Le, diff, kir::imm(k));
        ExprP zero = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
        ExprP idx = linear_index(o, st);
        return std::vector<kir::StmtP>{kir::store(Y, idx, kir::select(keep, kir::load(X, t, idx), zero))};
    });
}

// GatherElements: out[i] = data[i with axis replaced by indices[i]].
void lower_gather_elements(LowerCtx& c) {
    const auto xs = c.in_shape(0), is = c.in_shape(1);
    const auto axis = static_cast<std::size_t>(norm_axis(c.op().attr_i("axis"), xs.size()));
    const int X = c.in(0), I = c.in(1), Y = c.out(0);
    const auto xstr = strides_of(xs), istr = strides_of(is);
    const DType it = c.in_dtype(1);
    c.kernel().body = copy_nest(c, X, c.in_dtype(0), Y, is, [&](const std::vector<ExprP>& o) {
        ExprP k = kir::cast(DType::i64, kir::load(I, it, linear_index(o, istr)));
        k = kir::select(kir::binary(Op::Lt, k, kir::imm(0)), k + xs[axis], k);
        k = kir::max(kir::imm(0), kir::min(k, kir::imm(xs[axis] - 1)));
        ExprP e = kir::imm(0);
        for (std::size_t d = 0; d < xs.size(); ++d) e = e + (d == axis ? k : o[d]) * xstr[d];
        return e;
    });
}

// EyeLike: ones on diagonal k of a 2-D output, zeros elsewhere.
void lower_eye_like(LowerCtx& c) {
    const auto ys = c.out_shape(0);
    if (ys.size() != 2) c.unsupported("output must be 2-D");
    const DType t = c.out_dtype(0);
    const int64_t k = c.op().attr_i("k");
    const int Y = c.out(0);
    ExprP one = is_float(t) ? kir::fimm(1, t) : kir::imm(1, t), zero = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
    c.kernel().body = loop_nest(c, ys, false, 1, [&](const std::vector<ExprP>& o) {
        ExprP on = kir::binary(Op::Eq, o[1] - o[0], kir::imm(k));
        return std::vector<kir::StmtP>{kir::store(Y, o[0] * ys[1] + o[1], kir::select(on, one, zero))};
    });
}

// Range: out[i] = start + i * delta (the output extent is static, so known at compile time).
void lower_range(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    const int S = c.in(0), D = c.in(2), Y = c.out(0);
    const int i = c.var("i");
    ExprP v = add(kir::load(S, t, kir::imm(0)), mul(kir::cast(t, kir::var(i)), kir::load(D, t, kir::imm(0))));
    c.kernel().body = kir::loop(i, c.out_shape(0).at(0), {kir::store(Y, kir::var(i), v)});
}

// ScatterElements (reduction none/add/mul/max/min) and ScatterND (reduction none): a copy of
// data, then the updates in order, serially (later updates win, as in the reference).
// Indices are wrapped when negative and clamped to the axis.
ExprP scatter_combine(LowerCtx& c, const ExprP& old, const ExprP& upd) {
    const std::string r = c.op().attr_s("reduction");
    if (r == "add") return add(old, upd);
    if (r == "mul") return mul(old, upd);
    if (r == "max") return kir::max(old, upd);
    if (r == "min") return kir::min(old, upd);
    if (r != "none") c.unsupported("reduction '" + r + "'");
    return upd;
}

ExprP checked_index(LowerCtx& c, int buf, DType t, const ExprP& at, int64_t dim) {
    ExprP k = kir::cast(DType::i64, kir::load(buf, t, at));
    k = kir::select(kir::binary(Op::Lt, k, kir::imm(0)), k + dim, k);
    return kir::max(kir::imm(0), kir::min(k, kir::imm(dim - 1)));
}

void lower_scatter_elements(LowerCtx& c) {
    const auto xs = c.in_shape(0), is = c.in_shape(1);
    const DType t = c.in_dtype(0);
    const auto axis = static_cast<std::size_t>(norm_axis(c.op().attr_i("axis"), xs.size()));
    const int X = c.in(0), I = c.in(1), U = c.in(2), Y = c.out(0);
    const auto xstr = strides_of(xs), istr = strides_of(is);
    kir::StmtP copy = copy_nest(c, X, t, Y, {numel_of(xs)}, [](const std::vector<ExprP>& o) { return o[0]; });
    kir::StmtP updates = loop_nest(c, is, false, 1, [&](const std::vector<ExprP>& o) {
        ExprP k = checked_index(c, I, c.in_dtype(1), linear_index(o, istr), xs[axis]);
        ExprP e = kir::imm(0);
        for (std::size_t d = 0; d < xs.size(); ++d) e = e + (d == axis ? k : o[d]) * xstr[d];
        ExprP upd = kir::load(U, t, linear_index(o, istr));
        return std::vector<kir::StmtP>{kir::store(Y, e, scatter_combine(c, kir::load(Y, t, e), upd))};
    }, "u");
    c.kernel().body = kir::block({copy, updates});
}

void lower_scatter_nd(LowerCtx& c) {
    const auto xs = c.in_shape(0), is = c.in_shape(1);
    const DType t = c.in_dtype(0);
    const int64_t depth = is.back();
    const int64_t count = numel_of(is) / depth, slice = numel_of(xs) / numel_of(std::vector<int64_t>(xs.begin(), xs.begin() + depth));
    const int X = c.in(0), I = c.in(1), U = c.in(2), Y = c.out(0);
    const auto xstr = strides_of(xs);
    kir::StmtP copy = copy_nest(c, X, t, Y, {numel_of(xs)}, [](const std::vector<ExprP>& o) { return o[0]; });
    const int u = c.var("u"), j = c.var("j");
    ExprP base = kir::imm(0);
    for (int64_t d = 0; d < depth; ++d)
        base = base + checked_index(c, I, c.in_dtype(1), kir::var(u) * depth + d, xs[static_cast<std::size_t>(d)]) * xstr[static_cast<std::size_t>(d)];
    ExprP e = base + kir::var(j);
    ExprP upd = kir::load(U, t, kir::var(u) * slice + kir::var(j));
    c.kernel().body = kir::block({copy, kir::loop(u, count, {kir::loop(j, slice, {kir::store(Y, e, scatter_combine(c, kir::load(Y, t, e), upd))})})});
}

// CenterCropPad: output index i reads input index i + offset per axis (negative when
// padding; zeros outside the input).
void lower_center_crop_pad(LowerCtx& c) {
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    const DType t = c.in_dtype(0);
    const int X = c.in(0), Y = c.out(0);
    const auto xstr = strides_of(xs), ystr = strides_of(ys);
    const bool parallel = c.knob("parallel", numel_of(ys) >= 65536 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, ys, parallel, 1, [&](const std::vector<ExprP>& o) {
        ExprP idx = kir::imm(0), inside = kir::imm(1, DType::boolean);
        for (std::size_t d = 0; d < xs.size(); ++d) {
            const int64_t off = xs[d] >= ys[d] ? (xs[d] - ys[d]) / 2 : -((ys[d] - xs[d]) / 2);
            ExprP i = o[d] + off;
            if (ys[d] > xs[d])  // padded axis (the offset may be 0 when padding by one)
                inside = kir::binary(Op::And, inside, kir::binary(Op::And, kir::binary(Op::Ge, i, kir::imm(0)),
                                                                  kir::binary(Op::Lt, i, kir::imm(xs[d]))));
            idx = idx + kir::max(kir::imm(0), kir::min(i, kir::imm(xs[d] - 1))) * xstr[d];
        }
        ExprP zero = is_float(t) ? kir::fimm(0, t) : kir::imm(0, t);
        return std::vector<kir::StmtP>{kir::store(Y, linear_index(o, ystr), kir::select(inside, kir::load(X, t, idx), zero))};
    });
}

ScheduleSpace copy_space(const nlohmann::json&, const CpuInfo& cpu) {
    return parallel_vector_space(cpu, 1);
}

}  // namespace

void add_shape_lowerings(LoweringTable& t) {
    for (const char* op : {"Reshape", "Flatten", "Squeeze", "Unsqueeze"}) t[op] = {lower_copy, copy_space};
    t["Transpose"] = {lower_transpose, copy_space};
    t["neo.Unblock"] = {lower_unblock, copy_space};
    t["Concat"] = {lower_concat, copy_space};
    t["Split"] = {lower_split, copy_space};
    t["Slice"] = {lower_slice, copy_space};
    t["Pad"] = {lower_pad, copy_space};
    t["Gather"] = {lower_gather, copy_space};
    t["Expand"] = {lower_expand, copy_space};
    t["Tile"] = {lower_tile, copy_space};
    t["DepthToSpace"] = {lower_depth_space, copy_space};
    t["SpaceToDepth"] = {lower_depth_space, copy_space};
    t["ConstantOfShape"] = {lower_constant_of_shape, copy_space};
    t["Trilu"] = {lower_trilu, copy_space};
    t["EyeLike"] = {lower_eye_like, copy_space};
    t["Range"] = {lower_range, copy_space};
    t["CenterCropPad"] = {lower_center_crop_pad, copy_space};
    t["ScatterElements"] = {lower_scatter_elements, copy_space};
    t["ScatterND"] = {lower_scatter_nd, copy_space};
    t["GatherElements"] = {lower_gather_elements, copy_space};
}

}  // namespace neo::llvm_cpu
