#!/usr/bin/python3
"""Parity fixtures for Glassbox's DiffusionUNet, computed with PyTorch 1.13 in float64 by the twin in
diffusion_unet_torch.py.

Run with Debian's interpreter:  /usr/bin/python3 tools/reference/gen_unet_fixtures.py
Writes tests/fixtures/gen/unet.json.

Each case is a small network (so the JSON stays small) with seeded weights: the state dict with every parameter
perturbed away from its default (group-norm γ = 1, β = 0 would hide a swapped γ/β), an input batch, steps, labels,
the output, an upstream gradient u, and the gradients of sum(output * u) with respect to the input and every parameter.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from diffusion_unet_torch import DiffusionUNet  # noqa: E402
from fixture_util import T  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "gen")
torch.set_default_dtype(torch.float64)


def case(name, seed, n, hw, channels, num_classes, groups, heads, labels):
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    m = DiffusionUNet(1, channels, num_classes, groups, heads).double()
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.tensor(rng.standard_normal(p.shape)) * 0.1)
    x = torch.tensor(rng.standard_normal((n, 1, hw, hw)), requires_grad=True)
    t = torch.tensor(rng.randint(0, 1000, size=n), dtype=torch.long)
    y = None if labels is None else torch.tensor(labels, dtype=torch.long)
    out = m(x, t, y)
    u = torch.tensor(rng.standard_normal(out.shape))
    (out * u).sum().backward()
    return {
        "name": name, "channels": channels, "num_classes": num_classes, "groups": groups, "heads": heads,
        "state": {k: T(v.detach().numpy()) for k, v in m.state_dict().items()},
        "input": T(x.detach().numpy()), "steps": T(t.numpy()), "labels": None if y is None else T(y.numpy()),
        "output": T(out.detach().numpy()), "upstream": T(u.numpy()),
        "grad_input": T(x.grad.numpy()),
        "grads": {k: T(p.grad.numpy()) for k, p in m.named_parameters()},
    }


def main():
    cases = [
        case("uncond_two_levels", 1, 2, 8, [4, 8], 0, 2, 1, None),
        case("cond_three_levels_two_heads", 2, 3, 8, [4, 4, 8], 3, 2, 2, [0, 3, 2]),
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "unet.json"), "w") as f:
        json.dump({"source": "tools/reference/gen_unet_fixtures.py, torch " + torch.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
