#!/usr/bin/env python3
"""scikit-learn reference fixtures for sample_weight on naive Bayes, SVC/SVR, (MiniBatch)KMeans and HistGradientBoosting.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_sample_weight_other_fixtures.py tests/fixtures/sklearn

Writes sample_weight_other.json. Weights are non-integer, uniform(0.2, 3), with a few exact zeros (libsvm drops those
rows; elsewhere they must act as removed rows). Every dataset and weight vector is stored next to sklearn's results so
the C# side fits on identical inputs.

- GaussianNB / MultinomialNB / BernoulliNB: learned parameters and predict_proba (closed form, compared to 1e-10).
- SVC (tol 1e-6): support_, n_support_ (zero-weight rows can never be support vectors), dual_coef_, intercept_,
  decision_function; one case combines sample_weight with class_weight (C_i = C * w_i * class_weight[y_i]).
  SVR (tol 1e-6): support_, dual_coef_, intercept_, predict. LinearSVC (liblinear, C_i = C * w_i) at tol 1e-10: coef_,
  intercept_, decision_function (its coordinate order is liblinear's own, so agreement is to the solver tolerance).
- KMeans: from explicit initial centres (n_init=1) and seeded k-means++ / random runs — sklearn 1.2 seeds without the
  weights, so the draws are the unweighted ones; one case forces an empty-cluster relocation.
- MiniBatchKMeans: partial_fit on stored batches from explicit centres, reassignment_ratio=0 (fit's batch draws and
  re-seeding come from NumPy's stream, which MiniBatchKMeans does not replay): centres, weighted counts, last batch.
- HistGradientBoosting: held-out score as the "boosting" family compares it, plus the weighted baseline prediction
  and a one-split stump (max_iter=1, max_leaf_nodes=2), whose prediction is a closed form of weighted sums.
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import cluster, ensemble, naive_bayes, svm

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(2024)


def T(a):
    a = np.asarray(a)
    kind = "int64" if a.dtype.kind in "iub" else "float64"
    data = [int(v) for v in a.ravel()] if kind == "int64" else [float(v) for v in a.astype(np.float64).ravel()]
    return {"shape": list(a.shape), "dtype": kind, "data": data}


def weights(n, zeros):
    w = rng.uniform(0.2, 3.0, n)
    w[rng.choice(n, zeros, replace=False)] = 0.0
    return w


def blobs(n, d, k, spread=1.0, sep=3.0):
    centers = rng.standard_normal((k, d)) * sep
    lab = rng.integers(0, k, n)
    return centers[lab] + spread * rng.standard_normal((n, d)), lab


data = {}
cases = []

# ---------------------------------------------------------------- naive Bayes
Xg, yg = blobs(200, 5, 3, spread=1.5, sep=2.0)
yg = np.array([2, 5, 9])[yg]
Xc = rng.poisson(2.0, (200, 6)).astype(np.float64) + np.outer(yg == 5, [3, 0, 0, 1, 0, 0])
data["nb"] = {"X": T(Xg), "X_counts": T(Xc), "y": T(yg), "w": T(weights(200, 12)),
              "X_test": T(rng.standard_normal((30, 5)) * 2), "X_counts_test": T(rng.poisson(2.0, (30, 6)).astype(np.float64))}
wn = np.asarray(data["nb"]["w"]["data"])
Xgt = np.asarray(data["nb"]["X_test"]["data"]).reshape(30, 5)
Xct = np.asarray(data["nb"]["X_counts_test"]["data"]).reshape(30, 6)
for params in [{}, {"var_smoothing": 1e-3}, {"priors": [0.2, 0.3, 0.5]}]:
    m = naive_bayes.GaussianNB(**params).fit(Xg, yg, sample_weight=wn)
    cases.append({"estimator": "GaussianNB", "data": "nb", "params": params, "theta": T(m.theta_), "var": T(m.var_),
                  "class_prior": T(m.class_prior_), "class_count": T(m.class_count_), "epsilon": float(m.epsilon_),
                  "predict_proba": T(m.predict_proba(Xgt))})
for params in [{}, {"alpha": 0.3}, {"alpha": 0.5, "fit_prior": False}]:
    m = naive_bayes.MultinomialNB(**params).fit(Xc, yg, sample_weight=wn)
    cases.append({"estimator": "MultinomialNB", "data": "nb", "params": params, "class_count": T(m.class_count_),
                  "feature_count": T(m.feature_count_), "class_log_prior": T(m.class_log_prior_),
                  "feature_log_prob": T(m.feature_log_prob_), "predict_proba": T(m.predict_proba(Xct))})
for params in [{}, {"alpha": 0.7, "binarize": 0.5}]:
    Xb = Xg if "binarize" in params else Xc - 2.0
    Xbt = Xgt if "binarize" in params else Xct - 2.0
    m = naive_bayes.BernoulliNB(**params).fit(Xb, yg, sample_weight=wn)
    cases.append({"estimator": "BernoulliNB", "data": "nb", "params": params, "counts": "binarize" not in params,
                  "class_count": T(m.class_count_), "feature_count": T(m.feature_count_),
                  "class_log_prior": T(m.class_log_prior_), "feature_log_prob": T(m.feature_log_prob_),
                  "predict_proba": T(m.predict_proba(Xbt))})

# ---------------------------------------------------------------- SVC / SVR
X2, y2 = blobs(90, 4, 2, spread=1.5, sep=1.2)
data["svc_bin"] = {"X": T(X2), "y": T(np.where(y2 == 0, -1, 4)), "w": T(weights(90, 6)), "X_test": T(rng.standard_normal((30, 4)) * 2)}
X3, y3 = blobs(120, 4, 3, spread=1.3, sep=1.8)
data["svc_three"] = {"X": T(X3), "y": T(np.array([3, 7, 10])[y3]), "w": T(weights(120, 8)), "X_test": T(rng.standard_normal((30, 4)) * 2)}
Xr = rng.standard_normal((100, 3))
yr = np.sin(Xr[:, 0]) * 2 + Xr[:, 1] ** 2 - Xr[:, 2] + 0.1 * rng.standard_normal(100)
data["svr"] = {"X": T(Xr), "y": T(yr), "w": T(weights(100, 7)), "X_test": T(rng.standard_normal((30, 3)))}


def arr(name, key):
    d = data[name][key]
    return np.asarray(d["data"], dtype=np.int64 if d["dtype"] == "int64" else float).reshape(d["shape"])


for name, params in [("svc_bin", {"kernel": "rbf", "tol": 1e-6}), ("svc_bin", {"kernel": "linear", "C": 0.5, "tol": 1e-6}),
                     ("svc_three", {"kernel": "rbf", "C": 3.0, "tol": 1e-6}),
                     ("svc_three", {"kernel": "rbf", "C": 3.0, "tol": 1e-6, "shrinking": False}),
                     ("svc_three", {"kernel": "poly", "degree": 2, "gamma": 0.3, "coef0": 1.0, "tol": 1e-6}),
                     ("svc_three", {"kernel": "rbf", "tol": 1e-6, "class_weight": {"3": 2.0, "10": 0.5}})]:
    X, y, w, Xt = arr(name, "X"), arr(name, "y"), arr(name, "w"), arr(name, "X_test")
    kw = dict(params)
    if "class_weight" in kw:
        kw["class_weight"] = {int(k): v for k, v in kw["class_weight"].items()}
    m = svm.SVC(decision_function_shape="ovo", **kw).fit(X, y, sample_weight=w)
    cases.append({"estimator": "SVC", "data": name, "params": params, "support": T(m.support_), "n_support": T(m.n_support_),
                  "dual_coef": T(m.dual_coef_), "intercept": T(m.intercept_), "decision_function": T(m.decision_function(Xt)),
                  "predict": T(m.predict(Xt))})
for params in [{"kernel": "rbf", "tol": 1e-6}, {"kernel": "rbf", "C": 4.0, "epsilon": 0.05, "tol": 1e-6}, {"kernel": "linear", "tol": 1e-6}]:
    X, y, w, Xt = arr("svr", "X"), arr("svr", "y"), arr("svr", "w"), arr("svr", "X_test")
    m = svm.SVR(**params).fit(X, y, sample_weight=w)
    cases.append({"estimator": "SVR", "data": "svr", "params": params, "support": T(m.support_),
                  "dual_coef": T(m.dual_coef_), "intercept": T(m.intercept_), "predict": T(m.predict(Xt))})

for name, params in [("svc_bin", {"loss": "hinge", "C": 0.5}), ("svc_three", {}), ("svc_three", {"C": 3.0, "intercept_scaling": 2.0})]:
    X, y, w, Xt = arr(name, "X"), arr(name, "y"), arr(name, "w"), arr(name, "X_test")
    m = svm.LinearSVC(tol=1e-10, max_iter=1_000_000, random_state=0, **params).fit(X, y, sample_weight=w)
    cases.append({"estimator": "LinearSVC", "data": name, "params": params, "coef": T(m.coef_), "intercept": T(m.intercept_),
                  "decision_function": T(m.decision_function(Xt)), "predict": T(m.predict(Xt))})

# ---------------------------------------------------------------- KMeans
Xk, _ = blobs(300, 4, 4, spread=1.0, sep=4.0)
data["km"] = {"X": T(Xk), "w": T(weights(300, 15)), "X_test": T(rng.standard_normal((25, 4)) * 4)}
wk = arr("km", "w")
Xkt = arr("km", "X_test")
init4 = Xk[rng.choice(300, 4, replace=False)]
init_far = init4.copy()
init_far[3] = 100.0  # loses every point at once: _relocate_empty_clusters moves the farthest (unweighted) point there
for init, params in [(init4, {}), (init4, {"tol": 0.0}), (init4, {"max_iter": 2}), (init_far, {"tol": 0.0})]:
    m = cluster.KMeans(n_clusters=4, init=init, n_init=1, **params).fit(Xk, sample_weight=wk)
    cases.append({"estimator": "KMeans", "data": "km", "params": params, "init": T(init), "labels": T(m.labels_),
                  "cluster_centers": T(m.cluster_centers_), "inertia": float(m.inertia_), "n_iter": int(m.n_iter_),
                  "predict": T(m.predict(Xkt))})
for params in [{"n_clusters": 4, "random_state": 0, "n_init": 3}, {"n_clusters": 6, "random_state": 7, "n_init": 4},
               {"n_clusters": 5, "init": "random", "random_state": 3, "n_init": 2}]:
    m = cluster.KMeans(**params).fit(Xk, sample_weight=wk)
    cases.append({"estimator": "KMeans", "data": "km", "params": params, "labels": T(m.labels_),
                  "cluster_centers": T(m.cluster_centers_), "inertia": float(m.inertia_), "n_iter": int(m.n_iter_)})

# ---------------------------------------------------------------- HistGradientBoosting
Xh = rng.standard_normal((1500, 6))
yh2 = (Xh[:, 0] * Xh[:, 1] + np.sin(2 * Xh[:, 2]) + 0.3 * rng.standard_normal(1500) > 0).astype(np.int64)
logits = np.stack([Xh[:, 0] * Xh[:, 1], np.sin(2 * Xh[:, 2]) + Xh[:, 3], 0.8 * Xh[:, 4] ** 2 - 0.5], axis=1)
yh3 = np.argmax(logits + 0.5 * rng.standard_normal(logits.shape), axis=1)
yhr = Xh[:, 0] * Xh[:, 1] + np.sin(2 * Xh[:, 2]) + Xh[:, 3] ** 2 + 0.3 * rng.standard_normal(1500)
# weights that change the problem: rows with x5 > 0 count 3x more on average, plus exact zeros
wh = rng.uniform(0.2, 3.0, 1500) * np.where(Xh[:, 5] > 0, 3.0, 1.0)
wh[rng.choice(1000, 40, replace=False)] = 0.0
data["hgb"] = {"X": T(Xh), "w": T(wh), "y_two": T(yh2), "y_three": T(yh3), "y_reg": T(yhr)}
for name, yk in [("HistGradientBoostingClassifier", "y_two"), ("HistGradientBoostingClassifier", "y_three"),
                 ("HistGradientBoostingRegressor", "y_reg")]:
    y = arr("hgb", yk)
    cls = getattr(ensemble, name)
    for ps in [{"max_iter": 50}, {"max_iter": 30, "max_leaf_nodes": 15, "learning_rate": 0.2, "l2_regularization": 1.0, "min_samples_leaf": 10},
               {"max_iter": 1, "max_leaf_nodes": 2}]:
        m = cls(early_stopping=False, **ps).fit(Xh[:1000], y[:1000], sample_weight=wh[:1000])
        c = {"estimator": name, "data": "hgb", "y": yk, "params": ps, "baseline": T(m._baseline_prediction.ravel()),
             "score": float(m.score(Xh[1000:], y[1000:])), "train_score": float(m.score(Xh[:1000], y[:1000]))}
        if ps["max_iter"] == 1:
            c["raw"] = T(m._raw_predict(Xh[1000:]))  # [n, trees per iteration], as decision_function
        cases.append(c)

# a class whose rows all weigh 0: its share is clipped to eps in the baseline, its gradients and hessians are all 0
wz = np.where(yh3 == 2, 0.0, wh)
data["hgb_zero_class"] = {"X": T(Xh), "w": T(wz), "y_three": T(yh3)}
for ps in [{"max_iter": 1, "max_leaf_nodes": 2}, {"max_iter": 30}]:
    m = ensemble.HistGradientBoostingClassifier(early_stopping=False, **ps).fit(Xh[:1000], yh3[:1000], sample_weight=wz[:1000])
    c = {"estimator": "HistGradientBoostingClassifier", "data": "hgb_zero_class", "y": "y_three", "params": ps,
         "baseline": T(m._baseline_prediction.ravel()), "score": float(m.score(Xh[1000:], yh3[1000:])),
         "train_score": float(m.score(Xh[:1000], yh3[:1000]))}
    if ps["max_iter"] == 1:
        c["raw"] = T(m._raw_predict(Xh[1000:]))
    cases.append(c)

# ---------------------------------------------------------------- MiniBatchKMeans
# partial_fit on explicit batches (indices drawn here, so the C# side feeds the same rows) from explicit centres with
# reassignment_ratio=0 (no random re-seeding): weighted counts _counts, running weighted means, weighted batch inertia
Xm, _ = blobs(240, 3, 4, spread=1.0, sep=2.5)
wm = weights(240, 12)
data["mbk"] = {"X": T(Xm), "w": T(wm)}
for k, bs, steps in [(4, 60, 6), (3, 240, 3)]:
    batches = np.stack([rng.integers(0, 240, bs) for _ in range(steps)])
    init = Xm[rng.choice(240, k, replace=False)]
    m = cluster.MiniBatchKMeans(n_clusters=k, init=init, n_init=1, batch_size=bs, reassignment_ratio=0.0)
    for b in batches:
        m.partial_fit(Xm[b], sample_weight=wm[b])
    cases.append({"estimator": "MiniBatchKMeans", "data": "mbk", "params": {"n_clusters": k, "batch_size": bs},
                  "init": T(init), "batches": T(batches), "cluster_centers": T(m.cluster_centers_), "counts": T(m._counts),
                  "labels": T(m.labels_), "inertia": float(m.inertia_)})

obj = {"sklearn_version": sklearn.__version__, **data, "cases": cases}
with open(os.path.join(out_dir, "sample_weight_other.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("sample_weight_other.json:", len(cases), "cases")
