#!/usr/bin/env python3
"""PyTorch side of `glassbox bench conv`: the same three recipes, timed the same way.

1. lenet   LeNet-5 on MNIST: conv 1->6 k5 pad 2, ReLU, max-pool 2; conv 6->16 k5, ReLU, max-pool 2;
           fc 400->120->84->10 with ReLU (61,706 parameters); cross-entropy; SGD momentum 0.9, lr 0.05, batch 128
           (shuffled each epoch); pixels /255 standardised with the training set's global mean and std; seconds per
           epoch of the 60,000 training images (best of --epochs), then test accuracy.
2. resnet20  CIFAR ResNet-20 (He et al. 2016 sec. 4.2, option-A shortcuts, 269,722 parameters) on random N(0,1)
           3x32x32 inputs and random labels, batch 128, SGD momentum 0.9 lr 0.1, train mode; 3 warm-up steps,
           then --steps timed steps; images per second.
3. layers  conv2d forward + backward (input, weight) GFLOPS for five representative layer shapes, counted as
           3 x 2·N·OC·OH·OW·(C/groups)·kH·kW floating-point operations per forward+backward.

Same recipes as shared/peers/TorchSharpPeer (lenet, resnet20 --shortcut pad).

    GLASSBOX_DATA=../shared/datasets /usr/bin/python3 tools/reference/bench_cnn_torch.py --threads 2
Prints one JSON line per recipe.
"""
import argparse, json, os, resource, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from idx_reader import idx  # shared IDX reader beside this script

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--epochs", type=int, default=1)
ap.add_argument("--steps", type=int, default=20)
ap.add_argument("--only", default="lenet,resnet20,layers")
ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/datasets"))
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
only = set(a.only.split(","))
common = {"framework": "pytorch " + torch.__version__, "threads": a.threads, "mkldnn": torch.backends.mkldnn.is_available()}


def rss():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = cout - cin
        self.stride = stride

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x
        if self.stride != 1 or self.pad:  # option A: subsample and zero-pad the new channels
            sc = x[:, :, ::self.stride, ::self.stride]
            sc = F.pad(sc, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(out + sc)


class ResNet20(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


if "lenet" in only:
    d = os.path.join(a.data_dir, "mnist")
    xtr = idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    ytr = idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    yte = idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    mean, std = xtr.mean(), xtr.std()
    xtr, xte = torch.from_numpy((xtr - mean) / std), torch.from_numpy((xte - mean) / std)
    ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    times = []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            b = perm[i:i + 128]
            loss = F.cross_entropy(model(xtr[b]), ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    print(json.dumps({"bench": "lenet", **common, "seconds_per_epoch": round(min(times), 3),
                      "images_per_s": round(60000 / min(times), 1), "epochs": a.epochs, "test_accuracy": round(acc, 4),
                      "params": sum(p.numel() for p in model.parameters()), "peak_rss_mb": rss()}), flush=True)

if "resnet20" in only:
    model = ResNet20()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x, y = torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,))

    def step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        last = step()
    secs = time.perf_counter() - t0
    print(json.dumps({"bench": "resnet20", **common, "images_per_s": round(128 * a.steps / secs, 1),
                      "s_per_step": round(secs / a.steps, 4), "steps": a.steps, "batch": 128,
                      "params": sum(p.numel() for p in model.parameters()), "last_loss": round(last, 4),
                      "peak_rss_mb": rss()}), flush=True)

if "layers" in only:
    # (name, N, C, H, W, OC, k, stride, pad, groups)
    shapes = [("3x3 s1 64ch 32x32", 128, 64, 32, 32, 64, 3, 1, 1, 1),
              ("3x3 s2 32->64 16x16", 128, 32, 16, 16, 64, 3, 2, 1, 1),
              ("1x1 s1 64->256 16x16", 128, 64, 16, 16, 256, 1, 1, 0, 1),
              ("depthwise 3x3 128ch 16x16", 128, 128, 16, 16, 128, 3, 1, 1, 128),
              ("first 3->16 3x3 32x32", 128, 3, 32, 32, 16, 3, 1, 1, 1)]
    rows = []
    for name, n, c, h, w, oc, k, s, p, g in shapes:
        x = torch.randn(n, c, h, w, requires_grad=True)
        wt = torch.randn(oc, c // g, k, k, requires_grad=True)
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        flops = 3 * 2.0 * n * oc * oh * ow * (c // g) * k * k
        def once():
            out = F.conv2d(x, wt, None, s, p, 1, g)
            out.backward(torch.ones_like(out))
        for _ in range(2):
            once()
        reps, t0 = 0, time.perf_counter()
        while reps < 3 or time.perf_counter() - t0 < 1.0:
            once(); reps += 1
        secs = (time.perf_counter() - t0) / reps
        rows.append({"layer": name, "seconds": round(secs, 5), "gflops": round(flops / secs / 1e9, 2)})
    print(json.dumps({"bench": "conv-layers", **common, "layers": rows}), flush=True)
