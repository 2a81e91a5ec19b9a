#!/usr/bin/env python3
"""scikit-learn reference fixtures for Glassbox.ML.Tree / Glassbox.ML.Ensemble.

Run with Debian's interpreter (python3-sklearn 1.2):
    /usr/bin/python3 tools/reference/sklearn_tree_fixtures.py tests/fixtures/sklearn

Writes trees.json (decision trees: the full tree_ arrays, predictions, probabilities, importances, export_text;
random forests: reference accuracies only, since forests depend on NumPy's bootstrap stream) and boosting.json
(GradientBoosting decision functions; HistGradientBoosting reference accuracy).
Datasets "no ties" have every feature column distinct in float32 (sklearn's tree dtype) with gaps > 1e-7
(sklearn's FEATURE_THRESHOLD), so the best split is unique and the tree is determined by the data alone.
Tensors are {"shape", "dtype", "data"} as in sklearn_fixtures.py.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import datasets, ensemble, tree


warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(20261124)


def T(a, dtype=None):
    a = np.asarray(a)
    if dtype is None:
        dtype = "int64" if a.dtype.kind in "iub" else "float64"
    if dtype == "int64":
        data = [int(v) for v in a.ravel()]
    else:
        data = [float(v) if np.isfinite(v) else ("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
                for v in a.astype(np.float64).ravel()]
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def write(name, obj):
    obj = {"sklearn_version": sklearn.__version__, **obj}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def no_ties(X):
    X32 = np.sort(X.astype(np.float32).astype(np.float64), axis=0)
    return bool(np.all(np.diff(X32, axis=0) > 1e-7))


def jitter(X):
    # tiny relative noise breaks the ties of the bundled datasets without changing their character
    # (offsets are a random permutation of evenly spaced steps, so tied values land ≥ 1e-2·std/n apart)
    for _ in range(100):
        steps = np.stack([rng.permutation(X.shape[0]) for _ in range(X.shape[1])], axis=1) / X.shape[0]
        Xj = X + X.std(0) * 1e-2 * steps
        if no_ties(Xj):
            return Xj
    raise RuntimeError("could not break the ties")


# ---------------------------------------------------------------- datasets
Xc = rng.standard_normal((240, 5))
yc = np.array([2, 5, 9])[np.argmax(Xc[:, :3] @ np.array([[1.0, -1, 0.5], [0.3, 1, -1], [-1, 0.2, 1]]) + 0.6 * rng.standard_normal((240, 3)), axis=1)]
Xc_test = rng.standard_normal((80, 5))
bc = datasets.load_breast_cancer()
Xb = jitter((bc.data - bc.data.mean(0)) / bc.data.std(0))
yb = bc.target
Xr = rng.uniform(-2, 2, (220, 4))
yr = np.sin(2 * Xr[:, 0]) + Xr[:, 1] ** 2 - Xr[:, 2] + 0.2 * rng.standard_normal(220)
Xr_test = rng.uniform(-2, 2, (60, 4))
diab = datasets.load_diabetes()
Xd = jitter(diab.data / diab.data.std(0))
yd = diab.target.astype(np.float64)
iris = datasets.load_iris()  # heavy ties: tests that ties resolve like sklearn (same RNG, same visit order)
assert no_ties(Xc) and no_ties(Xr)

sets = {
    "cont3": (Xc, yc, Xc_test),
    "breast_cancer_jitter": (Xb, yb, Xb[:50] + 0.01 * Xb.std(0)),
    "iris_ties": (iris.data, iris.target, iris.data[::3] + 0.05),
    "reg4": (Xr, yr, Xr_test),
    "diabetes_jitter": (Xd, yd, Xd[:40] * 1.01),
}
data = {k: {"X": T(v[0]), "y": T(v[1]), "X_test": T(v[2]), "no_ties": no_ties(v[0])} for k, v in sets.items()}


def tree_arrays(m, X, Xt, classifier):
    t = m.tree_
    d = {
        "children_left": T(t.children_left), "children_right": T(t.children_right), "feature": T(t.feature),
        "threshold": T(t.threshold), "value": T(t.value[:, 0, :]), "impurity": T(t.impurity),
        "n_node_samples": T(t.n_node_samples), "weighted_n_node_samples": T(t.weighted_n_node_samples),
        "feature_importances": T(m.feature_importances_), "depth": int(m.get_depth()), "n_leaves": int(m.get_n_leaves()),
        "predict": T(m.predict(Xt)), "predict_train": T(m.predict(X)), "apply": T(m.apply(Xt)),
        "export_text": tree.export_text(m), "export_text_names": tree.export_text(m, feature_names=[f"f{j}" for j in range(X.shape[1])], max_depth=3, decimals=3),
    }
    if classifier:
        d["predict_proba"] = T(m.predict_proba(Xt))
        d["export_text_weights"] = tree.export_text(m, show_weights=True, max_depth=2)
    return d


cases = []
clf_params = [
    {},
    {"criterion": "entropy"},
    {"max_depth": 4, "min_samples_leaf": 5},
    {"min_samples_split": 12, "criterion": "entropy", "min_impurity_decrease": 0.005},
    {"max_features": "sqrt", "random_state": 3},
    {"max_features": 0.5, "random_state": 7, "max_depth": 6},
    {"max_features": 2, "random_state": 11, "criterion": "entropy"},
]
for ds in ["cont3", "breast_cancer_jitter", "iris_ties"]:
    X, y, Xt = sets[ds]
    for ps in clf_params:
        ps = {"random_state": 0, **ps}  # small nodes tie between features constantly: fix sklearn's visit order
        m = tree.DecisionTreeClassifier(**ps).fit(X, y)
        cases.append({"estimator": "DecisionTreeClassifier", "data": ds, "params": ps, **tree_arrays(m, X, Xt, True)})
reg_params = [
    {},
    {"max_depth": 5, "min_samples_leaf": 3},
    {"criterion": "friedman_mse", "max_depth": 6},
    {"max_features": 2, "random_state": 5, "min_samples_split": 8},
    {"min_impurity_decrease": 0.02},
]
for ds in ["reg4", "diabetes_jitter"]:
    X, y, Xt = sets[ds]
    for ps in reg_params:
        ps = {"random_state": 0, **ps}
        m = tree.DecisionTreeRegressor(**ps).fit(X, y)
        cases.append({"estimator": "DecisionTreeRegressor", "data": ds, "params": ps, **tree_arrays(m, X, Xt, False)})

# forests: sklearn's numbers as a sanity reference (the bootstrap stream is NumPy's, so trees differ)
forests = []
for ds, est in [("breast_cancer_jitter", "RandomForestClassifier"), ("cont3", "RandomForestClassifier"), ("reg4", "RandomForestRegressor"), ("diabetes_jitter", "RandomForestRegressor")]:
    X, y, _ = sets[ds]
    n = len(y)
    idx = rng.permutation(n)
    tr, te = idx[: int(0.7 * n)], idx[int(0.7 * n):]
    cls = getattr(ensemble, est)
    m = cls(n_estimators=100, oob_score=True, random_state=0).fit(X[tr], y[tr])
    forests.append({"estimator": est, "data": ds, "train": T(tr), "test": T(te), "oob_score": float(m.oob_score_),
                    "test_score": float(m.score(X[te], y[te]))})

write("trees", {**data, "cases": cases, "forests": forests})
print(f"trees.json: {len(cases)} tree cases, {len(forests)} forest cases")

# ---------------------------------------------------------------- histogram gradient boosting
# sklearn's numbers on fixed synthetic data; Glassbox must land within 1 accuracy point (R² within 0.02): the binning,
# split gains and leaf values follow sklearn, but float summation orders differ, so near-tied splits can go either way.
Xh = rng.standard_normal((1500, 8))
logits = np.stack([Xh[:, 0] * Xh[:, 1], np.sin(2 * Xh[:, 2]) + Xh[:, 3], 0.8 * Xh[:, 4] ** 2 - 0.5], axis=1)
yh3 = np.argmax(logits + 0.5 * rng.standard_normal(logits.shape), axis=1)
yh2 = (Xh[:, 0] * Xh[:, 1] + np.sin(2 * Xh[:, 2]) + 0.3 * rng.standard_normal(1500) > 0).astype(np.int64)
yhr = Xh[:, 0] * Xh[:, 1] + np.sin(2 * Xh[:, 2]) + Xh[:, 3] ** 2 + 0.3 * rng.standard_normal(1500)
hgb = []
for name, y in [("HistGradientBoostingClassifier", yh3), ("HistGradientBoostingClassifier", yh2), ("HistGradientBoostingRegressor", yhr)]:
    cls = getattr(ensemble, name)
    for ps in [{"max_iter": 50}, {"max_iter": 30, "max_leaf_nodes": 15, "learning_rate": 0.2, "l2_regularization": 1.0, "min_samples_leaf": 10}]:
        m = cls(early_stopping=False, **ps).fit(Xh[:1000], y[:1000])
        hgb.append({"estimator": name, "params": ps, "y": T(y), "score": float(m.score(Xh[1000:], y[1000:])),
                    "train_score": float(m.score(Xh[:1000], y[:1000]))})
# missing values: NaN in two features (one of them informative through its missingness), a third feature that is
# NaN only in the test rows (it had none in training: NaN follows the child with more training samples)
rng_nan = np.random.default_rng(77)
Xn = rng_nan.standard_normal((1500, 6))
miss0 = rng_nan.random(1500) < 0.25
miss3 = rng_nan.random(1500) < 0.15
yn2 = (2 * Xn[:, 1] + 2.5 * miss0 - 1 + Xn[:, 2] * np.where(miss3, 1.0, Xn[:, 3]) + 0.5 * rng_nan.standard_normal(1500) > 0).astype(np.int64)
ynr = np.where(miss0, 1.5, Xn[:, 0]) + np.sin(2 * Xn[:, 2]) + np.where(miss3, -1.0, Xn[:, 3]) + 0.2 * rng_nan.standard_normal(1500)
Xn[miss0, 0] = np.nan
Xn[miss3, 3] = np.nan
Xn[1000:][rng_nan.random(500) < 0.2, 4] = np.nan
hgb_nan = []
for name, y in [("HistGradientBoostingClassifier", yn2), ("HistGradientBoostingRegressor", ynr)]:
    cls = getattr(ensemble, name)
    for ps in [{"max_iter": 50}, {"max_iter": 30, "max_leaf_nodes": 15, "min_samples_leaf": 10}]:
        m = cls(early_stopping=False, **ps).fit(Xn[:1000], y[:1000])
        hgb_nan.append({"estimator": name, "params": ps, "y": T(y), "score": float(m.score(Xn[1000:], y[1000:])),
                        "train_score": float(m.score(Xn[:1000], y[:1000]))})
write("boosting", {"hgb_X": T(Xh), "hgb": hgb, "hgb_nan_X": T(Xn), "hgb_nan": hgb_nan})
print(f"boosting.json: {len(hgb)} hist-gradient-boosting cases")
