#!/usr/bin/env python3
"""scikit-learn reference fixtures for Glassbox.ML.Decomposition (PCA) and Glassbox.ML.Manifold (TSNE).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_decomp_fixtures.py tests/fixtures/sklearn

Writes decomposition.json and manifold.json. Data is seeded (or sklearn's bundled wine / digits) and stored
next to sklearn's results. PCA references always come from svd_solver="full" (LAPACK gesdd) so that every
Glassbox solver is compared with the exact answer; TSNE stores sklearn's final KL divergence for both methods
(the embeddings themselves depend on sklearn's RNG and float32 init, so only the objective is comparable) plus
the joint probabilities P of a small subset (deterministic: perplexity binary search only).
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.manifold import _t_sne
from sklearn.metrics import pairwise_distances

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(20261124)


def T(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "dtype": "float64", "data": [float(v) for v in a.ravel()]}


def write(name, obj):
    obj = {"sklearn_version": sklearn.__version__, **obj}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


# ---------------------------------------------------------------- PCA
wine = datasets.load_wine().data                                # 178×13, feature scales 0.1 … 1000
tall = rng.standard_normal((300, 20)) @ np.diag(np.geomspace(10, 0.1, 20)) @ np.linalg.qr(rng.standard_normal((20, 20)))[0] + 5
wide = rng.standard_normal((40, 100)) @ np.diag(np.geomspace(5, 0.5, 100)) + rng.standard_normal(100)
digits = datasets.load_digits().data[:600]                       # 600×64 with constant columns (zero variance)
data = {"wine": wine, "tall": tall, "wide": wide, "digits": digits}

cases = []
def pca_case(dname, **params):
    X = data[dname]
    m = PCA(svd_solver="full", **params).fit(X)
    Z = m.transform(X)
    cases.append({
        "data": dname, "params": params,
        "components": T(m.components_), "explained_variance": T(m.explained_variance_),
        "explained_variance_ratio": T(m.explained_variance_ratio_), "singular_values": T(m.singular_values_),
        "mean": T(m.mean_), "noise_variance": float(m.noise_variance_), "n_components": int(m.n_components_),
        "transform": T(Z), "inverse_transform": T(m.inverse_transform(Z)),
    })

pca_case("wine")
pca_case("wine", n_components=5, whiten=True)
pca_case("wine", n_components=0.999)
pca_case("tall", n_components=6)
pca_case("tall", n_components=0.9, whiten=True)
pca_case("wide", n_components=10)
pca_case("wide")
pca_case("digits", n_components=12)
write("decomposition", {"datasets": {k: T(v) for k, v in data.items()}, "cases": cases})

# ---------------------------------------------------------------- TSNE
dg = datasets.load_digits()
idx = rng.choice(len(dg.data), 300, replace=False)
Xt = dg.data[idx] / 16.0
tsne_cases = []
for method in ["exact", "barnes_hut"]:
    kls = []
    for seed in [0, 1, 2]:
        t = TSNE(n_components=2, perplexity=30.0, init="pca", method=method, learning_rate="auto",
                 random_state=seed, angle=0.5, n_iter=1000).fit(Xt)
        kls.append(float(t.kl_divergence_))
    tsne_cases.append({"method": method, "perplexity": 30.0, "init": "pca", "kl_divergence": kls,
                       "n_iter": int(t.n_iter_)})
# joint probabilities of the first 120 points (the deterministic part of TSNE)
Xs = Xt[:120]
D = pairwise_distances(Xs, squared=True)
P_exact = _t_sne._joint_probabilities(D, 10.0, 0)                # condensed upper triangle
write("manifold", {"X": T(Xt), "cases": tsne_cases,
                   "p_subset": {"n": 120, "perplexity": 10.0, "P_condensed": T(P_exact)}})
print("ok", [c["kl_divergence"] for c in tsne_cases])
