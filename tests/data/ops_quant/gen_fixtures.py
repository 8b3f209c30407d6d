#!/usr/bin/env python3
"""Writes the NumPy fixtures of the quantization op tests (tests/core/ops_quant).

Every expected output is computed here with plain NumPy, independently of neo, following the
ONNX operator definitions: round half to even (np.rint), saturation to the output type's
range, int32 accumulation of zero-point-free products, requantization multipliers rounded to
the scales' dtype. The convolution reference loops over output positions on a padded input.

Layout: <case>_in<i>.npy (inputs), <case>_out<i>.npy (expected outputs) and cases.json,
a list of {"name", "op", "attrs", "inputs": [file or null], "outputs": [file]}.

Run from anywhere: python3 tests/data/ops_quant/gen_fixtures.py
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240917)
sys.path.insert(0, os.path.dirname(HERE))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)
add_case = FIX.add_case

RANGES = {np.int8: (-128, 127), np.uint8: (0, 255), np.int16: (-32768, 32767)}


def saturate(v, dtype):
    lo, hi = RANGES[dtype]
    return np.clip(np.rint(v), lo, hi).astype(dtype)


def ints(dtype, shape):
    lo, hi = RANGES[dtype]
    return rng.integers(lo, hi + 1, size=shape).astype(dtype)


# ---- QuantizeLinear / DequantizeLinear ------------------------------------------------------

def expand_param(p, x_shape, axis, block):
    """The scale / zero point repeated to x's shape (per tensor, per axis or blocked)."""
    p = np.asarray(p)
    if p.size == 1:
        return np.full(x_shape, p.reshape(()).item(), dtype=p.dtype)
    axis = axis % len(x_shape)
    if block == 0:
        shape = [1] * len(x_shape)
        shape[axis] = p.size
        return np.broadcast_to(p.reshape(shape), x_shape)
    rep = np.repeat(p, block, axis=axis)
    return np.take(rep, np.arange(x_shape[axis]), axis=axis)


def quantize(x, scale, zp, axis=1, block=0, out=np.uint8):
    s = expand_param(scale, x.shape, axis, block)
    q = np.rint((x.astype(np.float64) / s.astype(np.float64)).astype(scale.dtype))
    if zp is not None:
        q = q + expand_param(zp, x.shape, axis, block)
    return saturate(q, out)


def dequantize(x, scale, zp, axis=1, block=0):
    s = expand_param(scale, x.shape, axis, block).astype(np.float32)
    d = x.astype(np.int64)
    if zp is not None:
        d = d - expand_param(zp, x.shape, axis, block).astype(np.int64)
    return (d.astype(np.float32) * s).astype(scale.dtype)


def gen_quantize():
    # Per tensor, u8, with exact ties (x / scale = k + 0.5) that round half to even.
    x = np.array([[-1.0, 0.0, 0.25, 0.75], [1.25, 2.5, 300.0, -300.0]], np.float32)
    s, z = np.array(0.5, np.float32), np.array(128, np.uint8)
    add_case("q_tensor_u8", "QuantizeLinear", {}, [x, s, z], [quantize(x, s, z)])
    # No zero point: u8, zero point 0.
    add_case("q_no_zp", "QuantizeLinear", {}, [x, s], [quantize(x, s, None)])
    # output_dtype without a zero point: INT8 (3).
    add_case("q_output_dtype_i8", "QuantizeLinear", {"output_dtype": 3}, [x, s],
             [quantize(x, s, None, out=np.int8)])
    # Per axis (axis 1 of 3), i8.
    x = rng.standard_normal((2, 3, 4)).astype(np.float32) * 10
    s = np.array([0.1, 0.2, 0.05], np.float32)
    z = np.array([-3, 0, 7], np.int8)
    add_case("q_axis1_i8", "QuantizeLinear", {}, [x, s, z],
             [quantize(x, s, z, axis=1, out=np.int8)])
    s = np.array([0.1, 0.2, 0.05, 0.3], np.float32)
    z = np.array([1, 2, 3, 4], np.uint8)
    add_case("q_axis_neg1_u8", "QuantizeLinear", {"axis": -1}, [x, s, z],
             [quantize(x, s, z, axis=-1)])
    # Blocked along axis 2 (4 elements, block 3: blocks of 3 and 1), i16.
    s = (rng.random((2, 3, 2)) * 0.01 + 0.001).astype(np.float32)
    z = rng.integers(-100, 100, size=(2, 3, 2)).astype(np.int16)
    add_case("q_blocked_i16", "QuantizeLinear", {"axis": 2, "block_size": 3}, [x, s, z],
             [quantize(x, s, z, axis=2, block=3, out=np.int16)])
    # Blocked along axis 0, u8.
    x = rng.standard_normal((5, 2)).astype(np.float32)
    s = np.array([[0.01, 0.02], [0.03, 0.04]], np.float32)
    z = np.array([[100, 120], [130, 140]], np.uint8)
    add_case("q_blocked_axis0", "QuantizeLinear", {"axis": 0, "block_size": 3}, [x, s, z],
             [quantize(x, s, z, axis=0, block=3)])
    # int32 input.
    x = np.array([-1000, -7, 0, 5, 999, 100000], np.int32)
    s = np.array(4.0, np.float32)
    z = np.array(-10, np.int8)
    add_case("q_int32_input", "QuantizeLinear", {}, [x, s, z], [quantize(x, s, z, out=np.int8)])


def gen_dequantize():
    x = ints(np.uint8, (2, 4))
    s, z = np.array(0.05, np.float32), np.array(128, np.uint8)
    add_case("dq_tensor_u8", "DequantizeLinear", {}, [x, s, z], [dequantize(x, s, z)])
    add_case("dq_no_zp", "DequantizeLinear", {}, [x, s], [dequantize(x, s, None)])
    x = ints(np.int8, (2, 3, 4))
    s = np.array([0.1, 0.25, 2.0], np.float32)
    z = np.array([-3, 0, 7], np.int8)
    add_case("dq_axis1_i8", "DequantizeLinear", {}, [x, s, z], [dequantize(x, s, z, axis=1)])
    s = (rng.random((2, 3, 2)) + 0.5).astype(np.float32)
    z = rng.integers(-100, 100, size=(2, 3, 2)).astype(np.int16)
    x = ints(np.int16, (2, 3, 4))
    add_case("dq_blocked_i16", "DequantizeLinear", {"axis": -1, "block_size": 3}, [x, s, z],
             [dequantize(x, s, z, axis=-1, block=3)])
    x = np.array([-(2 ** 31), -5, 0, 123456789, 2 ** 31 - 1], np.int32)
    s = np.array(0.5, np.float32)
    add_case("dq_int32", "DequantizeLinear", {}, [x, s], [dequantize(x, s, None)])
    # float16 scale: float16 output.
    x = ints(np.uint8, (3, 2))
    s, z = np.array([0.5, 0.125], np.float16), np.array([10, 200], np.uint8)
    add_case("dq_f16_scale", "DequantizeLinear", {"axis": 1}, [x, s, z],
             [dequantize(x, s, z, axis=1)])


def gen_dynamic():
    def dyn(x):
        lo = np.float32(min(0.0, x.min()))
        hi = np.float32(max(0.0, x.max()))
        rng_ = np.float32(1.0) if hi == lo else np.float32(hi - lo)
        scale = np.float32(rng_ / np.float32(255))
        zp = np.rint(np.clip(np.float32(0) - lo / scale, 0, 255))
        y = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8)
        return [y, np.array(scale, np.float32), np.array(zp, np.uint8)]

    for name, x in [
        ("dyn_mixed", rng.standard_normal((3, 4)).astype(np.float32)),
        ("dyn_positive", (rng.random((2, 5)) * 7 + 1).astype(np.float32)),
        ("dyn_negative", -(rng.random((6,)) * 3 + 0.5).astype(np.float32)),
        ("dyn_zeros", np.zeros((2, 2), np.float32)),
    ]:
        add_case(name, "DynamicQuantizeLinear", {}, [x], dyn(x))


# ---- MatMulInteger / QLinearMatMul ----------------------------------------------------------

def int_matmul(a, b, za, zb):
    a = a.astype(np.int64) - (za.astype(np.int64) if za is not None else 0)
    b = b.astype(np.int64) - (zb.astype(np.int64) if zb is not None else 0)
    return np.matmul(a, b).astype(np.int32)


def gen_matmul():
    a, b = ints(np.uint8, (3, 4)), ints(np.uint8, (4, 5))
    za, zb = np.array(12, np.uint8), np.array(200, np.uint8)
    add_case("mmi_2d_u8", "MatMulInteger", {}, [a, b, za, zb], [int_matmul(a, b, za, zb)])
    add_case("mmi_no_zp", "MatMulInteger", {}, [a, b], [int_matmul(a, b, None, None)])
    # i8 x u8, batch broadcast, per-row a zero point [M] and per-column b zero point [N].
    a, b = ints(np.int8, (2, 1, 3, 4)), ints(np.uint8, (3, 4, 2))
    za, zb = np.array([1, -2, 3], np.int8), np.array([100, 7], np.uint8)
    add_case("mmi_batched_rowcol", "MatMulInteger", {}, [a, b, za, zb],
             [int_matmul(a, b, za.reshape(3, 1), zb)])
    # 1-D operands.
    a, b = ints(np.int8, (4,)), ints(np.int8, (2, 4, 3))
    za = np.array(-5, np.int8)
    add_case("mmi_vector_a", "MatMulInteger", {}, [a, b, za, None],
             [int_matmul(a, b, za, None)])
    a, b = ints(np.uint8, (3, 4)), ints(np.int8, (4,))
    add_case("mmi_vector_b", "MatMulInteger", {}, [a, b], [int_matmul(a, b, None, None)])


def qlinear_matmul(a, sa, za, b, sb, zb, sy, zy):
    acc = int_matmul(a, b, za, zb).astype(np.float64)
    mult = (sa * sb / sy)  # in the scales' dtype
    return saturate(acc * mult.astype(np.float64) + zy.astype(np.float64), zy.dtype.type)


def gen_qlinear_matmul():
    a, b = ints(np.uint8, (2, 4)), ints(np.uint8, (4, 3))
    sa, za = np.array(0.0066, np.float32), np.array(113, np.uint8)
    sb, zb = np.array(0.00705, np.float32), np.array(114, np.uint8)
    sy, zy = np.array(0.0107, np.float32), np.array(118, np.uint8)
    add_case("qmm_2d_u8", "QLinearMatMul", {}, [a, sa, za, b, sb, zb, sy, zy],
             [qlinear_matmul(a, sa, za, b, sb, zb, sy, zy)])
    # int8, 3-D batch, float16 scales, int8 output.
    a, b = ints(np.int8, (2, 2, 4)), ints(np.int8, (2, 4, 3))
    sa, za = np.array(0.02, np.float16), np.array(-3, np.int8)
    sb, zb = np.array(0.01, np.float16), np.array(5, np.int8)
    sy, zy = np.array(0.5, np.float16), np.array(-10, np.int8)
    add_case("qmm_3d_i8_f16", "QLinearMatMul", {}, [a, sa, za, b, sb, zb, sy, zy],
             [qlinear_matmul(a, sa, za, b, sb, zb, sy, zy)])
    # Per-row a ([M, 1]) and per-column b ([N]) scales and zero points; u8 out from i8 in.
    a, b = ints(np.int8, (3, 4)), ints(np.uint8, (4, 2))
    sa = np.array([[0.01], [0.02], [0.03]], np.float32)
    za = np.array([[1], [0], [-1]], np.int8)
    sb, zb = np.array([0.05, 0.07], np.float32), np.array([120, 130], np.uint8)
    sy, zy = np.array(0.3, np.float32), np.array(128, np.uint8)
    add_case("qmm_row_col", "QLinearMatMul", {}, [a, sa, za, b, sb, zb, sy, zy],
             [qlinear_matmul(a, sa, za, b, sb, zb, sy, zy)])


# ---- ConvInteger / QLinearConv ---------------------------------------------------------------

def int_conv(x, w, zx, zw, strides, dils, pb, pe, group, bias=None):
    x = x.astype(np.int64) - (int(zx) if zx is not None else 0)
    w = w.astype(np.int64)
    if zw is not None:
        zw = zw.astype(np.int64)
        w = w - (zw.reshape((-1,) + (1,) * (w.ndim - 1)) if zw.size > 1 else zw.reshape(()))
    sp = x.ndim - 2
    # Pad with the zero point, i.e. with 0 after the shift.
    xp = np.pad(x, [(0, 0), (0, 0)] + list(zip(pb, pe)))
    n, c = x.shape[:2]
    m = w.shape[0]
    k = w.shape[2:]
    eff = [(k[i] - 1) * dils[i] + 1 for i in range(sp)]
    out = [(xp.shape[2 + i] - eff[i]) // strides[i] + 1 for i in range(sp)]
    y = np.zeros((n, m, *out), np.int64)
    cg, mg = c // group, m // group
    for o in np.ndindex(*out):
        sl = tuple(slice(o[i] * strides[i], o[i] * strides[i] + eff[i], dils[i]) for i in range(sp))
        for mo in range(m):
            g = mo // mg
            patch = xp[(slice(None), slice(g * cg, (g + 1) * cg)) + sl]
            y[(slice(None), mo) + o] = (patch * w[mo]).reshape(n, -1).sum(axis=1)
    if bias is not None:
        y += bias.astype(np.int64).reshape((1, -1) + (1,) * sp)
    return y.astype(np.int32)


def gen_conv():
    x, w = ints(np.uint8, (1, 2, 5, 5)), ints(np.uint8, (3, 2, 3, 3))
    zx, zw = np.array(100, np.uint8), np.array(120, np.uint8)
    add_case("ci_2d_pads", "ConvInteger", {"pads": [1, 1, 1, 1]}, [x, w, zx, zw],
             [int_conv(x, w, zx, zw, [1, 1], [1, 1], [1, 1], [1, 1], 1)])
    add_case("ci_no_zp", "ConvInteger", {}, [x, w],
             [int_conv(x, w, None, None, [1, 1], [1, 1], [0, 0], [0, 0], 1)])
    # i8, strides, dilations, groups, per-channel w zero point.
    x, w = ints(np.int8, (2, 4, 6, 7)), ints(np.int8, (4, 2, 2, 3))
    zx, zw = np.array(-7, np.int8), np.array([1, -1, 2, 0], np.int8)
    add_case("ci_group_stride_dil", "ConvInteger",
             {"group": 2, "strides": [2, 1], "dilations": [1, 2]}, [x, w, zx, zw],
             [int_conv(x, w, zx, zw, [2, 1], [1, 2], [0, 0], [0, 0], 2)])
    # 1-D and 3-D.
    x, w = ints(np.uint8, (1, 1, 8)), ints(np.int8, (2, 1, 3))
    add_case("ci_1d_same_upper", "ConvInteger", {"auto_pad": "SAME_UPPER", "strides": [2]},
             [x, w], [int_conv(x, w, None, None, [2], [1], [0], [1], 1)])
    x, w = ints(np.int8, (1, 2, 3, 4, 3)), ints(np.uint8, (2, 2, 2, 2, 2))
    add_case("ci_3d", "ConvInteger", {}, [x, w, np.array(3, np.int8), np.array(9, np.uint8)],
             [int_conv(x, w, np.array(3), np.array(9, np.uint8), [1, 1, 1], [1, 1, 1],
                       [0, 0, 0], [0, 0, 0], 1)])


def gen_qlinear_conv():
    x, w = ints(np.uint8, (1, 2, 5, 4)), ints(np.uint8, (3, 2, 2, 2))
    sx, zx = np.array(0.02, np.float32), np.array(120, np.uint8)
    sw, zw = np.array(0.003, np.float32), np.array(130, np.uint8)
    sy, zy = np.array(0.05, np.float32), np.array(110, np.uint8)
    b = np.array([1000, -2000, 0], np.int32)
    acc = int_conv(x, w, zx, zw, [1, 1], [1, 1], [1, 0], [0, 1], 1, b)
    y = saturate(acc.astype(np.float64) * np.float64(sx * sw / sy) + float(zy), np.uint8)
    add_case("qc_2d_bias", "QLinearConv", {"pads": [1, 0, 0, 1]},
             [x, sx, zx, w, sw, zw, sy, zy, b], [y])
    # i8 in, per-channel weight scales / zero points, i8 out, no bias, strides.
    x, w = ints(np.int8, (2, 2, 6, 6)), ints(np.int8, (2, 2, 3, 3))
    sx, zx = np.array(0.1, np.float32), np.array(-1, np.int8)
    sw, zw = np.array([0.001, 0.004], np.float32), np.array([0, 3], np.int8)
    sy, zy = np.array(0.2, np.float32), np.array(5, np.int8)
    acc = int_conv(x, w, zx, zw, [2, 2], [1, 1], [0, 0], [0, 0], 1)
    mult = (sx * sw / sy).astype(np.float64).reshape(1, 2, 1, 1)
    y = saturate(acc.astype(np.float64) * mult + float(zy), np.int8)
    add_case("qc_per_channel_i8", "QLinearConv", {"strides": [2, 2]},
             [x, sx, zx, w, sw, zw, sy, zy, None], [y])


def main():
    FIX.clear()
    gen_quantize()
    gen_dequantize()
    gen_dynamic()
    gen_matmul()
    gen_qlinear_matmul()
    gen_conv()
    gen_qlinear_conv()
    FIX.write(final_newline=True)


if __name__ == "__main__":
    main()
