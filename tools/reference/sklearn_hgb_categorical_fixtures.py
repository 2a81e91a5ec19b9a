#!/usr/bin/env python3
"""scikit-learn reference fixtures for native categorical features in HistGradientBoosting (categorical_features).

Run with Debian's interpreter (python3-sklearn 1.2.1, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_hgb_categorical_fixtures.py tests/fixtures/sklearn

Writes hgb_categorical.json. The data mixes two continuous features with three categorical ones: 3 categories
(no NaN in training, NaN in some test rows), 7 categories with NaN in training and one category (7) seen only in
the test rows, and 40 categories drawn with very unequal frequencies so that several fall below sklearn's
MIN_CAT_SUPPORT = 10, plus categories 40..44 seen only in the test rows. The target depends on category membership
in a non-ordinal way. Cases: regressor, binary and 3-class classifier with categorical_features as indices, and a
regressor with a bool mask (other hyperparameters), all with early_stopping=False and a fixed max_iter. Stored:
predict on train and test rows, decision_function and predict_proba for the classifiers, train accuracy / R²
(score), and train_score_ (empty without early stopping, as sklearn stores it).
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import ensemble

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_util import T  # noqa: E402

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(1958)

# n_train − 1 = 802 shares no factor with max_bins = 255, so no quantile of the continuous columns falls exactly on a
# sample index. Where one does ((n − 1)·t/255 an integer), NumPy's percentile takes that sample value while Glassbox's
# HistBinner, which computes the index as (100·t/255)/100·(n − 1), can land just below it and take a midpoint; that
# moves one bin edge of a continuous column (a numeric-path difference outside this fixture's subject).
n_train, n_test = 803, 300
n = n_train + n_test
x0 = rng.standard_normal(n)
x1 = rng.uniform(-2, 2, n)
c3 = rng.integers(0, 3, n).astype(float)
c7 = rng.choice(7, n, p=[0.25, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05]).astype(float)
w40 = rng.uniform(0.05, 1.0, 40)
w40[[3, 11, 17, 25, 33, 38]] = 0.004  # rare: a handful of rows each, below the support threshold
c40 = rng.choice(40, n, p=w40 / w40.sum()).astype(float)
# unseen categories only in the test rows; NaN in training for c7, only at test for c3
test = np.arange(n) >= n_train
c7[test & (rng.uniform(size=n) < 0.08)] = 7.0
unseen = test & (rng.uniform(size=n) < 0.06)
c40[unseen] = rng.integers(40, 45, unseen.sum())
c7[rng.uniform(size=n) < 0.07] = np.nan
c3[test & (rng.uniform(size=n) < 0.05)] = np.nan

eff7 = np.array([0.8, -1.0, 0.9, -0.2, -1.2, 0.5, 1.5])
eff40 = rng.normal(0, 1.0, 45)
eff3 = np.array([0.0, 1.2, -0.7])
e7 = np.where(np.isnan(c7), 0.6, eff7[np.nan_to_num(c7, nan=0).astype(int).clip(0, 6)])
e40 = eff40[c40.astype(int)]
e3 = eff3[np.nan_to_num(c3, nan=0).astype(int)]
f = 0.8 * x0 + np.sin(1.5 * x1) + e3 + e7 + e40 + np.where(np.isin(c7, [1, 4, 6]), 0.7 * x0, 0)

X = np.column_stack([x0, x1, c3, c7, c40])
y_reg = f + 0.3 * rng.standard_normal(n)
y_two = (f + 0.5 * rng.standard_normal(n) > np.median(f)).astype(np.int64)
logits = np.stack([f, -f + 0.5 * e40, 1.3 * e7 - x0], axis=1)
y_three = np.argmax(logits + 0.6 * rng.standard_normal(logits.shape), axis=1).astype(np.int64)

Xtr, Xte = X[:n_train], X[n_train:]
cases = []
specs = [
    ("HistGradientBoostingRegressor", "y_reg", {"max_iter": 25, "max_leaf_nodes": 15}, [2, 3, 4]),
    ("HistGradientBoostingClassifier", "y_two", {"max_iter": 25, "max_leaf_nodes": 15}, [2, 3, 4]),
    ("HistGradientBoostingClassifier", "y_three", {"max_iter": 20, "max_leaf_nodes": 10}, [2, 3, 4]),
    ("HistGradientBoostingRegressor", "y_reg",
     {"max_iter": 30, "max_leaf_nodes": 8, "learning_rate": 0.2, "l2_regularization": 1.0, "min_samples_leaf": 10},
     [False, False, True, True, True]),
]
ys = {"y_reg": y_reg, "y_two": y_two, "y_three": y_three}
for name, yk, ps, cf in specs:
    y = ys[yk]
    m = getattr(ensemble, name)(early_stopping=False, categorical_features=cf, **ps).fit(Xtr, y[:n_train])
    n_cat_splits = int(sum(p.nodes["is_categorical"].sum() for it in m._predictors for p in it))
    c = {"estimator": name, "y": yk, "params": ps, "categorical_features": cf,
         "predict_train": T(m.predict(Xtr)), "predict_test": T(m.predict(Xte)),
         "score_train": float(m.score(Xtr, y[:n_train])), "train_score_": T(np.asarray(m.train_score_, dtype=float)),
         "n_iter": int(m.n_iter_), "n_categorical_splits": n_cat_splits}
    if name.endswith("Classifier"):
        c["decision_train"] = T(m.decision_function(Xtr))
        c["decision_test"] = T(m.decision_function(Xte))
        c["proba_train"] = T(m.predict_proba(Xtr))
        c["proba_test"] = T(m.predict_proba(Xte))
    cases.append(c)
    print(name, yk, "categorical splits:", n_cat_splits, "score:", c["score_train"])

obj = {"sklearn_version": sklearn.__version__, "n_train": n_train, "X": T(X),
       "y_reg": T(y_reg), "y_two": T(y_two), "y_three": T(y_three), "cases": cases}
with open(os.path.join(out_dir, "hgb_categorical.json"), "w") as fh:
    json.dump(obj, fh, separators=(",", ":"))
print("hgb_categorical.json:", len(cases), "cases")
