#!/usr/bin/env python3
"""scikit-learn side of `dotnet run -c Release --project bench/Glassbox.Bench -- trees [dt] [rf] [hgb]`.

    /usr/bin/python3 tools/reference/bench_classical_trees.py [dt] [rf] [hgb]

Fit time and test accuracy on the first 10k Fashion-MNIST training images (784 features, pixels / 255), tested on the
10k test images. Reads the gzipped IDX files from $GLASSBOX_DATA/fashion-mnist (default ../shared/datasets).
"""
import gzip
import os
import sys
import time

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

root = os.path.join(os.environ.get("GLASSBOX_DATA", "../shared/datasets"), "fashion-mnist")


def idx(name, offset):
    with gzip.open(os.path.join(root, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


X = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:10000] / 255.0
y = idx("train-labels-idx1-ubyte.gz", 8)[:10000].astype(np.int64)
Xt = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0
yt = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
print(f"X {X.shape}, test {Xt.shape}, cpus {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
which = sys.argv[1:] or ["dt", "rf", "hgb"]
models = {
    "dt": ("DecisionTreeClassifier(random_state=0)", lambda: DecisionTreeClassifier(random_state=0)),
    "rf": ("RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0)", lambda: RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0)),
    "hgb": ("HistGradientBoostingClassifier(max_iter=100, early_stopping=False)", lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)),
    "gb": ("GradientBoostingClassifier(n_estimators=10)", lambda: GradientBoostingClassifier(n_estimators=10, random_state=0)),
}
for w in which:
    name, make = models[w]
    m = make()
    t0 = time.perf_counter()
    m.fit(X, y)
    dt = time.perf_counter() - t0
    extra = f", depth {m.get_depth()}, leaves {m.get_n_leaves()}" if w == "dt" else ""
    print(f"{name}: fit {dt:.2f} s, test accuracy {m.score(Xt, yt):.4f}{extra}")
