#!/usr/bin/env python3
"""scikit-learn reference fixtures for max_leaf_nodes (best-first tree growth, sklearn's BestFirstTreeBuilder).

Run with Debian's interpreter (python3-sklearn 1.2):
    /usr/bin/python3 tools/reference/sklearn_max_leaf_fixtures.py tests/fixtures/sklearn

Writes max_leaf_nodes.json: decision trees (classifier with gini and entropy, regressor) grown with max_leaf_nodes,
alone and combined with max_depth, min_impurity_decrease, min_samples_leaf and max_features="sqrt" (which makes the
tree depend on the order in which best-first growth draws from the splitter's random stream), storing the full tree_
arrays and predictions on held-out rows; and gradient boosting (regressor, binary classifier) with max_leaf_nodes=6,
storing decision_function / predict and train_score_.
The data are seeded continuous Gaussians with no ties in float32 (no_ties), so every node's best split is unique. The
boosting cases use min_samples_leaf >= 5 and a data seed without exact partition ties in any tree (has_partition_tie;
see sklearn_gb_fixtures.py for why such ties would make the fixture test last-bit rounding noise).
Deliberate ties ("tied" cases, with their own X): one feature x = 0..47 and a target repeating every 8 rows, so many
nodes share the same improvement bit for bit (same target values summed in the same order) and the expansion order is
decided by the frontier heap's tie rule (libstdc++'s push_heap/pop_heap), and within a node the first of equal
thresholds wins. Whole numbers keep every sum exact, so these cases test the tie rules, not rounding.
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

n_train, n_test, p = 160, 60, 6

TREE_SPECS = [
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 2}),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 5}),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 17}),
    ("DecisionTreeClassifier", {"criterion": "entropy", "max_leaf_nodes": 5}),
    ("DecisionTreeClassifier", {"criterion": "entropy", "max_leaf_nodes": 17}),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 17, "max_depth": 3}),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 17, "max_features": "sqrt", "random_state": 7}),
    ("DecisionTreeClassifier", {"criterion": "gini", "max_leaf_nodes": 1000, "min_samples_leaf": 3}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 2}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 5}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 17}),
    ("DecisionTreeRegressor", {"criterion": "friedman_mse", "max_leaf_nodes": 17, "min_samples_leaf": 4}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 17, "min_impurity_decrease": 0.08}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 17, "max_features": "sqrt", "random_state": 3}),
    ("DecisionTreeRegressor", {"max_leaf_nodes": 1000}),
]

GB_SPECS = [
    ("GradientBoostingRegressor", {"n_estimators": 25, "max_leaf_nodes": 6, "min_samples_leaf": 5}, "reg"),
    ("GradientBoostingClassifier", {"n_estimators": 25, "max_leaf_nodes": 6, "min_samples_leaf": 5, "max_depth": None}, "bin"),
]


def make_data(seed):
    r = np.random.default_rng(seed)
    n = n_train + n_test
    X = r.normal(size=(n, p))
    w = np.array([1.5, -2.0, 0.7, 0.3, 0.0, -0.5])
    y_reg = X @ w + np.sin(2 * X[:, 0]) + 0.3 * r.normal(size=n)
    y_bin = (X @ w + 0.5 * r.normal(size=n) > 0).astype(np.int64)
    s3 = np.stack([X[:, 0] - X[:, 1], X[:, 2] + 0.5 * X[:, 3], -X[:, 0] + 0.3 * X[:, 5]], axis=1) + 0.4 * r.normal(size=(n, 3))
    return X, {"reg": y_reg, "bin": y_bin, "3": np.argmax(s3, axis=1).astype(np.int64)}


for seed in range(20261206, 20261206 + 200):
    X, ys = make_data(seed)
    if not no_ties(X[:n_train]):
        continue
    gbs = [getattr(ensemble, name)(random_state=0, **params).fit(X[:n_train], ys[kind][:n_train]) for name, params, kind in GB_SPECS]
    if any(has_partition_tie(est, X[:n_train]) for est in gbs):
        continue
    print("data seed", seed)
    break
else:
    raise RuntimeError("no tie-free data seed found")

Xtr, Xt = X[:n_train], X[n_train:]
cases = []
for name, params in TREE_SPECS:
    clf = name.endswith("Classifier")
    y = ys["3"] if clf else ys["reg"]
    params = {"random_state": 0, **params}
    est = getattr(tree, name)(**params).fit(Xtr, y[:n_train])
    t = est.tree_
    c = {"estimator": name, "params": params, "y": T(y[:n_train]),
         "children_left": T(t.children_left), "children_right": T(t.children_right), "feature": T(t.feature),
         "threshold": T(t.threshold), "value": T(t.value[:, 0, :]), "impurity": T(t.impurity),
         "n_node_samples": T(t.n_node_samples), "max_depth": int(t.max_depth), "n_leaves": int(t.n_leaves),
         "predict": T(est.predict(Xt))}
    if clf:
        c["predict_proba"] = T(est.predict_proba(Xt))
    cases.append(c)

# heap ties: identical blocks of 8 rows give nodes of bit-identical improvement
x_tied = np.arange(48, dtype=np.float64).reshape(-1, 1)
xt_tied = np.arange(-1, 49, 0.5).reshape(-1, 1)
y_tied = {"DecisionTreeRegressor": np.tile([0, 0, 1, 1, 5, 5, 6, 6], 6).astype(np.float64),
          "DecisionTreeClassifier": np.tile([0, 0, 1, 1, 2, 2, 1, 0], 6).astype(np.int64)}
for name, mln in [("DecisionTreeRegressor", 9), ("DecisionTreeRegressor", 13), ("DecisionTreeRegressor", 20),
                  ("DecisionTreeClassifier", 6), ("DecisionTreeClassifier", 9), ("DecisionTreeClassifier", 15)]:
    params = {"random_state": 0, "max_leaf_nodes": mln}
    est = getattr(tree, name)(**params).fit(x_tied, y_tied[name])
    t = est.tree_
    c = {"estimator": name, "params": params, "data": "tied", "X": T(x_tied), "X_test": T(xt_tied), "y": T(y_tied[name]),
         "children_left": T(t.children_left), "children_right": T(t.children_right), "feature": T(t.feature),
         "threshold": T(t.threshold), "value": T(t.value[:, 0, :]), "impurity": T(t.impurity),
         "n_node_samples": T(t.n_node_samples), "max_depth": int(t.max_depth), "n_leaves": int(t.n_leaves),
         "predict": T(est.predict(xt_tied))}
    if name.endswith("Classifier"):
        c["predict_proba"] = T(est.predict_proba(xt_tied))
    cases.append(c)

for (name, params, kind), est in zip(GB_SPECS, gbs):
    clf = name.endswith("Classifier")
    y = ys[kind]
    cases.append({"estimator": name, "params": params, "y": T(y[:n_train]),
                  "decision_function": T(est.decision_function(Xt) if clf else est.predict(Xt)),
                  "predict": T(est.predict(Xt)), "train_score": T(est.train_score_),
                  "n_leaves": T([e.tree_.n_leaves for e in est.estimators_[:, 0]])})

obj = {"sklearn_version": sklearn.__version__, "X": T(Xtr), "X_test": T(Xt), "cases": cases}
with open(os.path.join(out_dir, "max_leaf_nodes.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("wrote", len(cases), "cases")
