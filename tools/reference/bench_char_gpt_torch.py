#!/usr/bin/env python3
"""PyTorch side of `glassbox bench char-gpt`: the char-gpt training recipe, timed the same way.

nanoGPT's CPU recipe on tiny Shakespeare (4 layers, 4 heads, n_embd 128, block 64, batch 12, dropout 0, biases, exact
GELU, lm_head tied to wte, GPT-2 init; AdamW lr 1e-3 with decay 0.1 on >=2-d parameters only, betas (0.9, 0.99), linear
warm-up over 100 iterations then cosine to 1e-4 at 2,000, gradient clipping at 1.0). The model is written out below
in nanoGPT's layout with the causal mask applied by masked_fill, as PyTorch 1.13 has no fused CPU attention. Batches are
random windows of the first 90% of the text (nanoGPT's get_batch). After 10 untimed warm-up steps, --steps steps are
timed end to end (batch, forward, backward, clip, step, schedule); prints training tokens/s and peak RSS as one JSON line.

    GLASSBOX_DATA=../shared/datasets /usr/bin/python3 tools/reference/bench_char_gpt_torch.py --threads 2 --steps 50
Needs Debian's python3-torch with libopenblas0-pthread installed (otherwise PyTorch falls back to a reference BLAS).
"""
import argparse, json, math, os, resource, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--steps", type=int, default=50)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/datasets"))
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)

N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, MAX_ITERS, WD, CLIP = 1e-3, 1e-4, 100, 2000, 0.1, 1.0
WARMUP_STEPS = 10


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(N_EMBD)
        self.c_attn = nn.Linear(N_EMBD, 3 * N_EMBD)
        self.attn_proj = nn.Linear(N_EMBD, N_EMBD)
        self.ln_2 = nn.LayerNorm(N_EMBD)
        self.c_fc = nn.Linear(N_EMBD, 4 * N_EMBD)
        self.mlp_proj = nn.Linear(4 * N_EMBD, N_EMBD)
        self.register_buffer("mask", torch.tril(torch.ones(BLOCK, BLOCK, dtype=torch.bool)))

    def attn(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        k = k.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        v = v.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(~self.mask[:T, :T], float("-inf"))
        y = F.softmax(att, dim=-1) @ v
        return self.attn_proj(y.transpose(1, 2).contiguous().view(B, T, C))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.wte = nn.Embedding(vocab, N_EMBD)
        self.wpe = nn.Embedding(BLOCK, N_EMBD)
        self.h = nn.ModuleList([Block() for _ in range(N_LAYER)])
        self.ln_f = nn.LayerNorm(N_EMBD)
        self.lm_head = nn.Linear(N_EMBD, vocab, bias=False)
        self.wte.weight = self.lm_head.weight
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, 0.0, 0.02)
                if isinstance(m, nn.Linear) and m.bias is not None:
                    nn.init.zeros_(m.bias)
        for name, p in self.named_parameters():
            if name.endswith("attn_proj.weight") or name.endswith("mlp_proj.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * N_LAYER))

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.size(1)))
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def lr_at(it):
    if it < WARMUP:
        return LR * it / WARMUP
    ratio = min(1.0, (it - WARMUP) / (MAX_ITERS - WARMUP))
    return MIN_LR + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (LR - MIN_LR)


with open(os.path.join(a.data_dir, "tinyshakespeare", "input.txt"), encoding="utf-8") as f:
    text = f.read()
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
train = data[: int(0.9 * len(data))]

model = GPT(len(chars))
params = [p for p in model.parameters()]
opt = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": WD},
                         {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}], lr=LR, betas=(0.9, 0.99))


def step(it):
    ix = torch.randint(len(train) - BLOCK, (BATCH,))
    x = torch.stack([train[i:i + BLOCK] for i in ix])
    y = torch.stack([train[i + 1:i + 1 + BLOCK] for i in ix])
    for g in opt.param_groups:
        g["lr"] = lr_at(it)
    loss = model(x, y)
    opt.zero_grad(set_to_none=False)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    opt.step()
    return loss.item()


for it in range(WARMUP_STEPS):
    step(it)
t0 = time.perf_counter()
for it in range(WARMUP_STEPS, WARMUP_STEPS + a.steps):
    last = step(it)
secs = time.perf_counter() - t0
print(json.dumps({"bench": "char-gpt", "framework": "pytorch " + torch.__version__, "threads": a.threads,
                  "tokens_per_s": round(a.steps * BATCH * BLOCK / secs, 1), "s_per_step": round(secs / a.steps, 4),
                  "steps": a.steps, "batch": BATCH, "block": BLOCK, "params": sum(p.numel() for p in model.parameters()),
                  "last_loss": round(last, 4),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
