#!/usr/bin/python3
"""Reference values for Glassbox.Models.GPT, from a nanoGPT-style model written out below in PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):

    /usr/bin/python3 tools/reference/seq_gpt_fixtures.py

Writes tests/fixtures/seq/gpt.json:
  gpt2_small_params   the parameter count of GPT-2 small (n_layer 12, n_head 12, n_embd 768, block 1024, vocab 50257,
                      biases, tied output layer), counted on the meta device (nothing allocated), and the count
                      without the position table (nanoGPT's get_num_params default);
  cases               tiny models in float64 with fixed, non-trivial weights (every parameter drawn at random, the
                      LayerNorm gammas around 1), a batch of token ids and targets (some -1, ignored): the full
                      state_dict (lm_head.weight included, equal to transformer.wte.weight), the logits, the loss, and
                      the gradient of the loss with respect to every distinct parameter (the tied table once, under
                      transformer.wte.weight, holding both uses' contributions).

The architecture follows nanoGPT's model.py: pre-norm blocks, exact GELU, c_attn computing q, k, v together, the
causal mask as -inf above the diagonal, lm_head tied to wte, cross-entropy with ignore_index -1.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "seq")


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (torch 1.13's nn.LayerNorm has no bias flag)."""

    def __init__(self, ndim, bias, device=None):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim, device=device))
        self.bias = nn.Parameter(torch.zeros(ndim, device=device)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg, device=None):
        super().__init__()
        self.n_head, self.n_embd = cfg["n_head"], cfg["n_embd"]
        self.c_attn = nn.Linear(self.n_embd, 3 * self.n_embd, bias=cfg["bias"], device=device)
        self.c_proj = nn.Linear(self.n_embd, self.n_embd, bias=cfg["bias"], device=device)

    def forward(self, x):
        B, Tn, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q = q.view(B, Tn, self.n_head, C // self.n_head).transpose(1, 2)
        k = k.view(B, Tn, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, Tn, self.n_head, C // self.n_head).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        mask = torch.tril(torch.ones(Tn, Tn, dtype=torch.bool))
        att = att.masked_fill(~mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, Tn, C)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, cfg, device=None):
        super().__init__()
        self.c_fc = nn.Linear(cfg["n_embd"], 4 * cfg["n_embd"], bias=cfg["bias"], device=device)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * cfg["n_embd"], cfg["n_embd"], bias=cfg["bias"], device=device)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, cfg, device=None):
        super().__init__()
        self.ln_1 = LayerNorm(cfg["n_embd"], cfg["bias"], device)
        self.attn = CausalSelfAttention(cfg, device)
        self.ln_2 = LayerNorm(cfg["n_embd"], cfg["bias"], device)
        self.mlp = MLP(cfg, device)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, cfg, device=None):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg["vocab_size"], cfg["n_embd"], device=device),
            wpe=nn.Embedding(cfg["block_size"], cfg["n_embd"], device=device),
            h=nn.ModuleList([Block(cfg, device) for _ in range(cfg["n_layer"])]),
            ln_f=LayerNorm(cfg["n_embd"], cfg["bias"], device),
        ))
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False, device=device)
        self.transformer.wte.weight = self.lm_head.weight

    def forward(self, idx, targets):
        b, t = idx.size()
        pos = torch.arange(0, t, dtype=torch.long)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss


def case(name, cfg, batch, seq, seed):
    torch.manual_seed(seed)
    model = GPT(cfg).double()
    with torch.no_grad():
        for pname, p in model.named_parameters():
            if pname.endswith("ln_1.weight") or pname.endswith("ln_2.weight") or pname.endswith("ln_f.weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))
    idx = torch.randint(0, cfg["vocab_size"], (batch, seq))
    targets = torch.randint(0, cfg["vocab_size"], (batch, seq))
    targets[0, 1] = -1
    targets[-1, -1] = -1
    logits, loss = model(idx, targets)
    loss.backward()
    return {
        "name": name, "config": cfg,
        "state_dict": {k: T(v.detach().numpy()) for k, v in model.state_dict().items()},
        "param_names": [n for n, _ in model.named_parameters()],
        "idx": T(idx.numpy()), "targets": T(targets.numpy()),
        "logits": T(logits.detach().numpy()), "loss": float(loss),
        "grads": {n: T(p.grad.numpy()) for n, p in model.named_parameters()},
    }


def main():
    torch.set_default_dtype(torch.float64)
    gpt2 = dict(block_size=1024, vocab_size=50257, n_layer=12, n_head=12, n_embd=768, bias=True)
    meta = GPT(gpt2, device="meta")
    n_params = sum(p.numel() for p in meta.parameters())
    n_non_embedding = n_params - meta.transformer.wpe.weight.numel()
    cases = [
        case("bias_l2_h3_c12", dict(block_size=9, vocab_size=13, n_layer=2, n_head=3, n_embd=12, bias=True), 2, 7, 0),
        case("nobias_l1_h2_c10_full_block", dict(block_size=5, vocab_size=7, n_layer=1, n_head=2, n_embd=10, bias=False), 3, 5, 1),
    ]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "gpt.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"torch": torch.__version__, "gpt2_small_params": n_params,
                   "gpt2_small_params_non_embedding": n_non_embedding, "cases": cases}, f)
    os.replace(path + ".tmp", path)
    print(f"wrote {path}: GPT-2 small has {n_params:,} parameters ({n_non_embedding:,} without wpe)")


if __name__ == "__main__":
    main()
