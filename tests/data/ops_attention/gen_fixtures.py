#!/usr/bin/env python3
"""Writes the fixtures of the attention op tests (tests/core/ops_attention).

Expected outputs come from onnx.reference.ReferenceEvaluator running a one-node model of
Attention / RotaryEmbedding, independently of neo. Inputs are stored as float32 (bool / int64
where the op says so); the evaluator runs on them widened to float64, so the expected values
are float64 and the tests can check every float dtype within its precision.

The scale attribute is 0.25: the evaluator takes the square root of the attribute in
float32, which is exact only for such values.

Not covered here: Attention with softcap and qk_matmul_output_mode 0, where the evaluator
returns the soft-capped scores while the operator spec (and its function body) say mode 0 is
the raw QK product; the C++ test checks that case by hand.

Layout: <case>_in<i>.npy, <case>_out<i>.npy and cases.json (format: tests/support/op_test_util.hpp).

Run from anywhere: python3 tests/data/ops_attention/gen_fixtures.py
"""
import json
import os

import numpy as np
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20250303)
CASES = []
ALL_FLOATS = ["f32", "f64", "f16", "bf16"]
ELEM = {np.dtype(np.float64): TensorProto.DOUBLE, np.dtype(np.bool_): TensorProto.BOOL,
        np.dtype(np.int64): TensorProto.INT64}


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def evaluate(op, opset, attrs, inputs, n_out):
    """Runs one node on the inputs (float32 widened to float64); returns the outputs."""
    wide = [None if a is None else (a.astype(np.float64) if a.dtype == np.float32 else a)
            for a in inputs]
    names = ["" if a is None else f"in{i}" for i, a in enumerate(wide)]
    outs = [f"out{i}" for i in range(n_out)]
    node = helper.make_node(op, names, outs, **attrs)
    graph = helper.make_graph(
        [node], "g",
        [helper.make_tensor_value_info(n, ELEM[a.dtype], a.shape) for n, a in zip(names, wide) if n],
        [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in outs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    feeds = {n: a for n, a in zip(names, wide) if n}
    return ReferenceEvaluator(model).run(None, feeds)


def add_case(name, op, attrs, inputs, n_out=1, opset=23, dtypes=None):
    outputs = evaluate(op, opset, attrs, inputs, n_out)
    entry = {"name": name, "op": op, "attrs": attrs, "inputs": [], "outputs": []}
    for i, a in enumerate(inputs):
        if a is None:
            entry["inputs"].append(None)
            continue
        f = f"{name}_in{i}.npy"
        np.save(os.path.join(HERE, f), a)
        entry["inputs"].append(f)
    for i, a in enumerate(outputs):
        f = f"{name}_out{i}.npy"
        np.save(os.path.join(HERE, f), np.asarray(a, dtype=np.float64))
        entry["outputs"].append(f)
    if dtypes:
        entry["dtypes"] = dtypes
    CASES.append(entry)


# ---- Attention --------------------------------------------------------------------------------
B, SQ, SKV, D = 2, 3, 4, 4
q, k, v = rand(B, 2, SQ, D), rand(B, 2, SKV, D), rand(B, 2, SKV, D)
add_case("attn_4d", "Attention", {}, [q, k, v], dtypes=ALL_FLOATS)
add_case("attn_4d_causal_scaled", "Attention", {"is_causal": 1, "scale": 0.25}, [q, k, v],
         dtypes=ALL_FLOATS)
add_case("attn_4d_softcap_qk_mode1", "Attention", {"softcap": 1.5, "qk_matmul_output_mode": 1},
         [q * 2, k * 2, v], n_out=4)

# 3-D, grouped-query (4 query heads over 2 key/value heads), value head size 3.
q3, k3, v3 = rand(B, SQ, 4 * D), rand(B, SKV, 2 * D), rand(B, SKV, 2 * 3)
add_case("attn_3d_gqa", "Attention", {"q_num_heads": 4, "kv_num_heads": 2}, [q3, k3, v3],
         dtypes=ALL_FLOATS)
add_case("attn_3d_gqa_causal_present", "Attention",
         {"q_num_heads": 4, "kv_num_heads": 2, "is_causal": 1}, [q3, k3, v3], n_out=3)

# Past and present, a float mask over (q, total) with its last dim short of total (padded
# with -inf), qk output after the mask.
P = 2
qg = rand(1, 4, SQ, D)
kg, vg = rand(1, 2, SKV, D), rand(1, 2, SKV, 5)
pk, pv = rand(1, 2, P, D), rand(1, 2, P, 5)
mask = rand(SQ, P + SKV - 1)
add_case("attn_past_short_float_mask_mode2", "Attention", {"qk_matmul_output_mode": 2},
         [qg, kg, vg, mask, pk, pv], n_out=4, dtypes=ALL_FLOATS)
# Causal with a past (bottom-right aligned) and a rank-3 bool mask (heads, q, total); the
# softmax output mode; one query row fully masked gives zeros.
bmask = rng.random((4, SQ, P + SKV)) > 0.3
bmask[1, 0, :] = False
add_case("attn_past_causal_bool_mask_mode3", "Attention",
         {"is_causal": 1, "qk_matmul_output_mode": 3, "softmax_precision": 1},
         [qg, kg, vg, bmask, pk, pv], n_out=4)

# Opset 24: an external cache of padded keys (nonpad_kv_seqlen), with and without causal.
nonpad = np.array([2, 4], dtype=np.int64)
add_case("attn_nonpad_kv", "Attention", {}, [q, k, v, None, None, None, nonpad], opset=24)
add_case("attn_nonpad_kv_causal_mask4d", "Attention", {"is_causal": 1},
         [q, k, v, rand(B, 1, SQ, SKV), None, None, nonpad], opset=24)
# Opset 25: sliding windows.
add_case("attn_window_left1", "Attention", {"left_window_size": 1}, [q, k, v], opset=25)
add_case("attn_window_causal_left2_past", "Attention",
         {"left_window_size": 2, "right_window_size": 0, "is_causal": 1},
         [qg, kg, vg, None, pk, pv], n_out=3, opset=25)
add_case("attn_window_right1", "Attention", {"left_window_size": 0, "right_window_size": 1},
         [q, k, v], opset=25)

# ---- RotaryEmbedding ----------------------------------------------------------------------------
S, H, HD, MAXPOS = 3, 2, 8, 10
x4 = rand(B, H, S, HD)
pos = rng.integers(0, MAXPOS, size=(B, S)).astype(np.int64)
angles = rng.uniform(0, 2 * np.pi, size=(MAXPOS, HD // 2))
cos, sin = np.cos(angles).astype(np.float32), np.sin(angles).astype(np.float32)
add_case("rope_4d", "RotaryEmbedding", {}, [x4, cos, sin, pos], dtypes=ALL_FLOATS)
add_case("rope_4d_interleaved", "RotaryEmbedding", {"interleaved": 1}, [x4, cos, sin, pos],
         dtypes=ALL_FLOATS)
x3 = rand(B, S, H * HD)
add_case("rope_3d", "RotaryEmbedding", {"num_heads": H}, [x3, cos, sin, pos])
c2, s2 = cos[:, :2].copy(), sin[:, :2].copy()
add_case("rope_partial", "RotaryEmbedding", {"rotary_embedding_dim": 4}, [x4, c2, s2, pos])
add_case("rope_3d_partial_interleaved", "RotaryEmbedding",
         {"rotary_embedding_dim": 4, "interleaved": 1, "num_heads": H}, [x3, c2, s2, pos])
# Without position_ids the caches are (batch, seq, rot / 2).
cb, sb = cos[pos], sin[pos]
add_case("rope_no_position_ids", "RotaryEmbedding", {}, [x4, cb, sb], dtypes=ALL_FLOATS)
add_case("rope_no_position_ids_interleaved_partial", "RotaryEmbedding",
         {"interleaved": 1, "rotary_embedding_dim": 4}, [x4, cb[..., :2].copy(), sb[..., :2].copy()])

with open(os.path.join(HERE, "cases.json"), "w") as f:
    json.dump(CASES, f, indent=1)
print(f"wrote {len(CASES)} cases")
