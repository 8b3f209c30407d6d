#!/usr/bin/env python3
"""Generates the ONNX fixtures of the ONNX frontend tests (tests/core/frontend_onnx).

Run from anywhere:  python3 tests/data/frontend_onnx/make_fixtures.py
Needs the `onnx` and `numpy` PyPI packages (only to regenerate; the tests themselves
need no Python). The output is deterministic (fixed seeds) and committed.

Layout written next to this script:
  cases/<case>/model.onnx, input_<i>.npy, output_<i>.npy
      Numerical cases: the test loads model.onnx with the inputs' shapes, runs neo's
      reference interpreter and compares with output_<i>.npy, which this script
      computes with NumPy (an independent implementation of each op's meaning).
  models/*.onnx (+ external data files)
      Structural and error cases, checked by the tests without numbers.
"""
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
MODELS = os.path.join(HERE, "models")
RNG = np.random.default_rng(20240611)
F = TensorProto.FLOAT


def model(nodes, inputs, outputs, opset, initializers=(), ir_version=None, name="g",
          extra_opsets=(), value_info=()):
    ir_version = ir_version or (3 if opset < 7 else 4 if opset < 10 else 7 if opset < 13 else 8)
    inputs = list(inputs)
    if ir_version < 4:  # IR 3 lists every initializer among the graph inputs too
        names = {i.name for i in inputs}
        inputs += [vi(t.name, t.data_type, list(t.dims)) for t in initializers
                   if t.name not in names]
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers),
                              value_info=list(value_info))
    opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    m = helper.make_model(graph, opset_imports=opsets, producer_name="neo-fixtures")
    # An IR version of the opset's time (onnx would pick its newest otherwise).
    m.ir_version = ir_version
    return m


def vi(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def rand(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def write_case(name, m, inputs, outputs):
    d = os.path.join(CASES, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    for i, a in enumerate(inputs):
        np.save(os.path.join(d, f"input_{i}.npy"), a)
    for i, a in enumerate(outputs):
        np.save(os.path.join(d, f"output_{i}.npy"), a)


# ---- NumPy reference implementations ------------------------------------------------

def conv2d(x, w, b, pad):
    n, c, h, wd = x.shape
    k, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - kh + 1, wd + 2 * pad - kw + 1
    y = np.zeros((n, k, oh, ow), np.float64)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i:i + kh, j:j + kw].astype(np.float64)
            y[:, :, i, j] = np.tensordot(patch, w.astype(np.float64), axes=([1, 2, 3], [1, 2, 3]))
    return y + b.reshape(1, k, 1, 1)


def batch_norm(x, scale, bias, mean, var, eps):
    s = (1, -1) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + eps) * scale.reshape(s) + bias.reshape(s)


def max_pool2(x):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_2d(x, axis):
    """Softmax before opset 13: over all dims from `axis` on."""
    flat = x.reshape(int(np.prod(x.shape[:axis])), -1)
    return softmax(flat, 1).reshape(x.shape)


def nearest_asymmetric(x, out_shape, rounding):
    """Resize nearest with x_original = x_resized * in / out, rounded by `rounding`."""
    y = x
    for axis, (n_in, n_out) in enumerate(zip(x.shape, out_shape)):
        idx = rounding(np.arange(n_out) * (n_in / n_out)).astype(np.int64)
        y = np.take(y, np.minimum(idx, n_in - 1), axis=axis)
    return y


# ---- numerical cases ----------------------------------------------------------------

def tiny_cnn():
    """Conv + BatchNormalization + Relu + MaxPool + Flatten + Gemm + Softmax, batch 'N'."""
    w, b = rand(4, 3, 3, 3) * 0.5, rand(4)
    scale, bias, mean = rand(4), rand(4), rand(4)
    var = RNG.uniform(0.5, 1.5, 4).astype(np.float32)
    w2, c2 = rand(5, 64) * 0.2, rand(5)
    nodes = [
        helper.make_node("Conv", ["data", "conv_w", "conv_b"], ["conv"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["conv", "bn_scale", "bn_bias", "bn_mean", "bn_var"],
                         ["bn"], name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["bn"], ["relu"], name="relu1"),
        helper.make_node("MaxPool", ["relu"], ["pool"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Flatten", ["pool"], ["flat"], name="flatten1", axis=1),
        helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["fc"], name="fc1", transB=1),
        helper.make_node("Softmax", ["fc"], ["prob"], name="softmax1", axis=1),
    ]
    inits = [init("conv_w", w), init("conv_b", b), init("bn_scale", scale), init("bn_bias", bias),
             init("bn_mean", mean), init("bn_var", var), init("fc_w", w2), init("fc_b", c2)]
    m = model(nodes, [vi("data", F, ["N", 3, 8, 8])], [vi("prob", F, ["N", 5])], 13, inits)
    x = rand(2, 3, 8, 8)
    y = conv2d(x, w, b, 1)
    y = batch_norm(y, scale, bias, mean, var, 1e-5)
    y = max_pool2(np.maximum(y, 0)).reshape(2, -1)
    y = softmax(y @ w2.T.astype(np.float64) + c2, 1)
    write_case("tiny_cnn", m, [x], [y.astype(np.float32)])
    return m


def init_as_input():
    """IR 3: an initializer listed as a graph input is a constant with a default."""
    w = rand(3)
    m = model([helper.make_node("Add", ["x", "w"], ["y"], name="add")],
              [vi("x", F, [2, 3]), vi("w", F, [3])], [vi("y", F, [2, 3])], 9, [init("w", w)],
              ir_version=3)
    x = rand(2, 3)
    write_case("init_as_input", m, [x], [x + w])


def external_data():
    """Weights in external_data.bin (W at offset 0, bias after it), loaded relative to the
    model's directory."""
    w, bias = rand(4, 3), rand(3)
    tw, tb = init("W", w), init("bias", bias)
    raw_w, raw_b = tw.raw_data, tb.raw_data
    d = os.path.join(CASES, "external_data")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "external_data.bin"), "wb") as f:
        f.write(raw_w + b"\0" * 16 + raw_b)  # bias at an offset past some padding
    for t, off, n in ((tw, 0, len(raw_w)), (tb, len(raw_w) + 16, len(raw_b))):
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        for k, v in (("location", "external_data.bin"), ("offset", str(off)), ("length", str(n))):
            e = t.external_data.add()
            e.key, e.value = k, v
    nodes = [helper.make_node("MatMul", ["x", "W"], ["xw"], name="mm"),
             helper.make_node("Add", ["xw", "bias"], ["y"], name="add")]
    m = model(nodes, [vi("x", F, [2, 4])], [vi("y", F, [2, 3])], 13, [tw, tb])
    x = rand(2, 4)
    write_case("external_data", m, [x], [(x @ w + bias).astype(np.float32)])
    # The same model naming a data file that does not exist.
    for t in m.graph.initializer:
        t.external_data[0].value = "missing_weights.bin"
    os.makedirs(MODELS, exist_ok=True)
    onnx.save(m, os.path.join(MODELS, "external_missing.onnx"))


def single(name, op, opset, inputs, outputs, attrs=None, inits=(), extra_inputs=(),
           node_inputs=None, node_outputs=None):
    """A case of one node. inputs: [(name, array)] fed by the test; outputs: [(name, array)]."""
    node = helper.make_node(op, node_inputs or [n for n, _ in inputs] + list(extra_inputs),
                            node_outputs or [n for n, _ in outputs], name=name, **(attrs or {}))
    to_vi = lambda n, a: vi(n, helper.np_dtype_to_tensor_dtype(a.dtype), list(a.shape))
    m = model([node], [to_vi(n, a) for n, a in inputs], [to_vi(n, a) for n, a in outputs],
              opset, inits)
    write_case(name, m, [a for _, a in inputs], [a for _, a in outputs])


def opset_cases():
    x4 = rand(1, 2, 4, 4)
    # Upsample / Resize before opset 11: asymmetric, nearest = floor when upsampling.
    up = nearest_asymmetric(x4, (1, 2, 8, 12), np.floor)
    single("upsample_opset7_attr", "Upsample", 7, [("x", x4)], [("y", up)],
           {"mode": "nearest", "scales": [1.0, 1.0, 2.0, 3.0]})
    single("upsample_opset9_input", "Upsample", 9, [("x", x4)], [("y", up)], {"mode": "nearest"},
           [init("scales", np.array([1, 1, 2, 3], np.float32))], ["scales"])
    single("resize_opset10_nearest", "Resize", 10, [("x", x4)], [("y", up)], {"mode": "nearest"},
           [init("scales", np.array([1, 1, 2, 3], np.float32))], ["scales"])
    # Resize-11 with sizes and an empty scales tensor.
    y = nearest_asymmetric(x4, (1, 2, 6, 8), np.floor)
    single("resize_opset11_sizes", "Resize", 11, [("x", x4)], [("y", y)],
           {"mode": "nearest", "coordinate_transformation_mode": "asymmetric",
            "nearest_mode": "floor"},
           [init("roi", np.zeros(0, np.float32)), init("scales", np.zeros(0, np.float32)),
            init("sizes", np.array([1, 2, 6, 8], np.int64))], ["roi", "scales", "sizes"])
    # Slice with attributes (opset 9) and with inputs and a negative step (opset 11).
    x = rand(3, 5, 6)
    single("slice_opset9_attrs", "Slice", 9, [("x", x)], [("y", x[:, 1:100, -4:5])],
           {"starts": [1, -4], "ends": [100, 5], "axes": [1, 2]})
    single("slice_opset11_steps", "Slice", 11, [("x", x)], [("y", x[:, 4:0:-2, :])], None,
           [init("starts", np.array([4], np.int64)), init("ends", np.array([0], np.int64)),
            init("axes", np.array([1], np.int64)), init("steps", np.array([-2], np.int64))],
           ["starts", "ends", "axes", "steps"])
    # Reduce* axes as attributes.
    single("reduce_sum_opset11_axes", "ReduceSum", 11, [("x", x)],
           [("y", x.sum(axis=(0, 2), keepdims=True))], {"axes": [0, -1]})
    single("reduce_mean_opset9_noaxes", "ReduceMean", 9, [("x", x)],
           [("y", np.array(x.mean(), np.float32))], {"keepdims": 0})
    single("reduce_max_opset13_axes", "ReduceMax", 13, [("x", x)], [("y", x.max(axis=1))],
           {"axes": [1], "keepdims": 0})
    # Squeeze / Unsqueeze with attributes.
    xs = rand(1, 3, 1, 2)
    single("squeeze_opset11_axes", "Squeeze", 11, [("x", xs)], [("y", xs.reshape(3, 1, 2))],
           {"axes": [0]})
    single("squeeze_opset9_all", "Squeeze", 9, [("x", xs)], [("y", xs.reshape(3, 2))])
    single("unsqueeze_opset11_neg", "Unsqueeze", 11, [("x", xs)],
           [("y", xs.reshape(1, 3, 1, 2, 1))], {"axes": [-1]})
    # Clip with attributes (9) and with inputs (11, max omitted).
    xc = rand(4, 5) * 3
    single("clip_opset9_attrs", "Clip", 9, [("x", xc)], [("y", np.clip(xc, -1.0, 2.5))],
           {"min": -1.0, "max": 2.5})
    single("clip_opset11_min_only", "Clip", 11, [("x", xc)], [("y", np.maximum(xc, -0.5))],
           None, [init("lo", np.array(-0.5, np.float32))], ["lo"])
    # Pad with attributes (opset 2 and 9) and with inputs (11).
    pads = [0, 1, 2, 0, 0, 3]
    padded = np.pad(x, ((0, 0), (1, 0), (2, 3)), constant_values=0.5)
    single("pad_opset9_attrs", "Pad", 9, [("x", x)], [("y", padded)],
           {"pads": pads, "value": 0.5})
    single("pad_opset2_reflect", "Pad", 2, [("x", x)],
           [("y", np.pad(x, ((0, 0), (1, 0), (2, 3)), mode="reflect"))],
           {"pads": pads, "mode": "reflect"})
    single("pad_opset11_inputs", "Pad", 11, [("x", x)], [("y", padded)], None,
           [init("pads", np.array(pads, np.int64)), init("cval", np.array(0.5, np.float32))],
           ["pads", "cval"])
    # Softmax family: opset < 13 normalizes over all dims from `axis` on.
    single("softmax_opset9_axis1", "Softmax", 9, [("x", x)], [("y", softmax_2d(x, 1))],
           {"axis": 1})
    single("logsoftmax_opset11_default", "LogSoftmax", 11, [("x", x)],
           [("y", np.log(softmax_2d(x, 1)))])
    single("softmax_opset11_last", "Softmax", 11, [("x", x)], [("y", softmax(x, 2))],
           {"axis": -1})
    single("softmax_opset13_axis1", "Softmax", 13, [("x", x)], [("y", softmax(x, 1))],
           {"axis": 1})
    # Split with the split attribute (opset 11) and equal parts (opset 9).
    single("split_opset11_attr", "Split", 11, [("x", x)],
           [("a", x[:, :, :2]), ("b", x[:, :, 2:])], {"axis": 2, "split": [2, 4]})
    single("split_opset9_equal", "Split", 9, [("x", x)],
           [("a", x[:, :, :3]), ("b", x[:, :, 3:])], {"axis": -1})
    # TopK with the k attribute (opset 9); distinct values, so the order is unique.
    xt = RNG.permutation(24).astype(np.float32).reshape(4, 6)
    idx = np.argsort(-xt, axis=1)[:, :3]
    single("topk_opset9_attr", "TopK", 9, [("x", xt)],
           [("v", np.take_along_axis(xt, idx, 1)), ("i", idx.astype(np.int64))], {"k": 3})
    # BatchNormalization: opset 7 spatial = 0 (per activation) and opset 9.
    xb = rand(2, 3, 4)
    p = [rand(3, 4), rand(3, 4), rand(3, 4), RNG.uniform(0.5, 2, (3, 4)).astype(np.float32)]
    yb = (xb - p[2]) / np.sqrt(p[3] + 1e-3) * p[0] + p[1]
    single("batchnorm_opset7_spatial0", "BatchNormalization", 7, [("x", xb)], [("y", yb)],
           {"spatial": 0, "epsilon": 1e-3},
           [init(n, a) for n, a in zip(["s", "b", "m", "v"], p)], ["s", "b", "m", "v"])
    q = [rand(3), rand(3), rand(3), RNG.uniform(0.5, 2, 3).astype(np.float32)]
    single("batchnorm_opset9", "BatchNormalization", 9, [("x", xb)],
           [("y", batch_norm(xb, *q, 1e-5))], None,
           [init(n, a) for n, a in zip(["s", "b", "m", "v"], q)], ["s", "b", "m", "v"])
    # Legacy broadcasting (opset 6): B aligned at axis 1 of A.
    xa, xb1 = rand(2, 3, 4, 5), rand(3, 4)
    single("add_opset6_broadcast_axis", "Add", 6, [("a", xa), ("b", xb1)],
           [("y", xa + xb1.reshape(1, 3, 4, 1))], {"broadcast": 1, "axis": 1})
    xs2 = rand(4, 5)
    single("mul_opset6_broadcast_suffix", "Mul", 6, [("a", xa), ("b", xs2)], [("y", xa * xs2)],
           {"broadcast": 1})
    slope = rand(3)
    single("prelu_opset6_channel", "PRelu", 6, [("x", xa)],
           [("y", np.where(xa > 0, xa, xa * slope.reshape(1, 3, 1, 1)))], None,
           [init("slope", slope)], ["slope"])
    # Reshape with the shape attribute (opset 4), Concat without axis (opset 3).
    single("reshape_opset4_attr", "Reshape", 4, [("x", x)], [("y", x.reshape(3, 30))],
           {"shape": [3, -1]})
    c1, c2 = rand(2, 3), rand(2, 4)
    single("concat_opset3_default_axis", "Concat", 3, [("a", c1), ("b", c2)],
           [("y", np.concatenate([c1, c2], 1))])
    # Cast with a type name (opset 5), Dropout with its mask (opset 12: bool).
    single("cast_opset5_name", "Cast", 5, [("x", xc)], [("y", xc.astype(np.int32))],
           {"to": "INT32"})
    single("dropout_opset12_mask", "Dropout", 12, [("x", xc)],
           [("y", xc), ("mask", np.ones(xc.shape, bool))])


def constant_kinds():
    """Constant nodes with each kind of value attribute, as graph outputs."""
    t = np.arange(6, dtype=np.float32).reshape(2, 3)
    nodes = [
        helper.make_node("Constant", [], ["c_tensor"], value=numpy_helper.from_array(t)),
        helper.make_node("Constant", [], ["c_float"], value_float=2.5),
        helper.make_node("Constant", [], ["c_floats"], value_floats=[1.0, -2.0]),
        helper.make_node("Constant", [], ["c_int"], value_int=7),
        helper.make_node("Constant", [], ["c_ints"], value_ints=[3, 4, 5]),
        helper.make_node("Add", ["x", "c_tensor"], ["y"], name="add"),
    ]
    outs = [vi("y", F, [2, 3]), vi("c_float", F, []), vi("c_floats", F, [2]),
            vi("c_int", TensorProto.INT64, []), vi("c_ints", TensorProto.INT64, [3])]
    m = model(nodes, [vi("x", F, [2, 3])], outs, 13)
    x = rand(2, 3)
    write_case("constant_kinds", m, [x],
               [x + t, np.array(2.5, np.float32), np.array([1, -2], np.float32),
                np.array(7, np.int64), np.array([3, 4, 5], np.int64)])


if __name__ == "__main__":
    for d in (CASES, MODELS):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    tiny_cnn()
    init_as_input()
    external_data()
    opset_cases()
    constant_kinds()
    import make_models  # structural and error models (models/)
    make_models.main(MODELS)
    print("fixtures written to", HERE)
