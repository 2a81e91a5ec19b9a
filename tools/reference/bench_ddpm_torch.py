#!/usr/bin/python3
"""PyTorch twin of `glassbox bench ddpm`: training images/s and DDIM-50 sampling images/s of the mnist-ddpm U-Net
(channels 32/64/64, float32, unconditional; the module in diffusion_unet_torch.py has the same layers and keys), on two
threads, timing the same work as src/Glassbox.Milestones/Bench/DdpmBenchmark.cs.

Run:  /usr/bin/python3 tools/reference/bench_ddpm_torch.py [--batch 64] [--steps 20] [--samples 64]
Prints one JSON line.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from diffusion_unet_torch import DiffusionUNet  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(a.seed)
    T = 1000
    betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
    ab = torch.cumprod(1 - betas, 0)
    model = DiffusionUNet(1, [32, 64, 64])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x0 = torch.rand(a.batch, 1, 28, 28) * 2 - 1

    def step():
        t = torch.randint(0, T, (a.batch,))
        eps = torch.randn_like(x0)
        s = ab[t].float()[:, None, None, None]
        xt = s.sqrt() * x0 + (1 - s).sqrt() * eps
        loss = ((model(xt, t) - eps) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    step_s = (time.perf_counter() - t0) / a.steps

    model.eval()
    steps = [round(i * (T - 1) / 49) for i in range(50)]

    @torch.no_grad()
    def ddim(seq):
        x = torch.randn(a.samples, 1, 28, 28)
        for i in range(len(seq) - 1, -1, -1):
            t = seq[i]
            a_t = ab[t].item()
            a_prev = 1.0 if i == 0 else ab[seq[i - 1]].item()
            eps = model(x, torch.full((a.samples,), t, dtype=torch.long))
            x0 = ((x - (1 - a_t) ** 0.5 * eps) / a_t ** 0.5).clamp(-1, 1)
            eps = (x - a_t ** 0.5 * x0) / (1 - a_t) ** 0.5
            x = a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps
        return x

    ddim([999])
    t0 = time.perf_counter()
    ddim(steps)
    sample_s = time.perf_counter() - t0
    print(json.dumps({
        "bench": "ddpm", "framework": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "channels": "32/64/64", "parameters": sum(p.numel() for p in model.parameters()), "batch": a.batch, "steps": a.steps,
        "train_images_per_s": round(a.batch / step_s, 2), "train_step_seconds": round(step_s, 4),
        "ddim_steps": 50, "sample_images": a.samples, "sample_images_per_s": round(a.samples / sample_s, 3),
    }))


if __name__ == "__main__":
    main()
