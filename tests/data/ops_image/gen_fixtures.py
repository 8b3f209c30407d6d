#!/usr/bin/env python3
"""Writes the NumPy fixtures of tests/core/ops_image (Resize, TopK) and cases.json.

Resize is computed here independently of the C++ code, straight from the ONNX operator
text: for every output element, each resized axis maps the output coordinate to an input
coordinate (coordinate_transformation_mode), picks its 1-D taps and weights (nearest /
linear / cubic), and the output is the sum over the tensor product of the per-axis taps.
TopK uses numpy's stable argsort (ties: lower index first).

Run from anywhere: python3 gen_fixtures.py
"""
import itertools
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(1234)
cases = []


def save(name, arr):
    np.save(os.path.join(HERE, name), arr)
    return name


# ---- Resize ------------------------------------------------------------------------------

def coord(j, n, m, scale, mode, rs=0.0, re=1.0):
    """Input coordinate of output index j (n inputs, m outputs) along one axis."""
    length_resized = scale * n  # the ONNX reference uses scale * input length
    if mode == "half_pixel":
        return (j + 0.5) / scale - 0.5
    if mode == "half_pixel_symmetric":
        adjustment = m / length_resized
        center = n / 2
        offset = center * (1 - adjustment)
        return offset + (j + 0.5) / scale - 0.5
    if mode == "pytorch_half_pixel":
        return (j + 0.5) / scale - 0.5 if length_resized > 1 else 0.0
    if mode == "align_corners":
        return 0.0 if length_resized == 1 else j * (n - 1) / (length_resized - 1)
    if mode == "asymmetric":
        return j / scale
    if mode == "tf_crop_and_resize":
        if m > 1:
            return rs * (n - 1) + j * (re - rs) * (n - 1) / (m - 1)
        return 0.5 * (rs + re) * (n - 1)
    raise ValueError(mode)


def cubic(s, a):
    s = abs(s)
    if s <= 1:
        return (a + 2) * s ** 3 - (a + 3) * s ** 2 + 1
    if s < 2:
        return a * s ** 3 - 5 * a * s ** 2 + 8 * a * s - 4 * a
    return 0.0


def taps_1d(x, n, at):
    """[(index, weight)] of input coordinate x, or None for the extrapolation value."""
    if at["coord"] == "tf_crop_and_resize" and (x < 0 or x > n - 1):
        return None
    x0 = math.floor(x)
    frac = x - x0
    if at["mode"] == "nearest":
        nm = at["nearest_mode"]
        if frac == 0:
            i = x0
        elif nm == "round_prefer_floor":
            i = x0 if frac <= 0.5 else x0 + 1
        elif nm == "round_prefer_ceil":
            i = x0 if frac < 0.5 else x0 + 1
        elif nm == "floor":
            i = x0
        else:
            i = x0 + 1
        return [(min(max(i, 0), n - 1), 1.0)]
    if at["mode"] == "linear":
        t = [(x0, 1 - frac), (x0 + 1, frac)]
    else:
        t = [(x0 + k, cubic(frac - k, at["a"])) for k in (-1, 0, 1, 2)]
    if at["exclude"]:
        t = [(i, w if 0 <= i < n else 0.0) for i, w in t]
        s = sum(w for _, w in t)
        t = [(i, w / s) for i, w in t]
    return [(min(max(i, 0), n - 1), w) for i, w in t]


def resize_ref(x, scales, out_shape, at, roi):
    x = x.astype(np.float64)
    out = np.zeros(out_shape)
    per_axis = []
    for d in range(x.ndim):
        n, m = x.shape[d], out_shape[d]
        per_axis.append([taps_1d(coord(j, n, m, scales[d], at["coord"], roi[0][d], roi[1][d]), n, at)
                         for j in range(m)])
    for idx in itertools.product(*[range(m) for m in out_shape]):
        t = [per_axis[d][idx[d]] for d in range(x.ndim)]
        if any(v is None for v in t):
            out[idx] = at["extrapolation"]
            continue
        acc = 0.0
        for combo in itertools.product(*t):
            w = 1.0
            for _, wd in combo:
                w *= wd
            acc += w * x[tuple(i for i, _ in combo)]
        out[idx] = acc
    return out


def resize_case(name, shape, attrs, scales=None, sizes=None, roi=None, axes=None):
    x = rng.uniform(-2, 2, size=shape).astype(np.float32)
    rank = len(shape)
    ax = list(range(rank)) if axes is None else [a % rank for a in axes]
    at = {
        "mode": attrs.get("mode", "nearest"),
        "coord": attrs.get("coordinate_transformation_mode", "half_pixel"),
        "nearest_mode": attrs.get("nearest_mode", "round_prefer_floor"),
        "a": attrs.get("cubic_coeff_a", -0.75),
        "exclude": attrs.get("exclude_outside", 0),
        "extrapolation": attrs.get("extrapolation_value", 0.0),
    }
    policy = attrs.get("keep_aspect_ratio_policy", "stretch")
    full_scales = [1.0] * rank
    out_shape = list(shape)
    starts, ends = [0.0] * rank, [1.0] * rank
    if roi is not None and at["coord"] == "tf_crop_and_resize":
        r = np.array(roi, dtype=np.float32).astype(np.float64)
        for i, a in enumerate(ax):
            starts[a], ends[a] = r[i], r[len(ax) + i]
    if scales is not None:
        s = np.array(scales, dtype=np.float32).astype(np.float64)  # as stored (float32)
        for i, a in enumerate(ax):
            full_scales[a] = s[i]
            length = shape[a] * s[i]
            if at["coord"] == "tf_crop_and_resize":
                length *= ends[a] - starts[a]
            out_shape[a] = int(math.floor(length))
    elif policy == "stretch":
        for i, a in enumerate(ax):
            out_shape[a] = sizes[i]
            full_scales[a] = sizes[i] / shape[a]
    else:
        ratios = [sizes[i] / shape[a] for i, a in enumerate(ax)]
        s = min(ratios) if policy == "not_larger" else max(ratios)
        for a in ax:
            full_scales[a] = s
            out_shape[a] = int(math.floor(s * shape[a] + 0.5))
    y = resize_ref(x, full_scales, out_shape, at, (starts, ends))
    ins = [save(f"resize_{name}_x.npy", x)]
    ins.append(save(f"resize_{name}_roi.npy", np.array(roi, dtype=np.float32)) if roi is not None else None)
    ins.append(save(f"resize_{name}_scales.npy", np.array(scales, dtype=np.float32)) if scales is not None else None)
    ins.append(save(f"resize_{name}_sizes.npy", np.array(sizes, dtype=np.int64)) if sizes is not None else None)
    if axes is not None:
        attrs = dict(attrs, axes=axes)
    cases.append({"op": "Resize", "name": name, "attrs": attrs, "inputs": ins,
                  "outputs": [save(f"resize_{name}_y.npy", y)]})


S = (1, 2, 3, 4)
# nearest: the nearest modes and coordinate modes, up- and downsampling, scales and sizes.
resize_case("nearest_default_up", S, {}, scales=[1, 1, 2, 3])
resize_case("nearest_prefer_ceil_asym", S, {"nearest_mode": "round_prefer_ceil",
            "coordinate_transformation_mode": "asymmetric"}, scales=[1, 1, 1.7, 2.5])
resize_case("nearest_floor_align", S, {"nearest_mode": "floor",
            "coordinate_transformation_mode": "align_corners"}, sizes=[1, 2, 7, 6])
resize_case("nearest_ceil_half", S, {"nearest_mode": "ceil"}, scales=[1, 1, 2.5, 1.5])
resize_case("nearest_down", (1, 2, 5, 7), {}, scales=[1, 1, 0.6, 0.45])
resize_case("nearest_pytorch_sizes", S, {"coordinate_transformation_mode": "pytorch_half_pixel",
            "nearest_mode": "round_prefer_ceil"}, sizes=[1, 2, 5, 3])
resize_case("nearest_tf_half", (1, 1, 4, 4), {"coordinate_transformation_mode": "half_pixel"},
            sizes=[1, 1, 3, 2])
# linear
resize_case("linear_half_up", S, {"mode": "linear"}, scales=[1, 1, 2, 1.5])
resize_case("linear_half_down", (1, 2, 5, 6), {"mode": "linear"}, sizes=[1, 2, 3, 2])
resize_case("linear_align_sizes", S, {"mode": "linear",
            "coordinate_transformation_mode": "align_corners"}, sizes=[1, 2, 7, 8])
resize_case("linear_align_scales", S, {"mode": "linear",
            "coordinate_transformation_mode": "align_corners"}, scales=[1, 1, 2, 1.25])
resize_case("linear_asym", (1, 2, 4, 5), {"mode": "linear",
            "coordinate_transformation_mode": "asymmetric"}, scales=[1, 1, 0.5, 0.75])
resize_case("linear_symmetric", S, {"mode": "linear",
            "coordinate_transformation_mode": "half_pixel_symmetric"}, scales=[1, 1, 1.7, 2.3])
resize_case("linear_axes", S, {"mode": "linear"}, scales=[2.0, 1.5], axes=[2, -1])
resize_case("linear_tf_crop", (1, 1, 5, 6), {"mode": "linear",
            "coordinate_transformation_mode": "tf_crop_and_resize", "extrapolation_value": 7.5},
            sizes=[1, 1, 4, 5], roi=[0, 0, 0.2, -0.1, 1, 1, 0.9, 1.2])
resize_case("linear_not_larger", S, {"mode": "linear",
            "keep_aspect_ratio_policy": "not_larger"}, sizes=[7, 8], axes=[2, 3])
# cubic
resize_case("cubic_half_up", S, {"mode": "cubic"}, scales=[1, 1, 2, 2])
resize_case("cubic_half_sizes", S, {"mode": "cubic"}, sizes=[1, 2, 5, 9])
resize_case("cubic_half_down", (1, 1, 6, 7), {"mode": "cubic"}, scales=[1, 1, 0.5, 0.6])
resize_case("cubic_exclude", S, {"mode": "cubic", "exclude_outside": 1,
            "cubic_coeff_a": -0.5}, scales=[1, 1, 1.5, 2.5])
resize_case("cubic_asym", S, {"mode": "cubic",
            "coordinate_transformation_mode": "asymmetric"}, sizes=[1, 2, 6, 5])


# ---- TopK --------------------------------------------------------------------------------

def topk_case(name, x, k, axis=-1, largest=1):
    key = x.astype(np.float64)
    order = np.argsort(-key if largest else key, axis=axis, kind="stable")
    idx = np.take(order, np.arange(k), axis=axis)
    vals = np.take_along_axis(x, idx, axis=axis)
    attrs = {}
    if axis != -1:
        attrs["axis"] = axis
    if largest != 1:
        attrs["largest"] = largest
    cases.append({"op": "TopK", "name": name, "attrs": attrs,
                  "inputs": [save(f"topk_{name}_x.npy", x),
                             save(f"topk_{name}_k.npy", np.array([k], dtype=np.int64))],
                  "outputs": [save(f"topk_{name}_values.npy", vals),
                              save(f"topk_{name}_indices.npy", idx.astype(np.int64))]})


topk_case("f32_last", rng.uniform(-1, 1, (3, 4, 6)).astype(np.float32), 3)
topk_case("f32_axis1_smallest", rng.uniform(-1, 1, (3, 5, 4)).astype(np.float32), 2, axis=1,
          largest=0)
topk_case("f32_ties", rng.integers(0, 3, (4, 7)).astype(np.float32), 4)
topk_case("f32_ties_smallest_axis0", rng.integers(0, 3, (6, 3)).astype(np.float32), 5, axis=0,
          largest=0)
topk_case("i32_ties", rng.integers(-3, 3, (2, 3, 8)).astype(np.int32), 5, axis=-1)
topk_case("i64_axis0", rng.integers(-100, 100, (5, 4)).astype(np.int64), 5, axis=0)

with open(os.path.join(HERE, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
