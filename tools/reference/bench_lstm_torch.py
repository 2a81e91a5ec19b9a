#!/usr/bin/env python3
"""PyTorch side of `glassbox bench lstm`: the same two recipes, timed the same way.

1. char-lstm  Training steps of the char-LSTM recipe (src/Glassbox.Milestones/Recipes/CharLstm.cs, full sizes):
              Embedding(65, 128) -> nn.LSTM(128, 256, num_layers=2) -> Linear(256, 65), time-major [T=64, B=32] ids
              drawn uniformly from 65 characters, cross-entropy, AdamW (lr 3e-3, betas (0.9, 0.99), weight decay 0.01),
              clip_grad_norm_ 1.0, state carried (detached) from step to step; 3 warm-up steps, then --steps timed
              steps; training tokens (T*B per step) per second.
2. layers     nn.LSTM forward + backward (loss sum(y*u), u fixed) on N(0,1) input [T, B, I] for three stack shapes;
              2 warm-up passes, then the mean of --steps; tokens (T*B) per second.

    /usr/bin/python3 tools/reference/bench_lstm_torch.py --threads 2
Prints one JSON line per recipe.
"""
import argparse, json, resource, time
import torch
import torch.nn as nn
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--steps", type=int, default=20)
ap.add_argument("--only", default="char-lstm,layers")
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
only = set(a.only.split(","))
common = {"framework": "pytorch " + torch.__version__, "threads": a.threads}

SHAPES = [  # same order and names as LstmBenchmark.Shapes
    ("char-lstm body T64 B32 128->256 x2", 64, 32, 128, 256, 2),
    ("T100 B64 256->512 x1", 100, 64, 256, 512, 1),
    ("T200 B16 64->128 x1", 200, 16, 64, 128, 1),
]


def rss():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class CharLstm(nn.Module):
    def __init__(self, vocab=65, embed=128, hidden=256, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, layers)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids, state):
        y, state = self.lstm(self.embed(ids), state)
        return self.head(y), state


if "char-lstm" in only:
    T, B = 64, 32
    model = CharLstm()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.9, 0.99), weight_decay=0.01)
    ids = torch.randint(0, 65, (a.steps + 4, T + 1, B))
    state = None

    def step(i):
        global state
        x, y = ids[i, :T], ids[i, 1:]
        logits, s = model(x, state)
        loss = F.cross_entropy(logits.reshape(T * B, -1), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state = (s[0].detach(), s[1].detach())
        return loss.item()

    for i in range(3):
        step(i)
    t0 = time.perf_counter()
    for i in range(a.steps):
        last = step(3 + i)
    secs = time.perf_counter() - t0
    print(json.dumps({"bench": "char-lstm", **common, "tokens_per_s": round(a.steps * T * B / secs, 1),
                      "s_per_step": round(secs / a.steps, 4), "steps": a.steps, "batch": B, "bptt": T,
                      "params": sum(p.numel() for p in model.parameters()), "last_loss": round(last, 4),
                      "peak_rss_mb": rss()}))

if "layers" in only:
    rows = []
    for name, T, B, I, H, L in SHAPES:
        lstm = nn.LSTM(I, H, L)
        x = torch.randn(T, B, I, requires_grad=True)
        u = torch.randn(T, B, H)

        def run():
            lstm.zero_grad()
            x.grad = None
            y, _ = lstm(x)
            (y * u).sum().backward()

        run(); run()
        t0 = time.perf_counter()
        for _ in range(a.steps):
            run()
        secs = (time.perf_counter() - t0) / a.steps
        rows.append({"layer": name, "tokens_per_s": round(T * B / secs, 1), "s_per_pass": round(secs, 5)})
    print(json.dumps({"bench": "lstm-layers", **common, "layers": rows}))
