#!/usr/bin/python3
"""Reference values for Glassbox's VQ-VAE (VectorQuantizer, VqVae), computed with PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/gen_vq_fixtures.py
Writes tests/fixtures/gen/vq.json.

"vqvae": a small float64 VQ-VAE with the layer layout of Glassbox.Models.Generative.VqVae (C=1, w=4, D=3, K=6) on a
[2, 1, 8, 8] batch. The weights are drawn here and saved under Glassbox's state-dict keys; the case records z_e, the
chosen codes, the straight-through z_q, the reconstruction, the three loss terms, the total loss
recon + codebook + 0.25·commitment, the gradient of the total loss with respect to every parameter, and the gradients
that reach z_q and z_e (z_e's is z_q's plus the commitment term's, by the straight-through estimator).

"ema": two training steps of the EMA codebook update (decay 0.99, Laplace ε = 1e-5, averages starting at N_k = 1 and
m_k = e_k), written out from the update equations, for a [5, 2] codebook and two batches of [9, 2] vectors.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "gen")
rng = np.random.RandomState(20261207)
BETA = 0.25


def nearest(flat, codebook):
    d = (flat[:, None, :] - codebook[None, :, :]).pow(2).sum(-1)
    srt = d.sort(dim=1).values
    # The fixture is only meaningful if no assignment is a near-tie that rounding could flip.
    assert float((srt[:, 1] - srt[:, 0]).min()) > 1e-6, "near-tie in the code assignment; change the seed"
    return d.argmin(1)


def vqvae_case():
    torch.set_default_dtype(torch.float64)
    c, w, d, k = 1, 4, 3, 6
    enc = nn.Sequential(nn.Conv2d(c, w, 4, 2, 1), nn.ReLU(), nn.Conv2d(w, w, 4, 2, 1), nn.ReLU(), nn.Conv2d(w, d, 1))
    dec = nn.Sequential(nn.Conv2d(d, w, 3, padding=1), nn.ReLU(), nn.ConvTranspose2d(w, w, 4, 2, 1), nn.ReLU(),
                        nn.ConvTranspose2d(w, c, 4, 2, 1))
    params = {}
    for prefix, mod in (("encoder", enc), ("decoder", dec)):
        for name, p in mod.named_parameters():
            with torch.no_grad():
                p.copy_(torch.tensor(rng.standard_normal(p.shape) * 0.5))
            params[f"{prefix}.{name}"] = p
    x = torch.tensor(rng.uniform(0, 1, (2, c, 8, 8)))
    # Codes near six of the eight encoder outputs (plus noise), so that several codes are chosen and the codebook
    # gradient has more than one non-zero row.
    with torch.no_grad():
        near = enc(x).permute(0, 2, 3, 1).reshape(-1, d)[:k]
    codebook = nn.Parameter(near + torch.tensor(rng.standard_normal((k, d)) * 0.1))
    params["quantizer.codebook"] = codebook

    ze = enc(x)
    ze.retain_grad()
    flat = ze.permute(0, 2, 3, 1).reshape(-1, d)
    idx = nearest(flat.detach(), codebook.detach())
    q = codebook[idx]
    codebook_loss = F.mse_loss(q, flat.detach())
    commitment = F.mse_loss(flat, q.detach())
    st = flat + (q - flat).detach()
    zq = st.reshape(2, 2, 2, d).permute(0, 3, 1, 2)
    zq.retain_grad()
    rec = dec(zq)
    rec_loss = F.mse_loss(rec, x)
    loss = rec_loss + codebook_loss + BETA * commitment
    loss.backward()
    return {
        "state": {n: T(p.detach().numpy()) for n, p in params.items()},
        "x": T(x.numpy()), "z_e": T(ze.detach().numpy()), "indices": T(idx.reshape(2, 2, 2).numpy()),
        "z_q": T(zq.detach().numpy()), "reconstruction": T(rec.detach().numpy()),
        "reconstruction_loss": float(rec_loss), "codebook_loss": float(codebook_loss), "commitment_loss": float(commitment),
        "loss": float(loss), "beta": BETA,
        "grads": {n: T(p.grad.numpy()) for n, p in params.items()},
        "grad_z_q": T(zq.grad.numpy()), "grad_z_e": T(ze.grad.numpy()),
    }


def ema_case():
    k, d, decay, eps = 5, 2, 0.99, 1e-5
    codebook = torch.tensor(rng.standard_normal((k, d)))
    size = torch.ones(k, dtype=torch.float64)
    embed = codebook.clone()
    init = codebook.clone()
    steps = []
    for _ in range(2):
        z = torch.tensor(rng.standard_normal((9, d)))
        idx = nearest(z, codebook)
        onehot = F.one_hot(idx, k).to(torch.float64)
        size = decay * size + (1 - decay) * onehot.sum(0)
        embed = decay * embed + (1 - decay) * onehot.t() @ z
        n = size.sum()
        smoothed = (size + eps) / (n + k * eps) * n
        codebook = embed / smoothed[:, None]
        steps.append({"z": T(z.numpy()), "indices": T(idx.numpy()), "cluster_size": T(size.numpy()),
                      "embed_sum": T(embed.numpy()), "codebook": T(codebook.numpy())})
    return {"decay": decay, "epsilon": eps, "codebook": T(init.numpy()), "steps": steps}


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    out = {"vqvae": vqvae_case(), "ema": ema_case()}
    with open(os.path.join(OUT, "vq.json"), "w") as f:
        json.dump(out, f)
    print("wrote", os.path.join(OUT, "vq.json"))
