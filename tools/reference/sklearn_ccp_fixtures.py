#!/usr/bin/env python3
"""scikit-learn reference fixtures for minimal cost-complexity pruning (ccp_alpha, cost_complexity_pruning_path).

Run with Debian's interpreter (python3-sklearn 1.2):
    /usr/bin/python3 tools/reference/sklearn_ccp_fixtures.py tests/fixtures/sklearn

Writes ccp.json: continuous features without ties in float32 (so the unpruned trees are determined by the data), and
per case sklearn's pruning path (ccp_alphas, impurities) and, for ccp_alpha values halfway between consecutive path
alphas (so that last-bit differences in the effective alphas cannot move the cut), the pruned tree_ arrays and
predictions on held-out rows. Gradient boosting cases store the pruned model's predictions and train_score_
(min_samples_leaf >= 5: see sklearn_gb_fixtures.py on exact partition ties).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T, no_ties
from sklearn import ensemble, tree

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1207)
n, n_test, p = 150, 50, 5
while True:
    X = rng.standard_normal((n + n_test, p))
    if no_ties(X[:n]):
        break
score = X[:, 0] - 0.7 * X[:, 1] + 0.4 * X[:, 2] * X[:, 3] + 0.6 * rng.standard_normal(n + n_test)
y_three = np.digitize(score, [-0.6, 0.6]) * 2 + 1          # labels 1, 3, 5
y_two = (score > 0.2).astype(np.int64)
y_reg = np.sin(X[:, 0]) * 2 + X[:, 1] ** 2 - X[:, 2] + 0.3 * rng.standard_normal(n + n_test)
sw = rng.uniform(0.3, 2.5, n)
Xt = X[n:]
cases = []


def tree_arrays(t):
    return {"children_left": T(t.children_left), "children_right": T(t.children_right), "feature": T(t.feature),
            "threshold": T(t.threshold), "impurity": T(t.impurity), "n_node_samples": T(t.n_node_samples),
            "value": T(t.value[:, 0, :])}


for name, y, params, weighted in [
    ("DecisionTreeClassifier", y_three, {"criterion": "gini"}, False),
    ("DecisionTreeClassifier", y_two, {"criterion": "entropy", "min_samples_leaf": 2}, True),
    ("DecisionTreeRegressor", y_reg, {"criterion": "squared_error"}, False),
    ("DecisionTreeRegressor", y_reg, {"criterion": "squared_error", "max_depth": 6}, True),
]:
    est = getattr(tree, name)(random_state=0, **params)
    w = sw if weighted else None
    path = est.cost_complexity_pruning_path(X[:n], y[:n], sample_weight=w)
    a = path.ccp_alphas
    picks = sorted({len(a) // 4, len(a) // 2, (3 * len(a)) // 4, len(a) - 2})
    fits = []
    for i in picks:
        alpha = float((a[i] + a[i + 1]) / 2)
        m = getattr(tree, name)(random_state=0, ccp_alpha=alpha, **params).fit(X[:n], y[:n], sample_weight=w)
        fits.append({"ccp_alpha": alpha, **tree_arrays(m.tree_), "max_depth": int(m.tree_.max_depth),
                     "predict": T(m.predict_proba(Xt) if name.endswith("Classifier") else m.predict(Xt))})
    cases.append({"estimator": name, "params": params, "y": "three" if y is y_three else "two" if y is y_two else "reg",
                  "weighted": weighted, "ccp_alphas": T(a), "impurities": T(path.impurities), "fits": fits})

for name, y, params in [
    ("GradientBoostingRegressor", y_reg, {"n_estimators": 20, "min_samples_leaf": 5, "ccp_alpha": 0.02}),
    ("GradientBoostingClassifier", y_two, {"n_estimators": 20, "min_samples_leaf": 5, "ccp_alpha": 0.002}),
]:
    m = getattr(ensemble, name)(random_state=0, **params).fit(X[:n], y[:n])
    leaves = [int(t.tree_.n_leaves) for t in m.estimators_[:, 0]]
    cases.append({"estimator": name, "params": params, "y": "reg" if y is y_reg else "two",
                  "predict": T(m.decision_function(Xt) if name.endswith("Classifier") else m.predict(Xt)),
                  "train_score": T(m.train_score_), "n_leaves": T(leaves)})

obj = {"sklearn_version": sklearn.__version__, "X": T(X[:n]), "X_test": T(Xt), "sample_weight": T(sw),
       "y_three": T(y_three[:n]), "y_two": T(y_two[:n]), "y_reg": T(y_reg[:n]), "cases": cases}
with open(os.path.join(out_dir, "ccp.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("ccp.json:", len(cases), "cases;", [len(c.get("ccp_alphas", {"data": []})["data"]) for c in cases])
