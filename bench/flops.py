"""FLOPs of an ONNX model: multiply-adds of Conv, ConvTranspose, Gemm and MatMul, counted twice
(one multiply, one add); elementwise ops, pooling and normalization are left out."""

import numpy as np
import onnx
from onnx import shape_inference


def _shapes(model):
    inferred = shape_inference.infer_shapes(model, data_prop=True)
    shapes = {}
    for v in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        dims = v.type.tensor_type.shape.dim
        if all(d.HasField("dim_value") for d in dims):
            shapes[v.name] = [d.dim_value for d in dims]
    for t in inferred.graph.initializer:
        shapes[t.name] = list(t.dims)
    return shapes


def _attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def count_flops(path):
    """Returns (total FLOPs, names of counted nodes whose shapes were unknown)."""
    model = onnx.load(path)
    shapes = _shapes(model)
    total, unknown = 0, []
    for node in model.graph.node:
        if node.op_type not in ("Conv", "ConvTranspose", "Gemm", "MatMul"):
            continue
        needed = [node.input[0], node.input[1], node.output[0]]
        if not all(n in shapes for n in needed):
            unknown.append(node.name or node.op_type)
            continue
        a, w, y = (shapes[n] for n in needed)
        if node.op_type == "Conv":
            # each output element: Cin/group * prod(kernel) multiply-adds; w is [Cout, Cin/group, k...]
            macs = int(np.prod(y)) * int(np.prod(w[1:]))
        elif node.op_type == "ConvTranspose":
            # each input element scatters into Cout/group * prod(kernel) outputs; w is [Cin, Cout/group, k...]
            macs = int(np.prod(a)) * int(np.prod(w[1:]))
        elif node.op_type == "Gemm":
            k = a[0] if _attr(node, "transA", 0) else a[1]
            macs = int(np.prod(y)) * k
        else:  # MatMul: the contracted axis is the last of A
            macs = int(np.prod(y)) * a[-1]
        total += 2 * macs
    return total, unknown
