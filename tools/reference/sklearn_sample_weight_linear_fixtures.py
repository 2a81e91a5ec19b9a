#!/usr/bin/env python3
"""scikit-learn reference fixtures for sample_weight in the linear family (and StandardScaler, the usual step before it).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_sample_weight_linear_fixtures.py tests/fixtures/sklearn

Writes sample_weight_linear.json: a regression and a 2-/3-class classification problem with non-integer weights
(uniform on [0.2, 3]) and a few exact zeros, and each estimator's solution fitted with those weights:
LinearRegression and Ridge (weighted centring + sqrt(w) row scaling), Lasso and ElasticNet (weights rescaled to sum
to n first, so alpha keeps its meaning), LogisticRegression with L2 (newton-cg at tol 1e-12: the tightly converged
minimiser), L1 and elastic-net (saga at tol 1e-12), and once combined with class_weight="balanced"; StandardScaler's
weighted mean_/var_ with and without NaN cells (missing values are left out of the statistics).
Tensors are {"shape", "dtype", "data"} (row-major), as in sklearn_fixtures.py.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T
from sklearn import linear_model, preprocessing

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1206)


n, p = 120, 5
X = rng.standard_normal((n, p)) * np.array([1.0, 2.0, 0.5, 1.5, 1.0]) + np.array([0.5, -1.0, 2.0, 0.0, 1.0])
w_true = np.array([1.5, -0.7, 2.0, 0.0, 0.4])
y_reg = X @ w_true + 3.0 + 0.5 * rng.standard_normal(n)
score = X @ np.array([1.0, -0.5, 0.8, 0.3, -0.2]) - 1.0 + 0.8 * rng.standard_normal(n)
y_two = np.where(score > 0.3, 4, -1)
s3 = X @ rng.standard_normal((p, 3)) + 0.7 * rng.standard_normal((n, 3))
y_three = np.array([2, 5, 9])[np.argmax(s3, axis=1)]
sw = rng.uniform(0.2, 3.0, n)
sw[[3, 17, 40, 41, 99]] = 0.0

cases = []
for fi in [True, False]:
    for name, params, m in [
        ("LinearRegression", {}, linear_model.LinearRegression(fit_intercept=fi)),
        ("Ridge", {"alpha": 1.5}, linear_model.Ridge(alpha=1.5, fit_intercept=fi)),
        ("Lasso", {"alpha": 0.05}, linear_model.Lasso(alpha=0.05, fit_intercept=fi, tol=1e-12, max_iter=1000000)),
        ("ElasticNet", {"alpha": 0.1, "l1_ratio": 0.4}, linear_model.ElasticNet(alpha=0.1, l1_ratio=0.4, fit_intercept=fi, tol=1e-12, max_iter=1000000)),
    ]:
        m.fit(X, y_reg, sample_weight=sw)
        cases.append({"estimator": name, "y": "reg", "params": {**params, "fit_intercept": fi},
                      "coef": T(m.coef_), "intercept": T(np.atleast_1d(m.intercept_)), "predict": T(m.predict(X))})

for y_name, y in [("two", y_two), ("three", y_three)]:
    for params in [dict(penalty="l2", C=0.7, solver="newton-cg"), dict(penalty="l1", C=0.5, solver="saga"),
                   dict(penalty="elasticnet", C=0.8, l1_ratio=0.5, solver="saga"),
                   dict(penalty="l2", C=1.0, solver="newton-cg", class_weight="balanced")]:
        m = linear_model.LogisticRegression(tol=1e-12, max_iter=200000, random_state=0, **params).fit(X, y, sample_weight=sw)
        cases.append({"estimator": "LogisticRegression", "y": y_name, "params": {k: v for k, v in params.items() if k != "solver"},
                      "coef": T(m.coef_), "intercept": T(m.intercept_), "predict_proba": T(m.predict_proba(X))})

X_nan = X.copy()
X_nan[[1, 5, 30], [0, 2, 2]] = np.nan
for data, Xs in [("X", X), ("X_nan", X_nan)]:
    m = preprocessing.StandardScaler().fit(Xs, sample_weight=sw)
    cases.append({"estimator": "StandardScaler", "y": "reg", "data": data, "params": {},
                  "mean": T(m.mean_), "var": T(m.var_), "transform": T(np.nan_to_num(m.transform(Xs), nan=-999.0))})

obj = {"X_nan": T(np.nan_to_num(X_nan, nan=-999.0)), "sklearn_version": sklearn.__version__, "X": T(X), "sample_weight": T(sw),
       "y_reg": T(y_reg), "y_two": T(y_two), "y_three": T(y_three), "cases": cases}
with open(os.path.join(out_dir, "sample_weight_linear.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("sample_weight_linear.json:", len(cases), "cases")
