#!/usr/bin/python3
"""Reference values for Glassbox's GAN objectives (GanLoss) and WGAN-GP's gradient penalty (GradientPenalty), computed
with PyTorch 1.13 in float64.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/gen_gan_fixtures.py
Writes tests/fixtures/gen/gan.json.

Two critics, each with weights drawn here from a seeded numpy RNG and saved in the fixture:
- "mlp": x [5, 4] -> Linear(4, 3) -> LeakyReLU(0.2) -> Linear(3, 1);
- "dcgan": the DCGAN critic of width 2 without batch norm, as Glassbox's DcganDiscriminator(width 2, batchNorm false):
  Conv2d(1, 2, 4, 2, 1) -> LeakyReLU(0.2) -> Conv2d(2, 4, 4, 2, 1) -> LeakyReLU(0.2) -> flatten -> Linear(196, 1), on
  x [3, 1, 28, 28].
For each: the outputs on real and fake batches; the discriminator loss (BCE with logits, real -> 1, fake -> 0), the
non-saturating and saturating generator losses, the Wasserstein critic and generator losses; the gradient penalty
lambda * mean((||grad_xhat f(xhat)||_2 - 1)^2) with xhat = eps * real + (1 - eps) * fake for the stored eps; and the
gradient of (critic loss + penalty) with respect to every critic parameter (a double backward).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "gen")
rng = np.random.RandomState(20261208)
torch.set_default_dtype(torch.float64)


def randn(*shape, scale=1.0):
    return torch.tensor(rng.standard_normal(shape) * scale)


def case(name, critic, real, fake):
    params = dict(critic.named_parameters())
    eps = torch.tensor(rng.uniform(size=real.shape[0]))
    r, f = critic(real), critic(fake)
    d_loss = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))
    g_loss = F.binary_cross_entropy_with_logits(f, torch.ones_like(f))
    g_sat = -F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))
    c_loss = f.mean() - r.mean()
    w_g = -f.mean()
    shape = [real.shape[0]] + [1] * (real.dim() - 1)
    xhat = (eps.reshape(shape) * real + (1 - eps.reshape(shape)) * fake).detach().requires_grad_(True)
    s = critic(xhat)
    (gx,) = torch.autograd.grad(s, xhat, torch.ones_like(s), create_graph=True)
    gp = 10.0 * ((gx.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
    total = c_loss + gp
    grads = torch.autograd.grad(total, list(params.values()))
    return {"name": name, "params": {k: T(v.detach().numpy()) for k, v in params.items()}, "real": T(real.numpy()),
            "fake": T(fake.numpy()), "eps": T(eps.numpy()), "real_out": T(r.detach().numpy()), "fake_out": T(f.detach().numpy()),
            "d_loss": d_loss.item(), "g_loss": g_loss.item(), "g_loss_saturating": g_sat.item(), "critic_loss": c_loss.item(),
            "wasserstein_g_loss": w_g.item(), "gradient_penalty": gp.item(),
            "grad_total": {k: T(g.numpy()) for k, g in zip(params.keys(), grads)}}


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(4, 3)
        self.l2 = nn.Linear(3, 1)

    def forward(self, x):
        return self.l2(F.leaky_relu(self.l1(x), 0.2))


class DcganCritic(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.conv1 = nn.Conv2d(1, w, 4, 2, 1)
        self.conv2 = nn.Conv2d(w, 2 * w, 4, 2, 1)
        self.head = nn.Linear(2 * w * 49, 1)

    def forward(self, x):
        h = F.leaky_relu(self.conv1(x), 0.2)
        h = F.leaky_relu(self.conv2(h), 0.2)
        return self.head(h.flatten(1))


def set_params(m, scale):
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(randn(*p.shape, scale=scale))


mlp = Mlp()
set_params(mlp, 0.8)
dc = DcganCritic(2)
set_params(dc, 0.3)
cases = [case("mlp", mlp, randn(5, 4), randn(5, 4, scale=0.5) + 0.3),
         case("dcgan", dc, torch.tensor(rng.uniform(-1, 1, (3, 1, 28, 28))), torch.tanh(randn(3, 1, 28, 28)))]
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "gan.json"), "w") as f:
    json.dump({"cases": cases}, f)
print("wrote", os.path.join(OUT, "gan.json"), [(c["name"], c["gradient_penalty"], c["d_loss"]) for c in cases])
