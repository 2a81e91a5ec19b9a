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
    m = linear_model.LogisticRegression(tol=1e-12, max_iter=200000, **kw).fit(X, y)
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
