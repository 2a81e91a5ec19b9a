#!/usr/bin/env python3
"""scikit-learn reference fixtures for Glassbox.ML.Svm, Glassbox.ML.Cluster and Glassbox.ML.Mixture.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_svm_cluster_fixtures.py tests/fixtures/sklearn

Writes svm.json, cluster.json and mixture.json. Every dataset comes from a seeded NumPy generator and is stored in the
fixture next to sklearn's results, so the C# side fits on identical data. Randomised initialisations (k-means++,
GMM's k-means init, liblinear's coordinate order) use NumPy / libsvm streams Glassbox does not reproduce, so the
fixtures pass explicit initial states instead: KMeans init arrays, GMM weights/means/precisions, and for
MiniBatchKMeans explicit batches fed through partial_fit (reassignment_ratio=0 so no random reassignment happens).
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import cluster, mixture, svm

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(0)  # reseeded per family, so each file can be regenerated alone


def T(a, dtype=None):
    a = np.asarray(a)
    if dtype is None:
        dtype = "int64" if a.dtype.kind in "iub" else "float64"
    if dtype == "int64":
        data = [int(v) for v in a.ravel()]
    else:
        data = [float(v) for v in a.astype(np.float64).ravel()]
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def write(name, obj):
    obj = {"sklearn_version": sklearn.__version__, **obj}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def blobs(n, d, k, spread=1.0, sep=4.0):
    centers = rng.standard_normal((k, d)) * sep
    lab = rng.integers(0, k, n)
    return centers[lab] + spread * rng.standard_normal((n, d)), lab


# ---------------------------------------------------------------- cluster
def cluster_fixtures():
    global rng
    rng = np.random.default_rng(1)
    data = {}
    cases = []
    Xa, _ = blobs(300, 4, 4)
    Xa_test = rng.standard_normal((40, 4)) * 3
    data["blobs4"] = {"X": T(Xa), "X_test": T(Xa_test)}
    Xb = rng.standard_normal((500, 12))
    Xb_test = rng.standard_normal((30, 12))
    data["gauss12"] = {"X": T(Xb), "X_test": T(Xb_test)}

    def km_case(name, X, Xt, init, **params):
        m = cluster.KMeans(n_clusters=init.shape[0], init=init, n_init=1, **params).fit(X)
        cases.append({"estimator": "KMeans", "data": name, "params": params, "init": T(init),
                      "labels": T(m.labels_), "cluster_centers": T(m.cluster_centers_), "inertia": float(m.inertia_),
                      "n_iter": int(m.n_iter_), "predict": T(m.predict(Xt)), "transform": T(m.transform(Xt)),
                      "score": float(m.score(Xt))})

    init_a = Xa[rng.choice(300, 4, replace=False)]
    km_case("blobs4", Xa, Xa_test, init_a)
    km_case("blobs4", Xa, Xa_test, init_a, tol=0.0)
    km_case("blobs4", Xa, Xa_test, init_a, max_iter=2)
    init_b = Xb[rng.choice(500, 7, replace=False)]
    km_case("gauss12", Xb, Xb_test, init_b)
    # a centre far from every point loses all of them at once: exercises _relocate_empty_clusters
    init_c = init_a.copy()
    init_c[3] = 100.0
    km_case("blobs4", Xa, Xa_test, init_c, tol=0.0)

    # MiniBatchKMeans through partial_fit on explicit batches
    mb = []
    for name, X, k, bs, steps in [("blobs4", Xa, 4, 32, 12), ("gauss12", Xb, 5, 50, 15)]:
        init = X[rng.choice(X.shape[0], k, replace=False)]
        batches = [rng.choice(X.shape[0], bs, replace=False) for _ in range(steps)]
        m = cluster.MiniBatchKMeans(n_clusters=k, init=init, n_init=1, batch_size=bs, reassignment_ratio=0.0)
        for b in batches:
            m.partial_fit(X[b])
        Xt = np.asarray(data[name]["X_test"]["data"]).reshape(-1, X.shape[1])
        mb.append({"estimator": "MiniBatchKMeans", "data": name, "params": {"n_clusters": k, "batch_size": bs},
                   "init": T(init), "batches": T(np.array(batches)), "cluster_centers": T(m.cluster_centers_),
                   "counts": T(m._counts), "labels": T(m.labels_), "inertia": float(m.inertia_),
                   "predict": T(m.predict(Xt))})
    # seeded runs: k-means++ and "random" seedings drawn from RandomState(random_state), several n_init
    seeded = []
    for name, X, k, params in [("blobs4", Xa, 4, {"random_state": 0, "n_init": 3}),
                               ("gauss12", Xb, 7, {"random_state": 42, "n_init": 4}),
                               ("gauss12", Xb, 5, {"init": "random", "random_state": 3, "n_init": 2})]:
        m = cluster.KMeans(n_clusters=k, **params).fit(X)
        seeded.append({"estimator": "KMeans", "data": name, "params": {"n_clusters": k, **params},
                       "labels": T(m.labels_), "cluster_centers": T(m.cluster_centers_), "inertia": float(m.inertia_),
                       "n_iter": int(m.n_iter_)})
    write("cluster", {**data, "cases": cases, "minibatch": mb, "seeded": seeded})


# ---------------------------------------------------------------- mixture
def random_spd(d, scale):
    a = rng.standard_normal((d, d))
    return scale * (a @ a.T / d + np.eye(d))


def mixture_fixtures():
    global rng
    rng = np.random.default_rng(2)
    data = {}
    cases = []
    X, _ = blobs(240, 3, 3, spread=1.2, sep=3.0)
    data["blobs3"] = {"X": T(X), "X_test": T(rng.standard_normal((25, 3)) * 3)}
    k, d = 3, 3
    means0 = X[rng.choice(240, k, replace=False)] + 0.3 * rng.standard_normal((k, d))
    w0 = rng.uniform(0.5, 1.5, k)
    w0 /= w0.sum()
    precs = {
        "full": np.array([np.linalg.inv(random_spd(d, 1.5)) for _ in range(k)]),
        "tied": np.linalg.inv(random_spd(d, 1.5)),
        "diag": 1 / rng.uniform(0.8, 2.5, (k, d)),
        "spherical": 1 / rng.uniform(0.8, 2.5, k),
    }
    Xt = np.asarray(data["blobs3"]["X_test"]["data"]).reshape(-1, d)
    for ct in ["full", "tied", "diag", "spherical"]:
        for params in [{"tol": 1e-3}, {"tol": 1e-10, "max_iter": 500}, {"tol": 0.0, "max_iter": 7, "reg_covar": 1e-2}]:
            m = mixture.GaussianMixture(n_components=k, covariance_type=ct, weights_init=w0, means_init=means0,
                                        precisions_init=precs[ct], **params).fit(X)
            cases.append({"estimator": "GaussianMixture", "data": "blobs3", "params": {"covariance_type": ct, **params},
                          "weights_init": T(w0), "means_init": T(means0), "precisions_init": T(precs[ct]),
                          "weights": T(m.weights_), "means": T(m.means_), "covariances": T(m.covariances_),
                          "precisions": T(m.precisions_), "precisions_cholesky": T(m.precisions_cholesky_),
                          "converged": bool(m.converged_), "n_iter": int(m.n_iter_), "lower_bound": float(m.lower_bound_),
                          "predict": T(m.predict(Xt)), "predict_proba": T(m.predict_proba(Xt)),
                          "score_samples": T(m.score_samples(Xt)), "score": float(m.score(Xt)),
                          "bic": float(m.bic(Xt)), "aic": float(m.aic(Xt))})
    # seeded initialisations drawn from RandomState(random_state): k-means labels, uniforms, rows from the data
    seeded = []
    for params in [{"init_params": "kmeans", "random_state": 0, "covariance_type": "diag"},
                   {"init_params": "kmeans", "random_state": 5, "covariance_type": "full", "n_init": 2},
                   {"init_params": "random", "random_state": 1, "covariance_type": "full", "max_iter": 20},
                   {"init_params": "random_from_data", "random_state": 2, "covariance_type": "spherical"}]:
        m = mixture.GaussianMixture(n_components=k, tol=1e-8, max_iter=params.pop("max_iter", 300), **params).fit(X)
        seeded.append({"estimator": "GaussianMixture", "data": "blobs3",
                       "params": {"n_components": k, "tol": 1e-8, "max_iter": m.max_iter, **params},
                       "weights": T(m.weights_), "means": T(m.means_), "n_iter": int(m.n_iter_),
                       "lower_bound": float(m.lower_bound_), "predict": T(m.predict(Xt))})
    write("mixture", {**data, "cases": cases, "seeded": seeded})


# ---------------------------------------------------------------- svm
def svm_fixtures():
    global rng
    rng = np.random.default_rng(3)
    data = {}
    X2, y2 = blobs(80, 5, 2, spread=1.5, sep=1.5)
    data["bin"] = {"X": T(X2), "y": T(np.where(y2 == 0, -4, 9)), "X_test": T(rng.standard_normal((30, 5)) * 2)}
    X3, y3 = blobs(120, 4, 3, spread=1.3, sep=2.0)
    data["three"] = {"X": T(X3), "y": T(np.array([3, 7, 10])[y3]), "X_test": T(rng.standard_normal((30, 4)) * 2)}
    X4, y4 = blobs(160, 6, 4, spread=1.5, sep=2.0)
    data["four"] = {"X": T(X4), "y": T(y4), "X_test": T(rng.standard_normal((30, 6)) * 2)}
    Xr = rng.standard_normal((100, 3))
    yr = np.sin(Xr[:, 0]) * 2 + Xr[:, 1] ** 2 - Xr[:, 2] + 0.1 * rng.standard_normal(100)
    data["reg"] = {"X": T(Xr), "y": T(yr), "X_test": T(rng.standard_normal((30, 3)))}

    def arr(name, key):
        d = data[name][key]
        return np.asarray(d["data"], dtype=np.int64 if d["dtype"] == "int64" else float).reshape(d["shape"])

    cases = []
    svc = [
        ("bin", {"kernel": "rbf"}), ("bin", {"kernel": "rbf", "tol": 1e-6}), ("bin", {"kernel": "linear", "C": 0.5, "tol": 1e-6}),
        ("three", {"kernel": "rbf", "C": 10.0}), ("three", {"kernel": "rbf", "C": 10.0, "tol": 1e-6}),
        ("three", {"kernel": "rbf", "C": 10.0, "tol": 1e-6, "shrinking": False}),
        ("three", {"kernel": "linear", "tol": 1e-6}), ("three", {"kernel": "poly", "degree": 3, "gamma": 0.2, "coef0": 1.0, "tol": 1e-6}),
        ("three", {"kernel": "sigmoid", "gamma": 0.05, "coef0": -0.5, "tol": 1e-6}), ("three", {"kernel": "rbf", "gamma": "auto", "tol": 1e-6}),
        ("four", {"kernel": "rbf", "C": 3.0, "tol": 1e-6}), ("four", {"kernel": "rbf", "C": 3.0, "tol": 1e-6, "decision_function_shape": "ovo"}),
        ("four", {"kernel": "rbf", "C": 3.0}),
    ]
    for name, params in svc:
        X, y, Xt = arr(name, "X"), arr(name, "y"), arr(name, "X_test")
        m = svm.SVC(**params).fit(X, y)
        cases.append({"estimator": "SVC", "data": name, "params": params, "support": T(m.support_), "n_support": T(m.n_support_),
                      "dual_coef": T(m.dual_coef_), "intercept": T(m.intercept_), "support_vectors": T(m.support_vectors_),
                      "decision_function": T(m.decision_function(Xt)), "predict": T(m.predict(Xt)), "gamma": float(m._gamma)})
    for params in [{"kernel": "rbf"}, {"kernel": "rbf", "C": 5.0, "epsilon": 0.05, "tol": 1e-6}, {"kernel": "linear", "tol": 1e-6},
                   {"kernel": "poly", "degree": 2, "gamma": "auto", "coef0": 1.0, "epsilon": 0.3, "tol": 1e-6}]:
        X, y, Xt = arr("reg", "X"), arr("reg", "y"), arr("reg", "X_test")
        m = svm.SVR(**params).fit(X, y)
        cases.append({"estimator": "SVR", "data": "reg", "params": params, "support": T(m.support_),
                      "dual_coef": T(m.dual_coef_), "intercept": T(m.intercept_), "predict": T(m.predict(Xt))})
    for name, params in [("bin", {}), ("bin", {"loss": "hinge", "C": 0.3}), ("three", {}), ("three", {"C": 5.0, "intercept_scaling": 2.0}),
                         ("four", {"loss": "hinge"})]:
        X, y, Xt = arr(name, "X"), arr(name, "y"), arr(name, "X_test")
        m = svm.LinearSVC(tol=1e-10, max_iter=1_000_000, random_state=0, **params).fit(X, y)
        cases.append({"estimator": "LinearSVC", "data": name, "params": params, "coef": T(m.coef_), "intercept": T(m.intercept_),
                      "decision_function": T(m.decision_function(Xt)), "predict": T(m.predict(Xt))})
    # probability=True: Platt sigmoids from libsvm's internal 5-fold CV (its folds come from libsvm's own generator,
    # so the C# side can only agree statistically) and pairwise coupling
    prob = []
    for name, C in [("bin", 1.0), ("three", 1.0), ("four", 0.5)]:
        X = np.asarray(data[name]["X"]["data"]).reshape(data[name]["X"]["shape"])
        y = np.asarray(data[name]["y"]["data"])
        Xt = np.asarray(data[name]["X_test"]["data"]).reshape(data[name]["X_test"]["shape"])
        m = svm.SVC(C=C, probability=True, random_state=0).fit(X, y)
        prob.append({"estimator": "SVC", "data": name, "params": {"C": C, "probability": True},
                     "probA": T(m.probA_), "probB": T(m.probB_), "predict_proba": T(m.predict_proba(Xt)),
                     "train_proba": T(m.predict_proba(X))})
    write("svm", {**data, "cases": cases, "probability": prob})


if __name__ == "__main__":
    which = sys.argv[2:] or ["cluster", "mixture", "svm"]
    if "cluster" in which:
        cluster_fixtures()
    if "mixture" in which:
        mixture_fixtures()
    if "svm" in which:
        svm_fixtures()
