#!/usr/bin/env python3
"""Writes the fixtures of the bitwise ops and of Shrink and Swish (core/src/ops/elementwise):
BitwiseAnd, BitwiseOr, BitwiseXor, BitwiseNot, BitShift, Shrink, Swish.

Expected outputs come from onnx.reference.ReferenceEvaluator (the ONNX project's Python
reference), checked here against NumPy (np.bitwise_and, np.left_shift, ...). The cases are listed in cases.json in the format of
tests/support/op_test_util.hpp; the tensors are small .npy files next to it.

Run from anywhere:  python3 tests/data/ops_elementwise/bitwise/gen_fixtures.py
"""
import glob
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 24
rng = np.random.default_rng(20261123)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from fixture_writer import OnnxReferenceCases  # noqa: E402

FIX = OnnxReferenceCases(HERE, OPSET, expect_same_dtype=True)
case = FIX.case


def ints(dtype, *shape):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)


def main():
    for f in glob.glob(os.path.join(HERE, "*.npy")):
        os.remove(f)

    for dt in [np.int8, np.uint8, np.int16, np.int32, np.int64]:
        n = np.dtype(dt).name
        a, b = ints(dt, 2, 3, 4), ints(dt, 3, 1)
        case(f"and_{n}", "BitwiseAnd", [a, b], expect=[np.bitwise_and(a, b)])
        case(f"or_{n}", "BitwiseOr", [a, b], expect=[np.bitwise_or(a, b)])
        case(f"xor_{n}", "BitwiseXor", [a, b], expect=[np.bitwise_xor(a, b)])
        case(f"not_{n}", "BitwiseNot", [a], expect=[np.invert(a)])

    x = ints(np.uint8, 3, 4)
    y = np.array([0, 1, 7, 3], np.uint8)
    case("shift_left", "BitShift", [x, y], {"direction": "LEFT"}, expect=[np.left_shift(x, y)])
    case("shift_right", "BitShift", [x, y], {"direction": "RIGHT"}, expect=[np.right_shift(x, y)])

    x = rng.standard_normal((3, 5)).astype(np.float32) * 2
    case("shrink_default", "Shrink", [x], dtypes=["f32", "f64", "f16"])
    case("shrink_bias", "Shrink", [x], {"bias": 0.7, "lambd": 1.2})
    case("shrink_int", "Shrink", [np.arange(-4, 5, dtype=np.int32)], {"bias": 1.5, "lambd": 1.5})
    case("swish_default", "Swish", [x], dtypes=["f32", "f64", "f16", "bf16"])
    case("swish_alpha", "Swish", [x], {"alpha": 0.4})

    FIX.write()


if __name__ == "__main__":
    main()
