#!/usr/bin/python3
"""Reference values for Glassbox's normalisation layers on convolutional inputs, computed with PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/cnn_norm_fixtures.py
Writes tests/fixtures/cnn/norm.json.

Each case builds one module (BatchNorm1d/2d/3d, GroupNorm, InstanceNorm1d/2d, LayerNorm), gives it parameters drawn
here, and runs a sequence of steps (train or eval). Every step saves its input, a random upstream gradient, the
output, the gradients of the input and of every parameter (zeroed before the step), and the state dict after the
step, so running statistics, momentum=None's cumulative average and num_batches_tracked are checked step by step.
All numbers come from one seeded numpy RNG and are saved, so the C# test runs on exactly the same values.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "cnn")
rng = np.random.RandomState(20261207)


def enc(t):
    t = t.detach()
    dt = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    flat = t.reshape(-1).tolist()
    return {"shape": list(t.shape), "dtype": dt, "data": [float(v) for v in flat] if dt != "int64" else [int(v) for v in flat]}


def randn(*shape, dtype=torch.float64, scale=1.0, offset=0.0):
    return (torch.tensor(rng.standard_normal(shape)) * scale + offset).to(dtype)


def case(name, kind, args, module, steps, dtype=torch.float64, before=None):
    """steps: list of (input, training). Parameters: weight ~ 1 + N(0, 0.5²), bias ~ N(0, 0.5²)."""
    module = module.to(dtype)
    for pname, p in module.named_parameters():
        with torch.no_grad():
            p.copy_(randn(*p.shape, dtype=dtype, scale=0.5, offset=1.0 if pname == "weight" else 0.0))
    if before is not None:
        before(module)
    out = {"name": name, "kind": kind, "args": args, "dtype": {torch.float64: "float64", torch.float32: "float32"}[dtype],
           "repr": repr(module), "state": {k: enc(v) for k, v in module.state_dict().items()}, "steps": []}
    for x, training in steps:
        module.train(training)
        module.zero_grad(set_to_none=True)
        x = x.to(dtype).clone().requires_grad_(True)
        y = module(x)
        up = randn(*y.shape, dtype=dtype)
        (y * up).sum().backward()
        out["steps"].append({
            "training": training, "input": enc(x), "upstream": enc(up), "output": enc(y), "grad_input": enc(x.grad),
            "grads": {k: enc(p.grad) for k, p in module.named_parameters()},
            "state_after": {k: enc(v) for k, v in module.state_dict().items()},
        })
    return out


def preset_running(m):
    with torch.no_grad():
        m.running_mean.copy_(randn(m.num_features, dtype=m.running_mean.dtype))
        m.running_var.copy_(torch.tensor(rng.uniform(0.5, 1.5, m.num_features)).to(m.running_var.dtype))


def batch_norm_cases():
    T, E = True, False
    c = []
    c.append(case("bn1d_2d", "BatchNorm1d", {"num": 4}, nn.BatchNorm1d(4),
                  [(randn(6, 4, scale=2, offset=1), T), (randn(6, 4), T), (randn(3, 4), E)]))
    c.append(case("bn1d_3d_cumulative", "BatchNorm1d", {"num": 3, "momentum": None}, nn.BatchNorm1d(3, momentum=None),
                  [(randn(4, 3, 5), T), (randn(2, 3, 5, offset=-1), T), (randn(2, 3, 5), E)]))
    c.append(case("bn2d_train", "BatchNorm2d", {"num": 5}, nn.BatchNorm2d(5),
                  [(randn(3, 5, 4, 7, scale=1.5, offset=2), T), (randn(3, 5, 4, 7), T), (randn(2, 5, 4, 7), E)]))
    c.append(case("bn2d_momentum_none", "BatchNorm2d", {"num": 3, "momentum": None}, nn.BatchNorm2d(3, momentum=None),
                  [(randn(2, 3, 5, 3), T), (randn(2, 3, 5, 3, scale=3), T), (randn(2, 3, 5, 3, offset=4), T), (randn(1, 3, 5, 3), E)]))
    c.append(case("bn2d_momentum_03", "BatchNorm2d", {"num": 2, "momentum": 0.3}, nn.BatchNorm2d(2, momentum=0.3),
                  [(randn(2, 2, 3, 3), T), (randn(2, 2, 3, 3), T)]))
    c.append(case("bn2d_batch1", "BatchNorm2d", {"num": 3}, nn.BatchNorm2d(3), [(randn(1, 3, 3, 5), T)]))
    c.append(case("bn2d_spatial1", "BatchNorm2d", {"num": 6}, nn.BatchNorm2d(6), [(randn(5, 6, 1, 1), T), (randn(5, 6, 1, 1), E)]))
    c.append(case("bn2d_noaffine", "BatchNorm2d", {"num": 4, "affine": False}, nn.BatchNorm2d(4, affine=False),
                  [(randn(2, 4, 3, 3), T), (randn(2, 4, 3, 3), E)]))
    c.append(case("bn2d_notrack", "BatchNorm2d", {"num": 3, "track": False}, nn.BatchNorm2d(3, track_running_stats=False),
                  [(randn(3, 3, 2, 5), T), (randn(2, 3, 2, 5, offset=1), E)]))
    c.append(case("bn2d_eval_preset", "BatchNorm2d", {"num": 4}, nn.BatchNorm2d(4), [(randn(2, 4, 3, 2), E)], before=preset_running))
    c.append(case("bn3d", "BatchNorm3d", {"num": 2}, nn.BatchNorm3d(2), [(randn(2, 2, 3, 2, 3), T), (randn(1, 2, 3, 2, 3), E)]))
    c.append(case("bn2d_f32", "BatchNorm2d", {"num": 3}, nn.BatchNorm2d(3),
                  [(randn(4, 3, 5, 6, scale=2, offset=1), T), (randn(2, 3, 5, 6), E)], dtype=torch.float32))
    return c


def group_norm_cases():
    T = True
    c = []
    c.append(case("gn_g1", "GroupNorm", {"groups": 1, "channels": 6}, nn.GroupNorm(1, 6), [(randn(2, 6, 3, 4, offset=2), T)]))
    c.append(case("gn_g3", "GroupNorm", {"groups": 3, "channels": 6}, nn.GroupNorm(3, 6), [(randn(3, 6, 5, 3), T), (randn(2, 6, 5, 3), False)]))
    c.append(case("gn_gC", "GroupNorm", {"groups": 6, "channels": 6}, nn.GroupNorm(6, 6), [(randn(2, 6, 2, 3), T)]))
    c.append(case("gn_noaffine", "GroupNorm", {"groups": 2, "channels": 4, "affine": False}, nn.GroupNorm(2, 4, affine=False),
                  [(randn(2, 4, 3, 5), T)]))
    c.append(case("gn_1d", "GroupNorm", {"groups": 2, "channels": 6}, nn.GroupNorm(2, 6), [(randn(3, 6, 7), T)]))
    c.append(case("gn_nospatial", "GroupNorm", {"groups": 3, "channels": 6}, nn.GroupNorm(3, 6), [(randn(4, 6), T)]))
    c.append(case("gn_batch1", "GroupNorm", {"groups": 2, "channels": 4}, nn.GroupNorm(2, 4), [(randn(1, 4, 3, 3), T)]))
    c.append(case("gn_f32", "GroupNorm", {"groups": 4, "channels": 8}, nn.GroupNorm(4, 8), [(randn(2, 8, 5, 5, scale=2, offset=1), T)],
                  dtype=torch.float32))
    return c


def instance_norm_cases():
    T, E = True, False
    c = []
    c.append(case("in2d", "InstanceNorm2d", {"num": 3}, nn.InstanceNorm2d(3), [(randn(2, 3, 4, 5, offset=1), T), (randn(2, 3, 4, 5), E)]))
    c.append(case("in2d_affine", "InstanceNorm2d", {"num": 4, "affine": True}, nn.InstanceNorm2d(4, affine=True),
                  [(randn(3, 4, 3, 3), T)]))
    c.append(case("in2d_track", "InstanceNorm2d", {"num": 3, "affine": True, "track": True, "momentum": 0.2},
                  nn.InstanceNorm2d(3, affine=True, track_running_stats=True, momentum=0.2),
                  [(randn(2, 3, 3, 4, scale=2, offset=1), T), (randn(3, 3, 3, 4), T), (randn(2, 3, 3, 4), E)]))
    c.append(case("in2d_unbatched", "InstanceNorm2d", {"num": 3, "affine": True}, nn.InstanceNorm2d(3, affine=True),
                  [(randn(3, 4, 5), T)]))
    c.append(case("in1d_affine", "InstanceNorm1d", {"num": 4, "affine": True}, nn.InstanceNorm1d(4, affine=True), [(randn(2, 4, 7), T)]))
    c.append(case("in2d_f32", "InstanceNorm2d", {"num": 2, "affine": True}, nn.InstanceNorm2d(2, affine=True),
                  [(randn(2, 2, 6, 5, scale=2, offset=1), T)], dtype=torch.float32))
    return c


def layer_norm_cases():
    T = True
    c = []
    c.append(case("ln_chw", "LayerNorm", {"shape": [3, 4, 5]}, nn.LayerNorm([3, 4, 5]), [(randn(2, 3, 4, 5, offset=1), T)]))
    c.append(case("ln_hw", "LayerNorm", {"shape": [4, 5]}, nn.LayerNorm([4, 5]), [(randn(3, 2, 4, 5), T)]))
    c.append(case("ln_chw_noaffine", "LayerNorm", {"shape": [2, 3, 3], "affine": False}, nn.LayerNorm([2, 3, 3], elementwise_affine=False),
                  [(randn(2, 2, 3, 3), T)]))
    c.append(case("ln_chw_f32", "LayerNorm", {"shape": [3, 5, 4]}, nn.LayerNorm([3, 5, 4]), [(randn(2, 3, 5, 4, scale=2, offset=1), T)],
                  dtype=torch.float32))
    return c


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    cases = batch_norm_cases() + group_norm_cases() + instance_norm_cases() + layer_norm_cases()
    path = os.path.join(OUT, "norm.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes,", len(cases), "cases")


if __name__ == "__main__":
    main()
