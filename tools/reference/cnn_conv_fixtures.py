#!/usr/bin/python3
"""Reference values for Glassbox's convolution ops (conv1d, conv2d, conv_transpose2d, pad, unfold, fold) and
layers (Conv1d, Conv2d, ConvTranspose2d), computed with PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/cnn_conv_fixtures.py
Writes tests/fixtures/cnn/conv.json.

Every input (and every layer parameter) is drawn here from a seeded numpy RNG and saved in the fixture, so the
C# tests run on exactly the same numbers. Each case records the forward output and, for a fixed random upstream
gradient u, the gradient of sum(output * u) with respect to every differentiable input. Tensors are stored as
{"shape": [...], "dtype": "...", "data": [...]}; json writes Python floats with repr, which round-trips exactly.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "cnn")
rng = np.random.RandomState(20261207)


def enc(t):
    t = t.detach()
    dt = {torch.float64: "float64", torch.float32: "float32"}[t.dtype]
    return {"shape": list(t.shape), "dtype": dt, "data": [float(v) for v in t.reshape(-1).tolist()]}


def randn(*shape, dtype=torch.float64):
    return torch.tensor(rng.standard_normal(shape), dtype=torch.float64).to(dtype)


def op_case(name, op, args, fn, inputs, dtype=torch.float64):
    """inputs: ordered {name: shape or None}; None entries are passed as None (e.g. no bias)."""
    ts = {k: (None if s is None else randn(*s, dtype=dtype).requires_grad_(True)) for k, s in inputs.items()}
    y = fn(*ts.values())
    up = randn(*y.shape, dtype=dtype)
    (y * up).sum().backward()
    return {"name": f"{op}_{name}", "op": op, "args": args,
            "inputs": {k: enc(t) for k, t in ts.items() if t is not None},
            "output": enc(y), "upstream": enc(up),
            "grads": {k: enc(t.grad) for k, t in ts.items() if t is not None}}


def conv2d_cases():
    cases = []
    def c(name, x, w, b, dtype=torch.float64, **kw):
        args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        cases.append(op_case(name, "conv2d", args, lambda x_, w_, b_: F.conv2d(x_, w_, b_, **kw),
                             {"input": x, "weight": w, "bias": b}, dtype))
    c("basic", (2, 3, 7, 6), (4, 3, 3, 3), (4,), padding=1)
    c("batch1_nonsquare", (1, 5, 9, 13), (3, 5, 3, 2), (3,), stride=(2, 1), padding=(1, 0))
    c("stride_gt_kernel", (2, 3, 11, 10), (2, 3, 2, 2), (2,), stride=3)
    c("pad_ge_half_kernel", (2, 2, 5, 6), (3, 2, 3, 3), (3,), padding=2)
    c("dilation", (2, 3, 10, 9), (4, 3, 3, 2), (4,), padding=(2, 1), dilation=(2, 3))
    c("groups", (2, 6, 7, 7), (4, 3, 3, 3), (4,), padding=1, groups=2)
    c("depthwise", (2, 5, 9, 7), (5, 1, 3, 3), (5,), stride=2, padding=1, groups=5)
    c("depthwise_multiplier", (1, 3, 6, 8), (6, 1, 3, 3), (6,), padding=1, groups=3)
    c("pointwise", (3, 17, 5, 5), (9, 17, 1, 1), (9,))
    c("nobias", (2, 3, 8, 8), (4, 3, 5, 5), None, stride=2, padding=2)
    c("same_odd_total", (2, 3, 7, 8), (2, 3, 4, 2), (2,), padding="same")
    c("same_dilated", (1, 2, 9, 6), (3, 2, 3, 3), (3,), padding="same", dilation=2)
    c("valid", (2, 2, 6, 7), (3, 2, 3, 4), (3,), padding="valid")
    c("unbatched", (3, 6, 5), (2, 3, 2, 2), (2,), padding=1)
    c("float32_basic", (2, 3, 9, 11), (5, 3, 3, 3), (5,), torch.float32, padding=1)
    c("float32_depthwise", (2, 4, 8, 7), (4, 1, 3, 3), (4,), torch.float32, stride=2, padding=1, groups=4)
    c("float32_groups_dilation", (1, 4, 10, 10), (6, 2, 3, 3), (6,), torch.float32, padding=2, dilation=2, groups=2)
    return cases


def conv1d_cases():
    cases = []
    def c(name, x, w, b, dtype=torch.float64, **kw):
        cases.append(op_case(name, "conv1d", dict(kw), lambda x_, w_, b_: F.conv1d(x_, w_, b_, **kw),
                             {"input": x, "weight": w, "bias": b}, dtype))
    c("basic", (2, 3, 11), (4, 3, 3), (4,), padding=1)
    c("stride_dilation", (1, 2, 17), (3, 2, 4), (3,), stride=3, padding=2, dilation=2)
    c("groups", (2, 4, 9), (6, 2, 3), (6,), groups=2)
    c("same", (2, 3, 10), (2, 3, 4), None, padding="same")
    c("unbatched", (3, 12), (2, 3, 5), (2,), stride=2)
    c("float32_basic", (2, 5, 19), (3, 5, 3), (3,), torch.float32, padding=1)
    return cases


def conv_transpose2d_cases():
    cases = []
    def c(name, x, w, b, dtype=torch.float64, **kw):
        args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        cases.append(op_case(name, "conv_transpose2d", args, lambda x_, w_, b_: F.conv_transpose2d(x_, w_, b_, **kw),
                             {"input": x, "weight": w, "bias": b}, dtype))
    c("basic", (2, 3, 4, 5), (3, 2, 3, 3), (2,))
    c("stride_padding", (1, 2, 5, 4), (2, 3, 3, 2), (3,), stride=2, padding=1)
    c("output_padding", (2, 2, 3, 4), (2, 3, 3, 3), (3,), stride=(2, 3), padding=(1, 0), output_padding=(1, 2))
    c("groups_dilation", (2, 4, 3, 3), (4, 1, 2, 3), (2,), stride=2, groups=2, dilation=(2, 1), output_padding=1)
    c("stride_gt_kernel", (1, 3, 3, 3), (3, 2, 2, 2), None, stride=3)
    c("unbatched", (2, 4, 3), (2, 2, 3, 2), (2,), stride=(1, 2), padding=(1, 0))
    c("float32_basic", (2, 3, 5, 4), (3, 4, 3, 3), (4,), torch.float32, stride=2, padding=1, output_padding=1)
    return cases


def pad_cases():
    cases = []
    for mode in ["constant", "reflect", "replicate", "circular"]:
        kw = {"value": 0.75} if mode == "constant" else {}
        cases.append(op_case(f"{mode}_4d", "pad", {"pad": [2, 1, 1, 3], "mode": mode, **kw},
                             lambda x, m=mode, k=kw: F.pad(x, [2, 1, 1, 3], mode=m, **k), {"input": (2, 3, 4, 5)}))
        cases.append(op_case(f"{mode}_3d", "pad", {"pad": [3, 2], "mode": mode},
                             lambda x, m=mode: F.pad(x, [3, 2], mode=m), {"input": (2, 2, 4)}))
    cases.append(op_case("constant_crop", "pad", {"pad": [-1, 2, 1, -2], "mode": "constant"},
                         lambda x: F.pad(x, [-1, 2, 1, -2]), {"input": (2, 5, 4)}))
    return cases


def fold_cases():
    cases = []
    def u(name, x, **kw):
        args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        cases.append(op_case(name, "unfold", args, lambda x_: F.unfold(x_, **kw), {"input": x}))
    def f(name, x, **kw):
        args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        cases.append(op_case(name, "fold", args, lambda x_: F.fold(x_, **kw), {"input": x}))
    u("basic", (2, 3, 5, 6), kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
    u("stride", (1, 2, 7, 5), kernel_size=2, stride=3)
    f("basic", (2, 12, 12), output_size=(5, 6), kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
    f("overlap", (1, 18, 12), output_size=(5, 4), kernel_size=3, padding=1, stride=(2, 1))
    return cases


def module_cases():
    """Layers with their state saved; forward, gradients and repr."""
    cases = []
    def m(name, kind, args, module, x_shape):
        module = module.double()
        with torch.no_grad():
            for p in module.parameters():
                p.copy_(randn(*p.shape) * 0.5)
        x = randn(*x_shape).requires_grad_(True)
        y = module(x)
        up = randn(*y.shape)
        (y * up).sum().backward()
        cases.append({"name": name, "kind": kind, "args": args, "repr": repr(module),
                      "state": {k: enc(v) for k, v in module.state_dict().items()},
                      "input": enc(x), "output": enc(y), "upstream": enc(up), "grad_input": enc(x.grad),
                      "grads": {k: enc(p.grad) for k, p in module.named_parameters()}})
    m("conv2d_default", "Conv2d", {"in": 3, "out": 4, "kernel": [3, 3]}, nn.Conv2d(3, 4, 3), (2, 3, 6, 5))
    m("conv2d_full", "Conv2d", {"in": 4, "out": 6, "kernel": [3, 2], "stride": [2, 1], "padding": [1, 2], "dilation": [1, 2], "groups": 2, "bias": False},
      nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2, bias=False), (1, 4, 7, 8))
    for mode in ["reflect", "replicate", "circular"]:
        m(f"conv2d_{mode}", "Conv2d", {"in": 2, "out": 3, "kernel": [3, 3], "padding": [1, 2], "padding_mode": mode},
          nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode=mode), (2, 2, 5, 6))
    m("conv2d_same_reflect", "Conv2d", {"in": 2, "out": 2, "kernel": [4, 3], "padding": "same", "padding_mode": "reflect"},
      nn.Conv2d(2, 2, (4, 3), padding="same", padding_mode="reflect"), (1, 2, 6, 5))
    m("conv1d_circular", "Conv1d", {"in": 3, "out": 2, "kernel": [3], "stride": [2], "padding": [2], "padding_mode": "circular"},
      nn.Conv1d(3, 2, 3, stride=2, padding=2, padding_mode="circular"), (2, 3, 9))
    m("conv1d_same", "Conv1d", {"in": 2, "out": 4, "kernel": [4], "padding": "same", "dilation": [2]},
      nn.Conv1d(2, 4, 4, padding="same", dilation=2), (2, 2, 10))
    m("conv_transpose2d", "ConvTranspose2d", {"in": 4, "out": 2, "kernel": [3, 3], "stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1], "groups": 2},
      nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2), (2, 4, 3, 4))
    reprs = {
        "conv2d_default": repr(nn.Conv2d(3, 16, 3)),
        "conv2d_valid": repr(nn.Conv2d(3, 16, (3, 5), padding="valid", bias=False)),
        "conv1d": repr(nn.Conv1d(16, 33, 3, stride=2, padding=1, dilation=2, groups=1, padding_mode="reflect")),
        "conv_transpose2d": repr(nn.ConvTranspose2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), output_padding=(1, 0), dilation=(1, 2))),
    }
    return cases, reprs


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    modules, reprs = module_cases()
    doc = {"torch": torch.__version__,
           "cases": conv2d_cases() + conv1d_cases() + conv_transpose2d_cases() + pad_cases() + fold_cases(),
           "modules": modules, "reprs": reprs}
    path = os.path.join(OUT, "conv.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
