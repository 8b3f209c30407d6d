"""Structural and error models of the ONNX frontend tests (models/); called by
make_fixtures.py, which also writes the numerical cases (cases/)."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from make_fixtures import CASES, F, init, model, rand, vi, write_case

B = TensorProto.BOOL


def save(m, d, name):
    onnx.save(m, os.path.join(d, name))


def unknown_ops(d):
    """Two unknown op types (FooOp in a custom domain, BarOp and an unnamed BazOp in the
    default one), an op at an opset neo has no translator for, and an unknown op inside
    an If branch: one error must list them all with every node name."""
    then_g = helper.make_graph(
        [helper.make_node("FooOp", ["e"], ["t"], name="foo_in_branch", domain="com.example")],
        "then", [], [vi("t", F, [2, 3])])
    else_g = helper.make_graph([helper.make_node("Identity", ["e"], ["u"], name="id_else")],
                               "else", [], [vi("u", F, [2, 3])])
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="r1"),
        helper.make_node("FooOp", ["a"], ["b"], name="foo1", domain="com.example"),
        helper.make_node("BarOp", ["b"], ["c"], name="bar1"),
        helper.make_node("FooOp", ["c"], ["d"], name="foo2", domain="com.example"),
        # TreeEnsemble exists from ai.onnx.ml opset 5 on; this model imports opset 3.
        helper.make_node("TreeEnsemble", ["d"], ["e"], name="te3", domain="ai.onnx.ml"),
        helper.make_node("BazOp", ["e"], ["baz_out"]),
        helper.make_node("If", ["cond"], ["f"], name="if1", then_branch=then_g,
                         else_branch=else_g),
    ]
    m = model(nodes, [vi("x", F, [2, 3]), vi("cond", B, [])],
              [vi("f", F, [2, 3]), vi("baz_out", F, [2, 3])], 18,
              extra_opsets=[("com.example", 1), ("ai.onnx.ml", 3)])
    save(m, d, "unknown_ops.onnx")


def dtypes(d):
    """Initializers of every dtype neo has, in raw_data and in the typed fields, as the
    graph's outputs. Values are i (or i % 2 == 1 for bool) for element i."""
    inits, outs = [], []
    vals = np.arange(6)
    kinds = [("f32", np.float32, TensorProto.FLOAT), ("f64", np.float64, TensorProto.DOUBLE),
             ("f16", np.float16, TensorProto.FLOAT16), ("i8", np.int8, TensorProto.INT8),
             ("u8", np.uint8, TensorProto.UINT8), ("i16", np.int16, TensorProto.INT16),
             ("i32", np.int32, TensorProto.INT32), ("i64", np.int64, TensorProto.INT64),
             ("bool", bool, B)]
    for name, np_t, onnx_t in kinds:
        a = (vals % 2 == 1) if np_t is bool else vals.astype(np_t)
        a = a.reshape(2, 3)
        raw = numpy_helper.from_array(a, name + "_raw")
        if np_t is np.float16:  # typed field: the half bits in int32_data
            typed = TensorProto(name=name + "_typed", data_type=onnx_t, dims=[2, 3])
            typed.int32_data.extend(a.view(np.uint16).flatten().astype(np.int32).tolist())
        else:
            typed = helper.make_tensor(name + "_typed", onnx_t, [2, 3], a.flatten().tolist())
        inits += [raw, typed]
        outs += [vi(name + "_raw", onnx_t, [2, 3]), vi(name + "_typed", onnx_t, [2, 3])]
    # bfloat16: the upper 16 bits of the f32 (exact for small integers).
    bits = (vals.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)
    bf_raw = helper.make_tensor("bf16_raw", TensorProto.BFLOAT16, [2, 3], bits.tobytes(), raw=True)
    bf_typed = TensorProto(name="bf16_typed", data_type=TensorProto.BFLOAT16, dims=[2, 3])
    bf_typed.int32_data.extend(bits.astype(np.int32).tolist())
    inits += [bf_raw, bf_typed]
    outs += [vi("bf16_raw", TensorProto.BFLOAT16, [2, 3]),
             vi("bf16_typed", TensorProto.BFLOAT16, [2, 3])]
    inits.append(helper.make_tensor("str_typed", TensorProto.STRING, [3], [b"a", b"bc", b""]))
    outs.append(vi("str_typed", TensorProto.STRING, [3]))
    inits.append(numpy_helper.from_array(np.array(3.5, np.float32), "scalar_raw"))
    outs.append(vi("scalar_raw", F, []))
    inits.append(numpy_helper.from_array(np.zeros((0, 3), np.float32), "empty_raw"))
    outs.append(vi("empty_raw", F, [0, 3]))
    save(model([], [], outs, 13, inits), d, "dtypes.onnx")


def small_dtypes(d):
    """Initializers of the storage-only dtypes, as the graph's outputs: 4- and 2-bit values
    packed (an odd count, so the last byte is half used) in raw_data and in int32_data,
    and float8 bits in both. The values are those the tests expect."""
    inits, outs = [], []
    kinds = [("i4", TensorProto.INT4, [-8, -1, 0, 7, 3]), ("u4", TensorProto.UINT4, [15, 0, 9, 1, 6]),
             ("i2", TensorProto.INT2, [-2, 1, -1, 0, 1]), ("u2", TensorProto.UINT2, [3, 0, 2, 1, 3]),
             ("f4e2m1", TensorProto.FLOAT4E2M1, [-6.0, 0.5, 1.5, 3.0, -0.0]),
             ("f8e4m3fn", TensorProto.FLOAT8E4M3FN, [448.0, -0.0625, 1.0, -2.5, 0.001953125]),
             ("f8e5m2", TensorProto.FLOAT8E5M2, [57344.0, -1.5, 1024.0, 0.25, -3.0])]
    for name, onnx_t, vals in kinds:
        raw = helper.make_tensor(name + "_raw", onnx_t, [5], vals)
        # make_tensor packs the sub-byte types into int32_data; move them to raw_data.
        if raw.int32_data:
            raw.raw_data = bytes(v & 0xFF for v in raw.int32_data)
            del raw.int32_data[:]
        typed = helper.make_tensor(name + "_typed", onnx_t, [5], vals)
        inits += [raw, typed]
        outs += [vi(name + "_raw", onnx_t, [5]), vi(name + "_typed", onnx_t, [5])]
    save(model([], [], outs, 25, inits), d, "small_dtypes.onnx")


def two_inputs(d):
    """Two inputs sharing the symbolic dim N."""
    m = model([helper.make_node("Add", ["a", "b"], ["y"], name="add")],
              [vi("a", F, ["N", 4]), vi("b", F, ["N", 4])], [vi("y", F, ["N", 4])], 13)
    save(m, d, "two_inputs.onnx")


def static_pair(d):
    """Two inputs of static shapes, float and int64: y = a * 2, z = b + 1."""
    two = helper.make_tensor("two", F, [], [2.0])
    one = helper.make_tensor("one", TensorProto.INT64, [], [1])
    m = model([helper.make_node("Mul", ["a", "two"], ["y"], name="mul"),
               helper.make_node("Add", ["b", "one"], ["z"], name="add")],
              [vi("a", F, [2, 3]), vi("b", TensorProto.INT64, [4])],
              [vi("y", F, [2, 3]), vi("z", TensorProto.INT64, [4])], 13, [two, one])
    save(m, d, "static_pair.onnx")


def no_shape(d):
    """An input with a dtype but no shape (rank unknown)."""
    x = helper.make_tensor_value_info("x", F, None)
    m = model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [x], [vi("y", F, None)], 13)
    save(m, d, "no_shape.onnx")


def if_capture():
    """An If whose branches read outer values: y (both), x (else), the initializer k
    (then; a constant, copied into the branch)."""
    then_g = helper.make_graph([helper.make_node("Add", ["y", "k"], ["t"], name="add_then")],
                               "then", [], [vi("t", F, [3])])
    else_g = helper.make_graph([helper.make_node("Sub", ["y", "x"], ["u"], name="sub_else")],
                               "else", [], [vi("u", F, [3])])
    nodes = [helper.make_node("Mul", ["x", "x"], ["y"], name="sq"),
             helper.make_node("If", ["cond"], ["z"], name="if1", then_branch=then_g,
                              else_branch=else_g)]
    k = np.array([1, 2, 3], np.float32)
    m = model(nodes, [vi("cond", B, []), vi("x", F, [3])], [vi("z", F, [3])], 13, [init("k", k)])
    x = rand(3)
    write_case("if_capture_then", m, [np.array(True), x], [x * x + k])
    write_case("if_capture_else", m, [np.array(False), x], [x * x - x])
    return m


def loop_capture():
    """A Loop (3 iterations, no condition input) whose body adds the outer x to v."""
    body = helper.make_graph(
        [helper.make_node("Identity", ["c"], ["c_out"], name="keep_cond"),
         helper.make_node("Add", ["v", "x"], ["v_out"], name="add_x")],
        "body", [vi("i", TensorProto.INT64, []), vi("c", B, []), vi("v", F, [2])],
        [vi("c_out", B, []), vi("v_out", F, [2])])
    nodes = [helper.make_node("Loop", ["trip", "", "v0"], ["v_final"], name="loop1", body=body)]
    m = model(nodes, [vi("x", F, [2])], [vi("v_final", F, [2])], 13,
              [init("trip", np.array(3, np.int64)), init("v0", np.zeros(2, np.float32))])
    x = rand(2)
    write_case("loop_capture", m, [x], [3 * x])
    return m


def nested_capture():
    """A Loop body holding an If whose then-branch reads v (of the body) and x (of the
    main graph): x is captured by the body first, then by the branch."""
    then_g = helper.make_graph([helper.make_node("Add", ["v", "x"], ["t"], name="add_then")],
                               "then", [], [vi("t", F, [2])])
    else_g = helper.make_graph([helper.make_node("Identity", ["v"], ["u"], name="id_else")],
                               "else", [], [vi("u", F, [2])])
    body = helper.make_graph(
        [helper.make_node("Identity", ["c"], ["c_out"], name="keep_cond"),
         helper.make_node("If", ["c"], ["v_out"], name="inner_if", then_branch=then_g,
                          else_branch=else_g)],
        "body", [vi("i", TensorProto.INT64, []), vi("c", B, []), vi("v", F, [2])],
        [vi("c_out", B, []), vi("v_out", F, [2])])
    nodes = [helper.make_node("Loop", ["trip", "cond0", "v0"], ["v_final"], name="loop1",
                              body=body)]
    m = model(nodes, [vi("x", F, [2])], [vi("v_final", F, [2])], 13,
              [init("trip", np.array(2, np.int64)), init("cond0", np.array(True)),
               init("v0", np.zeros(2, np.float32))])
    x = rand(2)
    write_case("nested_capture", m, [x], [2 * x])
    return m


def local_function():
    """A model-local function ScaledRelu(X) = Relu(X) * alpha, alpha defaulting to 0.5,
    called twice (once with alpha = 2)."""
    c = helper.make_node("Constant", [], ["a"])
    c.attribute.append(helper.make_attribute_ref("value_float", TensorProto.FLOAT))
    c.attribute[0].ref_attr_name = "alpha"
    body = [c, helper.make_node("Relu", ["X"], ["r"]), helper.make_node("Mul", ["r", "a"], ["Y"])]
    fn = helper.make_function("local", "ScaledRelu", ["X"], ["Y"], body,
                              [helper.make_opsetid("", 13)], attributes=[],
                              attribute_protos=[helper.make_attribute("alpha", 0.5)])
    nodes = [helper.make_node("ScaledRelu", ["x"], ["y1"], name="f1", domain="local", alpha=2.0),
             helper.make_node("Neg", ["x"], ["nx"], name="neg"),
             helper.make_node("ScaledRelu", ["nx"], ["y2"], name="f2", domain="local")]
    m = model(nodes, [vi("x", F, [2, 3])], [vi("y1", F, [2, 3]), vi("y2", F, [2, 3])], 13,
              extra_opsets=[("local", 1)])
    m.functions.append(fn)
    x = rand(2, 3)
    write_case("function_inline", m, [x], [np.maximum(x, 0) * 2, np.maximum(-x, 0) * 0.5])
    return m


def normalization_pair(d):
    """The same computation at opset 9 (axes, pads, bounds, splits as attributes) and at
    opset 18 (as inputs): the frontend must produce the same graph from both."""
    h = helper.make_node
    old = [h("Slice", ["x"], ["a"], starts=[1], ends=[3], axes=[1]),
           h("ReduceSum", ["a"], ["b"], axes=[3], keepdims=1),
           h("Squeeze", ["b"], ["c"], axes=[3]),
           h("Unsqueeze", ["c"], ["d"], axes=[0]),
           h("Clip", ["d"], ["e"], min=-1.0, max=1.0),
           h("Pad", ["e"], ["f"], pads=[0, 0, 1, 1, 0, 0, 1, 1], value=0.5, mode="constant"),
           h("Split", ["f"], ["g", "s2"], axis=3, split=[2, 4]),
           h("ReduceMean", ["s2"], ["k"], axes=[1], keepdims=0)]
    i64 = lambda name, v: init(name, np.array(v, np.int64))
    new_inits = [i64("starts", [1]), i64("ends", [3]), i64("axes_s", [1]), i64("axes_r", [3]),
                 i64("axes_q", [3]), i64("axes_u", [0]), init("lo", np.array(-1, np.float32)),
                 init("hi", np.array(1, np.float32)), i64("pads", [0, 0, 1, 1, 0, 0, 1, 1]),
                 init("cval", np.array(0.5, np.float32)), i64("split", [2, 4]),
                 i64("axes_m", [1])]
    new = [h("Slice", ["x", "starts", "ends", "axes_s"], ["a"]),
           h("ReduceSum", ["a", "axes_r"], ["b"], keepdims=1),
           h("Squeeze", ["b", "axes_q"], ["c"]),
           h("Unsqueeze", ["c", "axes_u"], ["d"]),
           h("Clip", ["d", "lo", "hi"], ["e"]),
           h("Pad", ["e", "pads", "cval"], ["f"], mode="constant"),
           h("Split", ["f", "split"], ["g", "s2"], axis=3),
           h("ReduceMean", ["s2", "axes_m"], ["k"], keepdims=0)]
    ins, outs = [vi("x", F, [2, 3, 4, 5])], [vi("g", F, [1, 2, 4, 2]), vi("k", F, [1, 4, 4])]
    save(model(old, ins, outs, 9), d, "normalize_opset9.onnx")
    save(model(new, ins, outs, 18, new_inits), d, "normalize_opset18.onnx")


def error_models(d):
    relu = lambda inp, name="relu": helper.make_node("Relu", [inp], ["y"], name=name)
    # An attribute of the wrong kind: Squeeze-11 axes as a float.
    sq = helper.make_node("Squeeze", ["x"], ["y"], name="sq")
    sq.attribute.append(helper.make_attribute("axes", 1.5))
    save(model([sq], [vi("x", F, [1, 3])], [vi("y", F, [3])], 11), d, "bad_attr.onnx")
    # A kept-as-is op (checked against neo's op schema) with a string for its ints.
    conv = helper.make_node("Conv", ["x", "w"], ["y"], name="conv_bad", kernel_shape="3x3")
    save(model([conv], [vi("x", F, [1, 1, 4, 4])], [vi("y", F, [1, 1, 2, 2])], 13,
               [init("w", np.ones((1, 1, 3, 3), np.float32))]), d, "bad_attr_conv.onnx")
    # A sparse Constant.
    sparse = helper.make_sparse_tensor(
        numpy_helper.from_array(np.array([1.0], np.float32), "vals"),
        numpy_helper.from_array(np.array([1], np.int64), "idx"), [3])
    c = helper.make_node("Constant", [], ["c"], name="sc", sparse_value=sparse)
    save(model([c, helper.make_node("Add", ["x", "c"], ["y"], name="add")], [vi("x", F, [3])],
               [vi("y", F, [3])], 13), d, "sparse_constant.onnx")
    # An input of a dtype neo lacks; a node reading an undefined value; an unimported domain.
    save(model([helper.make_node("Identity", ["x"], ["y"], name="id")],
               [vi("x", TensorProto.COMPLEX64, [2])], [vi("y", TensorProto.COMPLEX64, [2])], 13),
         d, "complex_input.onnx")
    save(model([relu("ghost")], [vi("x", F, [2])], [vi("y", F, [2])], 13), d,
         "undefined_input.onnx")
    other = helper.make_node("Thing", ["x"], ["y"], name="thing", domain="com.other")
    save(model([other], [vi("x", F, [2])], [vi("y", F, [2])], 13), d, "not_imported.onnx")
    # Not ONNX at all, and a truncated model.
    with open(os.path.join(d, "garbage.onnx"), "wb") as f:
        f.write(b"this is not an ONNX model, just some text\n" * 4)
    with open(os.path.join(CASES, "tiny_cnn", "model.onnx"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])


def main(d):
    unknown_ops(d)
    dtypes(d)
    small_dtypes(d)
    two_inputs(d)
    static_pair(d)
    no_shape(d)
    save(if_capture(), d, "if_capture.onnx")
    save(loop_capture(), d, "loop_capture.onnx")
    save(nested_capture(), d, "nested_capture.onnx")
    save(local_function(), d, "function_inline.onnx")
    normalization_pair(d)
    error_models(d)
