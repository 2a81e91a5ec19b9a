#!/usr/bin/python3
"""Reference values for Glassbox's transformer layers (TransformerEncoderLayer, TransformerDecoderLayer,
TransformerEncoder, TransformerDecoder, Transformer), computed with PyTorch 1.13 in float64.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/seq_transformer_fixtures.py
Writes tests/fixtures/seq/transformer.json.

Each case builds a PyTorch module, overwrites every parameter with seeded normal draws (LayerNorm weights near 1 so
the normalised activations stay of order one), runs it in eval mode (dropout off) on seeded inputs with the masks
given, and records the forward output and, for a fixed random upstream gradient u, the gradient of sum(output * u)
with respect to every input and every parameter. Sizes are odd on purpose (model width 6 with 2 or 3 heads, feed-forward
width 7, sequence lengths 5 and 4, batch 3) so that a transposed or mis-split axis cannot pass by symmetry.

PyTorch 1.13's layers have no `bias` argument (it came in 2.1, where bias=False drops the additive bias of every
Linear, MultiheadAttention and LayerNorm); the bias=False case is the 1.13 layer with all those biases set to zero,
and only the remaining parameters are saved.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "seq")
rng = np.random.RandomState(20261207)


def enc(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return {"shape": list(t.shape), "dtype": "bool", "data": [bool(v) for v in t.reshape(-1).tolist()]}
    dt = {torch.float64: "float64", torch.float32: "float32"}[t.dtype]
    data = []
    for v in t.reshape(-1).tolist():
        data.append(v if np.isfinite(v) else ("-Infinity" if v < 0 else "Infinity"))
    return {"shape": list(t.shape), "dtype": dt, "data": data}


def randn(*shape):
    return torch.tensor(rng.standard_normal(shape), dtype=torch.float64)


def randomize(module, bias):
    """Every parameter redrawn: weights ~ N(0, 1/fan_in) (unit-variance activations), LayerNorm γ ~ 1 + N(0, 0.1²),
    biases ~ N(0, 0.1²) or exactly zero for the bias=False case."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            leaf = name.split(".")[-1]
            is_norm = ".norm" in "." + name
            if leaf in ("bias", "in_proj_bias"):
                p.copy_(0.1 * randn(*p.shape) if bias else torch.zeros_like(p))
            elif is_norm:
                p.copy_(1 + 0.1 * randn(*p.shape))
            else:
                p.copy_(randn(*p.shape) / np.sqrt(p.shape[-1]))


def is_bias(name):
    return name.split(".")[-1] in ("bias", "in_proj_bias")


def padding_mask(n, s, masked):
    """Bool [n, s], True = ignore that key; `masked` lists (batch, position) pairs. No row is all True."""
    m = torch.zeros(n, s, dtype=torch.bool)
    for b, j in masked:
        m[b, j] = True
    return m


def float_mask(l, s):
    """An additive float mask: −inf on a few entries (never a whole row) and small finite values elsewhere."""
    m = 0.5 * randn(l, s)
    for i in range(l):
        m[i, (i + 1) % s] = float("-inf")
    return m


def bool_mask(l, s):
    """A bool attn_mask in nn.MultiheadAttention's convention: True = may NOT attend. Column 0 is always allowed."""
    m = torch.tensor(rng.uniform(size=(l, s)) < 0.35)
    m[:, 0] = False
    return m


def causal(l):
    return nn.Transformer.generate_square_subsequent_mask(l).to(torch.float64)


def run_case(name, kind, args, module, inputs, masks):
    """inputs: ordered {name: tensor} (differentiable); masks: {name: tensor or None}, passed by keyword."""
    module = module.double()
    randomize(module, args.get("bias", True))
    module.eval()
    xs = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    y = module(*xs.values(), **{k: v for k, v in masks.items() if v is not None})
    up = randn(*y.shape)
    (y * up).sum().backward()
    keep = lambda n: args.get("bias", True) or not is_bias(n)
    return {"name": name, "kind": kind, "args": args,
            "state": {k: enc(v) for k, v in module.state_dict().items() if keep(k)},
            "inputs": {k: enc(v) for k, v in inputs.items()},
            "masks": {k: (None if v is None else enc(v)) for k, v in masks.items()},
            "output": enc(y), "upstream": enc(up),
            "input_grads": {k: enc(v.grad) for k, v in xs.items()},
            "grads": {k: enc(p.grad) for k, p in module.named_parameters() if keep(k)}}


E, H, FF, L, S, N = 6, 2, 7, 5, 4, 3


def seq(l, batch_first, n=N):
    return randn(n, l, E) if batch_first else randn(l, n, E)


def enc_layer(**kw):
    return nn.TransformerEncoderLayer(E, kw.pop("nhead", H), FF, dropout=0.1, **kw)


def dec_layer(**kw):
    return nn.TransformerDecoderLayer(E, kw.pop("nhead", H), FF, dropout=0.1, **kw)


def cases():
    out = []

    def args(**kw):
        a = {"d_model": E, "nhead": H, "dim_feedforward": FF, "activation": "relu", "norm_first": False,
             "batch_first": False, "bias": True, "layer_norm_eps": 1e-5}
        a.update(kw)
        return a

    # Encoder layers: post-norm and pre-norm, ReLU and GELU, float and bool masks, key padding, batch-first, 3 heads.
    out.append(run_case("enc_post_relu_float_mask", "TransformerEncoderLayer", args(), enc_layer(),
                        {"src": seq(L, False)},
                        {"src_mask": float_mask(L, L), "src_key_padding_mask": padding_mask(N, L, [(0, 4), (2, 1), (2, 3)])}))
    out.append(run_case("enc_pre_gelu_bool_mask_batch_first", "TransformerEncoderLayer",
                        args(activation="gelu", norm_first=True, batch_first=True),
                        enc_layer(activation="gelu", norm_first=True, batch_first=True),
                        {"src": seq(L, True)},
                        {"src_mask": bool_mask(L, L), "src_key_padding_mask": padding_mask(N, L, [(1, 2)])}))
    out.append(run_case("enc_pre_relu_three_heads_nomask", "TransformerEncoderLayer",
                        args(nhead=3, norm_first=True, layer_norm_eps=1e-3), enc_layer(nhead=3, norm_first=True, layer_norm_eps=1e-3),
                        {"src": seq(L, False)}, {"src_mask": None, "src_key_padding_mask": None}))
    out.append(run_case("enc_post_gelu_nobias", "TransformerEncoderLayer", args(activation="gelu", bias=False),
                        enc_layer(activation="gelu"), {"src": seq(L, False)},
                        {"src_mask": causal(L), "src_key_padding_mask": None}))
    out.append(run_case("enc_post_relu_unbatched", "TransformerEncoderLayer", args(), enc_layer(),
                        {"src": randn(L, E)}, {"src_mask": float_mask(L, L), "src_key_padding_mask": None}))

    # Decoder layers: causal self-attention, memory masks, both norm placements and activations.
    out.append(run_case("dec_post_relu_causal", "TransformerDecoderLayer", args(), dec_layer(),
                        {"tgt": seq(L, False), "memory": seq(S, False)},
                        {"tgt_mask": causal(L), "memory_mask": None, "tgt_key_padding_mask": None,
                         "memory_key_padding_mask": padding_mask(N, S, [(0, 3), (1, 0)])}))
    out.append(run_case("dec_pre_gelu_all_masks_batch_first", "TransformerDecoderLayer",
                        args(activation="gelu", norm_first=True, batch_first=True),
                        dec_layer(activation="gelu", norm_first=True, batch_first=True),
                        {"tgt": seq(L, True), "memory": seq(S, True)},
                        {"tgt_mask": causal(L), "memory_mask": float_mask(L, S),
                         "tgt_key_padding_mask": padding_mask(N, L, [(2, 4)]),
                         "memory_key_padding_mask": padding_mask(N, S, [(1, 1), (1, 2)])}))
    out.append(run_case("dec_pre_relu_nobias_bool_memory_mask", "TransformerDecoderLayer",
                        args(norm_first=True, bias=False, nhead=3), dec_layer(norm_first=True, nhead=3),
                        {"tgt": seq(L, False), "memory": seq(S, False)},
                        {"tgt_mask": None, "memory_mask": bool_mask(L, S), "tgt_key_padding_mask": None,
                         "memory_key_padding_mask": None}))

    # Stacks: two layers (cloned from one, so they start equal in PyTorch; the randomisation makes them differ),
    # with and without a final LayerNorm.
    out.append(run_case("encoder_pre_gelu_two_layers_norm", "TransformerEncoder",
                        args(activation="gelu", norm_first=True, num_layers=2, final_norm=True),
                        nn.TransformerEncoder(enc_layer(activation="gelu", norm_first=True), 2, nn.LayerNorm(E), enable_nested_tensor=False),
                        {"src": seq(L, False)},
                        {"mask": causal(L), "src_key_padding_mask": padding_mask(N, L, [(0, 1)])}))
    out.append(run_case("encoder_post_relu_two_layers", "TransformerEncoder",
                        args(num_layers=2, final_norm=False, batch_first=True),
                        nn.TransformerEncoder(enc_layer(batch_first=True), 2, None, enable_nested_tensor=False),
                        {"src": seq(L, True)},
                        {"mask": None, "src_key_padding_mask": padding_mask(N, L, [(2, 0), (2, 4)])}))
    out.append(run_case("decoder_post_gelu_two_layers_norm", "TransformerDecoder",
                        args(activation="gelu", num_layers=2, final_norm=True),
                        nn.TransformerDecoder(dec_layer(activation="gelu"), 2, nn.LayerNorm(E)),
                        {"tgt": seq(L, False), "memory": seq(S, False)},
                        {"tgt_mask": causal(L), "memory_mask": None, "tgt_key_padding_mask": padding_mask(N, L, [(1, 3)]),
                         "memory_key_padding_mask": None}))

    # The whole encoder-decoder, post-norm (PyTorch's default: final LayerNorms on both stacks anyway).
    t = nn.Transformer(E, H, 2, 1, FF, dropout=0.1)
    out.append(run_case("transformer_post_relu", "Transformer", args(num_encoder_layers=2, num_decoder_layers=1), t,
                        {"src": seq(S, False), "tgt": seq(L, False)},
                        {"src_mask": None, "tgt_mask": causal(L), "memory_mask": None,
                         "src_key_padding_mask": padding_mask(N, S, [(0, 2)]), "tgt_key_padding_mask": None,
                         "memory_key_padding_mask": padding_mask(N, S, [(0, 2)])}))
    t = nn.Transformer(E, 3, 1, 2, FF, dropout=0.1, activation="gelu", batch_first=True, norm_first=True)
    out.append(run_case("transformer_pre_gelu_batch_first", "Transformer",
                        args(nhead=3, activation="gelu", batch_first=True, norm_first=True, num_encoder_layers=1, num_decoder_layers=2), t,
                        {"src": seq(S, True), "tgt": seq(L, True)},
                        {"src_mask": float_mask(S, S), "tgt_mask": causal(L), "memory_mask": bool_mask(L, S),
                         "src_key_padding_mask": None, "tgt_key_padding_mask": None, "memory_key_padding_mask": None}))
    return out


def main():
    torch.manual_seed(0)
    doc = {"generator": "tools/reference/seq_transformer_fixtures.py", "torch": torch.__version__,
           "cases": cases(), "square_subsequent_mask_4": enc(causal(4))}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "transformer.json")
    with open(path + ".tmp", "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    os.replace(path + ".tmp", path)
    print(path, os.path.getsize(path), "bytes,", len(doc["cases"]), "cases")


if __name__ == "__main__":
    main()
