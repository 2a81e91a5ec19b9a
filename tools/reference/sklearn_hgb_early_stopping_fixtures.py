#!/usr/bin/env python3
"""scikit-learn reference fixtures for HistGradientBoosting's early stopping (scoring="loss").

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_hgb_early_stopping_fixtures.py tests/fixtures/sklearn

Writes hgb_early_stopping.json: a regression and a binary and a 3-class problem (continuous features), fitted with
early_stopping=True and a seed; per case sklearn's n_iter_, train_score_, validation_score_ and the rows it held out:
train_test_split(arange(n), test_size=validation_fraction, stratify=y for classifiers, random_state=s) with
s = RandomState(random_state).randint(2**32 - 1, dtype="u8"), exactly what fit() does.
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn import ensemble, model_selection

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1210)
n, p = 1500, 5
X = rng.standard_normal((n, p))
y_reg = X[:, 0] - 0.5 * X[:, 1] ** 2 + 0.8 * rng.standard_normal(n)
s = X[:, 0] + X[:, 2] + 1.2 * rng.standard_normal(n)
y_two = (s > 0.3).astype(np.int64)
y_three = np.digitize(s, [-0.8, 0.8])
cases = []
for name, y, params in [
    ("HistGradientBoostingRegressor", y_reg, {"random_state": 3, "validation_fraction": 0.2, "n_iter_no_change": 5}),
    ("HistGradientBoostingClassifier", y_two, {"random_state": 7, "validation_fraction": 0.15, "n_iter_no_change": 4}),
    ("HistGradientBoostingClassifier", y_three, {"random_state": 11, "n_iter_no_change": 6, "learning_rate": 0.3}),
]:
    m = getattr(ensemble, name)(early_stopping=True, max_iter=300, **params).fit(X, y)
    seed = np.random.RandomState(params["random_state"]).randint(np.iinfo(np.uint32).max, dtype="u8")
    tr, va = model_selection.train_test_split(np.arange(n), test_size=params.get("validation_fraction", 0.1),
                                              stratify=y if name.endswith("Classifier") else None, random_state=seed)
    cases.append({"estimator": name, "y": "reg" if y is y_reg else "two" if y is y_two else "three", "params": params,
                  "n_iter": int(m.n_iter_), "train_score": T(m.train_score_), "validation_score": T(m.validation_score_),
                  "split_train": T(tr), "split_val": T(va)})
obj = {"sklearn_version": sklearn.__version__, "X": T(X), "y_reg": T(y_reg), "y_two": T(y_two), "y_three": T(y_three), "cases": cases}
with open(os.path.join(out_dir, "hgb_early_stopping.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("hgb_early_stopping.json:", [(c["estimator"], c["n_iter"]) for c in cases])
