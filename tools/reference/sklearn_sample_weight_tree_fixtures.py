#!/usr/bin/env python3
"""scikit-learn reference fixtures for sample_weight in the tree family (decision trees, gradient boosting).

Run with Debian's interpreter (python3-sklearn 1.2):
    /usr/bin/python3 tools/reference/sklearn_sample_weight_tree_fixtures.py tests/fixtures/sklearn

Writes sample_weight_trees.json: continuous Gaussian features without ties (in float32), non-integer positive
weights drawn from uniform(0.2, 3) with a few exact zeros (rows sklearn's splitter drops), and per case sklearn's
fitted arrays: for trees tree_.feature / threshold / value (weighted class sums, or weighted leaf means) and
predictions on held-out rows; for gradient boosting decision_function (regressor: predict), predict_proba,
train_score_ and feature_importances_. RandomForest is left out: its bootstrap draws come from NumPy, which Glassbox
does not replay (the forests are tested by property instead).

Ties: decision trees are fitted on exact inputs (y, weights), and the builder sums in sklearn's order, so even exact
partition ties are broken as sklearn breaks them. Gradient boosting's residuals go through NumPy (pairwise np.sum in
np.average and in the Newton leaves, SIMD exp), so their last bits can differ from ours; where two features induce the
very same partition of a node, the winner would be decided by that rounding. As in sklearn_gb_fixtures.py, every
boosting case uses min_samples_leaf >= 5 and the data seed is advanced until no boosting tree has such a tie
(has_partition_tie, over the rows the tree saw: in-bag and of positive weight).
Tensors are {"shape", "dtype", "data"} as in sklearn_fixtures.py.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T, has_partition_tie, no_ties
from sklearn import ensemble, tree

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
n_train, n_test, p = 90, 40, 4


TREE_SPECS = [
    ("DecisionTreeClassifier", {"criterion": "gini", "max_depth": 6}, "3"),
    ("DecisionTreeClassifier", {"criterion": "entropy", "max_depth": 6}, "3"),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_depth": 5, "class_weight": "balanced"}, "3"),
    ("DecisionTreeClassifier", {"criterion": "entropy", "min_samples_leaf": 3, "class_weight": "balanced"}, "bin"),
    ("DecisionTreeRegressor", {"criterion": "squared_error", "max_depth": 6}, "reg"),
    ("DecisionTreeRegressor", {"criterion": "friedman_mse", "min_samples_leaf": 4}, "reg"),
]

GB_SPECS = [
    ("GradientBoostingRegressor", {"loss": "squared_error", "n_estimators": 25, "min_samples_leaf": 5}, "reg"),
    ("GradientBoostingRegressor", {"loss": "absolute_error", "n_estimators": 25, "min_samples_leaf": 5}, "reg"),
    ("GradientBoostingRegressor", {"loss": "huber", "n_estimators": 25, "min_samples_leaf": 5}, "reg"),
    ("GradientBoostingRegressor", {"loss": "quantile", "alpha": 0.8, "n_estimators": 25, "min_samples_leaf": 5}, "reg"),
    ("GradientBoostingRegressor", {"loss": "squared_error", "n_estimators": 20, "subsample": 0.7, "min_samples_leaf": 6}, "reg"),
    ("GradientBoostingRegressor", {"loss": "huber", "alpha": 0.7, "n_estimators": 20, "subsample": 0.7, "min_samples_leaf": 6}, "reg"),
    ("GradientBoostingClassifier", {"n_estimators": 25, "min_samples_leaf": 5}, "bin"),
    ("GradientBoostingClassifier", {"n_estimators": 20, "learning_rate": 0.2, "max_depth": 2, "min_samples_leaf": 6}, "3"),
    ("GradientBoostingClassifier", {"loss": "exponential", "n_estimators": 25, "min_samples_leaf": 6}, "bin"),
]


def make_data(seed):
    r = np.random.default_rng(seed)
    n = n_train + n_test
    X = r.normal(size=(n, p))
    coef = np.array([1.5, -2.0, 0.7, 0.3])
    y_reg = X @ coef + np.sin(2 * X[:, 0]) + 0.3 * r.normal(size=n)
    y_bin = ((X @ coef + 0.8 * r.normal(size=n)) > 0.5).astype(np.int64) * 3 + 2  # labels {2, 5}, imbalanced
    s3 = np.stack([X[:, 0] - X[:, 1], X[:, 2] + 0.5 * X[:, 3], -X[:, 0] + 0.3 * X[:, 1]], axis=1) + 0.5 * r.normal(size=(n, 3))
    y3 = np.argmax(s3, axis=1).astype(np.int64) * 10 - 7  # labels -7, 3, 13
    sw = r.uniform(0.2, 3.0, size=n_train)
    sw[r.choice(n_train, size=6, replace=False)] = 0.0
    return X, {"reg": y_reg, "bin": y_bin, "3": y3}, sw


def fit_gb(X, ys, sw):
    fitted = []
    for name, params, kind in GB_SPECS:
        est = getattr(ensemble, name)(random_state=0, **params).fit(X[:n_train], ys[kind][:n_train], sample_weight=sw)
        if has_partition_tie(est, X[:n_train], sw):
            return None
        fitted.append((name, params, kind, est))
    return fitted


for seed in range(20261206, 20261206 + 300):
    X, ys, sw = make_data(seed)
    if not no_ties(X[:n_train]):
        continue
    gb = fit_gb(X, ys, sw)
    if gb is not None:
        print("data seed", seed)
        break
else:
    raise RuntimeError("no tie-free data seed found")

Xtr, Xt = X[:n_train], X[n_train:]
cases = []
for name, params, kind in TREE_SPECS:
    est = getattr(tree, name)(random_state=0, **params).fit(Xtr, ys[kind][:n_train], sample_weight=sw)
    t = est.tree_
    clf = name.endswith("Classifier")
    c = {"estimator": name, "params": params, "y": kind,
         "feature": T(t.feature), "threshold": T(t.threshold),
         "value": T(t.value[:, 0, :] if clf else t.value[:, 0, 0]),
         "n_node_samples": T(t.n_node_samples), "weighted_n_node_samples": T(t.weighted_n_node_samples),
         "impurity": T(t.impurity), "feature_importances": T(est.feature_importances_)}
    c["predict_proba" if clf else "predict"] = T(est.predict_proba(Xt) if clf else est.predict(Xt))
    cases.append(c)
for name, params, kind, est in gb:
    clf = name.endswith("Classifier")
    c = {"estimator": name, "params": params, "y": kind,
         "train_score": T(est.train_score_),
         "decision_function": T(est.decision_function(Xt) if clf else est.predict(Xt)),
         "predict": T(est.predict(Xt)),
         "feature_importances": T(est.feature_importances_)}
    if clf:
        c["predict_proba"] = T(est.predict_proba(Xt))
    cases.append(c)

obj = {"sklearn_version": sklearn.__version__, "X": T(Xtr), "X_test": T(Xt), "sample_weight": T(sw),
       "y_reg": T(ys["reg"][:n_train]), "y_bin": T(ys["bin"][:n_train]), "y_3": T(ys["3"][:n_train]), "cases": cases}
with open(os.path.join(out_dir, "sample_weight_trees.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("sample_weight_trees.json:", len(cases), "cases")
