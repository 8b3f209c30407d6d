"""Helpers shared by the gen_fixtures.py scripts of tests/data: writing NumPy fixtures and
their cases.json (format: tests/support/op_test_util.hpp).

OnnxReferenceCases runs one node through ONNX's reference evaluator (onnx.reference) for the
expected outputs, optionally checked against NumPy; NumpyCases stores outputs the script
computed itself. Scripts import it with sys.path pointing at tests/data.
"""
import glob
import json
import os

import numpy as np


class OnnxReferenceCases:
    """Cases "<name>.in<i>.npy" / "<name>.out<i>.npy" whose outputs onnx.reference computes."""

    def __init__(self, here, opset, expect_same_dtype=False):
        self.here, self.opset, self.cases = here, opset, []
        self.expect_same_dtype = expect_same_dtype

    def reference(self, op, inputs, attrs, n_out=1):
        """Runs one node through the ONNX reference evaluator."""
        import onnx
        from onnx import helper
        from onnx.reference import ReferenceEvaluator
        names = [f"x{i}" if x is not None else "" for i, x in enumerate(inputs)]
        outs = [f"y{i}" for i in range(n_out)]
        node = helper.make_node(op, names, outs, **attrs)
        graph = helper.make_graph(
            [node], "g",
            [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(x.dtype), x.shape)
             for n, x in zip(names, inputs) if x is not None],
            [helper.make_tensor_value_info(o, onnx.TensorProto.UNDEFINED, None) for o in outs])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        feeds = {n: x for n, x in zip(names, inputs) if x is not None}
        return [np.asarray(y) for y in ReferenceEvaluator(model).run(None, feeds)]

    def case(self, name, op, inputs, attrs=None, n_out=1, const=(), dtypes=None, expect=None):
        """One node; expect (optional): NumPy outputs the reference must agree with."""
        attrs = attrs or {}
        if dtypes:  # run in float64: the tests compare every dtype against these values
            outputs = self.reference(op, [x.astype(np.float64) if x is not None and x.dtype == np.float32
                                          else x for x in inputs], attrs, n_out)
        else:
            outputs = self.reference(op, inputs, attrs, n_out)
        if expect is not None:
            for got, want in zip(outputs, expect):
                assert got.shape == np.shape(want) and np.allclose(got, want), (name, got, want)
                assert not self.expect_same_dtype or got.dtype == np.asarray(want).dtype, name
        entry = {"op": op, "name": name, "attrs": attrs, "const": list(const),
                 "inputs": [], "outputs": []}
        if dtypes:
            entry["dtypes"] = dtypes
        for i, x in enumerate(inputs):
            if x is None:
                entry["inputs"].append(None)
                continue
            fn = f"{name}.in{i}.npy"
            np.save(os.path.join(self.here, fn), np.array(x, order="C"))
            entry["inputs"].append(fn)
        for i, y in enumerate(outputs):
            fn = f"{name}.out{i}.npy"
            np.save(os.path.join(self.here, fn), np.array(y, order="C"))
            entry["outputs"].append(fn)
        self.cases.append(entry)

    def write(self):
        with open(os.path.join(self.here, "cases.json"), "w") as f:
            json.dump(self.cases, f, indent=1)
        size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(self.here, "*")))
        print(f"{len(self.cases)} cases, {size} bytes")


class NumpyCases:
    """Cases "<name>_in<i>.npy" / "<name>_out<i>.npy" with outputs the script computed."""

    def __init__(self, here):
        self.here, self.cases = here, []

    def clear(self):
        """Removes the .npy files an earlier run wrote."""
        for f in glob.glob(os.path.join(self.here, "*.npy")):
            os.remove(f)

    def add_case(self, name, op, attrs, inputs, outputs, dtypes=None, const=None):
        entry = {"name": name, "op": op, "attrs": attrs, "inputs": [], "outputs": []}
        for i, a in enumerate(inputs):
            if a is None:
                entry["inputs"].append(None)
                continue
            f = f"{name}_in{i}.npy"
            np.save(os.path.join(self.here, f), a)
            entry["inputs"].append(f)
        for i, a in enumerate(outputs):
            f = f"{name}_out{i}.npy"
            np.save(os.path.join(self.here, f), a)
            entry["outputs"].append(f)
        if const:
            entry["const"] = const
        if dtypes:
            entry["dtypes"] = dtypes
        self.cases.append(entry)

    def write(self, final_newline=False):
        with open(os.path.join(self.here, "cases.json"), "w") as f:
            json.dump(self.cases, f, indent=1)
            if final_newline:
                f.write("\n")
        print(f"wrote {len(self.cases)} cases")
