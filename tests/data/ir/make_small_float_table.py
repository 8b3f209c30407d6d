"""Writes small_float_table.txt: conversions of float32 values to the storage-only float
types and back, as ml_dtypes and ONNX's reference helpers compute them (independent of
neo). Read by tests/core/ir/test_small_types.cpp. Run: python3 make_small_float_table.py

Lines (hex without 0x):
  encode <dtype> <saturate 0|1> <float32 bits> <expected bits>
  e8m0 <round_mode> <saturate 0|1> <float32 bits> <expected bits>
  decode <dtype> <bits> <float32 bits of the value>
"""
import os

import ml_dtypes
import numpy as np
from onnx.numpy_helper import to_float8e8m0

TYPES = {
    "f8e4m3fn": ml_dtypes.float8_e4m3fn,
    "f8e4m3fnuz": ml_dtypes.float8_e4m3fnuz,
    "f8e5m2": ml_dtypes.float8_e5m2,
    "f8e5m2fnuz": ml_dtypes.float8_e5m2fnuz,
    "f4e2m1": ml_dtypes.float4_e2m1fn,
}
NBITS = {"f4e2m1": 4}


def f32_hex(x):
    return "%08x" % np.array([x], np.float32).view(np.uint32)[0]


def inputs_for(dt, nbits):
    """Every finite value of the type, the midpoints between neighbours (ties), values a
    float32 ulp either side of those, values beyond the range, specials and random ones."""
    # ml_dtypes holds the 4-bit floats unpacked, one per byte: view the codes the same way.
    vals = np.arange(2 ** nbits, dtype=np.uint8).view(dt).astype(np.float32)
    finite = np.unique(vals[np.isfinite(vals)])
    mids = (finite[:-1].astype(np.float64) + finite[1:]) / 2
    mids = mids.astype(np.float32)
    near = np.concatenate([np.nextafter(mids, np.float32(np.inf)),
                           np.nextafter(mids, np.float32(-np.inf))])
    big = float(finite.max())
    beyond = np.array([big * 1.01, big * 1.06, big * 1.2, big * 4, 1e6, 3.0e38],
                      np.float32)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-7, 1e-30, 1e-45], np.float32)
    rng = np.random.default_rng(7)
    rand = (rng.standard_normal(64) * 2.0 ** rng.integers(-20, 20, 64)).astype(np.float32)
    xs = np.concatenate([finite, mids, near, beyond, -beyond, special, -special[5:], rand])
    return xs.astype(np.float32)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lines = []
    for name, dt in TYPES.items():
        nbits = NBITS.get(name, 8)
        xs = inputs_for(dt, nbits)
        info = ml_dtypes.finfo(dt)
        for sat in (1, 0):
            # ONNX's definition: saturate clips to the finite range first; else a plain cast.
            ys = np.clip(xs, float(info.min), float(info.max)).astype(dt) if sat else xs.astype(dt)
            for x, y in zip(xs, ys.view(np.uint8)):
                lines.append("encode %s %d %s %02x" % (name, sat, f32_hex(x), y))
        for code in range(2 ** nbits):
            v = np.array([code], np.uint8).view(dt).astype(np.float32)[0]
            lines.append("decode %s %02x %s" % (name, code, f32_hex(v)))
    # FLOAT8E8M0 with ONNX's rounding modes (positive finite values; ONNX leaves the others
    # unspecified or the tables disagree with its reference helper).
    xs = np.concatenate([2.0 ** np.arange(-126, 128, 7.0), 1.5 * 2.0 ** np.arange(-120, 127, 11.0),
                         [0.124, 0.75, 1.1, 1.5, 1.4999999, 3.0, 2.0 ** 127 * 1.25, 2.0 ** 127,
                          3.0e38, 1e-40, 0.0]]).astype(np.float32)
    for mode in ("up", "down", "nearest"):
        for sat in (1, 0):
            ys = to_float8e8m0(xs, saturate=bool(sat), round_mode=mode).view(np.uint8)
            for x, y in zip(xs, ys):
                lines.append("e8m0 %s %d %s %02x" % (mode, sat, f32_hex(x), y))
    for code in range(256):
        v = np.array([code], np.uint8).view(ml_dtypes.float8_e8m0fnu).astype(np.float32)[0]
        lines.append("decode f8e8m0 %02x %s" % (code, f32_hex(v)))
    with open(os.path.join(here, "small_float_table.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
