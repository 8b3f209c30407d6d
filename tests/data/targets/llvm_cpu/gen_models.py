"""Small real PyTorch models for the llvm_cpu target's end-to-end tests.

Exports, with torch's own ONNX exporter and seeded random weights, a small CNN (conv,
batch-norm, ReLU, depthwise conv, residual add, pooling, linear) and a one-layer
transformer encoder (d=64, 4 heads, seq 16, GELU), and saves each model's input and
PyTorch's output as .npy. The tests compile the models with neo-build, run them with
neo-run (here and under qemu for ARM) and compare with these outputs.

    python3 gen_models.py      # needs torch (pip), numpy, onnx
"""
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.dw = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, groups=16), nn.BatchNorm2d(16), nn.ReLU6())
        self.pw = nn.Conv2d(16, 16, 1)
        self.down = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.SiLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        y = self.stem(x)
        y = y + self.pw(self.dw(y))
        y = self.down(y)
        y = torch.flatten(nn.functional.adaptive_avg_pool2d(y, 1), 1)
        return torch.softmax(self.head(y), dim=1)


def export(name, model, x):
    model.eval()
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, (x,), os.path.join(HERE, name + ".onnx"), input_names=["input"],
                      output_names=["output"], opset_version=17, dynamo=False)
    np.save(os.path.join(HERE, name + ".input.npy"), x.numpy())
    np.save(os.path.join(HERE, name + ".output.npy"), y.numpy())


def main():
    torch.manual_seed(0)
    cnn = SmallCNN()
    for m in cnn.modules():  # non-trivial batch-norm statistics
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    export("small_cnn", cnn, torch.randn(1, 3, 32, 32))

    torch.manual_seed(1)
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128,
                                                           dropout=0.0, activation="gelu", batch_first=True),
                                num_layers=1, enable_nested_tensor=False)
    export("transformer_encoder", enc, torch.randn(1, 16, 64))


if __name__ == "__main__":
    main()
