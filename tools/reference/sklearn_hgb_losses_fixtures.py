#!/usr/bin/env python3
"""scikit-learn reference fixtures for HistGradientBoostingRegressor's losses beyond squared error.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_hgb_losses_fixtures.py tests/fixtures/sklearn

Writes hgb_losses.json: loss="poisson" on count targets y ~ Poisson(exp(0.6·x0 − 0.4·x1 + 0.3·x2·x3)), and
loss="absolute_error" / loss="quantile" on heavy-tailed targets (Student t noise), continuous features, early stopping
off; per case sklearn's baseline and predictions on training and held-out rows (one weighted case).
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
y_counts = rng.poisson(np.exp(0.6 * X[:, 0] - 0.4 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3])).astype(np.float64)
y_heavy = 2 * X[:, 0] - X[:, 1] ** 2 + rng.standard_t(2, n + n_test)
sw = rng.uniform(0.2, 3.0, n)
cases = []
for y_name, y, params, weighted in [
    ("counts", y_counts, {"loss": "poisson", "max_iter": 30}, False),
    ("counts", y_counts, {"loss": "poisson", "max_iter": 20, "learning_rate": 0.3, "max_leaf_nodes": 8, "l2_regularization": 1.0}, False),
    ("heavy", y_heavy, {"loss": "absolute_error", "max_iter": 30}, False),
    ("heavy", y_heavy, {"loss": "quantile", "quantile": 0.8, "max_iter": 25, "max_leaf_nodes": 12}, False),
    ("heavy", y_heavy, {"loss": "absolute_error", "max_iter": 15}, True),
]:
    m = ensemble.HistGradientBoostingRegressor(early_stopping=False, **params).fit(X[:n], y[:n], sample_weight=sw if weighted else None)
    cases.append({"y": y_name, "params": params, "weighted": weighted, "predict_train": T(m.predict(X[:n])),
                  "predict_test": T(m.predict(X[n:])), "baseline": float(m._baseline_prediction.ravel()[0])})
obj = {"sklearn_version": sklearn.__version__, "X": T(X[:n]), "X_test": T(X[n:]), "y_counts": T(y_counts[:n]),
       "y_heavy": T(y_heavy[:n]), "sample_weight": T(sw), "cases": cases}
with open(os.path.join(out_dir, "hgb_losses.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("hgb_losses.json:", len(cases), "cases")
