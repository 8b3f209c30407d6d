#!/usr/bin/env python3
"""Writes the NumPy fixtures of the normalization op tests (tests/core/ops_norm).

Every expected output is computed here with plain NumPy in float64 from float32 inputs,
straight from the ONNX operator definitions (LRN, LpNormalization, MeanVarianceNormalization,
GroupNormalization-21, RMSNormalization-23), independently of neo. Cases listing "dtypes"
are replayed with the float32 inputs cast to each dtype.

Layout: <case>_in<i>.npy, <case>_out<i>.npy and cases.json (format: tests/support/op_test_util.hpp).

Run from anywhere: python3 tests/data/ops_norm/gen_fixtures.py
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20250301)
sys.path.insert(0, os.path.dirname(HERE))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)
add_case = FIX.add_case
ALL_FLOATS = ["f32", "f64", "f16", "bf16"]


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# ---- LRN: sum of squares over a window of channels, per position -----------------------

def lrn_ref(x, size, alpha=1e-4, beta=0.75, bias=1.0):
    x = x.astype(np.float64)
    c = x.shape[1]
    lo, hi = (size - 1) // 2, size - 1 - (size - 1) // 2
    y = np.empty_like(x)
    for ch in range(c):
        window = x[:, max(0, ch - lo):min(c, ch + hi + 1)]
        sq = np.sum(window * window, axis=1)
        y[:, ch] = x[:, ch] / (bias + alpha / size * sq) ** beta
    return y


x = rand(2, 5, 3, 3)
add_case("lrn_default", "LRN", {"size": 3}, [x], [lrn_ref(x, 3)], ALL_FLOATS)
x = rand(1, 6, 4) * 4
add_case("lrn_even_size", "LRN", {"size": 4, "alpha": 0.02, "beta": 0.5, "bias": 2.0}, [x],
         [lrn_ref(x, 4, 0.02, 0.5, 2.0)], ALL_FLOATS)
x = rand(2, 3)
add_case("lrn_rank2_big_window", "LRN", {"size": 7, "alpha": 0.5, "beta": 1.0}, [x],
         [lrn_ref(x, 7, 0.5, 1.0)])

# ---- LpNormalization ------------------------------------------------------------------------

def lp_ref(x, axis, p):
    x = x.astype(np.float64)
    norm = np.sum(np.abs(x) ** p, axis=axis, keepdims=True) ** (1.0 / p)
    return x / norm


x = rand(2, 3, 4)
add_case("lpnorm_default", "LpNormalization", {}, [x], [lp_ref(x, -1, 2)], ALL_FLOATS)
add_case("lpnorm_l1_axis1", "LpNormalization", {"axis": 1, "p": 1}, [x], [lp_ref(x, 1, 1)],
         ALL_FLOATS)
add_case("lpnorm_axis0", "LpNormalization", {"axis": 0}, [x], [lp_ref(x, 0, 2)])

# ---- MeanVarianceNormalization ----------------------------------------------------------------

def mvn_ref(x, axes):
    x = x.astype(np.float64)
    mean = np.mean(x, axis=tuple(axes), keepdims=True)
    std = np.sqrt(np.mean(x * x, axis=tuple(axes), keepdims=True) - mean * mean)
    return (x - mean) / (std + 1e-9)


x = rand(2, 3, 2, 2) * 3 + 1
add_case("mvn_default", "MeanVarianceNormalization", {}, [x], [mvn_ref(x, [0, 2, 3])], ALL_FLOATS)
x = rand(3, 4, 5)
add_case("mvn_axes_neg", "MeanVarianceNormalization", {"axes": [-1]}, [x], [mvn_ref(x, [2])])
add_case("mvn_axes_0_1", "MeanVarianceNormalization", {"axes": [1, 0]}, [x], [mvn_ref(x, [0, 1])])

# ---- GroupNormalization (opset 21: scale and bias per channel) ----------------------------------

def group_norm_ref(x, scale, bias, groups, eps=1e-5):
    x = x.astype(np.float64)
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = g.var(axis=2, keepdims=True)
    y = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    bshape = (1, c) + (1,) * (x.ndim - 2)
    return y * scale.astype(np.float64).reshape(bshape) + bias.astype(np.float64).reshape(bshape)


x, s, b = rand(2, 6, 3, 2), rand(6), rand(6)
add_case("group_norm_3_groups", "GroupNormalization", {"num_groups": 3}, [x, s, b],
         [group_norm_ref(x, s, b, 3)], ALL_FLOATS)
add_case("group_norm_1_group_eps", "GroupNormalization", {"num_groups": 1, "epsilon": 0.1},
         [x, s, b], [group_norm_ref(x, s, b, 1, 0.1)])
add_case("group_norm_instance", "GroupNormalization", {"num_groups": 6, "stash_type": 11},
         [x, s, b], [group_norm_ref(x, s, b, 6)])
x, s, b = rand(3, 4), rand(4), rand(4)
add_case("group_norm_rank2", "GroupNormalization", {"num_groups": 2}, [x, s, b],
         [group_norm_ref(x, s, b, 2)])

# ---- RMSNormalization ------------------------------------------------------------------------------

def rms_ref(x, scale, axis=-1, eps=1e-5):
    x = x.astype(np.float64)
    axis = axis % x.ndim
    axes = tuple(range(axis, x.ndim))
    rms = np.sqrt(np.mean(x * x, axis=axes, keepdims=True) + eps)
    return x / rms * scale.astype(np.float64)


x = rand(2, 3, 4)
s = rand(4)
add_case("rms_default", "RMSNormalization", {}, [x, s], [rms_ref(x, s)], ALL_FLOATS)
s = rand(3, 4)
add_case("rms_axis1_eps", "RMSNormalization", {"axis": 1, "epsilon": 0.5}, [x, s],
         [rms_ref(x, s, 1, 0.5)], ALL_FLOATS)
s = rand(2, 3, 4)
add_case("rms_axis_neg3", "RMSNormalization", {"axis": -3}, [x, s], [rms_ref(x, s, -3)])
s = rand(1)
add_case("rms_scalar_scale", "RMSNormalization", {"axis": -2}, [x, s], [rms_ref(x, s, -2)])

FIX.write()
