#!/usr/bin/env python3
"""Writes the NumPy fixtures of the newer nn op tests (RNN, GRU, LSTM, ConvTranspose, LpPool,
GlobalLpPool, MaxUnpool, Hardmax, DeformConv) into tests/data/ops_nn/extra/.

Every expected output is computed here with plain NumPy code written from the ONNX operator
definitions (explicit loops over time steps, directions and input positions), independently of
neo. Where onnx's ReferenceEvaluator implements the same case, the script also checks its
results against it. Inputs are float32 (int32/int64 for sequence_lens, MaxUnpool's indices and
output_shape); expected float outputs are float64, computed in float64 from the float32 inputs.

The format is that of tests/support/op_test_util.hpp: <case>_in<i>.npy, <case>_out<i>.npy and
cases.json, a list of {"name", "op", "attrs", "inputs": [file or null], "outputs": [file],
"const" (optional), "dtypes" (optional)}.

Run from anywhere: python3 tests/data/ops_nn/gen_extra_fixtures.py
"""
import os
import sys

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "extra")
rng = np.random.default_rng(20261121)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)
add_case = FIX.add_case


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def onnx_reference(op, attrs, inputs, n_out):
    """Runs one node through onnx.reference (None when onnx is unavailable)."""
    try:
        from onnx import helper
        from onnx.reference import ReferenceEvaluator
    except ImportError:
        return None
    names = [f"i{k}" if a is not None else "" for k, a in enumerate(inputs)]
    outs = [f"o{k}" for k in range(n_out)]
    node = helper.make_node(op, names, outs, **attrs)
    ref = ReferenceEvaluator(node)
    feeds = {n: a for n, a in zip(names, inputs) if n}
    return ref.run(None, feeds)


def agree(name, mine, theirs, tol=1e-4):
    for a, b in zip(mine, theirs):
        assert a.shape == b.shape, (name, a.shape, b.shape)
        assert np.allclose(a, b.astype(np.float64), rtol=tol, atol=tol), (name, a, b)


# ---- recurrent ops --------------------------------------------------------------------------

ACTS = {  # name: (function, takes alpha, takes beta, default alpha, default beta)
    "relu": (lambda x, a, b: np.maximum(x, 0), False, False, 0, 0),
    "tanh": (lambda x, a, b: np.tanh(x), False, False, 0, 0),
    "sigmoid": (lambda x, a, b: 1 / (1 + np.exp(-x)), False, False, 0, 0),
    "affine": (lambda x, a, b: a * x + b, True, True, 1.0, 0.0),
    "leakyrelu": (lambda x, a, b: np.where(x >= 0, x, a * x), True, False, 0.01, 0),
    "thresholdedrelu": (lambda x, a, b: np.where(x > a, x, 0), True, False, 1.0, 0),
    "scaledtanh": (lambda x, a, b: a * np.tanh(b * x), True, True, 1.0, 1.0),
    "hardsigmoid": (lambda x, a, b: np.clip(a * x + b, 0, 1), True, True, 0.2, 0.5),
    "elu": (lambda x, a, b: np.where(x >= 0, x, a * (np.exp(x) - 1)), True, False, 1.0, 0),
    "softsign": (lambda x, a, b: x / (1 + np.abs(x)), False, False, 0, 0),
    "softplus": (lambda x, a, b: np.log1p(np.exp(x)), False, False, 0, 0),
}


def make_acts(names, alphas, betas):
    """Activation callables; alpha / beta values go in order to the activations taking one."""
    alphas, betas = list(alphas), list(betas)
    out = []
    for n in names:
        f, ta, tb, da, db = ACTS[n.lower()]
        a = alphas.pop(0) if ta and alphas else da
        b = betas.pop(0) if tb and betas else db
        out.append(lambda x, f=f, a=a, b=b: f(x, a, b))
    return out


def recurrent_ref(kind, x, w, r, b=None, seq_lens=None, h0=None, c0=None, p=None,
                  direction="forward", layout=0, activations=None, alphas=(), betas=(),
                  clip=None, linear_before_reset=0, input_forget=0):
    """Y, Y_h (, Y_c) of RNN / GRU / LSTM in float64."""
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    defaults = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"],
                "LSTM": ["Sigmoid", "Tanh", "Tanh"]}[kind]
    dirs = 2 if direction == "bidirectional" else 1
    x = x.astype(np.float64)
    if layout == 1:
        x = x.transpose(1, 0, 2)
    seq, batch, _ = x.shape
    hidden = r.shape[2]
    w, r = w.astype(np.float64), r.astype(np.float64)
    b = np.zeros((dirs, 2 * gates * hidden)) if b is None else b.astype(np.float64)
    lens = [seq] * batch if seq_lens is None else [int(v) for v in seq_lens]

    def state(s):
        if s is None:
            return np.zeros((dirs, batch, hidden))
        s = s.astype(np.float64)
        return s.transpose(1, 0, 2) if layout == 1 else s

    h_all, c_all = state(h0), state(c0)
    names = activations or defaults * dirs
    acts = make_acts(names, alphas, betas)
    per = len(defaults)
    cl = (lambda v: np.clip(v, -clip, clip)) if clip else (lambda v: v)
    y = np.zeros((seq, dirs, batch, hidden))
    for d in range(dirs):
        f = acts[d * per:(d + 1) * per]
        W, R = w[d], r[d]
        Wb, Rb = b[d][:gates * hidden], b[d][gates * hidden:]
        blk = lambda m, g: m[g * hidden:(g + 1) * hidden]
        back = direction == "reverse" or d == 1
        for n in range(batch):
            h, c = h_all[d, n].copy(), c_all[d, n].copy()
            steps = range(lens[n])
            for t in (reversed(steps) if back else steps):
                xt = x[t, n]
                if kind == "RNN":
                    h = f[0](cl(W @ xt + R @ h + Wb + Rb))
                elif kind == "GRU":
                    z = f[0](cl(blk(W, 0) @ xt + blk(R, 0) @ h + blk(Wb, 0) + blk(Rb, 0)))
                    rr = f[0](cl(blk(W, 1) @ xt + blk(R, 1) @ h + blk(Wb, 1) + blk(Rb, 1)))
                    if linear_before_reset:
                        hh = f[1](cl(blk(W, 2) @ xt + rr * (blk(R, 2) @ h + blk(Rb, 2))
                                     + blk(Wb, 2)))
                    else:
                        hh = f[1](cl(blk(W, 2) @ xt + blk(R, 2) @ (rr * h) + blk(Rb, 2)
                                     + blk(Wb, 2)))
                    h = (1 - z) * hh + z * h
                else:
                    pi, po, pf = ((p[d][:hidden], p[d][hidden:2 * hidden], p[d][2 * hidden:])
                                  if p is not None else (0, 0, 0))
                    pre = [blk(W, g) @ xt + blk(R, g) @ h + blk(Wb, g) + blk(Rb, g)
                           for g in range(4)]  # i, o, f, c
                    i = f[0](cl(pre[0] + pi * c))
                    ff = 1 - i if input_forget else f[0](cl(pre[2] + pf * c))
                    cc = f[1](cl(pre[3]))
                    c = ff * c + i * cc
                    o = f[0](cl(pre[1] + po * c))
                    h = o * f[2](c)
                y[t, d, n] = h
            h_all[d, n], c_all[d, n] = h, c
    if layout == 1:
        y = y.transpose(2, 0, 1, 3)
        h_all, c_all = h_all.transpose(1, 0, 2), c_all.transpose(1, 0, 2)
    return [y, h_all] + ([c_all] if kind == "LSTM" else [])


def recurrent_case(name, kind, seq, batch, inp, hidden, direction="forward", layout=0,
                   bias=True, seq_lens=None, init_h=False, init_c=False, peep=False,
                   dtypes=None, check_onnx=False, **attrs):
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    dirs = 2 if direction == "bidirectional" else 1
    x = rand(*((seq, batch, inp) if layout == 0 else (batch, seq, inp)))
    w = rand(dirs, gates * hidden, inp, scale=0.5)
    r = rand(dirs, gates * hidden, hidden, scale=0.5)
    b = rand(dirs, 2 * gates * hidden, scale=0.5) if bias else None
    sl = np.array(seq_lens, dtype=np.int32) if seq_lens is not None else None
    st = (dirs, batch, hidden) if layout == 0 else (batch, dirs, hidden)
    h0 = rand(*st) if init_h else None
    c0 = rand(*st) if init_c else None
    p = rand(dirs, 3 * hidden, scale=0.5) if peep else None
    inputs = [x, w, r, b, sl, h0] + ([c0, p] if kind == "LSTM" else [])
    while inputs[-1] is None:
        inputs.pop()
    node_attrs = {"hidden_size": hidden, **attrs}
    if direction != "forward":
        node_attrs["direction"] = direction
    if layout:
        node_attrs["layout"] = layout
    ref_kw = {k: v for k, v in attrs.items()
              if k in ("clip", "linear_before_reset", "input_forget", "activations")}
    ref_kw["alphas"] = attrs.get("activation_alpha", ())
    ref_kw["betas"] = attrs.get("activation_beta", ())
    outs = recurrent_ref(kind, x, w, r, b, sl, h0, c0, p, direction, layout, **ref_kw)
    if check_onnx:
        theirs = onnx_reference(kind, node_attrs, inputs, len(outs))
        if theirs is not None:
            agree(name, outs, theirs)
    add_case(name, kind, node_attrs, inputs, outs, dtypes=dtypes)


def recurrent_cases():
    recurrent_case("rnn_defaults", "RNN", 3, 2, 4, 5, bias=False, dtypes=["f32", "f64", "f16"],
                   check_onnx=True)
    recurrent_case("rnn_bidir_seqlens", "RNN", 4, 3, 3, 2, direction="bidirectional",
                   seq_lens=[4, 2, 0], init_h=True, activations=["Relu", "LeakyRelu"],
                   activation_alpha=[0.2])
    recurrent_case("rnn_reverse_layout1", "RNN", 3, 2, 2, 3, direction="reverse", layout=1,
                   init_h=True, activations=["Affine"], activation_alpha=[0.5],
                   activation_beta=[0.1])
    recurrent_case("rnn_clip_hardsigmoid", "RNN", 3, 1, 3, 4, clip=0.3,
                   activations=["HardSigmoid"])
    recurrent_case("gru_defaults", "GRU", 3, 2, 3, 4, dtypes=["f32", "f64"], check_onnx=True)
    recurrent_case("gru_linear_before_reset", "GRU", 4, 2, 3, 3, linear_before_reset=1,
                   init_h=True, check_onnx=True)
    recurrent_case("gru_bidir_layout1_seqlens", "GRU", 4, 3, 2, 3, direction="bidirectional",
                   layout=1, seq_lens=[1, 4, 3], init_h=True,
                   activations=["Sigmoid", "Tanh", "HardSigmoid", "Softsign"],
                   activation_alpha=[0.3], activation_beta=[0.4])
    recurrent_case("gru_reverse_clip", "GRU", 3, 2, 3, 2, direction="reverse", clip=0.5,
                   activations=["Sigmoid", "ScaledTanh"], activation_alpha=[1.5],
                   activation_beta=[0.7])
    recurrent_case("lstm_defaults", "LSTM", 3, 2, 3, 4, dtypes=["f32", "f64"], check_onnx=True)
    recurrent_case("lstm_peepholes_states", "LSTM", 3, 2, 3, 3, init_h=True, init_c=True,
                   peep=True, check_onnx=True)
    recurrent_case("lstm_bidir_seqlens", "LSTM", 4, 3, 2, 3, direction="bidirectional",
                   seq_lens=[4, 0, 2], init_h=True, init_c=True, peep=True)
    recurrent_case("lstm_layout1_reverse_forget", "LSTM", 3, 2, 3, 2, direction="reverse",
                   layout=1, init_h=True, init_c=True, input_forget=1, clip=0.8)
    recurrent_case("lstm_activations", "LSTM", 3, 2, 2, 3,
                   activations=["HardSigmoid", "Elu", "Softplus"], activation_alpha=[0.3, 0.9],
                   activation_beta=[0.6])
    recurrent_case("lstm_thresholded", "LSTM", 2, 1, 2, 2, bias=False,
                   activations=["Sigmoid", "ThresholdedRelu", "Tanh"], activation_alpha=[0.1])


# ---- ConvTranspose ---------------------------------------------------------------------------

def conv_transpose_ref(x, w, b, strides, dils, pads, out_pad, out_shape, auto_pad, group):
    n_batch, c = x.shape[:2]
    sp = x.ndim - 2
    k = w.shape[2:]
    mg = w.shape[1]
    cg = c // group
    full = [strides[i] * (x.shape[2 + i] - 1) + out_pad[i] + (k[i] - 1) * dils[i] + 1
            for i in range(sp)]
    if out_shape or auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        out = list(out_shape) if out_shape else [x.shape[2 + i] * strides[i] for i in range(sp)]
        total = [full[i] - out[i] for i in range(sp)]
        pb = [t // 2 if auto_pad == "SAME_UPPER" else t - t // 2 for t in total]
    else:
        pads = pads or [0] * (2 * sp)
        if auto_pad == "VALID":
            pads = [0] * (2 * sp)
        pb = pads[:sp]
        out = [full[i] - pads[i] - pads[i + sp] for i in range(sp)]
    y = np.zeros((n_batch, mg * group, *out))
    xd, wd = x.astype(np.float64), w.astype(np.float64)
    for n in range(n_batch):
        for ci in range(c):
            g = ci // cg
            for pos in np.ndindex(*x.shape[2:]):
                for kp in np.ndindex(*k):
                    o = [pos[i] * strides[i] + kp[i] * dils[i] - pb[i] for i in range(sp)]
                    if all(0 <= o[i] < out[i] for i in range(sp)):
                        y[(n, slice(g * mg, (g + 1) * mg), *o)] += \
                            xd[(n, ci, *pos)] * wd[(ci, slice(None), *kp)]
    if b is not None:
        y += b.astype(np.float64).reshape((1, -1) + (1,) * sp)
    return y


def conv_transpose_case(name, xs, ws, bias=True, group=1, strides=None, dils=None, pads=None,
                        out_pad=None, out_shape=None, auto_pad="NOTSET", dtypes=None,
                        check_onnx=False):
    sp = len(xs) - 2
    x, w = rand(*xs), rand(*ws)
    b = rand(ws[1] * group) if bias else None
    attrs = {}
    if group != 1:
        attrs["group"] = group
    for key, v in (("strides", strides), ("dilations", dils), ("pads", pads),
                   ("output_padding", out_pad), ("output_shape", out_shape)):
        if v:
            attrs[key] = v
    if auto_pad != "NOTSET":
        attrs["auto_pad"] = auto_pad
    y = conv_transpose_ref(x, w, b, strides or [1] * sp, dils or [1] * sp, pads,
                           out_pad or [0] * sp, out_shape, auto_pad, group)
    inputs = [x, w] + ([b] if bias else [])
    if check_onnx:
        theirs = onnx_reference("ConvTranspose", attrs, inputs, 1)
        if theirs is not None:
            agree(name, [y], theirs)
    add_case(name, "ConvTranspose", attrs, inputs, [y], dtypes=dtypes)


def conv_transpose_cases():
    conv_transpose_case("convt1d", [1, 2, 5], [2, 3, 3], strides=[2], dtypes=["f32", "f64"],
                        check_onnx=True)
    conv_transpose_case("convt2d_pads_dil", [2, 3, 4, 3], [3, 2, 3, 2], strides=[2, 1],
                        dils=[1, 2], pads=[1, 0, 2, 1], check_onnx=True)
    conv_transpose_case("convt2d_group", [1, 4, 3, 3], [4, 2, 2, 2], group=2, strides=[2, 2])
    conv_transpose_case("convt2d_depthwise_outpad", [1, 3, 3, 4], [3, 1, 3, 3], group=3,
                        strides=[2, 3], out_pad=[1, 2], bias=False)
    conv_transpose_case("convt2d_same_upper", [1, 2, 3, 4], [2, 2, 3, 2], strides=[2, 2],
                        auto_pad="SAME_UPPER", check_onnx=True)
    conv_transpose_case("convt2d_same_lower", [1, 2, 3, 3], [2, 1, 4, 3], strides=[2, 3],
                        auto_pad="SAME_LOWER", check_onnx=True)
    conv_transpose_case("convt2d_output_shape", [1, 1, 3, 3], [1, 2, 3, 3], strides=[3, 2],
                        out_shape=[10, 8], check_onnx=True)
    conv_transpose_case("convt2d_output_shape_crop", [1, 2, 4, 4], [2, 2, 3, 3],
                        strides=[2, 2], out_shape=[7, 8], auto_pad="SAME_UPPER")
    conv_transpose_case("convt3d", [1, 2, 2, 3, 2], [2, 2, 2, 2, 3], strides=[1, 2, 2],
                        pads=[0, 1, 1, 1, 0, 1], check_onnx=True)
    conv_transpose_case("convt2d_valid", [1, 1, 2, 3], [1, 1, 2, 2], auto_pad="VALID",
                        strides=[2, 2], bias=False)


# ---- LpPool / GlobalLpPool ------------------------------------------------------------------

def lp_pool_ref(x, kernel, p, strides, dils, pads, auto_pad, ceil_mode):
    sp = len(kernel)
    ins = x.shape[2:]
    eff = [(kernel[i] - 1) * dils[i] + 1 for i in range(sp)]
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        out = [-(-ins[i] // strides[i]) for i in range(sp)]
        total = [max(0, (out[i] - 1) * strides[i] + eff[i] - ins[i]) for i in range(sp)]
        pb = [t // 2 if auto_pad == "SAME_UPPER" else t - t // 2 for t in total]
    else:
        pads = [0] * (2 * sp) if auto_pad == "VALID" or not pads else pads
        pb = pads[:sp]
        out = []
        for i in range(sp):
            span = ins[i] + pads[i] + pads[i + sp] - eff[i]
            o = (-(-span // strides[i]) if ceil_mode else span // strides[i]) + 1
            if ceil_mode and (o - 1) * strides[i] >= ins[i] + pads[i]:
                o -= 1
            out.append(o)
    y = np.zeros(x.shape[:2] + tuple(out))
    xd = np.abs(x.astype(np.float64)) ** p
    for o in np.ndindex(*out):
        acc = np.zeros(x.shape[:2])
        for kp in np.ndindex(*kernel):
            pos = [o[i] * strides[i] - pb[i] + kp[i] * dils[i] for i in range(sp)]
            if all(0 <= pos[i] < ins[i] for i in range(sp)):
                acc += xd[(slice(None), slice(None), *pos)]
        y[(slice(None), slice(None), *o)] = acc ** (1.0 / p)
    return y


def lp_pool_case(name, xs, kernel, p=None, strides=None, dils=None, pads=None,
                 auto_pad="NOTSET", ceil_mode=0, dtypes=None, check_onnx=False):
    sp = len(kernel)
    x = rand(*xs)
    attrs = {"kernel_shape": kernel}
    for key, v in (("p", p), ("strides", strides), ("dilations", dils), ("pads", pads),
                   ("ceil_mode", ceil_mode)):
        if v:
            attrs[key] = v
    if auto_pad != "NOTSET":
        attrs["auto_pad"] = auto_pad
    y = lp_pool_ref(x, kernel, p or 2, strides or [1] * sp, dils or [1] * sp, pads, auto_pad,
                    ceil_mode)
    if check_onnx:
        theirs = onnx_reference("LpPool", attrs, [x], 1)
        if theirs is not None:
            agree(name, [y], theirs)
    add_case(name, "LpPool", attrs, [x], [y], dtypes=dtypes)


def lp_pool_cases():
    lp_pool_case("lppool1d", [1, 2, 7], [3], p=3, strides=[2], dtypes=["f32", "f64"],
                 check_onnx=True)
    lp_pool_case("lppool2d_default_p", [2, 2, 4, 5], [2, 2], check_onnx=True)
    lp_pool_case("lppool2d_pads_strides", [1, 1, 5, 5], [3, 3], p=1, strides=[2, 2],
                 pads=[1, 1, 1, 1], check_onnx=True)
    lp_pool_case("lppool2d_ceil_dil", [1, 2, 6, 7], [2, 2], p=2, strides=[2, 2], dils=[2, 1],
                 ceil_mode=1)
    lp_pool_case("lppool2d_same_lower", [1, 1, 5, 4], [2, 3], p=4, auto_pad="SAME_LOWER",
                 strides=[2, 1])
    lp_pool_case("lppool3d", [1, 1, 3, 4, 3], [2, 2, 2], p=3, check_onnx=True)
    for name, xs, p in (("globallppool2d", [2, 3, 3, 4], 2), ("globallppool1d_p3", [1, 2, 5], 3)):
        x = rand(*xs)
        y = (np.abs(x.astype(np.float64)) ** p).sum(axis=tuple(range(2, x.ndim)),
                                                      keepdims=True) ** (1.0 / p)
        add_case(name, "GlobalLpPool", {"p": p}, [x], [y], dtypes=["f32", "f64"])


# ---- MaxUnpool -------------------------------------------------------------------------------

def max_unpool_cases():
    # Pool a random tensor with kernel 2 / stride 2 and unpool it back.
    x = rand(2, 2, 4, 6)
    vals = np.zeros((2, 2, 2, 3), dtype=np.float32)
    idx = np.zeros((2, 2, 2, 3), dtype=np.int64)
    for n, c, i, j in np.ndindex(*vals.shape):
        win = x[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
        a = int(np.argmax(win))
        vals[n, c, i, j] = win.flat[a]
        idx[n, c, i, j] = ((n * 2 + c) * 4 + 2 * i + a // 2) * 6 + 2 * j + a % 2
    y = np.zeros(x.shape)
    y.flat[idx.ravel()] = vals.ravel()
    attrs = {"kernel_shape": [2, 2], "strides": [2, 2]}
    add_case("maxunpool2d", "MaxUnpool", attrs, [vals, idx], [y], dtypes=["f32", "f64"])
    # With output_shape one larger per spatial axis: the indices still refer to the unpooled
    # shape, whose tensor sits at the origin of the zero-padded output.
    shape = np.array([2, 2, 5, 7], dtype=np.int64)
    y2 = np.zeros(tuple(shape))
    y2[:, :, :4, :6] = y
    add_case("maxunpool2d_output_shape", "MaxUnpool", attrs, [vals, idx, shape], [y2],
             const=[2])
    # 1-D with pads: output (3 - 1) * 2 + 3 - 1 - 0 = 6.
    v1 = rand(1, 1, 3)
    i1 = np.array([[[0, 3, 5]]], dtype=np.int64)
    y1 = np.zeros((1, 1, 6))
    y1.flat[i1.ravel()] = v1.ravel()
    add_case("maxunpool1d_pads", "MaxUnpool",
             {"kernel_shape": [3], "strides": [2], "pads": [1, 0]}, [v1, i1], [y1])


# ---- Hardmax ---------------------------------------------------------------------------------

def hardmax_cases():
    for name, shape, axis in (("hardmax_last", [3, 4], -1), ("hardmax_axis0", [3, 2, 4], 0),
                              ("hardmax_axis1", [2, 3, 4], 1)):
        x = rand(*shape)
        x.flat[1] = x.flat[0] = x.max() + 1  # a tie: the first position wins
        am = np.argmax(x, axis=axis)
        y = np.zeros(x.shape)
        np.put_along_axis(y, np.expand_dims(am, axis), 1.0, axis=axis)
        attrs = {} if axis == -1 else {"axis": axis}
        add_case(name, "Hardmax", attrs, [x], [y], dtypes=["f32", "f64", "f16"])


# ---- DeformConv ------------------------------------------------------------------------------

def bilinear(plane, y, x):
    """plane sampled at (y, x), bilinear, zero outside."""
    h, w = plane.shape
    y0, x0 = int(np.floor(y)), int(np.floor(x))
    v = 0.0
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < h and 0 <= xx < w:
                v += wy * wx * plane[yy, xx]
    return v


def deform_conv_ref(x, w, offset, b, mask, strides, dils, pads, group, offset_group):
    n_batch, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    oh = (h + pads[0] + pads[2] - ((kh - 1) * dils[0] + 1)) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - ((kw - 1) * dils[1] + 1)) // strides[1] + 1
    off = offset.astype(np.float64).reshape(n_batch, offset_group, kh, kw, 2, oh, ow)
    mk = (np.ones((n_batch, offset_group, kh, kw, oh, ow)) if mask is None
          else mask.astype(np.float64).reshape(n_batch, offset_group, kh, kw, oh, ow))
    xd, wdt = x.astype(np.float64), w.astype(np.float64)
    y = np.zeros((n_batch, m, oh, ow))
    mg, cog = m // group, c // offset_group
    for n, mo, i, j in np.ndindex(n_batch, m, oh, ow):
        g = mo // mg
        acc = 0.0 if b is None else float(b[mo])
        for ci in range(cg):
            ch = g * cg + ci
            og = ch // cog
            for a, bb in np.ndindex(kh, kw):
                py = i * strides[0] - pads[0] + a * dils[0] + off[n, og, a, bb, 0, i, j]
                px = j * strides[1] - pads[1] + bb * dils[1] + off[n, og, a, bb, 1, i, j]
                acc += wdt[mo, ci, a, bb] * mk[n, og, a, bb, i, j] * bilinear(xd[n, ch], py, px)
        y[n, mo, i, j] = acc
    return y


def deform_conv_case(name, xs, ws, strides=None, dils=None, pads=None, group=1, offset_group=1,
                     bias=False, mask=False, check_onnx=False, dtypes=None):
    x, w = rand(*xs), rand(*ws)
    strides, dils, pads = strides or [1, 1], dils or [1, 1], pads or [0, 0, 0, 0]
    kh, kw = ws[2:]
    oh = (xs[2] + pads[0] + pads[2] - ((kh - 1) * dils[0] + 1)) // strides[0] + 1
    ow = (xs[3] + pads[1] + pads[3] - ((kw - 1) * dils[1] + 1)) // strides[1] + 1
    offset = rand(xs[0], offset_group * 2 * kh * kw, oh, ow, scale=1.5)
    b = rand(ws[0]) if bias else None
    mk = rng.uniform(0, 1, (xs[0], offset_group * kh * kw, oh, ow)).astype(np.float32) \
        if mask else None
    attrs = {}
    for key, v, default in (("strides", strides, [1, 1]), ("dilations", dils, [1, 1]),
                            ("pads", pads, [0, 0, 0, 0])):
        if v != default:
            attrs[key] = v
    if group != 1:
        attrs["group"] = group
    if offset_group != 1:
        attrs["offset_group"] = offset_group
    y = deform_conv_ref(x, w, offset, b, mk, strides, dils, pads, group, offset_group)
    inputs = [x, w, offset, b, mk]
    while inputs[-1] is None:
        inputs.pop()
    if check_onnx:
        theirs = onnx_reference("DeformConv", attrs, inputs, 1)
        if theirs is not None:
            agree(name, [y], theirs)
    add_case(name, "DeformConv", attrs, inputs, [y], dtypes=dtypes)


def deform_conv_cases():
    deform_conv_case("deformconv_basic", [1, 2, 4, 4], [3, 2, 2, 2], check_onnx=True,
                     dtypes=["f32", "f64"])
    deform_conv_case("deformconv_pads_stride_dil", [2, 2, 5, 6], [2, 2, 3, 2], strides=[2, 1],
                     dils=[1, 2], pads=[1, 0, 1, 1], bias=True, check_onnx=True)
    deform_conv_case("deformconv_groups_mask", [1, 4, 4, 4], [4, 2, 2, 2], group=2,
                     offset_group=2, bias=True, mask=True, check_onnx=True)


def main():
    os.makedirs(HERE, exist_ok=True)
    FIX.clear()
    recurrent_cases()
    conv_transpose_cases()
    lp_pool_cases()
    max_unpool_cases()
    hardmax_cases()
    deform_conv_cases()
    FIX.write(final_newline=True)


if __name__ == "__main__":
    main()
