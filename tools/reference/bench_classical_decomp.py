#!/usr/bin/env python3
"""sklearn timings for the decomposition/manifold workloads of bench/Glassbox.Bench/DecompBench.cs.

    /usr/bin/python3 tools/reference/bench_classical_decomp.py

PCA(50) on the 60k Fashion-MNIST training images (pixels /255, float64), svd_solver auto (→ randomized) and
covariance-free "full" skipped (minutes); TSNE (barnes_hut, perplexity 30, init pca) on the first 2000 images after PCA(50).
"""
import gzip
import os
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

with gzip.open(os.path.join(os.environ.get("GLASSBOX_DATA", "../shared/datasets"), "fashion-mnist", "train-images-idx3-ubyte.gz")) as f:
    X = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float64) / 255.0
print("X", X.shape)
t = time.perf_counter()
m = PCA(50, random_state=0).fit(X)
print(f"PCA(50) auto(randomized): {time.perf_counter() - t:.2f} s, evr sum {m.explained_variance_ratio_.sum():.6f}, ev[0] {m.explained_variance_[0]:.6f}, ev[49] {m.explained_variance_[49]:.8f}")
X2 = X[:2000]
Z = PCA(50, random_state=0).fit_transform(X2)
t = time.perf_counter()
ts = TSNE(perplexity=30, init="pca", learning_rate="auto", random_state=0).fit(Z)
print(f"TSNE barnes_hut 2000x50: {time.perf_counter() - t:.2f} s, KL {ts.kl_divergence_:.4f}, iterations {ts.n_iter_}")
