#!/usr/bin/python3
"""Reference values for Glassbox's recurrent cells and layers (RNNCell, LSTMCell, GRUCell, RNN, LSTM, GRU), computed
with PyTorch 1.13 in float64.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/seq_rnn_fixtures.py
Writes tests/fixtures/seq/rnn.json.

Parameters, inputs and initial states are drawn here from a seeded numpy RNG and saved, so the C# tests run on exactly
the same numbers. Each case records the outputs and, for fixed random upstream gradients u, the gradient of
Σ output·u_out + Σ h_n·u_h (+ Σ c_n·u_c) with respect to the input, the initial states and every parameter.
Variable-length cases run PyTorch's pack_padded_sequence (enforce_sorted=False) → layer → pad_packed_sequence; the
C# side passes the same lengths to the layer directly. Sizes are odd on purpose (H = 7, not a multiple of a SIMD width).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "seq")
rng = np.random.RandomState(20261207)
torch.set_default_dtype(torch.float64)


def randn(*shape):
    return torch.tensor(rng.standard_normal(shape), dtype=torch.float64)


def fill_params(m):
    """Parameters ~ U(-0.6, 0.6): larger than the default init so that gates saturate unevenly and errors show."""
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.tensor(rng.uniform(-0.6, 0.6, size=tuple(p.shape))))


def grads_of(m, named):
    out = {k: T(v.grad.numpy()) for k, v in named.items()}
    for k, p in m.named_parameters():
        out[k] = T(p.grad.numpy())
    return out


def cell_case(name, kind, batch, input_size, hidden, bias=True, nonlinearity="tanh", with_state=True):
    if kind == "rnn":
        m = nn.RNNCell(input_size, hidden, bias=bias, nonlinearity=nonlinearity)
    elif kind == "lstm":
        m = nn.LSTMCell(input_size, hidden, bias=bias)
    else:
        m = nn.GRUCell(input_size, hidden, bias=bias)
    fill_params(m)
    lead = () if batch is None else (batch,)
    x = randn(*lead, input_size).requires_grad_(True)
    inputs = {"input": x}
    if with_state:
        inputs["hx"] = randn(*lead, hidden).requires_grad_(True)
        if kind == "lstm":
            inputs["cx"] = randn(*lead, hidden).requires_grad_(True)
    if kind == "lstm":
        h, c = m(x, (inputs["hx"], inputs["cx"]) if with_state else None)
        outs = {"h": h, "c": c}
    else:
        outs = {"h": m(x, inputs.get("hx"))}
    ups = {k: randn(*v.shape) for k, v in outs.items()}
    sum((outs[k] * ups[k]).sum() for k in outs).backward()
    return {"name": name, "kind": kind, "args": {"input_size": input_size, "hidden_size": hidden, "bias": bias,
                                                 "nonlinearity": nonlinearity},
            "state": {k: T(v.detach().numpy()) for k, v in m.state_dict().items()},
            "inputs": {k: T(v.detach().numpy()) for k, v in inputs.items()},
            "outputs": {k: T(v.detach().numpy()) for k, v in outs.items()},
            "upstream": {k: T(v.numpy()) for k, v in ups.items()},
            "grads": grads_of(m, inputs)}


def layer_case(name, kind, steps, batch, input_size, hidden, num_layers=1, bias=True, batch_first=False,
               bidirectional=False, proj_size=0, nonlinearity="tanh", lengths=None, with_state=True):
    kw = dict(num_layers=num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    if kind == "rnn":
        m = nn.RNN(input_size, hidden, nonlinearity=nonlinearity, **kw)
    elif kind == "lstm":
        m = nn.LSTM(input_size, hidden, proj_size=proj_size, **kw)
    else:
        m = nn.GRU(input_size, hidden, **kw)
    fill_params(m)
    d = 2 if bidirectional else 1
    p = proj_size if proj_size > 0 else hidden
    if batch is None:
        xshape, hshape, cshape = (steps, input_size), (num_layers * d, p), (num_layers * d, hidden)
    else:
        xshape = (batch, steps, input_size) if batch_first else (steps, batch, input_size)
        hshape, cshape = (num_layers * d, batch, p), (num_layers * d, batch, hidden)
    x = randn(*xshape).requires_grad_(True)
    inputs = {"input": x}
    if with_state:
        inputs["h0"] = randn(*hshape).requires_grad_(True)
        if kind == "lstm":
            inputs["c0"] = randn(*cshape).requires_grad_(True)
    state = None
    if with_state:
        state = (inputs["h0"], inputs["c0"]) if kind == "lstm" else inputs["h0"]
    if lengths is None:
        y, hn = m(x, state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        yp, hn = m(packed, state)
        y, _ = pad_packed_sequence(yp, batch_first=batch_first, total_length=steps)
    outs = {"output": y}
    if kind == "lstm":
        outs["h_n"], outs["c_n"] = hn
    else:
        outs["h_n"] = hn
    ups = {k: randn(*v.shape) for k, v in outs.items()}
    sum((outs[k] * ups[k]).sum() for k in outs).backward()
    args = {"input_size": input_size, "hidden_size": hidden, "num_layers": num_layers, "bias": bias,
            "batch_first": batch_first, "bidirectional": bidirectional, "proj_size": proj_size,
            "nonlinearity": nonlinearity}
    case = {"name": name, "kind": kind, "args": args,
            "state": {k: T(v.detach().numpy()) for k, v in m.state_dict().items()},
            "inputs": {k: T(v.detach().numpy()) for k, v in inputs.items()},
            "outputs": {k: T(v.detach().numpy()) for k, v in outs.items()},
            "upstream": {k: T(v.numpy()) for k, v in ups.items()},
            "grads": grads_of(m, inputs)}
    if lengths is not None:
        case["lengths"] = list(lengths)
    return case


def main():
    cells = [
        cell_case("rnn_cell_tanh", "rnn", 3, 5, 7),
        cell_case("rnn_cell_relu", "rnn", 3, 5, 7, nonlinearity="relu"),
        cell_case("rnn_cell_nobias_unbatched", "rnn", None, 4, 6, bias=False),
        cell_case("lstm_cell", "lstm", 3, 5, 7),
        cell_case("lstm_cell_nostate", "lstm", 2, 4, 9, with_state=False),
        cell_case("lstm_cell_unbatched", "lstm", None, 5, 7),
        cell_case("gru_cell", "gru", 3, 5, 7),
        cell_case("gru_cell_nobias", "gru", 1, 3, 9, bias=False),
        cell_case("gru_cell_unbatched", "gru", None, 5, 7),
    ]
    layers = [
        layer_case("rnn_tanh", "rnn", 5, 3, 4, 7),
        layer_case("rnn_relu_2layer_bi", "rnn", 4, 3, 5, 7, num_layers=2, bidirectional=True, nonlinearity="relu"),
        layer_case("rnn_nobias_batchfirst", "rnn", 6, 2, 3, 5, bias=False, batch_first=True),
        layer_case("rnn_t1_b1", "rnn", 1, 1, 3, 5, with_state=False),
        layer_case("lstm", "lstm", 5, 3, 4, 7),
        layer_case("lstm_2layer_bi", "lstm", 4, 3, 5, 7, num_layers=2, bidirectional=True),
        layer_case("lstm_proj_2layer_bi_batchfirst", "lstm", 5, 2, 4, 7, num_layers=2, bidirectional=True, proj_size=3,
                   batch_first=True),
        layer_case("lstm_unbatched_nostate", "lstm", 6, None, 3, 9, with_state=False),
        layer_case("lstm_nobias_3layer", "lstm", 3, 2, 3, 5, num_layers=3, bias=False),
        layer_case("gru", "gru", 5, 3, 4, 7),
        layer_case("gru_2layer_bi_batchfirst", "gru", 4, 3, 5, 7, num_layers=2, bidirectional=True, batch_first=True),
        layer_case("gru_unbatched", "gru", 5, None, 4, 6),
        layer_case("rnn_lengths_bi", "rnn", 6, 4, 3, 5, bidirectional=True, lengths=[6, 2, 4, 1]),
        layer_case("lstm_lengths_2layer_bi", "lstm", 6, 4, 3, 7, num_layers=2, bidirectional=True, lengths=[3, 6, 1, 5]),
        layer_case("lstm_lengths_proj_batchfirst", "lstm", 5, 3, 4, 7, proj_size=4, batch_first=True, bidirectional=True,
                   lengths=[5, 2, 3]),
        layer_case("gru_lengths_2layer_bi", "gru", 5, 3, 4, 7, num_layers=2, bidirectional=True, lengths=[2, 5, 4]),
    ]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "rnn.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"torch": torch.__version__, "cells": cells, "layers": layers}, f)
    os.replace(path + ".tmp", path)
    print(f"wrote {path}: {os.path.getsize(path)} bytes, {len(cells)} cells, {len(layers)} layers")


if __name__ == "__main__":
    main()
