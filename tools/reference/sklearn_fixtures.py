#!/usr/bin/env python3
"""scikit-learn reference fixtures for Glassbox.ML.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_fixtures.py tests/fixtures/sklearn

Every dataset is drawn from a seeded NumPy generator (or copied from sklearn's bundled iris / breast_cancer /
diabetes) and written into the fixture next to sklearn's results, so the C# tests fit on identical data.
Iterative sklearn solvers run with tiny tolerances and large iteration caps so their answers are the converged
minimisers that Glassbox's (different) solvers must also reach.
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import datasets, linear_model, metrics, model_selection, naive_bayes, neighbors, preprocessing, impute

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(20261123)


def T(a, dtype=None):
    a = np.asarray(a)
    if dtype is None:
        dtype = "int64" if a.dtype.kind in "iub" else "float64"
    if dtype == "int64":
        data = [int(v) for v in a.ravel()]
    else:
        data = [float(v) if np.isfinite(v) else ("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")) for v in a.astype(np.float64).ravel()]
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def write(name, obj):
    obj = {"sklearn_version": sklearn.__version__, **obj}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def standardize(X):
    return (X - X.mean(0)) / X.std(0)


# ---------------------------------------------------------------- datasets
Xr = rng.standard_normal((120, 6))
yr = Xr @ np.array([1.5, -2.0, 0.0, 0.7, 0.0, 3.0]) + 0.5 + 0.3 * rng.standard_normal(120)
diab = datasets.load_diabetes()
Xd, yd = diab.data, diab.target
iris = datasets.load_iris()
Xi, yi = standardize(iris.data), iris.target
bc = datasets.load_breast_cancer()
Xb, yb = standardize(bc.data), bc.target
# small classification sets with arbitrary labels (to exercise the label mapping)
Xc = rng.standard_normal((150, 4))
wc = np.array([[1.0, -1.0, 0.5, 0.0], [-0.5, 0.8, 0.0, 1.0], [0.3, 0.2, -1.0, -0.7]])
yc = np.array([3, 7, 11])[np.argmax(Xc @ wc.T + 0.8 * rng.standard_normal((150, 3)), axis=1)]
Xbin = rng.standard_normal((160, 5))
ybin = np.where(Xbin @ np.array([1.0, -2.0, 0.5, 0.0, 0.3]) + 0.7 * rng.standard_normal(160) > 0.2, 7, 3)

# ---------------------------------------------------------------- linear models
lin = {"reg": {"X": T(Xr), "y": T(yr)}, "diabetes": {"X": T(Xd), "y": T(yd)}}
cases = []
for data in ["reg", "diabetes"]:
    X, y = (Xr, yr) if data == "reg" else (Xd, yd)
    for fit_intercept in [True, False]:
        models = [
            ("LinearRegression", {}, linear_model.LinearRegression(fit_intercept=fit_intercept)),
            ("Ridge", {"alpha": 0.7}, linear_model.Ridge(alpha=0.7, fit_intercept=fit_intercept)),
            ("Lasso", {"alpha": 0.05}, linear_model.Lasso(alpha=0.05, fit_intercept=fit_intercept, tol=1e-10, max_iter=1000000)),
            ("ElasticNet", {"alpha": 0.1, "l1_ratio": 0.3}, linear_model.ElasticNet(alpha=0.1, l1_ratio=0.3, fit_intercept=fit_intercept, tol=1e-10, max_iter=1000000)),
        ]
        if data == "diabetes":
            models[2] = ("Lasso", {"alpha": 0.01}, linear_model.Lasso(alpha=0.01, fit_intercept=fit_intercept, tol=1e-10, max_iter=1000000))
        for name, params, m in models:
            m.fit(X, y)
            cases.append({"estimator": name, "data": data, "params": {**params, "fit_intercept": fit_intercept},
                          "coef": T(m.coef_), "intercept": float(m.intercept_), "predict": T(m.predict(X))})
lin["cases"] = cases
write("linear", lin)

# ---------------------------------------------------------------- logistic regression
log = {"iris": {"X": T(Xi), "y": T(yi)}, "breast_cancer": {"X": T(Xb), "y": T(yb)},
       "multi": {"X": T(Xc), "y": T(yc)}, "binary": {"X": T(Xbin), "y": T(ybin)}}
cases = []
specs = [
    ("breast_cancer", dict(penalty="l2", C=0.5, solver="lbfgs")),
    ("iris", dict(penalty="l2", C=1.0, solver="lbfgs")),
    ("binary", dict(penalty="l2", C=0.3, solver="lbfgs")),
    ("multi", dict(penalty="l2", C=2.0, solver="lbfgs")),
    ("binary", dict(penalty="l1", C=0.2, solver="saga")),
    ("multi", dict(penalty="l1", C=0.5, solver="saga")),
    ("binary", dict(penalty="elasticnet", C=0.4, l1_ratio=0.6, solver="saga")),
    ("multi", dict(penalty="elasticnet", C=0.8, l1_ratio=0.3, solver="saga")),
]
for data, kw in specs:
    X, y = {"iris": (Xi, yi), "breast_cancer": (Xb, yb), "multi": (Xc, yc), "binary": (Xbin, ybin)}[data]
    m = linear_model.LogisticRegression(tol=1e-12, max_iter=200000, random_state=0, **kw).fit(X, y)
    if kw["solver"] == "lbfgs":
        # lbfgs stops on scipy's relative-decrease test (ftol 2.2e-9) long before gtol, so its coefficients are only
        # good to ~1e-4; newton-cg with a tiny tol is the tightly converged minimiser, stored beside it.
        m2 = linear_model.LogisticRegression(tol=1e-12, max_iter=10000, penalty="l2", C=kw["C"], solver="newton-cg").fit(X, y)
        print(data, "lbfgs vs newton-cg max |dcoef|", np.abs(m.coef_ - m2.coef_).max(), file=sys.stderr)
        extra = {"coef_newton": T(m2.coef_), "intercept_newton": T(m2.intercept_)}
    else:
        extra = {}
    cases.append({**extra, "data": data, "params": {k: v for k, v in kw.items() if k != "solver"}, "solver": kw["solver"],
                  "coef": T(m.coef_), "intercept": T(m.intercept_), "classes": T(m.classes_),
                  "predict_proba": T(m.predict_proba(X)), "predict": T(m.predict(X))})
log["cases"] = cases
write("logistic", log)
print("linear + logistic done", file=sys.stderr)

# ---------------------------------------------------------------- naive Bayes
Xcount = rng.poisson(2.0, (120, 6)).astype(float)
ycount = np.array([2, 5, 9])[rng.integers(0, 3, 120)]
Xcount[ycount == 5, 0] += rng.poisson(3.0, (ycount == 5).sum())
Xcount[ycount == 9, 3] += rng.poisson(3.0, (ycount == 9).sum())
Xnbq = rng.standard_normal((40, 4))
Xcq = rng.poisson(2.0, (40, 6)).astype(float)
nb = {"gauss": {"X": T(Xc), "y": T(yc), "Xq": T(Xnbq)}, "counts": {"X": T(Xcount), "y": T(ycount), "Xq": T(Xcq)}}
cases = []
for name, data, m in [
    ("GaussianNB", "gauss", naive_bayes.GaussianNB()),
    ("GaussianNB", "gauss", naive_bayes.GaussianNB(var_smoothing=1e-3)),
    ("MultinomialNB", "counts", naive_bayes.MultinomialNB(alpha=1.0)),
    ("MultinomialNB", "counts", naive_bayes.MultinomialNB(alpha=0.3, fit_prior=False)),
    ("BernoulliNB", "counts", naive_bayes.BernoulliNB(alpha=1.0, binarize=1.5)),
    ("BernoulliNB", "gauss", naive_bayes.BernoulliNB(alpha=0.5, binarize=0.0)),
]:
    d = nb[data]
    X, y = (Xc, yc) if data == "gauss" else (Xcount, ycount)
    Xq = Xnbq if data == "gauss" else Xcq
    m.fit(X, y)
    params = {k: v for k, v in m.get_params().items() if k in ("var_smoothing", "alpha", "fit_prior", "binarize")}
    cases.append({"estimator": name, "data": data, "params": params,
                  "predict": T(m.predict(Xq)), "predict_proba": T(m.predict_proba(Xq))})
nb["cases"] = cases
write("naive_bayes", nb)

# ---------------------------------------------------------------- k nearest neighbours
Xk = rng.standard_normal((200, 3))
yk = np.array([1, 4, 6])[(Xk[:, 0] + 0.5 * Xk[:, 1] > 0).astype(int) + (Xk[:, 2] > 0.8).astype(int)]
yk_reg = Xk[:, 0] * 2 - Xk[:, 1] + 0.1 * rng.standard_normal(200)
Xkq = rng.standard_normal((60, 3))
knn = {"X": T(Xk), "y": T(yk), "y_reg": T(yk_reg), "Xq": T(Xkq)}
cases = []
for k in [1, 5, 8]:
    for weights in ["uniform", "distance"]:
        for p in [1, 2]:
            for algorithm in ["brute", "kd_tree"]:
                c = neighbors.KNeighborsClassifier(n_neighbors=k, weights=weights, p=p, algorithm=algorithm).fit(Xk, yk)
                r = neighbors.KNeighborsRegressor(n_neighbors=k, weights=weights, p=p, algorithm=algorithm).fit(Xk, yk_reg)
                dist, ind = c.kneighbors(Xkq)
                cases.append({"params": {"n_neighbors": k, "weights": weights, "p": p, "algorithm": algorithm},
                              "predict": T(c.predict(Xkq)), "predict_proba": T(c.predict_proba(Xkq)),
                              "kneighbors_dist": T(dist), "kneighbors_ind": T(ind), "predict_reg": T(r.predict(Xkq))})
knn["cases"] = cases
write("knn", knn)

# ---------------------------------------------------------------- metrics
yt = rng.integers(0, 2, 80)
ys = np.round(rng.random(80) * 0.6 + yt * 0.3, 2)   # rounded: ties in the scores
yp = (ys > 0.45).astype(int)
ytm = np.array([3, 5, 8])[rng.integers(0, 3, 90)]
ypm = np.where(rng.random(90) < 0.6, ytm, np.array([3, 5, 8])[rng.integers(0, 3, 90)])
probm = rng.dirichlet(np.ones(3), 90)
yreg_t = rng.standard_normal(50)
yreg_p = yreg_t + 0.3 * rng.standard_normal(50)
Xs = rng.standard_normal((70, 3))
ls = rng.integers(0, 4, 70)
ls[0] = 9                      # a singleton cluster (silhouette 0 for that sample)
Xs[ls == 1] += 2.0
m = {"binary": {"y_true": T(yt), "y_score": T(ys), "y_pred": T(yp)},
     "multi": {"y_true": T(ytm), "y_pred": T(ypm), "proba": T(probm)},
     "regression": {"y_true": T(yreg_t), "y_pred": T(yreg_p)},
     "silhouette": {"X": T(Xs), "labels": T(ls)}}
vals = {}
vals["accuracy_binary"] = metrics.accuracy_score(yt, yp)
vals["accuracy_multi"] = metrics.accuracy_score(ytm, ypm)
for avg in ["binary"]:
    vals["precision_binary"] = metrics.precision_score(yt, yp)
    vals["recall_binary"] = metrics.recall_score(yt, yp)
    vals["f1_binary"] = metrics.f1_score(yt, yp)
for avg in ["macro", "micro", "weighted"]:
    vals[f"precision_{avg}"] = metrics.precision_score(ytm, ypm, average=avg)
    vals[f"recall_{avg}"] = metrics.recall_score(ytm, ypm, average=avg)
    vals[f"f1_{avg}"] = metrics.f1_score(ytm, ypm, average=avg)
vals["log_loss_multi"] = metrics.log_loss(ytm, probm)
vals["log_loss_binary"] = metrics.log_loss(yt, ys)
vals["roc_auc"] = metrics.roc_auc_score(yt, ys)
vals["average_precision"] = metrics.average_precision_score(yt, ys)
vals["mse"] = metrics.mean_squared_error(yreg_t, yreg_p)
vals["mae"] = metrics.mean_absolute_error(yreg_t, yreg_p)
vals["r2"] = metrics.r2_score(yreg_t, yreg_p)
vals["silhouette"] = metrics.silhouette_score(Xs, ls)
m["scalars"] = {k: float(v) for k, v in vals.items()}
fpr, tpr, thr = metrics.roc_curve(yt, ys)
fpr2, tpr2, thr2 = metrics.roc_curve(yt, ys, drop_intermediate=False)
pr, rc, pthr = metrics.precision_recall_curve(yt, ys)
m["curves"] = {"roc_fpr": T(fpr), "roc_tpr": T(tpr), "roc_thresholds": T(thr),
               "roc_full_fpr": T(fpr2), "roc_full_tpr": T(tpr2), "roc_full_thresholds": T(thr2),
               "pr_precision": T(pr), "pr_recall": T(rc), "pr_thresholds": T(pthr),
               "confusion_binary": T(metrics.confusion_matrix(yt, yp)), "confusion_multi": T(metrics.confusion_matrix(ytm, ypm))}
write("metrics", m)

# ---------------------------------------------------------------- preprocessing
Xp = rng.standard_normal((30, 4)) * np.array([1.0, 5.0, 0.1, 2.0]) + np.array([0.0, 3.0, -1.0, 10.0])
Xp[:, 3] = np.round(Xp[:, 3])
Xp_q = rng.standard_normal((8, 4))
Xcat = rng.integers(0, 4, (25, 3)).astype(float) * np.array([1.0, 2.5, -1.0])
Xcat_q = Xcat[:6].copy()
Xcat_q[2, 1] = 99.0            # unknown category
Xnan = rng.standard_normal((20, 4)).round(1)
Xnan[rng.random((20, 4)) < 0.25] = np.nan
Xnan[:, 2] = np.where(np.arange(20) % 3 == 0, np.nan, np.round(Xnan[:, 2]))
Xnan_empty = Xnan.copy(); Xnan_empty[:, 1] = np.nan
pp = {"X": T(Xp), "Xq": T(Xp_q), "Xcat": T(Xcat), "Xcat_q": T(Xcat_q), "Xnan": T(Xnan), "Xnan_empty": T(Xnan_empty)}
out = {}
out["standard"] = preprocessing.StandardScaler().fit(Xp).transform(Xp_q)
out["standard_nomean"] = preprocessing.StandardScaler(with_mean=False).fit(Xp).transform(Xp_q)
out["minmax"] = preprocessing.MinMaxScaler().fit(Xp).transform(Xp_q)
out["minmax_range"] = preprocessing.MinMaxScaler(feature_range=(-2, 3)).fit(Xp).transform(Xp_q)
out["robust"] = preprocessing.RobustScaler().fit(Xp).transform(Xp_q)
out["robust_range"] = preprocessing.RobustScaler(quantile_range=(10.0, 80.0)).fit(Xp).transform(Xp_q)
out["onehot_ignore"] = preprocessing.OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(Xcat).transform(Xcat_q)
out["ordinal_unknown"] = preprocessing.OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(Xcat).transform(Xcat_q)
for s in ["mean", "median", "most_frequent"]:
    out[f"impute_{s}"] = impute.SimpleImputer(strategy=s).fit(Xnan).transform(Xnan)
    out[f"impute_{s}_empty"] = impute.SimpleImputer(strategy=s).fit(Xnan_empty).transform(Xnan_empty)
out["impute_constant"] = impute.SimpleImputer(strategy="constant", fill_value=-7.5).fit(Xnan).transform(Xnan)
Xpoly = Xp_q[:, :3]
out["poly2"] = preprocessing.PolynomialFeatures(2).fit(Xpoly).transform(Xpoly)
out["poly3_nobias"] = preprocessing.PolynomialFeatures(3, include_bias=False).fit(Xpoly).transform(Xpoly)
out["poly3_interaction"] = preprocessing.PolynomialFeatures(3, interaction_only=True).fit(Xpoly).transform(Xpoly)
pp["outputs"] = {k: T(v) for k, v in out.items()}
write("preprocessing", pp)

# ---------------------------------------------------------------- splits (unshuffled: must match exactly)
ysplit = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 1, 2, 2, 0, 1, 1, 2, 0, 0, 2, 1, 1, 2])
gsplit = np.array([1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 6, 7, 8, 8, 9, 9, 9])
n = len(ysplit)
def folds(cv, *args):
    return [{"train": T(tr), "test": T(te)} for tr, te in cv.split(np.zeros((n, 1)), *args)]
sp = {"n": n, "y": T(ysplit), "groups": T(gsplit), "cases": [
    {"splitter": "KFold", "params": {"n_splits": 5}, "folds": folds(model_selection.KFold(5))},
    {"splitter": "KFold", "params": {"n_splits": 3}, "folds": folds(model_selection.KFold(3))},
    {"splitter": "StratifiedKFold", "params": {"n_splits": 3}, "folds": folds(model_selection.StratifiedKFold(3), ysplit)},
    {"splitter": "StratifiedKFold", "params": {"n_splits": 5}, "folds": folds(model_selection.StratifiedKFold(5), ysplit)},
    {"splitter": "GroupKFold", "params": {"n_splits": 3}, "folds": folds(model_selection.GroupKFold(3), ysplit, gsplit)},
    {"splitter": "GroupKFold", "params": {"n_splits": 4}, "folds": folds(model_selection.GroupKFold(4), ysplit, gsplit)},
    {"splitter": "TimeSeriesSplit", "params": {"n_splits": 4}, "folds": folds(model_selection.TimeSeriesSplit(4))},
    {"splitter": "TimeSeriesSplit", "params": {"n_splits": 3, "max_train_size": 6, "gap": 2, "test_size": 4},
     "folds": folds(model_selection.TimeSeriesSplit(3, max_train_size=6, gap=2, test_size=4))},
]}
write("splits", sp)
print("all fixtures written", file=sys.stderr)
