#!/usr/bin/env python3
"""scikit-learn reference fixtures for class_weight (DecisionTreeClassifier, LogisticRegression, SVC).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_class_weight_fixtures.py tests/fixtures/sklearn

Writes class_weight.json: imbalanced 3-class and 2-class data without ties (continuous features), stored next to
sklearn's results so the C# side fits on identical data. Trees must come out identical (random_state replayed, no
ties); logistic regression is fitted to convergence (tol 1e-10) so coefficients compare to 1e-4; SVC decision values
(libsvm, tol 1e-6) to 1e-3. RandomForest is left out: its bootstrap draws come from NumPy, which Glassbox does not replay.
Tensors are stored as {"shape": [...], "dtype": "float64"|"int64", "data": [...]} (row-major).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T
from sklearn import linear_model, svm, tree

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(31)


n, p = 300, 4
X = rng.standard_normal((n, p))
score = X[:, 0] - 0.8 * X[:, 1] + 0.5 * rng.standard_normal(n)
y3 = np.where(score > 1.2, 2, np.where(score > -0.2, 1, 0)) * 5 + 1   # labels 1, 6, 11, imbalanced
y2 = (score > 1.0).astype(np.int64) * 3 - 1                            # labels -1, 2; about 20 % positive
Xt = rng.standard_normal((40, p))
cases = []
for name, y in [("three", y3), ("two", y2)]:
    labels = np.unique(y)
    weights = {int(labels[0]): 1.0, int(labels[-1]): 3.5}
    for cw in ["balanced", weights]:
        cw_json = cw if isinstance(cw, str) else {str(k): v for k, v in cw.items()}
        for crit in ["gini", "entropy"]:
            m = tree.DecisionTreeClassifier(criterion=crit, max_depth=5, class_weight=cw, random_state=0).fit(X, y)
            t = m.tree_
            cases.append({"estimator": "DecisionTreeClassifier", "y": name, "class_weight": cw_json, "params": {"criterion": crit, "max_depth": 5},
                          "feature": T(t.feature), "threshold": T(t.threshold), "value": T(t.value[:, 0, :]),
                          "predict_proba": T(m.predict_proba(Xt))})
        m = linear_model.LogisticRegression(C=1.0, class_weight=cw, tol=1e-10, max_iter=10000).fit(X, y)
        cases.append({"estimator": "LogisticRegression", "y": name, "class_weight": cw_json, "params": {"C": 1.0},
                      "coef": T(m.coef_), "intercept": T(m.intercept_), "predict_proba": T(m.predict_proba(Xt))})
        m = svm.SVC(C=1.0, class_weight=cw, tol=1e-6, decision_function_shape="ovo").fit(X, y)
        cases.append({"estimator": "SVC", "y": name, "class_weight": cw_json, "params": {"C": 1.0},
                      "decision_function": T(m.decision_function(Xt)), "n_support": T(m.n_support_)})

obj = {"sklearn_version": sklearn.__version__, "X": T(X), "X_test": T(Xt), "y_three": T(y3), "y_two": T(y2), "cases": cases}
with open(os.path.join(out_dir, "class_weight.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("class_weight.json:", len(cases), "cases")
