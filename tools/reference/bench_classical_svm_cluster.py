#!/usr/bin/env python3
"""scikit-learn side of the SVM / clustering / mixture timings on Fashion-MNIST (single runs; note machine load).

    /usr/bin/python3 tools/reference/bench_classical_svm_cluster.py [FASHION_MNIST_DIR]

Pixels are scaled to [0, 1] (float64). Measures:
  SVC(C=10, rbf, gamma="scale") fit on the first 10k training images, accuracy on the 10k test images;
  KMeans(10) (n_init=10, k-means++, lloyd) on all 60k training images;
  GaussianMixture(10, covariance_type="diag") (k-means init) on the first 10k training images.
The Glassbox side is `dotnet run -c Release --project bench/Glassbox.Bench -- svm-cluster`.
"""
import gzip
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.svm import SVC

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("GLASSBOX_DATA", "../shared/datasets"), "fashion-mnist")


def images(name):
    with gzip.open(os.path.join(root, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float64) / 255.0


def labels(name):
    with gzip.open(os.path.join(root, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)


X, y = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
Xt, yt = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
print(f"load avg at start: {os.getloadavg()}")

t = time.perf_counter()
svc = SVC(C=10).fit(X[:10000], y[:10000])
fit = time.perf_counter() - t
t = time.perf_counter()
acc = (svc.predict(Xt) == yt).mean()
pred = time.perf_counter() - t
print(f"SVC(C=10) fit 10k: {fit:.2f} s, n_SV={svc.support_.size}, test accuracy {acc:.4f} (predict 10k: {pred:.2f} s)")

t = time.perf_counter()
km = KMeans(10, n_init=10, random_state=0).fit(X)
print(f"KMeans(10, n_init=10) fit 60k: {time.perf_counter() - t:.2f} s, inertia {km.inertia_:.2f}, n_iter {km.n_iter_}")

t = time.perf_counter()
gm = GaussianMixture(10, covariance_type="diag", random_state=0).fit(X[:10000])
print(f"GaussianMixture(10, diag) fit 10k: {time.perf_counter() - t:.2f} s, n_iter {gm.n_iter_}, "
      f"lower_bound {gm.lower_bound_:.4f}, converged {gm.converged_}")
print(f"load avg at end: {os.getloadavg()}")
