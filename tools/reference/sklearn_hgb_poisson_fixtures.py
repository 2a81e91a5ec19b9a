#!/usr/bin/env python3
"""scikit-learn reference fixtures for HistGradientBoostingRegressor(loss="poisson").

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_hgb_poisson_fixtures.py tests/fixtures/sklearn

Writes hgb_poisson.json: count targets y ~ Poisson(exp(0.6·x0 − 0.4·x1 + 0.3·x2·x3)) on continuous features, and
sklearn's predictions (the mean e^f) on training and held-out rows for two settings (early stopping off).
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn import ensemble

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1211)
n, n_test, p = 700, 200, 4
X = rng.standard_normal((n + n_test, p))
y = rng.poisson(np.exp(0.6 * X[:, 0] - 0.4 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3])).astype(np.float64)
cases = []
for params in [{"max_iter": 30}, {"max_iter": 20, "learning_rate": 0.3, "max_leaf_nodes": 8, "l2_regularization": 1.0}]:
    m = ensemble.HistGradientBoostingRegressor(loss="poisson", early_stopping=False, **params).fit(X[:n], y[:n])
    cases.append({"params": params, "predict_train": T(m.predict(X[:n])), "predict_test": T(m.predict(X[n:])),
                  "baseline": float(m._baseline_prediction.ravel()[0])})
obj = {"sklearn_version": sklearn.__version__, "X": T(X[:n]), "X_test": T(X[n:]), "y": T(y[:n]), "cases": cases}
with open(os.path.join(out_dir, "hgb_poisson.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("hgb_poisson.json:", len(cases), "cases")
