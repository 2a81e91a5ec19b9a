#!/usr/bin/env python3
"""scikit-learn reference fixtures for Glassbox.ML.Ensemble.GradientBoosting{Regressor,Classifier}.

Run with Debian's interpreter (python3-sklearn 1.2):
    /usr/bin/python3 tools/reference/sklearn_gb_fixtures.py tests/fixtures/sklearn

Writes gradient_boosting.json: for each case the params, the training/test data, sklearn's init prediction,
train_score_, decision_function / predict / predict_proba on the test rows. Data are seeded continuous
Gaussians (no ties in float32, so the best split of every node is unique up to the ±1 residuals of the
absolute error, where sklearn's feature-visit order, reproduced by Glassbox, breaks ties).
Exact ties: when another feature induces the very same partition of a node's (in-bag) samples as the chosen split,
sklearn's winner is decided by last-bit rounding of the proxy improvement, which depends on how the residuals were
rounded (NumPy's SIMD exp/log differ from libm in the last bit on AVX-512 machines) and on the node's summation
order. Such fixtures would test rounding noise. With min_samples_leaf = 1 two-sample nodes tie on every feature
and the builder reproduces sklearn's arithmetic bit for bit when the residuals are bit-identical (squared and
absolute error, and in practice the binary case); the multinomial, exponential (whose e^{-yF} residuals round
differently under NumPy's SIMD exp) and subsampled cases use min_samples_leaf >= 5 and the data seed is advanced until
none of their trees has such a tie (see has_partition_tie).
Tensors are {"shape", "dtype", "data"} as in sklearn_fixtures.py.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T, has_partition_tie, no_ties
from sklearn import ensemble, model_selection

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)


n_train, n_test, p = 80, 40, 4


SPECS = [
    ("GradientBoostingRegressor", {"loss": "squared_error", "n_estimators": 30}, "reg", False),
    ("GradientBoostingRegressor", {"loss": "squared_error", "n_estimators": 25, "learning_rate": 0.3, "max_depth": 2,
                                   "criterion": "squared_error", "min_samples_leaf": 3}, "reg", False),
    ("GradientBoostingRegressor", {"loss": "absolute_error", "n_estimators": 30}, "reg", False),
    ("GradientBoostingRegressor", {"loss": "squared_error", "n_estimators": 20, "subsample": 0.7, "min_samples_leaf": 8}, "reg", True),
    ("GradientBoostingClassifier", {"n_estimators": 30}, "bin", False),
    ("GradientBoostingClassifier", {"n_estimators": 20, "learning_rate": 0.2, "max_depth": 2, "min_samples_leaf": 8}, "3", True),
    ("GradientBoostingClassifier", {"n_estimators": 20, "subsample": 0.6, "min_samples_leaf": 8}, "bin", True),
    ("GradientBoostingRegressor", {"loss": "huber", "n_estimators": 25}, "reg", False),
    ("GradientBoostingRegressor", {"loss": "huber", "alpha": 0.7, "n_estimators": 20, "subsample": 0.8, "min_samples_leaf": 5}, "reg", True),
    ("GradientBoostingRegressor", {"loss": "quantile", "alpha": 0.8, "n_estimators": 25}, "reg", False),
    ("GradientBoostingClassifier", {"loss": "exponential", "n_estimators": 25, "min_samples_leaf": 8}, "bin", True),
    # early stopping: train_test_split(random_state=0, stratify=y for classifiers) holds out validation rows first
    ("GradientBoostingRegressor", {"n_estimators": 200, "learning_rate": 0.3, "n_iter_no_change": 4, "validation_fraction": 0.2}, "reg", False),
    ("GradientBoostingRegressor", {"loss": "huber", "n_estimators": 200, "learning_rate": 0.3, "n_iter_no_change": 3,
                                   "validation_fraction": 0.25, "tol": 1e-3}, "reg", False),
    ("GradientBoostingClassifier", {"n_estimators": 200, "learning_rate": 0.5, "n_iter_no_change": 3, "validation_fraction": 0.2,
                                    "min_samples_leaf": 5}, "bin", False),
    ("GradientBoostingClassifier", {"n_estimators": 200, "learning_rate": 0.5, "n_iter_no_change": 3, "validation_fraction": 0.3,
                                    "min_samples_leaf": 5, "max_depth": 2}, "3", False),
]


def make_data(seed):
    r = np.random.default_rng(seed)
    X = r.normal(size=(n_train + n_test, p))
    w = np.array([1.5, -2.0, 0.7, 0.3])
    y_reg = X @ w + np.sin(2 * X[:, 0]) + 0.3 * r.normal(size=n_train + n_test)
    score2 = X @ w + 0.5 * r.normal(size=n_train + n_test)
    y_bin = (score2 > 0).astype(np.int64) * 3 + 2  # labels {2, 5}: exercises the class encoding
    s3 = np.stack([X[:, 0] - X[:, 1], X[:, 2] + 0.5 * X[:, 3], -X[:, 0] + 0.3 * X[:, 1]], axis=1) \
        + 0.4 * r.normal(size=(n_train + n_test, 3))
    return X, {"reg": y_reg, "bin": y_bin, "3": np.argmax(s3, axis=1).astype(np.int64)}


def fit_all(X, ys):
    fitted = []
    for name, params, kind, check in SPECS:
        est = getattr(ensemble, name)(random_state=0, **params).fit(X[:n_train], ys[kind][:n_train])
        if check and has_partition_tie(est, X[:n_train]):
            return None
        fitted.append((name, params, ys[kind], est))
    return fitted


for seed in range(20261122, 20261122 + 200):
    X, ys = make_data(seed)
    if not no_ties(X[:n_train]):
        continue
    fitted = fit_all(X, ys)
    if fitted is not None:
        print("data seed", seed)
        break
else:
    raise RuntimeError("no tie-free data seed found")

cases = []
for est_name, params, y, est in fitted:
    Xt = X[n_train:]
    clf = est_name.endswith("Classifier")
    c = {"estimator": est_name, "params": params, "y": T(y[:n_train]),
         "train_score": T(est.train_score_),
         "decision_function": T(est.decision_function(Xt) if clf else est.predict(Xt)),
         "predict": T(est.predict(Xt)),
         "train_decision": T(est.decision_function(X[:n_train]) if clf else est.predict(X[:n_train])),
         "feature_importances": T(est.feature_importances_), "n_estimators_": int(est.n_estimators_)}
    if est.subsample < 1:
        c["oob_improvement"] = T(est.oob_improvement_)
    if "n_iter_no_change" in params:
        # the rows sklearn held out (its train_test_split with the fit's arguments), to check the replayed split itself
        tr, te = model_selection.train_test_split(np.arange(n_train), random_state=0, test_size=params["validation_fraction"],
                                                  stratify=y[:n_train] if clf else None)
        c["split_train"], c["split_test"] = T(tr), T(te)
    if clf:
        c["predict_proba"] = T(est.predict_proba(Xt))
    cases.append(c)

obj = {"sklearn_version": sklearn.__version__, "X": T(X[:n_train]), "X_test": T(X[n_train:]), "cases": cases}
with open(os.path.join(out_dir, "gradient_boosting.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("wrote", len(cases), "cases")
