#!/usr/bin/env python3
"""Writes the PyTorch side of the end-to-end "PyTorch weights -> Glassbox -> ONNX" test (docs/export.md):

  tests/fixtures/onnx/torch_lenet5.safetensors  a seeded PyTorch LeNet-5 (ReLU, max pooling) state dict, in the
                                                safetensors format, written with NumPy from the format's definition
                                                (an 8-byte little-endian header size, a JSON header, the raw data)
                                                because the safetensors package is not among Debian's
  tests/fixtures/onnx/torch_lenet5.json         a seeded input batch [2, 1, 28, 28] and PyTorch's float32 eval output

The network mirrors Glassbox.Models.LeNet5 key for key (conv1, conv2, fc1, fc2, fc3).

    /usr/bin/python3 tools/reference/onnx_torch_fixtures.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "onnx")


class TorchLeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = F.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def write_safetensors(path, state):
    """A float32 state dict as safetensors: tensors laid out in key order, offsets relative to the data start."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for key in sorted(state):
        raw = state[key].detach().cpu().numpy().astype("<f4").tobytes()
        header[key] = {"dtype": "F32", "shape": list(state[key].shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad the header so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(2024)
    net = TorchLeNet5().eval()
    x = torch.randn(2, 1, 28, 28, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        y = net(x)
    write_safetensors(os.path.join(OUT, "torch_lenet5.safetensors"), net.state_dict())
    with open(os.path.join(OUT, "torch_lenet5.json"), "w") as f:
        json.dump({"torch": torch.__version__, "input": T(x.numpy(), "float32"), "output": T(y.numpy(), "float32")}, f)


if __name__ == "__main__":
    main()
