#!/usr/bin/env python3
"""Writes the NumPy fixtures of the nn op tests (tests/core/ops_nn).

Every expected output is computed here with straightforward NumPy code (explicit loops over
output positions, slicing of padded inputs), independently of neo. Inputs are float32 (or
int32/int64 for the integer MatMul cases); float expected outputs are float64, computed in
float64 from the float32 inputs, so the tests can check f64 tightly and f32/f16/bf16 within
their precision.

Layout: <case>_in<i>.npy (inputs), <case>_out<i>.npy (expected outputs) and cases.json,
a list of {"name", "op", "attrs", "inputs": [file or null], "outputs": [file]}.
Attributes: JSON int -> int, JSON float -> float, list of ints -> ints, string -> string.

Run from anywhere: python3 tests/data/ops_nn/gen_fixtures.py
"""
import itertools
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
sys.path.insert(0, os.path.dirname(HERE))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)
add_case = FIX.add_case


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# ---- window geometry (ONNX) -----------------------------------------------------------

def resolve_pads(in_shape, kernel, strides, dils, pads, auto_pad):
    """(pads_begin, pads_end) actually applied."""
    n = len(in_shape)
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        pb, pe = [], []
        for i in range(n):
            out = -(-in_shape[i] // strides[i])
            eff = (kernel[i] - 1) * dils[i] + 1
            total = max(0, (out - 1) * strides[i] + eff - in_shape[i])
            small = total // 2
            begin = small if auto_pad == "SAME_UPPER" else total - small
            pb.append(begin)
            pe.append(total - begin)
        return pb, pe
    if auto_pad == "VALID" or not pads:
        return [0] * n, [0] * n
    return list(pads[:n]), list(pads[n:])


# ---- Conv -------------------------------------------------------------------------------

def conv_ref(x, w, b, strides, dils, pb, pe, group):
    n_batch, c = x.shape[:2]
    m = w.shape[0]
    sp = x.ndim - 2
    xp = np.pad(x.astype(np.float64), [(0, 0), (0, 0)] + list(zip(pb, pe)))
    k = w.shape[2:]
    eff = [(k[i] - 1) * dils[i] + 1 for i in range(sp)]
    out = [(xp.shape[2 + i] - eff[i]) // strides[i] + 1 for i in range(sp)]
    y = np.zeros((n_batch, m, *out))
    cg, mg = c // group, m // group
    w64 = w.astype(np.float64)
    for nb, mo in itertools.product(range(n_batch), range(m)):
        g = mo // mg
        for pos in itertools.product(*[range(o) for o in out]):
            window = tuple(slice(pos[i] * strides[i], pos[i] * strides[i] + eff[i], dils[i])
                           for i in range(sp))
            patch = xp[(nb, slice(g * cg, (g + 1) * cg)) + window]
            y[(nb, mo) + pos] = np.sum(patch * w64[mo]) + (0.0 if b is None else float(b[mo]))
    return y


def conv_case(name, x_shape, w_shape, bias, group=1, strides=None, dils=None, pads=None,
              auto_pad="NOTSET", kernel_attr=False):
    sp = len(x_shape) - 2
    x, w = rand(*x_shape), rand(*w_shape)
    b = rand(w_shape[0]) if bias else None
    st = strides or [1] * sp
    dl = dils or [1] * sp
    pb, pe = resolve_pads(x_shape[2:], w_shape[2:], st, dl, pads, auto_pad)
    y = conv_ref(x, w, b, st, dl, pb, pe, group)
    attrs = {}
    if group != 1:
        attrs["group"] = group
    if strides:
        attrs["strides"] = strides
    if dils:
        attrs["dilations"] = dils
    if pads:
        attrs["pads"] = pads
    if auto_pad != "NOTSET":
        attrs["auto_pad"] = auto_pad
    if kernel_attr:
        attrs["kernel_shape"] = list(w_shape[2:])
    add_case(name, "Conv", attrs, [x, w] + ([b] if bias else []), [y])


def gen_conv():
    conv_case("conv2d_basic", (1, 3, 7, 7), (4, 3, 3, 3), True, pads=[1, 1, 1, 1],
              kernel_attr=True)
    conv_case("conv2d_stride_dil", (2, 2, 9, 8), (3, 2, 3, 2), False, strides=[2, 1],
              dils=[2, 1], pads=[1, 0, 2, 1])
    conv_case("conv2d_group", (1, 4, 6, 6), (6, 2, 3, 3), True, group=2, pads=[0, 1, 0, 1])
    conv_case("conv2d_depthwise", (1, 3, 5, 5), (3, 1, 3, 3), True, group=3, strides=[2, 2],
              pads=[1, 1, 1, 1])
    conv_case("conv2d_same_upper", (1, 2, 7, 6), (2, 2, 4, 3), True, strides=[2, 2],
              auto_pad="SAME_UPPER")
    conv_case("conv2d_same_lower", (1, 2, 7, 6), (2, 2, 4, 3), False, strides=[2, 2],
              auto_pad="SAME_LOWER")
    conv_case("conv2d_valid", (1, 2, 8, 7), (3, 2, 3, 3), True, strides=[2, 2],
              auto_pad="VALID")
    conv_case("conv1d", (2, 3, 10), (2, 3, 3), True, strides=[2], dils=[2], pads=[1, 2])
    conv_case("conv3d", (1, 2, 5, 6, 4), (3, 2, 2, 3, 2), True, strides=[1, 2, 1],
              pads=[1, 0, 1, 0, 1, 1])
    conv_case("conv3d_same_dil", (1, 1, 4, 5, 5), (2, 1, 2, 2, 3), False, dils=[1, 2, 1],
              auto_pad="SAME_UPPER")


# ---- MaxPool / AveragePool ---------------------------------------------------------------

def pool_ref(x, kind, kernel, strides, dils, pb, pe, ceil_mode, count_include_pad,
             storage_order=0):
    """Pooling by explicit loops; padded / out-of-range positions are NaN."""
    sp = x.ndim - 2
    ins = x.shape[2:]
    eff = [(kernel[i] - 1) * dils[i] + 1 for i in range(sp)]
    out = []
    for i in range(sp):
        span = ins[i] + pb[i] + pe[i] - eff[i]
        o = (math.ceil(span / strides[i]) if ceil_mode else span // strides[i]) + 1
        if ceil_mode and (o - 1) * strides[i] >= ins[i] + pb[i]:
            o -= 1  # the last window would start in the end padding
        out.append(o)
    # Pad with NaN generously (ceil_mode windows may pass the end padding).
    extra = [max(0, (out[i] - 1) * strides[i] + eff[i] - (ins[i] + pb[i] + pe[i]))
             for i in range(sp)]
    xp = np.pad(x.astype(np.float64), [(0, 0), (0, 0)] +
                [(pb[i], pe[i] + extra[i]) for i in range(sp)], constant_values=np.nan)
    # 1 where a position lies inside the explicitly padded input (counted with
    # count_include_pad), 0 beyond the end padding.
    counted = np.zeros(xp.shape[2:])
    counted[tuple(slice(0, ins[i] + pb[i] + pe[i]) for i in range(sp))] = 1.0
    y = np.zeros(x.shape[:2] + tuple(out))
    idx = np.zeros(y.shape, dtype=np.int64)
    for nb, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for pos in itertools.product(*[range(o) for o in out]):
            window = tuple(slice(pos[i] * strides[i], pos[i] * strides[i] + eff[i], dils[i])
                           for i in range(sp))
            vals = xp[(nb, c) + window]
            if kind == "max":
                y[(nb, c) + pos] = np.nanmax(vals)
                flat = int(np.nanargmax(vals))  # first maximum in row-major window order
                tap = np.unravel_index(flat, vals.shape)
                coord = [pos[i] * strides[i] + tap[i] * dils[i] - pb[i] for i in range(sp)]
                order = "C" if storage_order == 0 else "F"
                spatial = int(np.ravel_multi_index(coord, ins, order=order))
                idx[(nb, c) + pos] = (nb * x.shape[1] + c) * int(np.prod(ins)) + spatial
            else:
                total = np.nansum(vals)
                n = np.sum(counted[window]) if count_include_pad else np.sum(~np.isnan(vals))
                y[(nb, c) + pos] = total / n
    return y, idx


def pool_case(name, op, x_shape, kernel, strides=None, dils=None, pads=None,
              auto_pad="NOTSET", ceil_mode=0, count_include_pad=0, indices=False,
              storage_order=0):
    sp = len(x_shape) - 2
    x = rand(*x_shape)
    st = strides or [1] * sp
    dl = dils or [1] * sp
    pb, pe = resolve_pads(x_shape[2:], kernel, st, dl, pads, auto_pad)
    kind = "max" if op == "MaxPool" else "avg"
    y, idx = pool_ref(x, kind, kernel, st, dl, pb, pe, ceil_mode, count_include_pad,
                      storage_order)
    attrs = {"kernel_shape": kernel}
    if strides:
        attrs["strides"] = strides
    if dils:
        attrs["dilations"] = dils
    if pads:
        attrs["pads"] = pads
    if auto_pad != "NOTSET":
        attrs["auto_pad"] = auto_pad
    if ceil_mode:
        attrs["ceil_mode"] = 1
    if count_include_pad:
        attrs["count_include_pad"] = 1
    if storage_order:
        attrs["storage_order"] = storage_order
    add_case(name, op, attrs, [x], [y, idx] if indices else [y])


def gen_pool():
    pool_case("maxpool2d_basic", "MaxPool", (1, 2, 6, 6), [2, 2], strides=[2, 2])
    pool_case("maxpool2d_pads_dil", "MaxPool", (1, 2, 7, 6), [3, 2], dils=[2, 2],
              pads=[1, 0, 2, 1])
    pool_case("maxpool2d_ceil", "MaxPool", (1, 1, 6, 6), [2, 3], strides=[2, 2],
              pads=[0, 0, 1, 0], ceil_mode=1)
    pool_case("maxpool2d_same_upper", "MaxPool", (1, 2, 7, 5), [3, 2], strides=[2, 2],
              auto_pad="SAME_UPPER")
    pool_case("maxpool1d", "MaxPool", (2, 3, 11), [3], strides=[2], dils=[2], pads=[1, 1])
    pool_case("maxpool3d", "MaxPool", (1, 2, 4, 5, 4), [2, 2, 2], strides=[2, 1, 2],
              pads=[0, 1, 1, 1, 0, 0])
    pool_case("maxpool2d_indices", "MaxPool", (2, 2, 5, 6), [3, 3], strides=[2, 2],
              pads=[1, 1, 1, 1], indices=True)
    pool_case("maxpool2d_indices_colmajor", "MaxPool", (1, 2, 5, 6), [2, 3], strides=[2, 2],
              pads=[0, 1, 1, 0], indices=True, storage_order=1)
    pool_case("avgpool2d_exclude_pad", "AveragePool", (1, 2, 7, 7), [3, 3], strides=[2, 2],
              pads=[1, 1, 1, 1])
    pool_case("avgpool2d_include_pad", "AveragePool", (1, 2, 7, 7), [3, 3], strides=[2, 2],
              pads=[1, 1, 1, 1], count_include_pad=1)
    pool_case("avgpool2d_ceil_include_pad", "AveragePool", (1, 1, 7, 6), [3, 2],
              strides=[2, 2], pads=[1, 0, 0, 0], ceil_mode=1, count_include_pad=1)
    pool_case("avgpool2d_ceil_exclude_pad", "AveragePool", (1, 1, 7, 6), [3, 2],
              strides=[2, 2], pads=[1, 0, 0, 0], ceil_mode=1)
    pool_case("avgpool2d_same_lower", "AveragePool", (1, 2, 6, 7), [3, 4], strides=[2, 3],
              auto_pad="SAME_LOWER")
    pool_case("avgpool2d_dilations", "AveragePool", (1, 2, 8, 7), [2, 3], dils=[3, 2],
              pads=[1, 1, 1, 1], count_include_pad=1)
    pool_case("avgpool1d_valid", "AveragePool", (2, 2, 9), [4], strides=[2], auto_pad="VALID")
    pool_case("avgpool3d", "AveragePool", (1, 2, 5, 4, 6), [2, 2, 3], strides=[2, 1, 2],
              pads=[1, 0, 1, 0, 1, 1])


def gen_global_pool():
    for name, shape in (("2d", (2, 3, 4, 5)), ("1d", (1, 2, 7)), ("3d", (1, 2, 3, 2, 4))):
        x = rand(*shape)
        axes = tuple(range(2, len(shape)))
        x64 = x.astype(np.float64)
        add_case(f"globalavgpool_{name}", "GlobalAveragePool", {}, [x],
                 [x64.mean(axis=axes, keepdims=True)])
        add_case(f"globalmaxpool_{name}", "GlobalMaxPool", {}, [x],
                 [x64.max(axis=axes, keepdims=True)])


# ---- Gemm / MatMul -------------------------------------------------------------------------

def gen_gemm():
    def case(name, m, k, n, ta, tb, alpha, beta, c_shape):
        a = rand(*((k, m) if ta else (m, k)))
        b = rand(*((n, k) if tb else (k, n)))
        c = rand(*c_shape) if c_shape is not None else None
        a2 = a.astype(np.float64).T if ta else a.astype(np.float64)
        b2 = b.astype(np.float64).T if tb else b.astype(np.float64)
        y = alpha * (a2 @ b2)
        if c is not None:
            y = y + beta * np.broadcast_to(c.astype(np.float64), (m, n))
        attrs = {}
        if ta:
            attrs["transA"] = 1
        if tb:
            attrs["transB"] = 1
        if alpha != 1.0:
            attrs["alpha"] = alpha
        if beta != 1.0:
            attrs["beta"] = beta
        add_case(name, "Gemm", attrs, [a, b] + ([c] if c is not None else []), [y])

    case("gemm_plain", 3, 4, 5, 0, 0, 1.0, 1.0, (3, 5))
    case("gemm_trans_ab", 4, 3, 2, 1, 1, 0.5, 2.0, (2,))
    case("gemm_transa_c_col", 3, 5, 4, 1, 0, 1.5, -1.0, (3, 1))
    case("gemm_transb_c_scalar", 2, 6, 3, 0, 1, 1.0, 0.25, ())
    case("gemm_no_c", 5, 2, 3, 0, 0, 2.0, 1.0, None)


def gen_matmul():
    def case(name, sa, sb, dtype=np.float32):
        if dtype == np.float32:
            a, b = rand(*sa), rand(*sb)
            y = np.matmul(a.astype(np.float64), b.astype(np.float64))
        else:
            a = rng.integers(-50, 50, size=sa).astype(dtype)
            b = rng.integers(-50, 50, size=sb).astype(dtype)
            y = np.matmul(a, b).astype(dtype)
        add_case(name, "MatMul", {}, [a, b], [np.asarray(y)])

    case("matmul_2d", (3, 4), (4, 5))
    case("matmul_vec_mat", (4,), (4, 3))
    case("matmul_mat_vec", (2, 5), (5,))
    case("matmul_vec_vec", (6,), (6,))
    case("matmul_batch_bcast", (2, 1, 3, 4), (5, 4, 2))
    case("matmul_batch_vec", (2, 3, 4), (4,))
    case("matmul_vec_batch", (3,), (2, 3, 4))
    case("matmul_i32", (2, 3, 4), (4, 3), np.int32)
    case("matmul_i64_bcast", (1, 2, 3), (3, 3, 2), np.int64)


# ---- normalizations / softmax ------------------------------------------------------------

def gen_norms():
    x = rand(2, 3, 4, 5)
    scale, bias, mean = rand(3), rand(3), rand(3)
    var = np.abs(rand(3)) + np.float32(0.5)
    eps = 1e-3
    sh = (1, 3, 1, 1)
    y = ((x.astype(np.float64) - mean.astype(np.float64).reshape(sh)) /
         np.sqrt(var.astype(np.float64).reshape(sh) + eps) * scale.astype(np.float64).reshape(sh)
         + bias.astype(np.float64).reshape(sh))
    add_case("batchnorm_4d", "BatchNormalization", {"epsilon": eps},
             [x, scale, bias, mean, var], [y])
    x2 = rand(4, 3)
    y2 = ((x2.astype(np.float64) - mean.astype(np.float64)) /
          np.sqrt(var.astype(np.float64) + 1e-5) * scale.astype(np.float64) +
          bias.astype(np.float64))
    add_case("batchnorm_2d", "BatchNormalization", {}, [x2, scale, bias, mean, var], [y2])

    def layer_norm(name, shape, axis, scale_shape, with_bias, eps, n_out):
        x = rand(*shape)
        sc = rand(*scale_shape)
        b = rand(*scale_shape) if with_bias else None
        ax = axis % len(shape)
        axes = tuple(range(ax, len(shape)))
        x64 = x.astype(np.float64)
        mu = x64.mean(axis=axes, keepdims=True)
        var = ((x64 - mu) ** 2).mean(axis=axes, keepdims=True)
        inv = 1.0 / np.sqrt(var + eps)
        y = (x64 - mu) * inv * sc.astype(np.float64)
        if b is not None:
            y = y + b.astype(np.float64)
        attrs = {"axis": axis}
        if eps != 1e-5:
            attrs["epsilon"] = eps
        add_case(name, "LayerNormalization", attrs, [x, sc] + ([b] if with_bias else []),
                 [y, mu, inv][:n_out])

    layer_norm("layernorm_last", (2, 3, 8), -1, (8,), True, 1e-5, 1)
    layer_norm("layernorm_axis1_stats", (2, 3, 4), 1, (3, 4), True, 1e-2, 3)
    layer_norm("layernorm_no_bias_bcast", (3, 2, 5), -2, (1, 5), False, 1e-5, 2)

    x = rand(2, 3, 4, 5)
    scale, bias = rand(3), rand(3)
    x64 = x.astype(np.float64)
    mu = x64.mean(axis=(2, 3), keepdims=True)
    var = x64.var(axis=(2, 3), keepdims=True)
    y = (x64 - mu) / np.sqrt(var + 1e-5) * scale.reshape(1, 3, 1, 1) + bias.reshape(1, 3, 1, 1)
    add_case("instancenorm_4d", "InstanceNormalization", {}, [x, scale, bias], [y])
    x = rand(2, 2, 7)
    scale, bias = rand(2), rand(2)
    x64 = x.astype(np.float64)
    mu = x64.mean(axis=2, keepdims=True)
    var = x64.var(axis=2, keepdims=True)
    y = (x64 - mu) / np.sqrt(var + 0.1) * scale.reshape(1, 2, 1) + bias.reshape(1, 2, 1)
    add_case("instancenorm_3d_eps", "InstanceNormalization", {"epsilon": 0.1},
             [x, scale, bias], [y])


def gen_softmax():
    x = rand(2, 3, 4) * np.float32(3.0)
    x64 = x.astype(np.float64)
    for axis in (-1, 0, 1):
        e = np.exp(x64 - x64.max(axis=axis, keepdims=True))
        s = e / e.sum(axis=axis, keepdims=True)
        attrs = {} if axis == -1 else {"axis": axis}
        tag = "m1" if axis < 0 else str(axis)
        add_case(f"softmax_axis{tag}", "Softmax", attrs, [x], [s])
        add_case(f"logsoftmax_axis{tag}", "LogSoftmax", attrs, [x], [np.log(s)])


def main():
    FIX.clear()
    gen_conv()
    gen_pool()
    gen_global_pool()
    gen_gemm()
    gen_matmul()
    gen_norms()
    gen_softmax()
    FIX.write(final_newline=True)


if __name__ == "__main__":
    main()
