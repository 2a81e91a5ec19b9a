#!/usr/bin/python3
"""Reference values for Glassbox.NN and Glassbox.Optim, computed with PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/nn_fixtures.py
Writes tests/fixtures/nn/{layers,losses,optim,schedulers}.json.

Every input is drawn here from a seeded numpy RNG and saved in the fixture, together with the module's
parameters, so the C# tests run on exactly the same numbers (PyTorch's and Glassbox's RNGs differ).
Tensors are stored as {"shape": [...], "dtype": "...", "data": [...]}; json writes Python floats with
repr, which round-trips doubles exactly.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "nn")
rng = np.random.RandomState(20240611)


def enc(t):
    t = t.detach() if isinstance(t, torch.Tensor) else torch.as_tensor(t)
    dt = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    flat = t.reshape(-1).tolist()
    return {"shape": list(t.shape), "dtype": dt, "data": [float(v) for v in flat] if dt != "int64" else [int(v) for v in flat]}


def randn(*shape):
    return torch.tensor(rng.standard_normal(shape), dtype=torch.float64)


# ---------------------------------------------------------------------------------------- layers
def layer_case(name, kind, args, module, x, int_input=False, before=None):
    """Forward x, back-propagate a fixed random upstream gradient, record output and all gradients."""
    module = module.double()
    for p in module.parameters():  # fresh, fixture-saved parameter values (not PyTorch's init stream)
        with torch.no_grad():
            p.copy_(randn(*p.shape) * 0.5 + (1.0 if p.dim() == 1 and "Norm" in type(module).__name__ else 0.0))
    if before is not None:
        before(module)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    if not int_input:
        x = x.clone().requires_grad_(True)
    y = module(x)
    up = randn(*y.shape)
    (y * up).sum().backward()
    case = {
        "name": name, "kind": kind, "args": args, "training": module.training, "input": enc(x), "state": state,
        "output": enc(y), "upstream": enc(up),
        "grad_input": None if int_input else enc(x.grad),
        "grads": {k: enc(p.grad) for k, p in module.named_parameters()},
        "state_after": {k: enc(v) for k, v in module.state_dict().items()},
        "repr": repr(module),
    }
    return case


def layers():
    cases = []
    x53 = randn(4, 5)
    cases.append(layer_case("linear", "Linear", {"in": 5, "out": 3, "bias": True}, nn.Linear(5, 3), x53))
    cases.append(layer_case("linear_nobias", "Linear", {"in": 5, "out": 3, "bias": False}, nn.Linear(5, 3, bias=False), x53))
    cases.append(layer_case("linear_3d", "Linear", {"in": 5, "out": 2, "bias": True}, nn.Linear(5, 2), randn(2, 3, 5)))
    cases.append(layer_case("flatten", "Flatten", {"start": 1, "end": -1}, nn.Flatten(), randn(2, 3, 4)))
    cases.append(layer_case("flatten_0_1", "Flatten", {"start": 0, "end": 1}, nn.Flatten(0, 1), randn(2, 3, 4)))
    cases.append(layer_case("identity", "Identity", {}, nn.Identity(), randn(3, 2)))
    cases.append(layer_case("batchnorm_2d", "BatchNorm1d", {"num": 4, "affine": True}, nn.BatchNorm1d(4), randn(6, 4) * 2 + 1))
    cases.append(layer_case("batchnorm_3d", "BatchNorm1d", {"num": 3, "affine": True}, nn.BatchNorm1d(3, momentum=0.3), randn(4, 3, 5), ))
    cases[-1]["args"]["momentum"] = 0.3
    cases.append(layer_case("batchnorm_noaffine", "BatchNorm1d", {"num": 4, "affine": False}, nn.BatchNorm1d(4, affine=False), randn(5, 4)))

    def set_running(m):
        with torch.no_grad():
            m.running_mean.copy_(randn(m.num_features))
            m.running_var.copy_(torch.rand(m.num_features, dtype=torch.float64) + 0.5)
        m.eval()
    cases.append(layer_case("batchnorm_eval", "BatchNorm1d", {"num": 4, "affine": True}, nn.BatchNorm1d(4), randn(5, 4), before=set_running))
    cases.append(layer_case("layernorm_1", "LayerNorm", {"shape": [4], "affine": True}, nn.LayerNorm(4), randn(3, 4) * 3))
    cases.append(layer_case("layernorm_2", "LayerNorm", {"shape": [3, 4], "affine": True}, nn.LayerNorm([3, 4]), randn(2, 3, 4)))
    cases.append(layer_case("layernorm_noaffine", "LayerNorm", {"shape": [5], "affine": False}, nn.LayerNorm(5, elementwise_affine=False), randn(2, 5)))
    idx = torch.tensor(rng.randint(0, 10, size=(3, 4)), dtype=torch.int64)
    cases.append(layer_case("embedding", "Embedding", {"num": 10, "dim": 3}, nn.Embedding(10, 3), idx, int_input=True))

    # Activations; inputs kept away from the kinks (0 for relu-likes, ±limits for hardtanh).
    def away(t, points, gap=0.05):
        for p in points:
            t = torch.where((t - p).abs() < gap, t + 2 * gap, t)
        return t
    xa = away(randn(3, 5) * 1.5, [0.0])
    acts = [
        ("relu", "ReLU", {}, nn.ReLU()),
        ("leaky_relu", "LeakyReLU", {"slope": 0.1}, nn.LeakyReLU(0.1)),
        ("prelu", "PReLU", {}, nn.PReLU()),
        ("elu", "ELU", {"alpha": 0.7}, nn.ELU(0.7)),
        ("sigmoid", "Sigmoid", {}, nn.Sigmoid()),
        ("logsigmoid", "LogSigmoid", {}, nn.LogSigmoid()),
        ("tanh", "Tanh", {}, nn.Tanh()),
        ("gelu", "GELU", {"approximate": "none"}, nn.GELU()),
        ("gelu_tanh", "GELU", {"approximate": "tanh"}, nn.GELU(approximate="tanh")),
        ("silu", "SiLU", {}, nn.SiLU()),
        ("softmax_1", "Softmax", {"dim": 1}, nn.Softmax(dim=1)),
        ("softmax_0", "Softmax", {"dim": 0}, nn.Softmax(dim=0)),
        ("logsoftmax_1", "LogSoftmax", {"dim": 1}, nn.LogSoftmax(dim=1)),
        ("logsoftmax_neg1", "LogSoftmax", {"dim": -1}, nn.LogSoftmax(dim=-1)),
    ]
    for name, kind, args, m in acts:
        cases.append(layer_case(name, kind, args, m, xa))
    cases.append(layer_case("hardtanh", "Hardtanh", {"min": -0.5, "max": 0.8}, nn.Hardtanh(-0.5, 0.8), away(randn(3, 5), [0.0, -0.5, 0.8])))
    cases.append(layer_case("prelu_channels", "PReLU", {"num": 3}, nn.PReLU(3), away(randn(2, 3, 4), [0.0])))

    seq = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))
    reprs = {
        "sequential": repr(seq),
        "nested": repr(nn.Sequential(nn.Sequential(nn.Linear(2, 3, bias=False), nn.Tanh()), nn.BatchNorm1d(3), nn.LayerNorm(3), nn.Flatten())),
        "activations": repr(nn.Sequential(nn.LeakyReLU(), nn.ELU(), nn.GELU(), nn.SiLU(), nn.Softmax(dim=1), nn.LogSoftmax(dim=-1), nn.Hardtanh(), nn.PReLU(), nn.Embedding(10, 3), nn.Identity())),
        "losses": repr(nn.Sequential(nn.MSELoss(), nn.CrossEntropyLoss())),
        "module_list": repr(nn.ModuleList([nn.Linear(3, 3), nn.Sigmoid()])),
    }
    return {"cases": cases, "reprs": reprs}


# ---------------------------------------------------------------------------------------- losses
def loss_case(name, kind, args, fn, x, target, weight=None, pos_weight=None, x_transform=None):
    x = x.clone().requires_grad_(True)
    inp = x_transform(x) if x_transform else x
    y = fn(inp, target)
    up = randn(*y.shape) if y.dim() > 0 else torch.tensor(1.0, dtype=torch.float64)
    (y * up).sum().backward()
    return {"name": name, "kind": kind, "args": args, "input": enc(x), "target": enc(target),
            "weight": None if weight is None else enc(weight), "pos_weight": None if pos_weight is None else enc(pos_weight),
            "output": enc(y), "upstream": enc(up), "grad_input": enc(x.grad)}


def losses():
    cases = []
    N, C = 6, 4
    a, b = randn(N, 3), randn(N, 3)
    for red in ["mean", "sum", "none"]:
        cases.append(loss_case(f"mse_{red}", "MSELoss", {"reduction": red}, nn.MSELoss(reduction=red), a, b))
        cases.append(loss_case(f"l1_{red}", "L1Loss", {"reduction": red}, nn.L1Loss(reduction=red), a, b))
        cases.append(loss_case(f"huber_{red}", "HuberLoss", {"reduction": red, "delta": 0.7}, nn.HuberLoss(reduction=red, delta=0.7), a, b))
        cases.append(loss_case(f"smoothl1_{red}", "SmoothL1Loss", {"reduction": red, "beta": 0.6}, nn.SmoothL1Loss(reduction=red, beta=0.6), a, b))

    logits = randn(N, C) * 2
    tgt = torch.tensor(rng.randint(0, C, size=N), dtype=torch.int64)
    tgt_ign = tgt.clone(); tgt_ign[1] = -100; tgt_ign[4] = -100
    w = torch.tensor(rng.uniform(0.2, 2.0, size=C), dtype=torch.float64)
    probs = torch.softmax(randn(N, C), dim=1)
    for red in ["mean", "sum", "none"]:
        cases.append(loss_case(f"ce_{red}", "CrossEntropyLoss", {"reduction": red}, nn.CrossEntropyLoss(reduction=red), logits, tgt))
        cases.append(loss_case(f"ce_weight_ignore_{red}", "CrossEntropyLoss", {"reduction": red},
                               nn.CrossEntropyLoss(weight=w, reduction=red), logits, tgt_ign, weight=w))
        cases.append(loss_case(f"ce_smooth_weight_ignore_{red}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": 0.15},
                               nn.CrossEntropyLoss(weight=w, reduction=red, label_smoothing=0.15), logits, tgt_ign, weight=w))
        cases.append(loss_case(f"ce_probs_{red}", "CrossEntropyLoss", {"reduction": red}, nn.CrossEntropyLoss(reduction=red), logits, probs))
        cases.append(loss_case(f"ce_probs_smooth_weight_{red}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": 0.2},
                               nn.CrossEntropyLoss(weight=w, reduction=red, label_smoothing=0.2), logits, probs, weight=w))
        cases.append(loss_case(f"nll_weight_ignore_{red}", "NLLLoss", {"reduction": red},
                               nn.NLLLoss(weight=w, reduction=red), logits, tgt_ign, weight=w, x_transform=lambda t: torch.log_softmax(t, 1)))
    cases.append(loss_case("ce_smooth", "CrossEntropyLoss", {"reduction": "mean", "label_smoothing": 0.1}, nn.CrossEntropyLoss(label_smoothing=0.1), logits, tgt))
    logits3 = randn(2, C, 3)
    tgt3 = torch.tensor(rng.randint(0, C, size=(2, 3)), dtype=torch.int64); tgt3[0, 1] = -100
    cases.append(loss_case("ce_3d_weight", "CrossEntropyLoss", {"reduction": "mean"}, nn.CrossEntropyLoss(weight=w), logits3, tgt3, weight=w))
    cases.append(loss_case("nll", "NLLLoss", {"reduction": "mean"}, nn.NLLLoss(), logits, tgt, x_transform=lambda t: torch.log_softmax(t, 1)))

    z = randn(N, 3) * 2
    yb = torch.tensor(rng.uniform(0, 1, size=(N, 3)), dtype=torch.float64)
    wb = torch.tensor(rng.uniform(0.5, 1.5, size=(3,)), dtype=torch.float64)
    pw = torch.tensor(rng.uniform(0.5, 3.0, size=(3,)), dtype=torch.float64)
    for red in ["mean", "sum", "none"]:
        cases.append(loss_case(f"bce_{red}", "BCELoss", {"reduction": red}, nn.BCELoss(reduction=red), z, yb, x_transform=torch.sigmoid))
        cases.append(loss_case(f"bce_weight_{red}", "BCELoss", {"reduction": red}, nn.BCELoss(weight=wb, reduction=red), z, yb, weight=wb, x_transform=torch.sigmoid))
        cases.append(loss_case(f"bcelogits_{red}", "BCEWithLogitsLoss", {"reduction": red}, nn.BCEWithLogitsLoss(reduction=red), z, yb))
        cases.append(loss_case(f"bcelogits_weight_pos_{red}", "BCEWithLogitsLoss", {"reduction": red},
                               nn.BCEWithLogitsLoss(weight=wb, pos_weight=pw, reduction=red), z, yb, weight=wb, pos_weight=pw))
    cases.append(loss_case("bcelogits_large", "BCEWithLogitsLoss", {"reduction": "mean"}, nn.BCEWithLogitsLoss(),
                           torch.tensor([[-800.0, 700.0, 35.0], [-40.0, 0.5, 60.0]], dtype=torch.float64), torch.tensor([[0.0, 1.0, 0.3], [1.0, 0.0, 0.5]], dtype=torch.float64)))
    for red in ["batchmean", "sum", "mean", "none"]:
        cases.append(loss_case(f"kldiv_{red}", "KLDivLoss", {"reduction": red}, nn.KLDivLoss(reduction=red), logits, probs,
                               x_transform=lambda t: torch.log_softmax(t, 1)))
    return {"cases": cases}


# ---------------------------------------------------------------------------------------- optimizers
def optim():
    x = torch.tensor(rng.standard_normal((8, 5)), dtype=torch.float32)
    y = torch.tensor(rng.standard_normal((8, 3)), dtype=torch.float32)
    w0 = torch.tensor(rng.standard_normal((3, 5)) * 0.4, dtype=torch.float32)
    b0 = torch.tensor(rng.standard_normal(3) * 0.4, dtype=torch.float32)
    configs = [
        ("sgd", "SGD", {"lr": 0.1}),
        ("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1}),
        ("sgd_nesterov_wd", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
        ("adam", "Adam", {"lr": 0.01}),
        ("adam_wd", "Adam", {"lr": 0.01, "betas": [0.8, 0.99], "weight_decay": 0.1, "eps": 1e-6}),
        ("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05}),
        ("adamw", "AdamW", {"lr": 0.01, "weight_decay": 0.1}),
        ("adamw_amsgrad", "AdamW", {"lr": 0.02, "weight_decay": 0.05, "amsgrad": True}),
        ("rmsprop", "RMSprop", {"lr": 0.01}),
        ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
        ("adagrad", "Adagrad", {"lr": 0.1}),
        ("adagrad_full", "Adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01}),
    ]
    cases = []
    for name, kind, args in configs:
        lin = nn.Linear(5, 3)
        with torch.no_grad():
            lin.weight.copy_(w0); lin.bias.copy_(b0)
        kw = dict(args)
        if "betas" in kw:
            kw["betas"] = tuple(kw["betas"])
        opt = getattr(torch.optim, kind)(lin.parameters(), **kw)
        steps = []
        for _ in range(20):
            opt.zero_grad()
            loss = nn.functional.mse_loss(lin(x), y)
            loss.backward()
            grads = [enc(lin.weight.grad), enc(lin.bias.grad)]
            opt.step()
            steps.append({"grads": grads, "params": [enc(lin.weight), enc(lin.bias)], "loss": float(loss)})
        cases.append({"name": name, "kind": kind, "args": args, "steps": steps})
    return {"x": enc(x), "y": enc(y), "weight": enc(w0), "bias": enc(b0), "cases": cases}


# ---------------------------------------------------------------------------------------- schedulers
def schedulers():
    def make(lr=0.1, momentum=0.9):
        p = torch.zeros(2, requires_grad=True)
        return torch.optim.SGD([p], lr=lr, momentum=momentum)

    def run(sched, opt, n=30, metrics=None):
        lrs, moms = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["momentum"]]
        for i in range(n):
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[i])
            lrs.append(opt.param_groups[0]["lr"]); moms.append(opt.param_groups[0]["momentum"])
        return lrs, moms

    cases = []
    sch = torch.optim.lr_scheduler

    def add(name, kind, args, factory, metrics=None):
        opt = make()
        lrs, moms = run(factory(opt), opt, metrics=metrics)
        cases.append({"name": name, "kind": kind, "args": args, "lrs": lrs, "momentum": moms, "metrics": metrics})

    add("step", "StepLR", {"step_size": 7, "gamma": 0.5}, lambda o: sch.StepLR(o, 7, 0.5))
    add("multistep", "MultiStepLR", {"milestones": [5, 12, 12, 20], "gamma": 0.3}, lambda o: sch.MultiStepLR(o, [5, 12, 12, 20], 0.3))
    add("exponential", "ExponentialLR", {"gamma": 0.9}, lambda o: sch.ExponentialLR(o, 0.9))
    add("cosine", "CosineAnnealingLR", {"t_max": 10, "eta_min": 0.001}, lambda o: sch.CosineAnnealingLR(o, 10, 0.001))

    W, T, MIN, BASE = 5, 25, 0.001, 0.1

    def warm_cos(t):
        if t < W:
            return t / W
        if t >= T:
            return MIN / BASE
        prog = (t - W) / (T - W)
        return (MIN + (BASE - MIN) * (1 + math.cos(math.pi * prog)) / 2) / BASE
    add("warmup_cosine", "LinearWarmupCosine", {"warmup": W, "total": T, "min_lr": MIN}, lambda o: sch.LambdaLR(o, warm_cos))
    add("onecycle", "OneCycleLR", {"max_lr": 1.0, "total_steps": 30}, lambda o: sch.OneCycleLR(o, max_lr=1.0, total_steps=30))
    add("onecycle_3phase_linear", "OneCycleLR", {"max_lr": 0.5, "total_steps": 30, "pct_start": 0.25, "anneal": "linear", "three_phase": True},
        lambda o: sch.OneCycleLR(o, max_lr=0.5, total_steps=30, pct_start=0.25, anneal_strategy="linear", three_phase=True))
    metrics = [1.0, 0.9, 0.85, 0.849, 0.86, 0.848, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69, 0.695, 0.5, 0.5,
               0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.49, 0.49, 0.49, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
    add("plateau", "ReduceLROnPlateau", {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01, "cooldown": 1, "min_lr": 0.01},
        lambda o: sch.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=0.01), metrics)
    add("plateau_max_abs", "ReduceLROnPlateau", {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.05, "threshold_mode": "abs", "cooldown": 0, "min_lr": 0.0},
        lambda o: sch.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.05, threshold_mode="abs"), [-m for m in metrics])
    return {"cases": cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    for name, fn in [("layers", layers), ("losses", losses), ("optim", optim), ("schedulers", schedulers)]:
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"torch": torch.__version__, **fn()}, f, separators=(",", ":"))
        print("wrote", name, os.path.getsize(os.path.join(OUT, name + ".json")), "bytes")


if __name__ == "__main__":
    main()
