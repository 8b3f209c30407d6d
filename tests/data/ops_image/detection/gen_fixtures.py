#!/usr/bin/env python3
"""Writes the fixtures of the detection and sampling ops of core/src/ops/image:
NonMaxSuppression, RoiAlign, GridSample, AffineGrid, Col2Im.

Expected outputs come from onnx.reference.ReferenceEvaluator (the ONNX project's Python
reference). The cases are listed in cases.json in the format of
tests/support/op_test_util.hpp; the tensors are small .npy files next to it.

Run from anywhere:  python3 tests/data/ops_image/detection/gen_fixtures.py
"""
import glob
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 22
rng = np.random.default_rng(20261122)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from fixture_writer import OnnxReferenceCases  # noqa: E402

FIX = OnnxReferenceCases(HERE, OPSET)
case = FIX.case


def randn(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def f32(v):
    return np.array(v, dtype=np.float32)


def i64(v):
    return np.array(v, dtype=np.int64)


def main():
    for f in glob.glob(os.path.join(HERE, "*.npy")):
        os.remove(f)

    # NonMaxSuppression: overlapping boxes (some flipped), two batches and two classes.
    boxes = f32([[[0, 0, 1, 1], [0, 0.1, 1, 1.1], [1, 1, 0, 0], [0, 10, 1, 11],
                  [0, 10.1, 1, 11.1], [0, 100, 1, 101]]] * 2)
    scores = rng.uniform(0, 1, (2, 2, 6)).astype(np.float32)
    case("nms_basic", "NonMaxSuppression", [boxes, scores, i64([3]), f32([0.5]), f32([0.0])])
    case("nms_score_thr", "NonMaxSuppression", [boxes, scores, i64([10]), f32([0.3]), f32([0.4])])
    centers = f32([[[0.5, 0.5, 1, 1], [0.6, 0.5, 1, 1], [5, 5, 2, 2], [5.2, 5, 2, 2]]])
    cscores = f32([[[0.9, 0.8, 0.7, 0.95]]])
    case("nms_center", "NonMaxSuppression", [centers, cscores, i64([4]), f32([0.2])],
         {"center_point_box": 1})

    # RoiAlign
    x = randn(2, 2, 6, 5)
    rois = f32([[0, 0, 4, 4], [1.5, 0.5, 3.7, 5.2], [2, 1, 2.5, 1.5]])
    bi = i64([0, 1, 1])
    case("roialign_avg", "RoiAlign", [x, rois, bi],
         {"output_height": 3, "output_width": 2, "sampling_ratio": 2, "spatial_scale": 1.0},
         dtypes=["f32", "f64"])
    case("roialign_adaptive_legacy", "RoiAlign", [x, rois * 2, bi],
         {"output_height": 2, "output_width": 2, "spatial_scale": 0.5,
          "coordinate_transformation_mode": "output_half_pixel"})
    case("roialign_max", "RoiAlign", [x, rois, bi],
         {"mode": "max", "output_height": 2, "output_width": 3, "sampling_ratio": 0})

    # GridSample: 2-D with every mode and padding, 3-D linear/nearest, 1-D linear.
    x = randn(1, 2, 4, 5)
    grid = rng.uniform(-1.4, 1.4, (1, 3, 4, 2)).astype(np.float32)
    for mode in ["linear", "nearest", "cubic"]:
        for pad in ["zeros", "border", "reflection"]:
            for align in [0, 1]:
                case(f"gridsample_{mode}_{pad}_{align}", "GridSample", [x, grid],
                     {"mode": mode, "padding_mode": pad, "align_corners": align})
    x3 = randn(1, 1, 3, 4, 2)
    grid3 = rng.uniform(-1.2, 1.2, (1, 2, 2, 3, 3)).astype(np.float32)
    for mode in ["linear", "nearest"]:
        case(f"gridsample_3d_{mode}", "GridSample", [x3, grid3],
             {"mode": mode, "padding_mode": "reflection"})

    # AffineGrid
    theta2 = randn(2, 2, 3)
    theta3 = randn(1, 3, 4)
    for align in [0, 1]:
        case(f"affinegrid_2d_{align}", "AffineGrid", [theta2, i64([2, 1, 3, 4])],
             {"align_corners": align}, const=[1])
        case(f"affinegrid_3d_{align}", "AffineGrid", [theta3, i64([1, 3, 2, 3, 2])],
             {"align_corners": align}, const=[1])

    # Col2Im
    case("col2im_basic", "Col2Im", [randn(1, 4, 9), i64([4, 4]), i64([2, 2])], const=[1, 2])
    case("col2im_attrs", "Col2Im", [randn(2, 6, 10), i64([5, 4]), i64([3, 1])],
         {"dilations": [2, 1], "pads": [1, 0, 1, 1], "strides": [2, 1]}, const=[1, 2])
    case("col2im_3d", "Col2Im", [randn(1, 8, 8), i64([3, 3, 3]), i64([2, 2, 2])], const=[1, 2])

    FIX.write()


if __name__ == "__main__":
    main()
