#!/usr/bin/env python3
"""Writes the NumPy fixtures of the loss op tests (tests/core/ops_loss).

Expected outputs are computed here with explicit NumPy loops in float64 from float32 inputs,
following the ONNX definitions of NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss
(reduction none / sum / mean, class weights, ignore_index, N-D inputs), independently of neo.
Cases listing "dtypes" are replayed with the float inputs cast to each dtype; the integer
targets stay as stored.

Layout: <case>_in<i>.npy, <case>_out<i>.npy and cases.json (format: tests/support/op_test_util.hpp).

Run from anywhere: python3 tests/data/ops_loss/gen_fixtures.py
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20250302)
sys.path.insert(0, os.path.dirname(HERE))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)
add_case = FIX.add_case
ALL_FLOATS = ["f32", "f64", "f16", "bf16"]


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def nll_ref(logp, target, weight=None, reduction="mean", ignore_index=None):
    """logp (N, C, d...) float64, target (N, d...) -> the reduced loss (float64)."""
    n, c = logp.shape[:2]
    loss = np.zeros(target.shape)
    wsum = 0.0
    for idx in np.ndindex(*target.shape):
        t = int(target[idx])
        if ignore_index is not None and t == ignore_index:
            continue
        w = 1.0 if weight is None else float(weight[t])
        loss[idx] = -logp[(idx[0], t) + idx[1:]] * w
        wsum += w
    if reduction == "none":
        return loss
    if reduction == "sum":
        return np.array(loss.sum())
    return np.array(loss.sum() / wsum)


def log_softmax1(x):
    x = x.astype(np.float64)
    m = x.max(axis=1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))


def labels(shape, c, dtype=np.int64):
    return rng.integers(0, c, size=shape).astype(dtype)


def both(name, attrs, x, target, weight=None, dtypes=None, log_prob_out=False):
    """A NegativeLogLikelihoodLoss case on log_softmax(x) and a SoftmaxCrossEntropyLoss case on x."""
    ignore = attrs.get("ignore_index")
    red = attrs.get("reduction", "mean")
    logp = log_softmax1(x)
    nll_in = logp.astype(np.float32)
    add_case("nll_" + name, "NegativeLogLikelihoodLoss", attrs, [nll_in, target, weight],
             [nll_ref(nll_in.astype(np.float64), target, weight, red, ignore)], dtypes)
    outs = [nll_ref(logp, target, weight, red, ignore)]
    if log_prob_out:
        outs.append(logp)
    add_case("sce_" + name, "SoftmaxCrossEntropyLoss", attrs, [x, target, weight], outs, dtypes)


x = rand(4, 5)
t = labels((4,), 5)
both("mean", {}, x, t, dtypes=ALL_FLOATS)
both("sum_log_prob", {"reduction": "sum"}, x, t, log_prob_out=True)
both("none", {"reduction": "none"}, x, t, dtypes=ALL_FLOATS)
w = rng.uniform(0.2, 2.0, 5).astype(np.float32)
both("weighted_mean", {}, x, t, w, dtypes=ALL_FLOATS)
both("weighted_none_log_prob", {"reduction": "none"}, x, t, w, log_prob_out=True)

# N-D: (N, C, d1, d2), int32 labels, ignore_index inside and outside [0, C).
x = rand(2, 3, 2, 3)
t = labels((2, 2, 3), 3, np.int32)
t[0, 1, 2] = 1
t[1, 0, 0] = 1
both("nd_ignore_mean", {"ignore_index": 1}, x, t, dtypes=ALL_FLOATS, log_prob_out=True)
t2 = t.copy()
t2[0, 0, 0] = -100
t2[1, 1, 1] = -100
w = rng.uniform(0.2, 2.0, 3).astype(np.float32)
both("nd_ignore_neg_weighted_mean", {"ignore_index": -100}, x, t2, w)
both("nd_ignore_weighted_sum", {"ignore_index": 0, "reduction": "sum"}, x, t, w)
both("nd_ignore_none", {"ignore_index": 2, "reduction": "none"}, x, t)

# (N, C, d1) with a class weight and every label of one sample ignored.
x = rand(3, 4, 2)
t = labels((3, 2), 4)
t[1, :] = 3
both("3d_ignore_row_weighted_mean", {"ignore_index": 3}, x, t,
     rng.uniform(0.5, 1.5, 4).astype(np.float32))

FIX.write()
