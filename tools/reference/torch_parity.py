#!/usr/bin/env python3
"""PyTorch parity fixtures for every Tensor op.

Run with Debian's interpreter (python3-torch 1.13):
    /usr/bin/python3 tools/reference/torch_parity.py  > tests/fixtures/parity/ops.json

For each case it draws fixed float64 inputs from a seeded NumPy generator, evaluates the op with PyTorch in
float64, and back-propagates a random upstream gradient through every floating output (a random
cotangent checks the full vector-Jacobian product, where a gradient of ones would hide errors that cancel).
The C# test (tests/Glassbox.Tests/Parity/TorchParityTests.cs) maps each case name to the same expression
in Glassbox and compares outputs and input gradients.
"""
import json
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(20261122)
torch.set_default_dtype(torch.float64)


def randn(*shape):
    return rng.standard_normal(shape)


def pos(*shape):
    return rng.uniform(0.5, 2.0, shape)


def distinct(*shape):
    # well-separated values: no ties for max/min/sort-like ops, away from kinks at 0
    n = int(np.prod(shape))
    v = (rng.permutation(n) - n / 2 + 0.5) * 0.37
    return v.reshape(shape)


CASES = []


def case(name, inputs, fn, grad=None):
    """inputs: list of (array, requires_grad) or (int-array, False, 'int64'/'bool')."""
    CASES.append((name, inputs, fn, grad))


# ---- elementwise arithmetic with broadcasting
case("add", [(randn(3, 4), True), (randn(4), True)], lambda a, b: a + b)
case("add_scalar", [(randn(2, 3), True)], lambda a: a + 2.5)
case("sub", [(randn(2, 1, 4), True), (randn(3, 1), True)], lambda a, b: a - b)
case("rsub_scalar", [(randn(5), True)], lambda a: 1.5 - a)
case("mul", [(randn(3, 4), True), (randn(3, 1), True)], lambda a, b: a * b)
case("mul_scalar", [(randn(3, 4), True)], lambda a: a * -3.0)
case("div", [(randn(3, 4), True), (pos(4), True)], lambda a, b: a / b)
case("rdiv_scalar", [(pos(6), True)], lambda a: 2.0 / a)
case("neg", [(randn(7), True)], lambda a: -a)
case("pow_tensor", [(pos(3, 4), True), (randn(3, 4), True)], lambda a, b: torch.pow(a, b))
case("pow_scalar", [(pos(2, 5), True)], lambda a: a ** 2.5)
case("abs", [(distinct(3, 5), True)], torch.abs)
case("sqrt", [(pos(9), True)], torch.sqrt)
case("rsqrt", [(pos(9), True)], torch.rsqrt)
case("exp", [(randn(2, 3, 4), True)], torch.exp)
case("log", [(pos(11), True)], torch.log)
case("log1p", [(pos(11) - 0.4, True)], torch.log1p)
case("sin", [(randn(13), True)], torch.sin)
case("cos", [(randn(13), True)], torch.cos)
case("tanh", [(randn(4, 5), True)], torch.tanh)
case("sigmoid", [(randn(4, 5), True)], torch.sigmoid)
case("relu", [(distinct(4, 5), True)], torch.relu)
case("leaky_relu", [(distinct(4, 5), True)], lambda a: F.leaky_relu(a, 0.1))
case("elu", [(distinct(4, 5), True)], lambda a: F.elu(a, 1.3))
case("gelu", [(randn(4, 5), True)], lambda a: F.gelu(a))
case("gelu_tanh", [(randn(4, 5), True)], lambda a: F.gelu(a, approximate="tanh"))
case("softplus", [(randn(4, 5) * 5, True)], lambda a: F.softplus(a, beta=1.5, threshold=5.0))
case("silu", [(randn(4, 5), True)], F.silu)
case("clamp", [(distinct(4, 5), True)], lambda a: torch.clamp(a, -0.5, 0.8))
case("where", [(randn(3, 4) > 0, False, "bool"), (randn(3, 4), True), (randn(4), True)], lambda c, a, b: torch.where(c, a, b))
case("maximum", [(distinct(3, 4), True), (distinct(4) + 0.1, True)], torch.maximum)
case("minimum", [(distinct(3, 4), True), (distinct(4) + 0.1, True)], torch.minimum)
# ---- reductions
case("sum_all", [(randn(3, 4), True)], lambda a: a.sum())
case("sum_dim", [(randn(2, 3, 4), True)], lambda a: a.sum(dim=1))
case("sum_dims_keepdim", [(randn(2, 3, 4), True)], lambda a: a.sum(dim=(0, 2), keepdim=True))
case("mean_dim", [(randn(2, 3, 4), True)], lambda a: a.mean(dim=-1))
case("var", [(randn(4, 5), True)], lambda a: a.var(dim=1, unbiased=True))
case("var_biased_all", [(randn(4, 5), True)], lambda a: a.var(unbiased=False))
case("std", [(randn(4, 5), True)], lambda a: a.std(dim=0, unbiased=True))
case("prod", [(pos(3, 4), True)], lambda a: a.prod(dim=1))
case("prod_all", [(randn(2, 3), True)], lambda a: a.prod())
case("max_all", [(distinct(3, 4), True)], lambda a: a.max())
case("max_dim", [(distinct(3, 4), True)], lambda a: a.max(dim=1))
case("min_dim", [(distinct(3, 4), True)], lambda a: a.min(dim=0, keepdim=True))
case("argmax", [(distinct(3, 4), False)], lambda a: a.argmax(dim=1))
case("argmin", [(distinct(3, 4), False)], lambda a: a.argmin(dim=0))
case("logsumexp", [(randn(3, 4) * 10, True)], lambda a: torch.logsumexp(a, dim=1))
case("softmax", [(randn(3, 5), True)], lambda a: torch.softmax(a, dim=1))
case("softmax_dim0", [(randn(3, 5), True)], lambda a: torch.softmax(a, dim=0))
case("log_softmax", [(randn(3, 5) * 10, True)], lambda a: torch.log_softmax(a, dim=-1))
case("cumsum", [(randn(3, 4), True)], lambda a: torch.cumsum(a, dim=1))
case("norm2", [(randn(3, 4), True)], lambda a: torch.norm(a))
case("norm1_dim", [(distinct(3, 4), True)], lambda a: torch.norm(a, p=1, dim=1))
# ---- products
case("matmul_2d", [(randn(3, 4), True), (randn(4, 5), True)], torch.matmul)
case("matmul_batch_broadcast", [(randn(2, 1, 3, 4), True), (randn(3, 4, 2), True)], torch.matmul)
case("matmul_vec", [(randn(4), True), (randn(2, 4, 3), True)], torch.matmul)
case("bmm", [(randn(2, 3, 4), True), (randn(2, 4, 5), True)], torch.bmm)
case("outer", [(randn(3), True), (randn(4), True)], torch.outer)
# ---- shape
case("reshape", [(randn(2, 6), True)], lambda a: a.reshape(3, -1) * 1.0)
case("transpose", [(randn(2, 3, 4), True)], lambda a: a.transpose(0, 2) * 1.0)
case("permute", [(randn(2, 3, 4), True)], lambda a: a.permute(1, 2, 0) * 1.0)
case("squeeze", [(randn(2, 1, 3), True)], lambda a: a.squeeze(1) * 1.0)
case("unsqueeze", [(randn(2, 3), True)], lambda a: a.unsqueeze(-1) * 1.0)
case("expand", [(randn(3, 1), True)], lambda a: a.expand(2, 3, 4) * 1.0)
case("cat", [(randn(2, 3), True), (randn(2, 2), True)], lambda a, b: torch.cat([a, b], dim=1))
case("stack", [(randn(2, 3), True), (randn(2, 3), True)], lambda a, b: torch.stack([a, b], dim=1))
case("split", [(randn(5, 4), True)], lambda a: tuple(p * (i + 1) for i, p in enumerate(a.split(2, dim=0))))
case("chunk", [(randn(3, 7), True)], lambda a: tuple(p * (i + 1) for i, p in enumerate(a.chunk(3, dim=1))))
case("narrow", [(randn(4, 5), True)], lambda a: a.narrow(1, 1, 3) * 1.0)
case("slice_step", [(randn(4, 9), True)], lambda a: a[:, 1:8:3] * 1.0)
case("index_select", [(randn(5, 3), True), (np.array([4, 0, 4, 2]), False, "int64")], lambda a, i: torch.index_select(a, 0, i))
case("gather", [(randn(3, 4), True), (np.array([[0, 3], [1, 1], [2, 0]]), False, "int64")], lambda a, i: torch.gather(a, 1, i))
case("scatter_add", [(randn(3, 5), True), (np.array([[0, 1, 2, 0], [4, 4, 3, 0], [1, 0, 0, 2]]), False, "int64"), (randn(3, 4), True)],
     lambda a, i, s: a.scatter_add(1, i, s))
case("masked_fill", [(randn(3, 4), True), (randn(4) > 0, False, "bool")], lambda a, m: a.masked_fill(m, -2.0))
case("pad", [(randn(2, 3, 4), True)], lambda a: F.pad(a, (1, 2, 0, 1), value=0.5))
case("flip", [(randn(3, 4), True)], lambda a: torch.flip(a, dims=(0, 1)))
case("repeat", [(randn(2, 3), True)], lambda a: a.repeat(2, 1, 2))
case("tril", [(randn(4, 5), True)], lambda a: torch.tril(a, diagonal=1))
case("triu", [(randn(4, 5), True)], lambda a: torch.triu(a, diagonal=-1))
case("one_hot", [(np.array([2, 0, 3, 1, 3]), False, "int64")], lambda i: F.one_hot(i, 5))
case("embedding", [(np.array([[1, 3], [3, 0]]), False, "int64"), (randn(4, 3), True)], lambda i, w: F.embedding(i, w))


def to_json(t):
    t = t.detach()
    kind = "bool" if t.dtype == torch.bool else ("int64" if t.dtype == torch.int64 else "float64")
    data = t.reshape(-1).tolist()
    if kind == "bool":
        data = [bool(v) for v in data]
    return {"shape": list(t.shape), "dtype": kind, "data": data}


out = []
for name, inputs, fn, _ in CASES:
    tensors = []
    for spec in inputs:
        arr, req = spec[0], spec[1]
        kind = spec[2] if len(spec) > 2 else "float64"
        if kind == "bool":
            t = torch.tensor(np.asarray(arr, dtype=bool))
        elif kind == "int64":
            t = torch.tensor(np.asarray(arr, dtype=np.int64))
        else:
            t = torch.tensor(np.asarray(arr, dtype=np.float64), requires_grad=req)
        tensors.append(t)
    res = fn(*tensors)
    outs = list(res) if isinstance(res, tuple) else [res]  # torch.return_types (max(dim)) are tuples too
    upstream = [torch.tensor(rng.standard_normal(tuple(o.shape))) if o.is_floating_point() and o.requires_grad else None for o in outs]
    grads = [None] * len(tensors)
    if any(u is not None for u in upstream):
        loss = sum((o * u).sum() for o, u in zip(outs, upstream) if u is not None)
        loss.backward()
        grads = [to_json(t.grad) if t.grad is not None else None for t in tensors]
    out.append({
        "name": name,
        "inputs": [to_json(t) for t in tensors],
        "outputs": [to_json(o) for o in outs],
        "upstream": [to_json(u) if u is not None else None for u in upstream],
        "grads": grads,
    })

print(json.dumps({"torch": torch.__version__, "cases": out}))
