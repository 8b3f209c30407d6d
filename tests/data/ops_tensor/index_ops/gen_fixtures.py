#!/usr/bin/env python3
"""Writes the fixtures of the indexing ops of core/src/ops/tensor: Trilu, EyeLike, CumSum,
CumProd, OneHot, Compress, NonZero, Unique, ReverseSequence, CenterCropPad.

Expected outputs come from onnx.reference.ReferenceEvaluator (the ONNX project's Python
reference), cross-checked here against NumPy where NumPy has the operation (np.triu,
np.cumsum, np.compress, np.nonzero, np.unique). The cases are listed in cases.json in the
format of tests/support/op_test_util.hpp; the tensors are small .npy files next to it.

Run from anywhere:  python3 tests/data/ops_tensor/index_ops/gen_fixtures.py
"""
import glob
import os
import sys

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 26
rng = np.random.default_rng(20261121)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from fixture_writer import OnnxReferenceCases  # noqa: E402

FIX = OnnxReferenceCases(HERE, OPSET)
case = FIX.case


def randn(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def i64(v):
    return np.array(v, dtype=np.int64)


def main():
    for f in glob.glob(os.path.join(HERE, "*.npy")):
        os.remove(f)
    floats = ["f32", "f64", "f16"]

    # Trilu
    x = randn(2, 3, 4)
    case("triu", "Trilu", [x], expect=[np.triu(x)], dtypes=floats)
    case("triu_k2", "Trilu", [x, i64(2)], expect=[np.triu(x, 2)])
    case("tril_kneg1", "Trilu", [x, i64(-1)], {"upper": 0}, expect=[np.tril(x, -1)])
    case("tril_int", "Trilu", [rng.integers(-9, 9, (5, 3)).astype(np.int32)], {"upper": 0})
    case("triu_out_of_range", "Trilu", [x, i64(9)])

    # EyeLike
    case("eyelike", "EyeLike", [np.zeros((3, 4), np.float32)], expect=[np.eye(3, 4)])
    case("eyelike_k_dtype", "EyeLike", [np.zeros((4, 3), np.int32)],
         {"k": -1, "dtype": onnx.TensorProto.DOUBLE}, expect=[np.eye(4, 3, -1)])

    # CumSum / CumProd
    x = randn(3, 4)
    case("cumsum_axis1", "CumSum", [x, i64(1)], const=[1], expect=[np.cumsum(x, 1)], dtypes=floats)
    case("cumsum_excl_rev", "CumSum", [x, np.array(-2, np.int32)], {"exclusive": 1, "reverse": 1},
         const=[1])
    case("cumsum_int", "CumSum", [rng.integers(-9, 9, (2, 5)).astype(np.int64), i64(1)],
         {"exclusive": 1}, const=[1])
    case("cumprod", "CumProd", [x, i64(0)], const=[1], expect=[np.cumprod(x, 0)])
    case("cumprod_rev_int", "CumProd", [rng.integers(-3, 4, (6,)).astype(np.int32), i64(0)],
         {"reverse": 1}, const=[1])

    # OneHot
    idx = np.array([[0, 3, -1], [5, 2, -7]], dtype=np.int64)
    vals = np.array([-1.0, 2.5], np.float32)
    case("onehot_default", "OneHot", [idx, i64(5), vals], const=[1])
    case("onehot_axis0", "OneHot", [idx.astype(np.float32), np.array(4.0, np.float32), vals],
         {"axis": 0}, const=[1])
    case("onehot_int_values", "OneHot", [idx, i64(6), i64([0, 7])], {"axis": -2}, const=[1])

    # Compress
    x = randn(3, 4)
    c = np.array([True, False, True], bool)
    case("compress_axis0", "Compress", [x, c], {"axis": 0}, expect=[np.compress(c, x, 0)])
    c2 = np.array([False, True], bool)
    case("compress_short_cond", "Compress", [x, c2], {"axis": -1}, expect=[np.compress(c2, x, 1)])
    c3 = np.array([True, False, False, True, True, False, True], bool)
    case("compress_flat", "Compress", [x, c3], expect=[np.compress(c3, x)])

    # NonZero
    x = np.array([[0, 1.5, 0], [2, 0, -1]], np.float32)
    case("nonzero_2d", "NonZero", [x], expect=[np.array(np.nonzero(x))])
    b = rng.integers(0, 2, (2, 2, 3)).astype(bool)
    case("nonzero_bool_3d", "NonZero", [b], expect=[np.array(np.nonzero(b))])

    # Unique
    x = np.array([2.0, 1.0, 1.0, 3.0, 4.0, 3.0], np.float32)
    case("unique_sorted", "Unique", [x], n_out=4)
    case("unique_unsorted", "Unique", [x], {"sorted": 0}, n_out=4)
    x = np.array([[1, 0, 0], [1, 0, 0], [2, 3, 4]], np.int64)
    case("unique_axis0", "Unique", [x], {"axis": 0}, n_out=4)
    x = np.array([[[1, 1], [0, 1], [2, 1], [0, 1]], [[1, 1], [0, 1], [2, 1], [0, 1]]], np.int32)
    case("unique_axis1_3d", "Unique", [x], {"axis": 1}, n_out=4)
    case("unique_neg_axis_unsorted", "Unique", [x], {"axis": -1, "sorted": 0}, n_out=4)

    # ReverseSequence
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    case("reverseseq_time", "ReverseSequence", [x, i64([4, 3, 2, 1])],
         {"time_axis": 0, "batch_axis": 1})
    case("reverseseq_batch", "ReverseSequence", [randn(3, 4, 2), i64([1, 2, 4])],
         {"time_axis": 1, "batch_axis": 0})

    # CenterCropPad
    x = randn(5, 6, 3)
    case("ccp_crop_pad", "CenterCropPad", [x, i64([3, 9, 3])], const=[1])
    case("ccp_axes", "CenterCropPad", [x, i64([8, 3])], {"axes": [0, -2]}, const=[1])
    case("ccp_odd", "CenterCropPad", [np.arange(7, dtype=np.int32), i64([4])], const=[1])

    FIX.write()


if __name__ == "__main__":
    main()
