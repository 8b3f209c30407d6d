#!/usr/bin/env python3
"""Writes the NumPy fixtures of the tensor (data-movement) op tests.

Every case is one op node: its inputs, attributes and expected outputs, the outputs
computed here with NumPy (np.reshape, np.transpose, np.take, np.pad, Python slicing, ...)
or with plain Python loops written from the ONNX operator descriptions -- never by neo.
The cases are listed in cases.json (read by tests/core/ops_tensor/fixture_cases.hpp);
the tensors are small .npy files next to it.

Run from anywhere:  python3 tests/data/ops_tensor/gen_fixtures.py
"""
import itertools
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min

cases = []
rng = np.random.default_rng(20240607)


def arange(shape, dtype=np.float32):
    return np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)


def rand(shape, dtype=np.float32):
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-50, 50, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def i64(v):
    return np.array(v, dtype=np.int64)


def case(name, op, inputs, outputs, attrs=None, const=()):
    """inputs: list of arrays (None = omitted optional input); const: indices of the
    inputs the tests give as graph constants (shape-carrying inputs)."""
    entry = {"name": name, "op": op, "attrs": attrs or {}, "const": list(const),
             "inputs": [], "outputs": []}
    for i, x in enumerate(inputs):
        if x is None:
            entry["inputs"].append(None)
            continue
        f = f"{name}.in{i}.npy"
        np.save(os.path.join(HERE, f), np.array(x, order="C"))
        entry["inputs"].append(f)
    for i, y in enumerate(outputs):
        f = f"{name}.out{i}.npy"
        np.save(os.path.join(HERE, f), np.array(y, order="C"))
        entry["outputs"].append(f)
    cases.append(entry)


# ---- Reshape / Flatten / Squeeze / Unsqueeze ------------------------------------------------

x = rand((2, 3, 4))
case("reshape_infer", "Reshape", [x, i64([4, -1])], [x.reshape(4, -1)], const=[1])
case("reshape_copy0", "Reshape", [x, i64([0, -1])], [x.reshape(2, 12)], const=[1])
case("reshape_copy0_mid", "Reshape", [x, i64([-1, 0, 2, 2])], [x.reshape(2, 3, 2, 2)], const=[1])
case("reshape_i64", "Reshape", [arange((6,), np.int64), i64([3, 2])],
     [arange((6,), np.int64).reshape(3, 2)], const=[1])
xb = rand((2, 2, 2), np.bool_)
case("reshape_bool", "Reshape", [xb, i64([8])], [xb.reshape(8)], const=[1])
x0 = np.zeros((0, 4), np.float32)
case("reshape_allowzero", "Reshape", [x0, i64([4, 0])], [x0.reshape(4, 0)],
     attrs={"allowzero": 1}, const=[1])
case("reshape_scalar", "Reshape", [np.array([7.5], np.float32), i64([])],
     [np.array(7.5, np.float32)], const=[1])

x = rand((2, 3, 4, 5))
for axis in (0, 1, 2, 4, -1, -4):
    a = axis + 4 if axis < 0 else axis
    lead = int(np.prod(x.shape[:a]))
    case(f"flatten_axis{axis}".replace("-", "m"), "Flatten", [x], [x.reshape(lead, -1)],
         attrs={"axis": axis})
case("flatten_default", "Flatten", [x], [x.reshape(2, -1)])

x = rand((1, 3, 1, 4))
case("squeeze_axes", "Squeeze", [x, i64([0, -2])], [np.squeeze(x, axis=(0, 2))], const=[1])
xs = rand((1, 3, 1, 1), np.int32)
case("squeeze_all", "Squeeze", [xs], [np.squeeze(xs)])
x = rand((3, 4))
case("unsqueeze", "Unsqueeze", [x, i64([0, 3])], [x.reshape(1, 3, 4, 1)], const=[1])
case("unsqueeze_neg", "Unsqueeze", [x, i64([-1])], [np.expand_dims(x, -1)], const=[1])
case("unsqueeze_mixed", "Unsqueeze", [x, i64([1, -1, 0])], [x.reshape(1, 1, 3, 4, 1)],
     const=[1])

# ---- Transpose / DepthToSpace / SpaceToDepth ------------------------------------------------

x = rand((2, 3, 4))
case("transpose_default", "Transpose", [x], [np.transpose(x)])
case("transpose_perm", "Transpose", [x], [np.transpose(x, (1, 0, 2))], attrs={"perm": [1, 0, 2]})
x4 = rand((2, 3, 4, 5), np.int64)
case("transpose_4d", "Transpose", [x4], [np.transpose(x4, (2, 0, 3, 1))],
     attrs={"perm": [2, 0, 3, 1]})
x = rand((1, 8, 2, 3))


def depth_to_space(x, b, mode):
    n, c, h, w = x.shape
    cc = c // (b * b)
    out = np.zeros((n, cc, h * b, w * b), x.dtype)
    for ni, ci, hi, wi, i, j in itertools.product(range(n), range(cc), range(h), range(w),
                                                  range(b), range(b)):
        src = (i * b + j) * cc + ci if mode == "DCR" else ci * b * b + i * b + j
        out[ni, ci, hi * b + i, wi * b + j] = x[ni, src, hi, wi]
    return out


def space_to_depth(x, b):
    n, c, h, w = x.shape
    out = np.zeros((n, c * b * b, h // b, w // b), x.dtype)
    for ni, ci, hi, wi, i, j in itertools.product(range(n), range(c), range(h // b),
                                                  range(w // b), range(b), range(b)):
        out[ni, (i * b + j) * c + ci, hi, wi] = x[ni, ci, hi * b + i, wi * b + j]
    return out


case("depth_to_space_dcr", "DepthToSpace", [x], [depth_to_space(x, 2, "DCR")],
     attrs={"blocksize": 2})
case("depth_to_space_crd", "DepthToSpace", [x], [depth_to_space(x, 2, "CRD")],
     attrs={"blocksize": 2, "mode": "CRD"})
x = rand((2, 18, 1, 2), np.int32)
case("depth_to_space_b3", "DepthToSpace", [x], [depth_to_space(x, 3, "DCR")],
     attrs={"blocksize": 3})
x = rand((2, 3, 4, 6))
case("space_to_depth", "SpaceToDepth", [x], [space_to_depth(x, 2)], attrs={"blocksize": 2})

# ---- Expand / Tile --------------------------------------------------------------------------


def expand(x, shape):
    return np.broadcast_to(x, np.broadcast_shapes(x.shape, tuple(shape)))


x = rand((3, 1))
case("expand_grow", "Expand", [x, i64([2, 1, 6])], [expand(x, [2, 1, 6])], const=[1])
x = rand((2, 3), np.int64)
case("expand_shorter", "Expand", [x, i64([3])], [expand(x, [3])], const=[1])
x = rand((1, 4, 1), np.bool_)
case("expand_bool", "Expand", [x, i64([2, 1, 1, 3])], [expand(x, [2, 1, 1, 3])], const=[1])
x = rand((2, 3))
case("tile", "Tile", [x, i64([2, 3])], [np.tile(x, (2, 3))], const=[1])
x = rand((2, 1, 3), np.int32)
case("tile_3d", "Tile", [x, i64([1, 4, 0])], [np.tile(x, (1, 4, 0))], const=[1])

# ---- Range ----------------------------------------------------------------------------------

for name, dt, s, l, d in [("range_f32", np.float32, 0.5, 3.1, 0.25),
                          ("range_f32_neg", np.float32, 3.0, -1.0, -0.7),
                          ("range_i32", np.int32, -3, 10, 4),
                          ("range_i64_neg", np.int64, 10, -7, -3),
                          ("range_i16", np.int16, 2, 2, 1),
                          ("range_f64", np.float64, 1.0, 2.0, 0.1)]:
    args = [np.array(s, dt), np.array(l, dt), np.array(d, dt)]
    case(name, "Range", args, [np.arange(s, l, d, dtype=dt)], const=[0, 1, 2])

# ---- Concat / Split -------------------------------------------------------------------------

a, b, c = rand((2, 3, 4)), rand((2, 1, 4)), rand((2, 5, 4))
case("concat_axis1", "Concat", [a, b, c], [np.concatenate([a, b, c], 1)], attrs={"axis": 1})
a, b = rand((2, 3), np.int64), rand((2, 2), np.int64)
case("concat_neg_axis", "Concat", [a, b], [np.concatenate([a, b], -1)], attrs={"axis": -1})
a, b = rand((1, 3), np.bool_), rand((2, 3), np.bool_)
case("concat_bool", "Concat", [a, b], [np.concatenate([a, b], 0)], attrs={"axis": 0})
a, b = rand((2, 0, 3)), rand((2, 2, 3))
case("concat_empty", "Concat", [a, b], [np.concatenate([a, b], 1)], attrs={"axis": 1})

x = rand((4, 6))
case("split_sizes", "Split", [x, i64([1, 2, 3])], np.split(x, [1, 3], axis=1),
     attrs={"axis": 1}, const=[1])
x = rand((7, 2), np.int32)
case("split_num_outputs", "Split", [x], np.split(x, [3, 6], axis=0), attrs={"num_outputs": 3})
x = rand((2, 6))
case("split_equal", "Split", [x], np.split(x, 2, axis=-1), attrs={"axis": -1})
x = rand((5, 3))
case("split_zero", "Split", [x, i64([2, 0, 3])], np.split(x, [2, 2], axis=0), const=[1])

# ---- Slice ----------------------------------------------------------------------------------


def onnx_slice(x, starts, ends, axes=None, steps=None):
    # Python slicing clamps exactly like ONNX Slice (the ONNX reference uses it too).
    axes = list(range(len(starts))) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    sl = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        sl[a] = slice(int(s), int(e), int(st))
    return x[tuple(sl)]


x = arange((5, 6, 7))
slice_cases = [
    ("slice_basic", [1, 0], [3, 4], None, None),
    ("slice_axes", [1, -4], [4, 100], [2, 1], None),
    ("slice_steps", [0, 1, 6], [5, 6, 0], [0, 1, 2], [2, 3, -2]),
    ("slice_neg_steps", [-1, 100], [INT64_MIN, -100], [0, 2], [-1, -3]),
    ("slice_clamp", [-100, 10], [100, 20], [1, 2], None),
    ("slice_empty", [3], [1], [0], [1]),
    ("slice_max", [0, 2], [INT64_MAX, INT64_MAX], [-1, 0], [1, 1]),
    ("slice_neg_end", [4, -1], [-7, -10], [1, 2], [-1, -2]),
]
for name, s, e, a, st in slice_cases:
    inputs = [x, i64(s), i64(e)]
    if a is not None or st is not None:
        inputs.append(i64(a) if a is not None else None)
    if st is not None:
        inputs.append(i64(st))
    axes = None if a is None else [ai % 3 for ai in a]
    case(name, "Slice", inputs, [onnx_slice(x, s, e, axes, st)],
         const=list(range(1, len(inputs))))
xi = arange((10,), np.int64)
case("slice_i32_params", "Slice", [xi, np.array([8], np.int32), np.array([1], np.int32),
                                   np.array([0], np.int32), np.array([-3], np.int32)],
     [xi[8:1:-3]], const=[1, 2, 3, 4])

# ---- Gather / GatherElements / GatherND -----------------------------------------------------

x = rand((3, 4, 5))
idx = i64([[0, -1], [2, 1]])
case("gather_axis0", "Gather", [x, idx], [np.take(x, idx, axis=0)])
idx = np.array([3, -4, 0], np.int32)
case("gather_axis1_i32", "Gather", [x, idx], [np.take(x, idx, axis=1)], attrs={"axis": 1})
case("gather_scalar", "Gather", [x, i64(-2)], [np.take(x, -2, axis=-1)], attrs={"axis": -1})
case("gather_shape_of_shape", "Gather", [i64([1, 3, 224, 224]), i64([2, 3])],
     [i64([224, 224])])
x = rand((3, 4))
idx = i64([[0, -1, 2, 1], [2, 2, 0, -3]])
case("gather_elements_axis0", "GatherElements", [x, idx], [np.take_along_axis(x, idx, 0)])
idx = np.array([[1, 0], [3, -1], [0, 0]], np.int32)
case("gather_elements_axis1", "GatherElements", [x, idx], [np.take_along_axis(x, idx, 1)],
     attrs={"axis": 1})


def gather_nd(data, indices, b):
    # Plain loops after the ONNX GatherND description.
    bshape = data.shape[:b]
    m = indices.shape[-1]
    out_shape = indices.shape[:-1] + data.shape[b + m:]
    out = np.zeros(out_shape, data.dtype)
    for pos in itertools.product(*[range(d) for d in indices.shape[:-1]]):
        batch = pos[:b]
        tup = tuple(int(v) for v in indices[pos])
        out[pos] = data[batch + tup]
    return out


x = arange((2, 3, 4))
idx = i64([[0, 1], [1, -1]])
case("gather_nd_basic", "GatherND", [x, idx], [gather_nd(x, idx, 0)])
idx = i64([[[1], [0]], [[0], [1]]])
case("gather_nd_slices", "GatherND", [x, idx], [gather_nd(x, idx, 0)])
idx = i64([[[2, 1]], [[0, 3]]])
case("gather_nd_batch", "GatherND", [x, idx], [gather_nd(x, idx, 1)], attrs={"batch_dims": 1})
idx = i64([[1], [2]])
case("gather_nd_batch_slice", "GatherND", [x, idx], [gather_nd(x, idx, 1)],
     attrs={"batch_dims": 1})

# ---- ScatterElements / ScatterND ------------------------------------------------------------


def combine(a, b, red):
    return {"none": lambda: b, "add": lambda: a + b, "mul": lambda: a * b,
            "max": lambda: max(a, b), "min": lambda: min(a, b)}[red]()


def scatter_elements(data, idx, upd, axis, red):
    out = data.copy()
    for pos in itertools.product(*[range(d) for d in idx.shape]):
        dst = list(pos)
        dst[axis] = int(idx[pos]) % data.shape[axis]
        out[tuple(dst)] = combine(out[tuple(dst)], upd[pos], red)
    return out


def scatter_nd(data, idx, upd, red):
    out = data.copy()
    for pos in itertools.product(*[range(d) for d in idx.shape[:-1]]):
        dst = tuple(int(v) % data.shape[k] for k, v in enumerate(idx[pos]))
        out[dst] = combine(out[dst], upd[pos], red)
    return out


x = rand((3, 4))
idx = i64([[1, 0, 2, -1], [0, 2, 1, 0]])
upd = rand((2, 4))
for red in ("none", "add", "mul", "max", "min"):
    case(f"scatter_elements_{red}", "ScatterElements", [x, idx, upd],
         [scatter_elements(x, idx, upd, 0, red)], attrs={"reduction": red})
xi = rand((2, 5), np.int32)
idx = np.array([[4, 0], [-2, 1]], np.int32)
updi = rand((2, 2), np.int32)
case("scatter_elements_axis1_add_i32", "ScatterElements", [xi, idx, updi],
     [scatter_elements(xi, idx, updi, 1, "add")], attrs={"axis": 1, "reduction": "add"})

x = arange((4, 3, 2))
idx = i64([[1], [-1]])
upd = rand((2, 3, 2))
case("scatter_nd_slices", "ScatterND", [x, idx, upd], [scatter_nd(x, idx, upd, "none")])
idx = i64([[0, 1, 1], [3, 2, 0], [0, 1, 1]])
upd = rand((3,))
for red in ("add", "mul", "max", "min"):
    case(f"scatter_nd_{red}", "ScatterND", [x, idx, upd], [scatter_nd(x, idx, upd, red)],
         attrs={"reduction": red})
xb = rand((2, 3), np.bool_)
idx = i64([[1, 2], [0, 0]])
updb = np.array([True, False])
case("scatter_nd_bool", "ScatterND", [xb, idx, updb], [scatter_nd(xb, idx, updb, "none")])

# ---- Pad ------------------------------------------------------------------------------------


def onnx_pad(x, pads, mode, value=0, axes=None):
    axes = list(range(x.ndim)) if axes is None else [a % x.ndim for a in axes]
    n = len(axes)
    width = [[0, 0] for _ in range(x.ndim)]
    for i, a in enumerate(axes):
        width[a] = [pads[i], pads[i + n]]
    # Negative pads crop first, then NumPy pads the rest.
    crop = tuple(slice(max(0, -b), x.shape[k] - max(0, -e)) for k, (b, e) in enumerate(width))
    x = x[crop]
    width = [[max(0, b), max(0, e)] for b, e in width]
    if mode == "constant":
        return np.pad(x, width, mode="constant", constant_values=value)
    return np.pad(x, width, mode=mode)


x = rand((3, 4))
case("pad_constant", "Pad", [x, i64([1, 2, 0, 1]), np.array(1.5, np.float32)],
     [onnx_pad(x, [1, 2, 0, 1], "constant", 1.5)], const=[1])
case("pad_constant_default", "Pad", [x, i64([0, 0, 2, 3])],
     [onnx_pad(x, [0, 0, 2, 3], "constant")], const=[1])
for mode in ("reflect", "edge", "wrap"):
    case(f"pad_{mode}", "Pad", [x, i64([2, 3, 1, 2])], [onnx_pad(x, [2, 3, 1, 2], mode)],
         attrs={"mode": mode}, const=[1])
    case(f"pad_{mode}_large", "Pad", [x, i64([0, 9, 0, 7])], [onnx_pad(x, [0, 9, 0, 7], mode)],
         attrs={"mode": mode}, const=[1])
    case(f"pad_{mode}_negative", "Pad", [x, i64([-1, 2, 1, -2])],
         [onnx_pad(x, [-1, 2, 1, -2], mode)], attrs={"mode": mode}, const=[1])
x3 = rand((2, 3, 4), np.int64)
case("pad_axes", "Pad", [x3, i64([1, 2, 3, 0]), np.array(-7, np.int64), i64([-1, 0])],
     [onnx_pad(x3, [1, 2, 3, 0], "constant", -7, [-1, 0])], const=[1, 3])
x1 = rand((1, 3), np.int32)
case("pad_reflect_size1", "Pad", [x1, i64([2, 1, 1, 0])], [onnx_pad(x1, [2, 1, 1, 0], "reflect")],
     attrs={"mode": "reflect"}, const=[1])
case("pad_constant_negative", "Pad", [x, i64([-1, 1, -2, 2])],
     [onnx_pad(x, [-1, 1, -2, 2], "constant")], const=[1])

with open(os.path.join(HERE, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(f"wrote {len(cases)} cases to {HERE}")
