#!/usr/bin/env python3
"""scikit-learn side of `glassbox bench classical`: the same rows, data, parameters and JSON lines.

    GLASSBOX_DATA=../shared/datasets /usr/bin/python3 tools/reference/bench_classical_sklearn.py [--only SVC,KMeans]

Fashion-MNIST read from the IDX gz files under <data-dir>/fashion-mnist, pixels /255 as float64. Classifiers fit the
first 10,000 training images and are scored on the 10,000 test images; KMeans and PCA fit all 60,000 training images,
GaussianMixture the first 10,000, TSNE the first 2,000 (raw 784 pixels). fit_seconds is the wall time of fit() alone,
except KNeighborsClassifier (fit + predict, since its fit only stores the data). Parameters are sklearn 1.2 defaults
unless named; every one of them is also Glassbox's default:
  LogisticRegression: lbfgs, C=1, max_iter=100, tol=1e-4 (it stops at max_iter and warns ConvergenceWarning; so does ours).
  KMeans: n_init=10 (1.2's default, written out to silence the FutureWarning), lloyd; KMeans-elkan the same with elkan.
  RandomForestClassifier: n_jobs=None, i.e. one thread, as in the issue's table.
BLAS threads are whatever OpenBLAS picks (all cores, here 2), matching Glassbox's two worker threads.
On a shared machine set OMP_WAIT_POLICY=PASSIVE (bench_classical_compare.py does): libgomp's spin-waiting makes the
OpenMP fits (KMeans, TSNE, HistGradientBoosting) several times slower when another process holds a core.
"""
import argparse
import json
import os
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import TSNE
from sklearn.mixture import GaussianMixture
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from idx_reader import idx  # shared IDX reader beside this script

ap = argparse.ArgumentParser()
ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/datasets"))
ap.add_argument("--only", default=None, help="comma-separated estimator names")
ap.add_argument("--json", action="store_true", help="accepted for symmetry with the CLI; output is always JSON lines")
a = ap.parse_args()
warnings.filterwarnings("ignore", category=ConvergenceWarning)

N_TRAIN, N_TSNE = 10_000, 2_000


d = os.path.join(a.data_dir, "fashion-mnist")
x_all = idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float64) / 255.0
y_all = idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64)
x_test = idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float64) / 255.0
y_test = idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
x10k, y10k = np.ascontiguousarray(x_all[:N_TRAIN]), y_all[:N_TRAIN]


def classify(model, time_predict=False):
    t = time.perf_counter()
    model.fit(x10k, y10k)
    fit = time.perf_counter() - t
    t = time.perf_counter()
    pred = model.predict(x_test)
    predict = time.perf_counter() - t
    return {"fit_seconds": round(fit + predict if time_predict else fit, 3), "predict_seconds": round(predict, 3),
            "metric": "test_accuracy", "test_accuracy": round(float((pred == y_test).mean()), 4), "n_train": len(x10k)}


def timed(make, x, metric, n_iter=None):
    t = time.perf_counter()
    m = make().fit(x)
    secs = time.perf_counter() - t
    name, value = metric(m)
    row = {"fit_seconds": round(secs, 3), "metric": name, name: round(float(value), 6), "n_train": len(x)}
    if n_iter is not None:
        row["n_iter"] = int(n_iter(m))
    return row


def tree_cases():
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier
    return [
        ("DecisionTreeClassifier", "criterion=gini, random_state=0",
         lambda: classify(DecisionTreeClassifier(random_state=0))),
        ("RandomForestClassifier", "n_estimators=100, max_features=sqrt, n_jobs=None, random_state=0",
         lambda: classify(RandomForestClassifier(n_estimators=100, random_state=0))),
        ("HistGradientBoostingClassifier", "max_iter=100, learning_rate=0.1, max_leaf_nodes=31, early_stopping=auto(off), random_state=0",
         lambda: classify(HistGradientBoostingClassifier(max_iter=100, random_state=0))),
    ]


CASES = [
    ("LogisticRegression", "C=1.0, penalty=l2, solver=lbfgs, max_iter=100, tol=1e-4",
     lambda: classify(LogisticRegression(C=1.0, max_iter=100, tol=1e-4))),
    *tree_cases(),
    ("SVC", "C=10, kernel=rbf, gamma=scale, tol=1e-3, cache_size=200",
     lambda: classify(SVC(C=10))),
    ("KNeighborsClassifier", "n_neighbors=5, weights=uniform, algorithm=auto(brute), p=2",
     lambda: classify(KNeighborsClassifier(n_neighbors=5), time_predict=True)),
    ("GaussianNB", "var_smoothing=1e-9",
     lambda: classify(GaussianNB())),
    ("KMeans", "n_clusters=10, init=k-means++, n_init=10, max_iter=300, tol=1e-4, algorithm=lloyd, random_state=0",
     lambda: timed(lambda: KMeans(10, n_init=10, algorithm="lloyd", random_state=0), x_all,
                   lambda m: ("inertia", m.inertia_), lambda m: m.n_iter_)),
    ("KMeans-elkan", "n_clusters=10, init=k-means++, n_init=10, max_iter=300, tol=1e-4, algorithm=elkan, random_state=0",
     lambda: timed(lambda: KMeans(10, n_init=10, algorithm="elkan", random_state=0), x_all,
                   lambda m: ("inertia", m.inertia_), lambda m: m.n_iter_)),
    ("PCA", "n_components=50, svd_solver=auto(randomized), random_state=0",
     lambda: timed(lambda: PCA(50, random_state=0), x_all,
                   lambda m: ("explained_variance_ratio_sum", m.explained_variance_ratio_.sum()))),
    ("GaussianMixture", "n_components=10, covariance_type=diag, init_params=kmeans, max_iter=100, tol=1e-3, random_state=0",
     lambda: timed(lambda: GaussianMixture(10, covariance_type="diag", random_state=0), x10k,
                   lambda m: ("lower_bound", m.lower_bound_), lambda m: m.n_iter_)),
    ("TSNE", "n_components=2, perplexity=30, init=pca, learning_rate=auto, method=barnes_hut, angle=0.5, n_iter=1000, random_state=0",
     lambda: timed(lambda: TSNE(2, perplexity=30, init="pca", learning_rate="auto", random_state=0),
                   np.ascontiguousarray(x_all[:N_TSNE]), lambda m: ("kl_divergence", m.kl_divergence_), lambda m: m.n_iter_ + 1)),
]

names = [c[0] for c in CASES]
only = None if a.only is None else [o.strip().lower() for o in a.only.split(",") if o.strip()]
if only is not None:
    unknown = [o for o in only if o not in (n.lower() for n in names)]
    if unknown:
        ap.error(f"unknown estimator(s) {', '.join(unknown)}; expected some of: {', '.join(names)}")
for name, params, run in CASES:
    if only is not None and name.lower() not in only:
        continue
    row = {"estimator": name, "params": params, **run(), "framework": "scikit-learn " + sklearn.__version__}
    print(json.dumps(row), flush=True)
