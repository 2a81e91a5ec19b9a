#!/usr/bin/env python3
"""scikit-learn reference fixtures for KMeans(algorithm="elkan").

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_kmeans_elkan_fixtures.py tests/fixtures/sklearn

Writes kmeans_elkan.json: three datasets (separated blobs, overlapping blobs, 50 features), each stored next to the
results so the C# side fits on identical data. Cases, all with algorithm="elkan":
- explicit initial centres (n_init=1), including one that stops at max_iter (not strictly converged, so the final
  pruned re-assignment runs) and one with a centre far from every point (an empty cluster that elkan relocates);
- seeded k-means++ and "random" (random_state, n_init 1 and > 1), whose draws Glassbox replays from NumPy's stream;
- sample weights uniform(0.2, 3) with a few exact zeros, from explicit centres and seeded.
Stored per case: cluster_centers_, labels_, inertia_, n_iter_. As a guard against fixtures that test rounding noise,
every case is also fitted with algorithm="lloyd" and must give the same labels and n_iter (no point tied between two
centres to rounding).
"""
import os
import sys
import json
import warnings

import numpy as np
import sklearn
from sklearn import cluster

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_util import T  # noqa: E402

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(2003)  # Elkan 2003


def blobs(n, d, k, spread, sep):
    centers = rng.standard_normal((k, d)) * sep
    lab = rng.integers(0, k, n)
    return centers[lab] + spread * rng.standard_normal((n, d))


data = {
    "blobs": blobs(300, 4, 4, 1.0, 4.0),
    "overlap": blobs(250, 3, 6, 1.0, 1.2),
    "d50": blobs(200, 50, 5, 1.0, 0.6),
}
w = rng.uniform(0.2, 3.0, 300)
w[::17] = 0.0
weights = {"w_blobs": w}


def rows(X, k, seed):
    return X[np.random.default_rng(seed).choice(X.shape[0], k, replace=False)]


cases = []


def add(name, k, params, init=None, weight=None, note=None):
    X = data[name]
    sw = None if weight is None else weights[weight]
    kw = dict(params)
    if init is not None:
        kw["init"] = init
        kw["n_init"] = 1
    m = cluster.KMeans(n_clusters=k, algorithm="elkan", **kw).fit(X, sample_weight=sw)
    ref = cluster.KMeans(n_clusters=k, algorithm="lloyd", **kw).fit(X, sample_weight=sw)
    assert np.array_equal(m.labels_, ref.labels_) and m.n_iter_ == ref.n_iter_, (name, params)
    case = {"estimator": "KMeans", "data": name, "params": {"n_clusters": k, "algorithm": "elkan", **params},
            "labels": T(m.labels_), "cluster_centers": T(m.cluster_centers_), "inertia": float(m.inertia_),
            "n_iter": int(m.n_iter_)}
    if init is not None:
        case["init"] = T(init)
    if weight is not None:
        case["weights"] = weight
    if note is not None:
        case["note"] = note
    cases.append(case)


# explicit initial centres
add("blobs", 4, {}, init=rows(data["blobs"], 4, 1))
add("overlap", 6, {}, init=rows(data["overlap"], 6, 2))
add("d50", 5, {}, init=rows(data["d50"], 5, 3))
add("overlap", 6, {"max_iter": 3, "tol": 0.0}, init=rows(data["overlap"], 6, 4), note="stopped by max_iter")
far = np.vstack([rows(data["blobs"], 3, 5), np.full((1, 4), 50.0)])
add("blobs", 4, {}, init=far, note="empty cluster relocated")
# seeded k-means++ / random
add("blobs", 4, {"random_state": 0, "n_init": 1})
add("overlap", 6, {"random_state": 7, "n_init": 5})
add("d50", 5, {"random_state": 42, "n_init": 3})
add("overlap", 5, {"init": "random", "random_state": 3, "n_init": 3})
# sample weights
add("blobs", 4, {}, init=rows(data["blobs"], 4, 6), weight="w_blobs")
add("blobs", 5, {"random_state": 1, "n_init": 4}, weight="w_blobs")

out = {"sklearn_version": sklearn.__version__, **{k: {"X": T(v)} for k, v in data.items()},
       **{k: T(v) for k, v in weights.items()}, "cases": cases}
with open(os.path.join(out_dir, "kmeans_elkan.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {os.path.join(out_dir, 'kmeans_elkan.json')}")
