#!/usr/bin/env python3
"""PyTorch side of `glassbox bench mnist-mlp`: the identical recipe, timed the same way.

MLP 784-512-256-10 with ReLU, Adam lr 1e-3, batch 128 (shuffled each epoch), cross-entropy, inputs standardised
with the training set's global mean/std; data held in memory as float32 tensors; seconds per epoch of the 60k
training images (best of --epochs), then test accuracy; peak RSS.

    GLASSBOX_DATA=../shared/datasets /usr/bin/python3 tools/reference/bench_mnist_mlp_torch.py --threads 2 --epochs 2
Needs Debian's python3-torch with libopenblas0-pthread installed (otherwise PyTorch falls back to a reference BLAS).
"""
import argparse, json, os, resource, time
import numpy as np
import torch
from idx_reader import idx  # shared IDX reader beside this script

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--epochs", type=int, default=1)
ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/datasets"))
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


d = os.path.join(a.data_dir, "mnist")
xtr = idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
ytr = idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64)
xte = idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
yte = idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
mean, std = xtr.mean(), xtr.std()
xtr, xte = torch.from_numpy((xtr - mean) / std), torch.from_numpy((xte - mean) / std)
ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)

model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
times = []
for _ in range(a.epochs):
    t0 = time.perf_counter()
    perm = torch.randperm(len(xtr))
    for i in range(0, len(xtr), 128):
        idx_b = perm[i:i + 128]
        xb, yb = xtr[idx_b], ytr[idx_b]
        loss = loss_fn(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - t0)
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()
print(json.dumps({"bench": "mnist-mlp", "framework": "pytorch " + torch.__version__, "threads": a.threads,
                  "seconds_per_epoch": round(min(times), 3), "epochs": a.epochs, "test_accuracy": round(acc, 4),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
