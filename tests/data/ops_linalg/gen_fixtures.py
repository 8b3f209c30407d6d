#!/usr/bin/env python3
"""Writes the NumPy fixtures of the linear algebra op tests (tests/core/ops_linalg).

Einsum expectations come from numpy.einsum on float64 (or int64) copies of the inputs, Det
expectations from numpy.linalg.det in float64; neither shares code with neo. Float inputs
are float32; the float cases list "dtypes" so the tests run them in f32, f64 and f16.

Layout: <case>_in<i>.npy (inputs), <case>_out<i>.npy (expected outputs) and cases.json,
a list of {"name", "op", "attrs", "inputs": [file], "outputs": [file], "dtypes"?}.

Run from anywhere: python3 tests/data/ops_linalg/gen_fixtures.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240918)
CASES = []


def add_case(name, op, attrs, inputs, outputs, dtypes=None):
    entry = {"name": name, "op": op, "attrs": attrs, "inputs": [], "outputs": []}
    if dtypes:
        entry["dtypes"] = dtypes
    for i, a in enumerate(inputs):
        f = f"{name}_in{i}.npy"
        np.save(os.path.join(HERE, f), np.array(a, order="C"))
        entry["inputs"].append(f)
    for i, a in enumerate(outputs):
        f = f"{name}_out{i}.npy"
        np.save(os.path.join(HERE, f), np.array(a, order="C"))
        entry["outputs"].append(f)
    CASES.append(entry)


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


EINSUM_FLOAT = [
    ("matmul", "ij,jk->ik", [(3, 4), (4, 5)]),
    ("implicit_matmul", "ij,jk", [(2, 3), (3, 2)]),
    ("batch_matmul", "bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("transpose", "ij->ji", [(3, 5)]),
    ("implicit_transpose", "ba", [(2, 3)]),
    ("sum_all", "ij->", [(3, 4)]),
    ("sum_rows", "ij->i", [(3, 4)]),
    ("inner", "i,i", [(5,), (5,)]),
    ("outer", "i,j->ij", [(3,), (4,)]),
    ("trace", "ii", [(4, 4)]),
    ("diagonal", "ii->i", [(3, 3)]),
    ("batch_diagonal", "...ii->...i", [(2, 3, 3)]),
    ("ellipsis_broadcast", "...ij,...jk->...ik", [(2, 1, 2, 3), (4, 3, 2)]),
    ("ellipsis_middle", "i...j->j...i", [(2, 3, 4, 5)]),
    ("implicit_ellipsis", "...ij,jk", [(2, 3, 4), (4, 2)]),
    ("three_operands", "ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("bilinear", "bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("upper_case", "Ab,bC->CA", [(2, 3), (3, 4)]),
    ("spaces", "ij, jk -> ik", [(2, 2), (2, 3)]),
    ("repeated_across", "iij,jk->ik", [(3, 3, 2), (2, 4)]),
    ("scalar_operand", ",ij->ij", [(), (2, 3)]),
    ("broadcast_one", "ij,ij->ij", [(1, 3), (4, 3)]),
    ("empty_sum", "ij,jk->ik", [(2, 0), (0, 3)]),
]


def gen_einsum():
    for name, eq, shapes in EINSUM_FLOAT:
        ins = [rand(*s) for s in shapes]
        out = np.einsum(eq, *[a.astype(np.float64) for a in ins])
        add_case("einsum_" + name, "Einsum", {"equation": eq}, ins, [np.asarray(out)],
                 ["f32", "f64", "f16"])
    # Integers: exact.
    a = rng.integers(-50, 50, size=(3, 4)).astype(np.int32)
    b = rng.integers(-50, 50, size=(4, 2)).astype(np.int32)
    add_case("einsum_int32", "Einsum", {"equation": "ij,jk->ik"}, [a, b],
             [np.einsum("ij,jk->ik", a.astype(np.int64), b.astype(np.int64)).astype(np.int32)])
    a = rng.integers(0, 10, size=(2, 2, 3)).astype(np.uint8)
    add_case("einsum_uint8_sum", "Einsum", {"equation": "abc->b"}, [a],
             [np.einsum("abc->b", a.astype(np.int64)).astype(np.uint8)])


def gen_det():
    for name, shape in [("det_2d", (3, 3)), ("det_batched", (2, 3, 4, 4)), ("det_1x1", (5, 1, 1))]:
        x = rand(*shape)
        add_case(name, "Det", {}, [x], [np.asarray(np.linalg.det(x.astype(np.float64)))],
                 ["f32", "f64", "f16"])
    x = np.array([[1, 2, 3], [2, 4, 6], [0, 1, 5]], np.float32)  # singular
    add_case("det_singular", "Det", {}, [x], [np.asarray(0.0)], ["f32", "f64"])
    x = np.array([[0, 1], [1, 0]], np.float32)  # needs a row swap
    add_case("det_pivot", "Det", {}, [x], [np.asarray(-1.0)], ["f32", "f64"])


def main():
    for f in os.listdir(HERE):
        if f.endswith(".npy"):
            os.remove(os.path.join(HERE, f))
    gen_einsum()
    gen_det()
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
