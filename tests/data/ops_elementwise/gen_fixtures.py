#!/usr/bin/env python3
"""Writes the fixtures of tests/core/ops_elementwise: small .npy inputs and expected
outputs computed by NumPy (no SciPy; erf through math.erf), and cases.json listing
each case: its group (the test file that runs it), op, attributes, input/output files,
which inputs are graph constants, and the comparison tolerance.

Run from anywhere: python3 tests/data/ops_elementwise/gen_fixtures.py
Expected values are computed in float64 and rounded to the output dtype.
"""
import json
import math
import os
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = ("binary_arith", "compare_logic", "unary_math", "activations", "cast", "reduce",
          "arg_reduce")
for g in GROUPS:  # start from a clean slate so no stale fixture survives
    shutil.rmtree(os.path.join(HERE, g), ignore_errors=True)
rng = np.random.default_rng(20240611)
cases = []

f32, f64, f16 = np.float32, np.float64, np.float16
i8, u8, i16, i32, i64 = np.int8, np.uint8, np.int16, np.int32, np.int64


def case(group, name, op, inputs, outputs, attrs=None, const=(), rtol=1e-5, atol=1e-6):
    """inputs: arrays or None (omitted optional input); outputs: arrays."""
    os.makedirs(os.path.join(HERE, group), exist_ok=True)
    entry = {"group": group, "name": name, "op": op, "attrs": attrs or {},
             "inputs": [], "outputs": [], "const": list(const), "rtol": rtol, "atol": atol}
    for kind, arrays in (("in", inputs), ("out", outputs)):
        for i, a in enumerate(arrays):
            if a is None:
                entry["inputs"].append(None)
                continue
            fn = f"{group}/{name}.{kind}{i}.npy"
            np.save(os.path.join(HERE, fn), np.array(a, order="C"))  # keeps 0-d arrays 0-d
            entry["inputs" if kind == "in" else "outputs"].append(fn)
    cases.append(entry)


def rand(shape, dtype=f32, lo=-3.0, hi=3.0):
    if np.issubdtype(dtype, np.integer):
        return rng.integers(int(lo), int(hi) + 1, size=shape).astype(dtype)
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def nonzero_ints(shape, dtype, lo=-9, hi=9):
    a = rng.integers(lo, hi + 1, size=shape)
    a[a == 0] = 1
    return a.astype(dtype)


def in64(*arrays):
    return [a.astype(f64) for a in arrays]


# ---- binary arithmetic -------------------------------------------------------------------
G = "binary_arith"
bshapes = [("same", (2, 3, 4), (2, 3, 4)), ("vec", (2, 3, 4), (4,)), ("r3r2", (2, 1, 4), (3, 1)),
           ("r4", (1, 3, 1, 5), (2, 1, 4, 1)), ("scalar", (), (3,))]
for tag, sa, sb in bshapes:
    a, b = rand(sa), rand(sb)
    x, y = in64(a, b)
    case(G, f"add_{tag}", "Add", [a, b], [(x + y).astype(f32)])
    case(G, f"sub_{tag}", "Sub", [a, b], [(x - y).astype(f32)])
    case(G, f"mul_{tag}", "Mul", [a, b], [(x * y).astype(f32)])
    b = np.where(np.abs(b) < 0.1, f32(0.5), b).astype(f32)
    case(G, f"div_{tag}", "Div", [a, b], [(x / b.astype(f64)).astype(f32)])
for dt in (i8, u8, i16, i32, i64):
    lo = 0 if dt == u8 else -50
    a, b = rand((2, 3, 4), dt, lo, 50), rand((3, 1), dt, lo, 50)
    case(G, f"add_{dt.__name__}", "Add", [a, b], [(a.astype(i64) + b).astype(dt)])
    case(G, f"sub_{dt.__name__}", "Sub", [a, b], [(a.astype(i64) - b).astype(dt)])
    case(G, f"mul_{dt.__name__}", "Mul", [a, b], [(a.astype(i64) * b).astype(dt)])
    b = nonzero_ints((4,), dt, 1 if dt == u8 else -7, 7)
    q = np.trunc(a.astype(f64) / b.astype(f64)).astype(dt)  # C truncation
    case(G, f"div_{dt.__name__}", "Div", [a, b], [q])
a = rand((2, 3), f64)
b64 = rand((3,), f64)
case(G, "add_f64", "Add", [a, b64], [a + b64])
case(G, "div_f64", "Div", [a, b64 + 4.0], [a / (b64 + 4.0)])
# Pow: float base with float or integer exponents, integer base with integer exponents.
base = rand((2, 3, 4), f32, 0.1, 3.0)
ex = rand((3, 1), f32, -2.0, 2.0)
case(G, "pow_f32_f32", "Pow", [base, ex], [np.power(*in64(base, ex)).astype(f32)])
nb = np.array([[-2.0, -1.5, 0.0, 1.0], [2.0, 3.0, -3.0, 0.5]], f32)
ie = np.array([3, 2, 1, 0], i64)
case(G, "pow_f32_i64", "Pow", [nb, ie], [np.power(nb.astype(f64), ie.astype(f64)).astype(f32)])
ib = np.array([[-3, -2, 0, 1], [2, 3, 5, 7]], i64)
case(G, "pow_i64_i64", "Pow", [ib, ie], [np.power(ib, ie)])
pb, pe = np.array([[1, 2, 3, 4], [5, 6, 7, 8]], i32), np.array([2.0, 0.5, 1.0, 3.0], f32)
case(G, "pow_i32_f32", "Pow", [pb, pe], [np.trunc(np.power(*in64(pb, pe))).astype(i32)])
# Mod: integer fmod=0 (sign of the divisor) and fmod=1 (sign of the dividend), float fmod=1.
for dt in (i32, i64, i8):
    a, b = rand((2, 3, 4), dt, -20, 20), nonzero_ints((4,), dt, -7, 7)
    case(G, f"mod_{dt.__name__}", "Mod", [a, b], [np.mod(a, b)])
    case(G, f"fmod_{dt.__name__}", "Mod", [a, b], [np.fmod(a, b)], {"fmod": 1})
a, b = rand((2, 3, 4), f32, -10, 10), rand((3, 1), f32, 0.5, 4)
b[0, 0] = -b[0, 0]
case(G, "fmod_f32", "Mod", [a, b], [np.fmod(*in64(a, b)).astype(f32)], {"fmod": 1})
# Variadic Max Min Sum Mean with broadcasting (and a NaN, which Max/Min propagate).
v = [rand((2, 1, 4)), rand((3, 1)), rand((4,))]
v[0][0, 0, 1] = np.nan
x = in64(*v)
case(G, "max_3", "Max", v, [np.maximum(np.maximum(x[0], x[1]), x[2]).astype(f32)])
case(G, "min_3", "Min", v, [np.minimum(np.minimum(x[0], x[1]), x[2]).astype(f32)])
case(G, "sum_3", "Sum", v, [(x[0] + x[1] + x[2]).astype(f32)])
case(G, "mean_3", "Mean", v, [((x[0] + x[1] + x[2]) / 3).astype(f32)])
case(G, "sum_1", "Sum", [v[1]], [v[1]])
w = [rand((2, 3), i64, -9, 9), rand((3,), i64, -9, 9)]
case(G, "max_i64", "Max", w, [np.maximum(*w)])
m0, m1 = rand((2, 3), u8, 0, 200), rand((2, 1), u8, 0, 200)
case(G, "min_u8", "Min", [m0, m1], [np.minimum(m0, m1)])
d = [rand((2, 3), f64), rand((3,), f64)]
case(G, "mean_f64", "Mean", d, [(d[0] + d[1]) / 2])

# ---- comparisons and logic -----------------------------------------------------------------
G = "compare_logic"
for name, fn in (("Equal", np.equal), ("Less", np.less), ("LessOrEqual", np.less_equal),
                 ("Greater", np.greater), ("GreaterOrEqual", np.greater_equal)):
    a, b = rand((2, 3, 4), i32, -2, 2), rand((3, 1), i32, -2, 2)
    case(G, f"{name}_i32", name, [a, b], [fn(a, b)])
    a = np.round(rand((2, 1, 4)) * 2) / 2
    b = np.round(rand((3, 1)) * 2) / 2
    a[0, 0, 0] = np.nan
    case(G, f"{name}_f32", name, [a, b], [fn(a, b)])
a, b = rand((2, 3), u8, 0, 3), rand((3,), u8, 0, 3)
case(G, "Greater_u8", "Greater", [a, b], [np.greater(a, b)])
a, b = rand((4,), f64, -1, 1), rand((1,), f64, -1, 1)
case(G, "Less_f64", "Less", [a, b], [a < b])
ba = rng.integers(0, 2, size=(2, 3, 4)).astype(bool)
bb = rng.integers(0, 2, size=(3, 1)).astype(bool)
case(G, "Equal_bool", "Equal", [ba, bb], [ba == bb])
case(G, "And", "And", [ba, bb], [ba & bb])
case(G, "Or", "Or", [ba, bb], [ba | bb])
case(G, "Xor", "Xor", [ba, bb], [ba ^ bb])
case(G, "Not", "Not", [ba], [~ba])
cond = rng.integers(0, 2, size=(2, 1, 4)).astype(bool)
x, y = rand((3, 1)), rand((4,))
case(G, "Where_f32", "Where", [cond, x, y], [np.where(cond, x, y)])
x, y = rand((2, 3, 4), i64, -9, 9), rand((), i64, -9, 9)
case(G, "Where_i64", "Where", [cond, x, y], [np.where(cond, x, y)])

# ---- unary math ----------------------------------------------------------------------------
G = "unary_math"
erf = np.vectorize(math.erf)
unary = {
    "Exp": (np.exp, -3, 3), "Log": (np.log, 0.05, 5), "Sqrt": (np.sqrt, 0, 9),
    "Reciprocal": (lambda v: 1 / v, 0.2, 5), "Floor": (np.floor, -3, 3), "Ceil": (np.ceil, -3, 3),
    "Sin": (np.sin, -4, 4), "Cos": (np.cos, -4, 4), "Tan": (np.tan, -1.2, 1.2),
    "Asin": (np.arcsin, -1, 1), "Acos": (np.arccos, -1, 1), "Atan": (np.arctan, -5, 5),
    "Sinh": (np.sinh, -3, 3), "Cosh": (np.cosh, -3, 3), "Tanh": (np.tanh, -3, 3),
    "Asinh": (np.arcsinh, -5, 5), "Acosh": (np.arccosh, 1, 5), "Atanh": (np.arctanh, -0.95, 0.95),
    "Erf": (erf, -3, 3), "Abs": (np.abs, -3, 3), "Neg": (np.negative, -3, 3),
    "Sign": (np.sign, -3, 3),
}
for name, (fn, lo, hi) in unary.items():
    x = rand((3, 4), f32, lo, hi)
    case(G, f"{name}_f32", name, [x], [fn(x.astype(f64)).astype(f32)])
    x = rand((5,), f64, lo, hi)
    case(G, f"{name}_f64", name, [x], [fn(x)])
r = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49, -0.51, 2.0], f32)
case(G, "Round_f32", "Round", [r], [np.round(r)])  # numpy rounds half to even
s = np.array([-2.0, -0.0, 0.0, 3.5, np.nan], f32)
case(G, "Sign_special", "Sign", [s], [np.sign(s)])
for dt in (i8, i32, i64):
    x = rand((2, 5), dt, -9, 9)
    case(G, f"Abs_{dt.__name__}", "Abs", [x], [np.abs(x)])
    case(G, f"Neg_{dt.__name__}", "Neg", [x], [np.negative(x)])
    case(G, f"Sign_{dt.__name__}", "Sign", [x], [np.sign(x)])
x = rand((6,), u8, 0, 250)
case(G, "Abs_u8", "Abs", [x], [x])
sp = np.array([1.0, np.nan, np.inf, -np.inf, -0.0, 3.0e38], f32)
case(G, "IsNaN", "IsNaN", [sp], [np.isnan(sp)])
case(G, "IsInf", "IsInf", [sp], [np.isinf(sp)])
case(G, "IsInf_pos_only", "IsInf", [sp], [np.isposinf(sp)], {"detect_negative": 0})
case(G, "IsInf_neg_only", "IsInf", [sp], [np.isneginf(sp)], {"detect_positive": 0})

# ---- activations ---------------------------------------------------------------------------
G = "activations"
x = rand((2, 3, 4), f32, -4, 4)
x[0, 0, :3] = [0.0, -0.0, 1e-3]
X = x.astype(f64)
sel_a, sel_g = 1.67326319217681884765625, 1.05070102214813232421875


def softplus(v):
    return np.log1p(np.exp(-np.abs(v))) + np.maximum(v, 0)


acts = [
    ("Relu", {}, np.maximum(X, 0)),
    ("Sigmoid", {}, 1 / (1 + np.exp(-X))),
    ("LeakyRelu_default", {}, np.where(X < 0, 0.01 * X, X)),
    ("LeakyRelu", {"alpha": 0.2}, np.where(X < 0, 0.2 * X, X)),
    ("Elu", {}, np.where(X < 0, np.expm1(X), X)),
    ("Elu_alpha", {"alpha": 0.5}, np.where(X < 0, 0.5 * np.expm1(X), X)),
    ("Selu", {}, np.where(X > 0, sel_g * X, sel_g * (sel_a * np.exp(X) - sel_a))),
    ("Selu_attrs", {"alpha": 2.0, "gamma": 3.0}, np.where(X > 0, 3 * X, 3 * (2 * np.exp(X) - 2))),
    ("Celu", {}, np.maximum(0, X) + np.minimum(0, np.expm1(X))),
    ("Celu_alpha", {"alpha": 2.0}, np.maximum(0, X) + np.minimum(0, 2 * np.expm1(X / 2))),
    ("HardSigmoid", {}, np.clip(0.2 * X + 0.5, 0, 1)),
    ("HardSigmoid_attrs", {"alpha": 0.5, "beta": 0.25}, np.clip(0.5 * X + 0.25, 0, 1)),
    ("HardSwish", {}, X * np.clip(X / 6 + 0.5, 0, 1)),
    ("Softplus", {}, np.log(np.exp(X) + 1)),
    ("Softsign", {}, X / (1 + np.abs(X))),
    ("Mish", {}, X * np.tanh(softplus(X))),
    ("Gelu", {}, 0.5 * X * (1 + erf(X / math.sqrt(2)))),
    ("Gelu_tanh", {"approximate": "tanh"},
     0.5 * X * (1 + np.tanh(math.sqrt(2 / math.pi) * (X + 0.044715 * X ** 3)))),
    ("ThresholdedRelu", {}, np.where(X > 1.0, X, 0)),
    ("ThresholdedRelu_alpha", {"alpha": 0.5}, np.where(X > 0.5, X, 0)),
]
for name, attrs, want in acts:
    case(G, name, name.split("_")[0], [x], [want.astype(f32)], attrs)
    case(G, name + "_f64", name.split("_")[0], [X], [want], attrs)
xi = rand((2, 5), i32, -9, 9)
case(G, "Relu_i32", "Relu", [xi], [np.maximum(xi, 0)])
# PRelu: slope broadcast unidirectionally to X.
x4 = rand((2, 3, 2, 2), f32)
for tag, slope in (("channel", rand((3, 1, 1), f32, 0, 1)), ("scalar", np.array([0.25], f32)),
                   ("full", rand((2, 3, 2, 2), f32, 0, 1))):
    case(G, f"PRelu_{tag}", "PRelu", [x4, slope],
         [np.where(x4 < 0, x4.astype(f64) * slope, x4).astype(f32)])
pi = rand((2, 4), i64, -9, 9)
ps = rand((4,), i64, 0, 3)
case(G, "PRelu_i64", "PRelu", [pi, ps], [np.where(pi < 0, pi * ps, pi)])
# Clip: bounds are optional scalar inputs.
lo, hi = np.array(-1.0, f32), np.array(1.5, f32)
case(G, "Clip_both", "Clip", [x, lo, hi], [np.clip(x, lo, hi)])
case(G, "Clip_min", "Clip", [x, lo], [np.maximum(x, lo)])
case(G, "Clip_max", "Clip", [x, None, hi], [np.minimum(x, hi)])
case(G, "Clip_none", "Clip", [x], [x])
case(G, "Clip_min_gt_max", "Clip", [x, hi, lo], [np.full_like(x, lo)])
case(G, "Clip_i32", "Clip", [xi, np.array(-2, i32), np.array(3, i32)], [np.clip(xi, -2, 3)])

# ---- casts ---------------------------------------------------------------------------------
G = "cast"
xf = np.array([[-2.7, -1.5, -0.4, 0.0], [0.6, 1.5, 2.9, 100.25]], f32)
onnx = {f32: 1, u8: 2, i8: 3, i16: 5, i32: 6, i64: 7, bool: 9, f16: 10, f64: 11}
for dt in (i32, i64, i8, i16, f64, f16, bool):
    case(G, f"f32_to_{np.dtype(dt).name}", "Cast", [xf], [xf.astype(dt)], {"to": onnx[dt]})
xi = np.array([-300, -129, -1, 0, 1, 127, 255, 70000], i64)
for dt in (i8, u8, i16, i32, f32, f64, bool):
    case(G, f"i64_to_{np.dtype(dt).name}", "Cast", [xi], [xi.astype(dt)], {"to": onnx[dt]})
xb = np.array([True, False, True], bool)
case(G, "bool_to_f32", "Cast", [xb], [xb.astype(f32)], {"to": 1})
case(G, "bool_to_i64", "Cast", [xb], [xb.astype(i64)], {"to": 7})
xh = np.array([0.1, -2.5, 65504, 1e-4], f16)
case(G, "f16_to_f32", "Cast", [xh], [xh.astype(f32)], {"to": 1})
case(G, "f64_to_f16", "Cast", [np.array([0.1, -2.5, 1e5, 3.14159], f64)],
     [np.array([0.1, -2.5, 1e5, 3.14159], f64).astype(f16)], {"to": 10})
case(G, "castlike_f32_to_i64", "CastLike", [xf, np.zeros((1,), i64)], [xf.astype(i64)])
case(G, "castlike_i64_to_f64", "CastLike", [xi, np.zeros((), f64)], [xi.astype(f64)])
case(G, "identity_f32", "Identity", [xf], [xf])
case(G, "identity_bool", "Identity", [xb], [xb])

# ---- reductions ----------------------------------------------------------------------------
G = "reduce"
xr = rand((2, 3, 4), f32, -2, 2)
XR = xr.astype(f64)
reds = {
    "ReduceSum": lambda v, ax, kd: np.sum(v, axis=ax, keepdims=kd),
    "ReduceMean": lambda v, ax, kd: np.mean(v, axis=ax, keepdims=kd),
    "ReduceMax": lambda v, ax, kd: np.max(v, axis=ax, keepdims=kd),
    "ReduceMin": lambda v, ax, kd: np.min(v, axis=ax, keepdims=kd),
    "ReduceProd": lambda v, ax, kd: np.prod(v, axis=ax, keepdims=kd),
    "ReduceL1": lambda v, ax, kd: np.sum(np.abs(v), axis=ax, keepdims=kd),
    "ReduceL2": lambda v, ax, kd: np.sqrt(np.sum(v * v, axis=ax, keepdims=kd)),
    "ReduceLogSumExp": lambda v, ax, kd: np.log(np.sum(np.exp(v), axis=ax, keepdims=kd)),
    "ReduceSumSquare": lambda v, ax, kd: np.sum(v * v, axis=ax, keepdims=kd),
}
for name, fn in reds.items():
    for tag, axes, kd in (("ax1", [1], 1), ("ax02", [0, 2], 0), ("neg", [-1], 1), ("all", None, 0),
                          ("all_keep", None, 1)):
        ins = [xr] if axes is None else [xr, np.array(axes, i64)]
        ax = None if axes is None else tuple(axes)
        case(G, f"{name}_{tag}", name, ins, [np.asarray(fn(XR, ax, bool(kd))).astype(f32)],
             {"keepdims": kd}, const=[1] if axes is not None else [])
    case(G, f"{name}_noop", name, [xr, np.zeros((0,), i64)], [xr],
         {"noop_with_empty_axes": 1}, const=[1])
    case(G, f"{name}_f64", name, [XR, np.array([0, 1], i64)], [fn(XR, (0, 1), True)], const=[1])
# ReduceLogSum needs positive sums; positive data made from xr (no new random draws).
xp = np.abs(xr) + np.float32(0.1)
for tag, axes, kd in (("ax1", [1], 1), ("ax02", [0, 2], 0), ("all", None, 0)):
    ins = [xp] if axes is None else [xp, np.array(axes, i64)]
    ax = None if axes is None else tuple(axes)
    out = np.log(np.sum(xp.astype(f64), axis=ax, keepdims=bool(kd))).astype(f32)
    case(G, f"ReduceLogSum_{tag}", "ReduceLogSum", ins, [np.asarray(out)], {"keepdims": kd},
         const=[1] if axes is not None else [])
xi = rand((2, 3, 4), i32, -5, 5)
for name in ("ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceSumSquare"):
    case(G, f"{name}_i32", name, [xi, np.array([2], i64)],
         [reds[name](xi.astype(i64), (2,), True).astype(i32)], const=[1])
case(G, "ReduceMean_i64", "ReduceMean", [xi.astype(i64), np.array([1], i64)],
     [np.trunc(np.mean(xi, axis=1, keepdims=True)).astype(i64)], const=[1])
case(G, "ReduceMax_bool", "ReduceMax", [xi > 0, np.array([1], i64)], [np.any(xi > 0, axis=1)],
     {"keepdims": 0}, const=[1])
case(G, "ReduceMin_bool", "ReduceMin", [xi > -4, np.array([1], i64)], [np.all(xi > -4, axis=1)],
     {"keepdims": 0}, const=[1])
case(G, "ReduceMax_u8", "ReduceMax", [xi.astype(u8) % 50, np.array([0], i64)],
     [np.max(xi.astype(u8) % 50, axis=0, keepdims=True)], const=[1])
# Reductions over no elements give the identity.
e = np.zeros((2, 0, 3), f32)
for name, val in (("ReduceSum", 0.0), ("ReduceProd", 1.0), ("ReduceMax", -np.inf),
                  ("ReduceMin", np.inf), ("ReduceL2", 0.0), ("ReduceLogSumExp", -np.inf),
                  ("ReduceMean", np.nan)):
    case(G, f"{name}_empty", name, [e, np.array([1], i64)], [np.full((2, 1, 3), val, f32)],
         const=[1])
# 1x64x56x56-sized data is too big for a fixture; a rank-4 case of moderate size:
x4 = rand((2, 5, 6, 7), f32)
case(G, "ReduceMean_r4_hw", "ReduceMean", [x4, np.array([2, 3], i64)],
     [np.mean(x4.astype(f64), axis=(2, 3), keepdims=True).astype(f32)], const=[1])

# ---- ArgMax / ArgMin -----------------------------------------------------------------------
G = "arg_reduce"
xa = rand((3, 4, 5), f32)
for name, fn in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
    for axis in (0, 1, -1):
        case(G, f"{name}_ax{axis}", name, [xa], [np.expand_dims(fn(xa, axis=axis), axis)],
             {"axis": axis})
        case(G, f"{name}_ax{axis}_nokeep", name, [xa], [fn(xa, axis=axis)],
             {"axis": axis, "keepdims": 0})
    ti = rand((4, 6), i32, 0, 2)  # many ties
    case(G, f"{name}_ties_first", name, [ti], [np.expand_dims(fn(ti, axis=1), 1)], {"axis": 1})
    last = ti.shape[1] - 1 - fn(ti[:, ::-1], axis=1)
    case(G, f"{name}_ties_last", name, [ti], [np.expand_dims(last, 1).astype(i64)],
         {"axis": 1, "select_last_index": 1})
    tn = np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 1.0, 0.0, 5.0]], f32)
    case(G, f"{name}_nan", name, [tn], [fn(tn, axis=1)], {"axis": 1, "keepdims": 0})


def main():
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]\n")
    total = sum(os.path.getsize(os.path.join(dp, fn))
                for dp, _, fns in os.walk(HERE) for fn in fns)
    print(f"{len(cases)} cases, {total} bytes")


if __name__ == "__main__":
    main()
