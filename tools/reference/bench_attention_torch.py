#!/usr/bin/env python3
"""PyTorch side of `glassbox bench attention`: scaled dot-product attention forward + backward on float32 q, k, v of
shape [8, T, 64] (batch*heads = 8, head dim 64), T = 256, 1024, 4096, unmasked and causal, timed the same way.

Implementations:
  composed  softmax(q @ k^T / sqrt(d) [+ causal -inf]) @ v with torch ops (all PyTorch 1.13 has on CPU; its
            nn.MultiheadAttention computes the same thing)
  sdpa      torch.nn.functional.scaled_dot_product_attention (PyTorch >= 2.0 only; skipped on 1.13)

Timing: one warm-up call, then repeated until at least 3 calls and 1 s; mean seconds per forward + backward, the
backward seeded with ones. GFLOPS count 12*BH*T^2*d (QK^T and PV forward; dV, dP, dQ, dK backward), halved when causal.
saved_mb: bytes of the distinct tensors autograd saves for the backward (saved_tensors_hooks) plus the output — what a
training step holds per attention call between forward and backward (the Glassbox side measures the same quantity as
live-heap growth).

    /usr/bin/python3 tools/reference/bench_attention_torch.py --threads 2
Prints one JSON line per measurement.
"""
import argparse, json, math, time
import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--sizes", default="256,1024,4096")
ap.add_argument("--causal", default="both", choices=["both", "yes", "no"])
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
BH, D = 8, 64


def composed(q, k, v, causal):
    s = q @ k.transpose(-2, -1) * (1.0 / math.sqrt(q.shape[-1]))
    if causal:
        T = q.shape[-2]
        s = s.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(s, -1) @ v


impls = {"composed": composed}
if hasattr(F, "scaled_dot_product_attention"):
    impls["sdpa"] = lambda q, k, v, causal: F.scaled_dot_product_attention(q, k, v, is_causal=causal)


def saved_bytes(fn, q, k, v, causal):
    seen = {}

    def pack(t):
        seen[t.data_ptr()] = t.numel() * t.element_size()
        return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        y = fn(q, k, v, causal)
    seen[y.data_ptr()] = y.numel() * y.element_size()
    for t in (q, k, v):
        seen.pop(t.data_ptr(), None)  # inputs exist anyway; count what the call adds
    return sum(seen.values())


for T in [int(s) for s in a.sizes.split(",")]:
    for causal in {"both": [False, True], "yes": [True], "no": [False]}[a.causal]:
        for name, fn in impls.items():
            q, k, v = (torch.randn(BH, T, D, requires_grad=True) for _ in range(3))
            ones = torch.ones(BH, T, D)

            def once():
                y = fn(q, k, v, causal)
                y.backward(ones)
                q.grad = k.grad = v.grad = None
            once()
            saved = saved_bytes(fn, q, k, v, causal)
            reps, t0 = 0, time.perf_counter()
            while reps < 3 or time.perf_counter() - t0 < 1.0:
                once()
                reps += 1
            secs = (time.perf_counter() - t0) / reps
            flops = 12.0 * BH * T * T * D * (0.5 if causal else 1.0)
            print(json.dumps({"bench": "attention", "framework": "pytorch " + torch.__version__, "impl": name,
                              "threads": a.threads, "T": T, "batch_heads": BH, "head_dim": D, "causal": causal,
                              "seconds": round(secs, 5), "gflops": round(flops / secs / 1e9, 2),
                              "saved_mb": round(saved / 1048576, 2)}), flush=True)
