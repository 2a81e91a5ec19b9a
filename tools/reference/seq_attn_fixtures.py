#!/usr/bin/python3
"""Reference values for Glassbox's attention: scaled dot-product attention and torch.nn.MultiheadAttention, computed
with PyTorch 1.13 in float64.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/seq_attn_fixtures.py
Writes tests/fixtures/seq/attn.json.

PyTorch 1.13 has no public scaled_dot_product_attention (it arrived in 2.0), so the "sdpa" cases evaluate the
definition with torch ops: softmax(q @ k^T * scale + mask) @ v, with a bool mask meaning "may attend" (2.0's
convention, the one Glassbox follows) and is_causal as ones(L, S).tril(). The "mha" cases run nn.MultiheadAttention
itself on seeded random weights (saved in the fixture under PyTorch's state-dict keys); is_causal, which 1.13's module
does not have, is replayed as the explicit bool mask triu(ones(L, S), 1).

Every case records the forward output (and the attention weights), and for fixed random upstream gradients u (and
uw for the weights), the gradient of sum(out * u) + sum(weights * uw) with respect to query, key, value, a float mask
and every parameter. Inputs are drawn from a seeded numpy RNG and saved, so the C# tests run on the same numbers.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "seq")
rng = np.random.RandomState(20261207)
torch.manual_seed(0)


def enc(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return {"shape": list(t.shape), "dtype": "bool", "data": [bool(v) for v in t.reshape(-1).tolist()]}
    data = [float(v) if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
            for v in t.double().reshape(-1).tolist()]
    return {"shape": list(t.shape), "dtype": "float64", "data": data}


def randn(*shape):
    return torch.tensor(rng.standard_normal(shape), dtype=torch.float64)


def bool_mask(shape, p_block, keep_one_per_row=True):
    """A random bool mask with about p_block of the entries True; when keep_one_per_row, the last column stays False
    so that no row (in either convention) is fully blocked."""
    m = torch.tensor(rng.uniform(size=shape) < p_block)
    if keep_one_per_row:
        m[..., -1] = False
    return m


def sdpa_ref(q, k, v, mask, is_causal, scale):
    L, S = q.shape[-2], k.shape[-2]
    sc = scale if scale is not None else 1.0 / math.sqrt(q.shape[-1])
    scores = q @ k.transpose(-2, -1) * sc
    if is_causal:
        scores = scores.masked_fill(~torch.ones(L, S, dtype=torch.bool).tril(), float("-inf"))
    elif mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    return torch.softmax(scores, -1) @ v


def sdpa_cases():
    cases = []

    def c(name, qs, ks, vs, mask=None, is_causal=False, scale=None):
        q, k, v = randn(*qs).requires_grad_(), randn(*ks).requires_grad_(), randn(*vs).requires_grad_()
        if mask is not None and mask.dtype != torch.bool:
            mask.requires_grad_()
        y = sdpa_ref(q, k, v, mask, is_causal, scale)
        u = randn(*y.shape)
        (y * u).nan_to_num(0.0).sum().backward()
        grads = {"query": enc(q.grad), "key": enc(k.grad), "value": enc(v.grad)}
        if mask is not None and mask.dtype != torch.bool:
            grads["mask"] = enc(mask.grad)
        case = {"name": name, "is_causal": is_causal, "scale": scale,
                "inputs": {"query": enc(q), "key": enc(k), "value": enc(v)},
                "output": enc(y), "upstream": enc(u), "grads": grads}
        if mask is not None:
            case["mask"] = enc(mask)
        cases.append(case)

    c("basic", (2, 3, 5), (2, 7, 5), (2, 7, 3))
    c("unbatched", (4, 3), (6, 3), (6, 5))
    c("heads_4d", (2, 3, 5, 4), (2, 3, 7, 4), (2, 3, 7, 6))
    c("causal_square", (2, 6, 5), (2, 6, 5), (2, 6, 3), is_causal=True)
    c("causal_l_lt_s", (2, 4, 3), (2, 7, 3), (2, 7, 2), is_causal=True)
    c("causal_l_gt_s", (3, 7, 3), (3, 4, 3), (3, 4, 5), is_causal=True)
    c("bool_mask_broadcast", (2, 3, 5, 4), (2, 3, 6, 4), (2, 3, 6, 3), mask=~bool_mask((2, 1, 5, 6), 0.4))
    c("float_mask", (2, 5, 3), (2, 6, 3), (2, 6, 4), mask=randn(5, 6))
    c("float_mask_broadcast_batch", (2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3), mask=randn(2, 1, 1, 5))
    c("scale", (2, 4, 3), (2, 5, 3), (2, 5, 3), scale=0.37)
    c("t1", (1, 1, 4), (1, 1, 4), (1, 1, 2))
    c("t1_causal", (2, 1, 3), (2, 1, 3), (2, 1, 3), is_causal=True)
    # Row 1 of the query blocks every key: PyTorch gives NaN there (and its gradient rows stay finite elsewhere).
    blocked = torch.ones(3, 4, dtype=torch.bool)
    blocked[1, :] = False
    c("fully_blocked_row", (3, 2), (4, 2), (4, 3), mask=blocked)
    return cases


def mha_cases():
    cases = []

    def c(name, E, H, L, S, N, kdim=None, vdim=None, bias=True, add_bias_kv=False, add_zero_attn=False,
          batch_first=False, need_weights=True, average=True, kpm=None, attn_mask=None, is_causal=False,
          self_attn=False):
        m = nn.MultiheadAttention(E, H, dropout=0.0, bias=bias, add_bias_kv=add_bias_kv, add_zero_attn=add_zero_attn,
                                  kdim=kdim, vdim=vdim, batch_first=batch_first).double()
        with torch.no_grad():
            for p in m.parameters():
                p.copy_(randn(*p.shape) * 0.5)
        m.train()

        def shape(T, F):
            if N is None:
                return (T, F)
            return (N, T, F) if batch_first else (T, N, F)
        q = randn(*shape(L, E)).requires_grad_()
        if self_attn:
            k = v = q
        else:
            k = randn(*shape(S, kdim or E)).requires_grad_()
            v = randn(*shape(S, vdim or E)).requires_grad_()
        torch_mask = attn_mask
        if is_causal:
            torch_mask = torch.ones(L, S, dtype=torch.bool).triu(1)
        for t in (kpm, attn_mask):
            if t is not None and t.dtype != torch.bool:
                t.requires_grad_()
        out, w = m(q, k, v, key_padding_mask=kpm, need_weights=need_weights, attn_mask=torch_mask,
                   average_attn_weights=average)
        u = randn(*out.shape)
        loss = (out * u).sum()
        uw = None
        if need_weights:
            uw = randn(*w.shape)
            loss = loss + (w * uw).sum()
        loss.backward()
        grads = {"query": enc(q.grad)}
        if not self_attn:
            grads["key"] = enc(k.grad)
            grads["value"] = enc(v.grad)
        for nm, p in m.named_parameters():
            grads[nm] = enc(p.grad)
        for nm, t in (("key_padding_mask", kpm), ("attn_mask", attn_mask)):
            if t is not None and t.dtype != torch.bool:
                grads[nm] = enc(t.grad)
        case = {"name": name,
                "args": {"embed_dim": E, "num_heads": H, "kdim": kdim, "vdim": vdim, "bias": bias,
                         "add_bias_kv": add_bias_kv, "add_zero_attn": add_zero_attn, "batch_first": batch_first,
                         "need_weights": need_weights, "average_attn_weights": average, "is_causal": is_causal,
                         "self_attn": self_attn},
                "state": {nm: enc(t) for nm, t in m.state_dict().items()},
                "inputs": {"query": enc(q), "key": enc(k), "value": enc(v)},
                "output": enc(out), "upstream": enc(u), "grads": grads}
        if need_weights:
            case["weights"] = enc(w)
            case["upstream_weights"] = enc(uw)
        if kpm is not None:
            case["key_padding_mask"] = enc(kpm)
        if attn_mask is not None:
            case["attn_mask"] = enc(attn_mask)
        cases.append(case)

    c("basic", E=6, H=2, L=3, S=5, N=2)
    c("batch_first_per_head", E=6, H=3, L=4, S=3, N=2, batch_first=True, average=False)
    c("kdim_vdim", E=6, H=2, L=3, S=4, N=2, kdim=4, vdim=5)
    c("no_bias", E=4, H=2, L=3, S=5, N=3, bias=False)
    c("bias_kv_zero_attn_masks", E=6, H=2, L=3, S=4, N=2, add_bias_kv=True, add_zero_attn=True,
      kpm=bool_mask((2, 4), 0.4), attn_mask=bool_mask((3, 4), 0.3))
    c("kpm_bool", E=6, H=3, L=4, S=5, N=2, kpm=bool_mask((2, 5), 0.5))
    c("kpm_float", E=4, H=2, L=3, S=5, N=2, kpm=randn(2, 5))
    c("attn_mask_3d_bool", E=6, H=2, L=3, S=4, N=2, attn_mask=bool_mask((4, 3, 4), 0.4))
    c("attn_mask_3d_float_batch_first", E=6, H=2, L=3, S=4, N=2, batch_first=True, attn_mask=randn(4, 3, 4))
    c("unbatched", E=6, H=2, L=3, S=5, N=None, kpm=bool_mask((5,), 0.4), average=False)
    c("unbatched_3d_mask", E=4, H=2, L=3, S=4, N=None, attn_mask=randn(2, 3, 4))
    c("self_attn_causal", E=6, H=2, L=5, S=5, N=2, is_causal=True, self_attn=True)
    c("no_weights_causal_batch_first", E=8, H=2, L=5, S=5, N=2, batch_first=True, need_weights=False,
      is_causal=True, self_attn=True)
    c("no_weights_masks", E=6, H=3, L=3, S=6, N=2, need_weights=False, kpm=bool_mask((2, 6), 0.4),
      attn_mask=randn(3, 6))
    c("bias_kv_unbatched", E=4, H=1, L=2, S=3, N=None, add_bias_kv=True)
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    doc = {"generator": "tools/reference/seq_attn_fixtures.py", "torch": torch.__version__,
           "sdpa": sdpa_cases(), "mha": mha_cases()}
    path = os.path.join(OUT, "attn.json")
    with open(path + ".tmp", "w") as f:
        json.dump(doc, f)
    os.replace(path + ".tmp", path)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
