#!/usr/bin/env python3
"""Writes the fixtures of the bitwise ops and of Shrink and Swish (core/src/ops/elementwise):
BitwiseAnd, BitwiseOr, BitwiseXor, BitwiseNot, BitShift, Shrink, Swish.

Expected outputs come from onnx.reference.ReferenceEvaluator (the ONNX project's Python
reference), checked here against NumPy (np.bitwise_and, np.left_shift, ...). The cases are listed in cases.json in the format of
tests/support/op_test_util.hpp; the tensors are small .npy files next to it.

Run from anywhere:  python3 tests/data/ops_elementwise/bitwise/gen_fixtures.py
"""
import glob
import json
import os

import numpy as np
import onnx
from onnx import helper
from onnx.reference import ReferenceEvaluator

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 24
rng = np.random.default_rng(20261123)
cases = []


def reference(op, inputs, attrs, n_out=1):
    """Runs one node through the ONNX reference evaluator."""
    names = [f"x{i}" if x is not None else "" for i, x in enumerate(inputs)]
    outs = [f"y{i}" for i in range(n_out)]
    node = helper.make_node(op, names, outs, **attrs)
    graph = helper.make_graph(
        [node], "g",
        [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(x.dtype), x.shape)
         for n, x in zip(names, inputs) if x is not None],
        [helper.make_tensor_value_info(o, onnx.TensorProto.UNDEFINED, None) for o in outs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    feeds = {n: x for n, x in zip(names, inputs) if x is not None}
    return [np.asarray(y) for y in ReferenceEvaluator(model).run(None, feeds)]


def case(name, op, inputs, attrs=None, const=(), dtypes=None, expect=None):
    attrs = attrs or {}
    if dtypes:  # run in float64: the tests compare every dtype against these values
        outputs = reference(op, [x.astype(np.float64) if x is not None and x.dtype == np.float32
                                 else x for x in inputs], attrs)
    else:
        outputs = reference(op, inputs, attrs)
    if expect is not None:
        assert outputs[0].dtype == expect.dtype and np.allclose(outputs[0], expect), name
    entry = {"op": op, "name": name, "attrs": attrs, "const": list(const),
             "inputs": [], "outputs": []}
    if dtypes:
        entry["dtypes"] = dtypes
    for i, x in enumerate(inputs):
        if x is None:
            entry["inputs"].append(None)
            continue
        fn = f"{name}.in{i}.npy"
        np.save(os.path.join(HERE, fn), np.array(x, order="C"))
        entry["inputs"].append(fn)
    for i, y in enumerate(outputs):
        fn = f"{name}.out{i}.npy"
        np.save(os.path.join(HERE, fn), np.array(y, order="C"))
        entry["outputs"].append(fn)
    cases.append(entry)


def ints(dtype, *shape):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)


def main():
    for f in glob.glob(os.path.join(HERE, "*.npy")):
        os.remove(f)

    for dt in [np.int8, np.uint8, np.int16, np.int32, np.int64]:
        n = np.dtype(dt).name
        a, b = ints(dt, 2, 3, 4), ints(dt, 3, 1)
        case(f"and_{n}", "BitwiseAnd", [a, b], expect=np.bitwise_and(a, b))
        case(f"or_{n}", "BitwiseOr", [a, b], expect=np.bitwise_or(a, b))
        case(f"xor_{n}", "BitwiseXor", [a, b], expect=np.bitwise_xor(a, b))
        case(f"not_{n}", "BitwiseNot", [a], expect=np.invert(a))

    x = ints(np.uint8, 3, 4)
    y = np.array([0, 1, 7, 3], np.uint8)
    case("shift_left", "BitShift", [x, y], {"direction": "LEFT"}, expect=np.left_shift(x, y))
    case("shift_right", "BitShift", [x, y], {"direction": "RIGHT"}, expect=np.right_shift(x, y))

    x = rng.standard_normal((3, 5)).astype(np.float32) * 2
    case("shrink_default", "Shrink", [x], dtypes=["f32", "f64", "f16"])
    case("shrink_bias", "Shrink", [x], {"bias": 0.7, "lambd": 1.2})
    case("shrink_int", "Shrink", [np.arange(-4, 5, dtype=np.int32)], {"bias": 1.5, "lambd": 1.5})
    case("swish_default", "Swish", [x], dtypes=["f32", "f64", "f16", "bf16"])
    case("swish_alpha", "Swish", [x], {"alpha": 0.4})

    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
    size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(HERE, "*")))
    print(f"{len(cases)} cases, {size} bytes")


if __name__ == "__main__":
    main()
