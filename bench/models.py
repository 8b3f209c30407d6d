"""The benchmark's model set: torchvision / torch modules with seeded random weights,
exported once to ONNX (batch 1, static shapes) with an input and PyTorch's output beside it."""

import json
import os

import numpy as np

SEED = 0
OPSET = 17


def _transformer():
    import torch.nn as nn

    layer = nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024, dropout=0.0,
                                       batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=4, enable_nested_tensor=False)


def _vision(name):
    def make():
        import torchvision.models as tvm

        return getattr(tvm, name)(weights=None)
    return make


IMAGE = (1, 3, 224, 224)

# name -> (constructor, input name, input shape)
MODELS = {
    "resnet50": (_vision("resnet50"), "x", IMAGE),
    "resnet18": (_vision("resnet18"), "x", IMAGE),
    "mobilenet_v2": (_vision("mobilenet_v2"), "x", IMAGE),
    "efficientnet_b0": (_vision("efficientnet_b0"), "x", IMAGE),
    "shufflenet_v2": (_vision("shufflenet_v2_x1_0"), "x", IMAGE),
    "squeezenet1_1": (_vision("squeezenet1_1"), "x", IMAGE),
    "transformer": (_transformer, "x", (1, 128, 256)),
}


class Prepared:
    """Paths of one exported model: model.onnx, input.npy, reference.npy (PyTorch's output)."""

    def __init__(self, name, directory):
        self.name = name
        self.dir = directory
        self.onnx = os.path.join(directory, "model.onnx")
        self.input = os.path.join(directory, "input.npy")
        self.reference = os.path.join(directory, "reference.npy")
        with open(os.path.join(directory, "meta.json")) as f:
            meta = json.load(f)
        self.input_name = meta["input_name"]
        self.input_shape = meta["input_shape"]


def prepare(name, cache_dir):
    """Exports model `name` under cache_dir/name unless already there; returns its Prepared."""
    if name not in MODELS:
        raise KeyError(f"unknown model '{name}' (known: {', '.join(MODELS)})")
    directory = os.path.join(cache_dir, name)
    if os.path.exists(os.path.join(directory, "meta.json")):
        return Prepared(name, directory)

    import torch

    make, input_name, shape = MODELS[name]
    torch.manual_seed(SEED)
    model = make().eval()
    x = torch.rand(*shape, generator=torch.Generator().manual_seed(SEED + 1))
    os.makedirs(directory, exist_ok=True)
    with torch.no_grad():
        reference = model(x).numpy()
    # Exported with autograd on: under no_grad the transformer layers take a fused fast path that
    # has no ONNX export.
    torch.onnx.export(model, (x,), os.path.join(directory, "model.onnx"), input_names=[input_name],
                      output_names=["y"], opset_version=OPSET, dynamo=False, do_constant_folding=True)
    np.save(os.path.join(directory, "input.npy"), x.numpy())
    np.save(os.path.join(directory, "reference.npy"), reference)
    # Written last: its presence marks a complete export.
    with open(os.path.join(directory, "meta.json"), "w") as f:
        json.dump({"input_name": input_name, "input_shape": list(shape), "seed": SEED, "opset": OPSET,
                   "torch": torch.__version__}, f, indent=1)
    return Prepared(name, directory)
