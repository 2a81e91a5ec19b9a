#!/usr/bin/python3
"""Reference values for Glassbox's higher-order gradients (createGraph), computed with PyTorch 1.13 in float64.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/hog_fixtures.py
Writes tests/fixtures/autograd/gradient_penalty.json.

Cases:
  * "critics": the WGAN-GP gradient penalty (Gulrajani et al. 2017) P = lambda * mean_i (||grad_xhat D(xhat)_i||_2 - 1)^2
    for xhat = eps * real + (1 - eps) * fake with a fixed eps per sample, for (a) an MLP critic with LeakyReLU and
    (b) a small conv critic (conv2d, leaky_relu, layer_norm, conv2d, leaky_relu, linear; no batch norm, which the
    penalty forbids because it couples the samples). Recorded: the inputs, every parameter (state_dict names), the
    critic scores, the input gradient grad_xhat D, P, and dP/dparam for every parameter — the second-order part.
  * "maml": one inner SGD step with create_graph (MAML, Finn et al. 2017) on a tanh MLP regressor; recorded: the
    support/query data, the initial parameters, the inner learning rate, the query loss after the step and its
    gradient with respect to the initial parameters (which runs through the inner step's gradient).

Every input and parameter is drawn here from a seeded numpy RNG and saved in the fixture, so the C# tests run on
exactly the same numbers; json writes Python floats with repr, which round-trips exactly.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "autograd")
rng = np.random.RandomState(20261207)
torch.set_default_dtype(torch.float64)


def randn(*shape, scale=1.0):
    return torch.tensor(rng.standard_normal(shape) * scale)


def init_params(module):
    """Overwrites every parameter with seeded normal values (scaled by 1/sqrt(fan-in) as a default init would be), so
    the fixture does not depend on torch's RNG."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            fan_in = p[0].numel() if p.dim() > 1 else 1
            scale = 1.0 / np.sqrt(fan_in) if p.dim() > 1 else 0.3
            p.copy_(randn(*p.shape, scale=scale))
            if name.endswith("norm.weight"):
                p.add_(1.0)


class MlpCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 7)
        self.fc2 = nn.Linear(7, 6)
        self.fc3 = nn.Linear(6, 1)

    def forward(self, x):
        h = F.leaky_relu(self.fc1(x), 0.2)
        h = F.leaky_relu(self.fc2(h), 0.2)
        return self.fc3(h)


class ConvCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, stride=2, padding=1)   # [N, 2, 7, 6] -> [N, 4, 4, 3]
        self.norm = nn.LayerNorm([4, 4, 3])
        self.conv2 = nn.Conv2d(4, 3, 2)                         # -> [N, 3, 3, 2]
        self.fc = nn.Linear(18, 1)

    def forward(self, x):
        h = F.leaky_relu(self.conv1(x), 0.2)
        h = self.norm(h)
        h = F.leaky_relu(self.conv2(h), 0.2)
        return self.fc(h.flatten(1))


def penalty_case(name, critic, shape, lam):
    init_params(critic)
    real = randn(*shape)
    fake = randn(*shape)
    eps = torch.tensor(rng.uniform(size=(shape[0],) + (1,) * (len(shape) - 1)))
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    score = critic(xhat)
    g, = torch.autograd.grad(score, xhat, torch.ones_like(score), create_graph=True)
    penalty = lam * ((g.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
    critic.zero_grad()
    penalty.backward()
    return {"name": name, "lambda": lam, "real": T(real.numpy()), "fake": T(fake.numpy()), "eps": T(eps.numpy()),
            "params": {k: T(p.detach().numpy()) for k, p in critic.named_parameters()},
            "score": T(score.detach().numpy()), "input_grad": T(g.detach().numpy()),
            "penalty": float(penalty), "grads": {k: T(grad_or_zeros(p)) for k, p in critic.named_parameters()}}


def grad_or_zeros(p):
    """p.grad, or zeros where no gradient reached p (torch leaves None): the last layer's bias shifts the score by a
    constant, so the input gradient — and with it the penalty — does not depend on it."""
    return (p.grad if p.grad is not None else torch.zeros_like(p)).numpy()


def maml_case():
    params = {"fc1.weight": randn(5, 3, scale=0.6), "fc1.bias": randn(5, scale=0.3),
              "fc2.weight": randn(2, 5, scale=0.45), "fc2.bias": randn(2, scale=0.3)}
    for p in params.values():
        p.requires_grad_(True)

    def net(ps, x):
        return F.linear(torch.tanh(F.linear(x, ps["fc1.weight"], ps["fc1.bias"])), ps["fc2.weight"], ps["fc2.bias"])

    xs, ys, xq, yq = randn(4, 3), randn(4, 2), randn(5, 3), randn(5, 2)
    lr = 0.4
    inner = F.mse_loss(net(params, xs), ys)
    grads = torch.autograd.grad(inner, list(params.values()), create_graph=True)
    fast = {k: p - lr * g for (k, p), g in zip(params.items(), grads)}
    outer = F.mse_loss(net(fast, xq), yq)
    outer.backward()
    return {"lr": lr, "support_x": T(xs.numpy()), "support_y": T(ys.numpy()), "query_x": T(xq.numpy()),
            "query_y": T(yq.numpy()), "params": {k: T(p.detach().numpy()) for k, p in params.items()},
            "inner_loss": float(inner), "outer_loss": float(outer),
            "grads": {k: T(p.grad.numpy()) for k, p in params.items()}}


def main():
    critics = [penalty_case("mlp", MlpCritic(), (4, 5), 10.0), penalty_case("conv", ConvCritic(), (3, 2, 7, 6), 10.0)]
    doc = {"torch": torch.__version__, "critics": critics, "maml": maml_case()}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "gradient_penalty.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
