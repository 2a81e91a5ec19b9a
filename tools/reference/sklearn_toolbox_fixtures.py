#!/usr/bin/env python3
"""scikit-learn 1.2 reference fixtures for the practitioner's toolbox: IsotonicRegression, CalibratedClassifierCV,
calibration_curve, cross_val_predict, permutation_importance and partial_dependence.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_toolbox_fixtures.py tests/fixtures/sklearn

Writes toolbox.json. The base estimators are ones whose fits Glassbox reproduces to rounding (GaussianNB: closed form;
Ridge: closed form; LogisticRegression fitted to tol 1e-10), on continuous data without ties, so every difference is in
the tool under test. Folds are sklearn's default unshuffled StratifiedKFold / KFold. permutation_importance is seeded
(random_state=0): its shuffles replay NumPy's legacy MT19937 stream.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.ensemble import StackingClassifier, StackingRegressor
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import cross_val_predict
from sklearn.naive_bayes import GaussianNB

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(2026)

# ---- isotonic regression: ties in x, weights, decreasing, bounds ------------------------------------------------
xi = np.round(rng.uniform(0, 10, 60), 1)            # one decimal: many ties
yi = np.sin(xi / 3) + 0.3 * xi + rng.normal(0, 0.4, 60)
wi = rng.uniform(0.2, 2.0, 60)
xq = np.array([-1.0, 0.0, 0.05, 1.33, 2.5, 4.44, 5.0, 7.77, 9.9, 10.0, 12.0])
iso = []
for inc in [True, False]:
    for w in [None, wi]:
        for y_min, y_max in [(None, None), (0.5, 2.5)]:
            yy = yi if inc else -yi
            m = IsotonicRegression(increasing=inc, y_min=y_min, y_max=y_max, out_of_bounds="clip").fit(xi, yy, sample_weight=w)
            iso.append({"increasing": inc, "weighted": w is not None, "y_min": y_min, "y_max": y_max,
                        "X_thresholds": T(m.X_thresholds_), "y_thresholds": T(m.y_thresholds_),
                        "predict": T(m.predict(xq)), "fit_predict": T(m.predict(xi))})
m = IsotonicRegression(out_of_bounds="nan").fit(xi, yi)
iso_nan = T(m.predict(xq))

# ---- classification data: 2 and 3 classes, continuous, no ties ---------------------------------------------------
n, p = 240, 4
X = rng.standard_normal((n, p))
s = X[:, 0] - 0.8 * X[:, 1] + 0.4 * X[:, 2] * X[:, 3] + 0.6 * rng.standard_normal(n)
y2 = np.where(s > 0.3, 7, 3)                                   # labels 3, 7
y3 = np.where(s > 0.8, 2, np.where(s > -0.5, 1, 0))
Xt = rng.standard_normal((50, p))

cal = []
for yname, y in [("two", y2), ("three", y3)]:
    for base_name in ["GaussianNB", "LogisticRegression"]:
        for method in ["sigmoid", "isotonic"]:
            for ensemble in [True, False]:
                base = GaussianNB() if base_name == "GaussianNB" else LogisticRegression(C=0.5, tol=1e-10, max_iter=10000)
                m = CalibratedClassifierCV(base, method=method, cv=3, ensemble=ensemble).fit(X, y)
                cal.append({"y": yname, "base": base_name, "method": method, "cv": 3, "ensemble": ensemble,
                            "predict_proba": T(m.predict_proba(Xt)), "predict": T(m.predict(Xt))})

cvp = []
for yname, y in [("two", y2), ("three", y3)]:
    cvp.append({"y": yname, "method": "predict_proba", "cv": 4,
                "result": T(cross_val_predict(GaussianNB(), X, y, cv=4, method="predict_proba"))})
    cvp.append({"y": yname, "method": "predict", "cv": 4, "result": T(cross_val_predict(GaussianNB(), X, y, cv=4))})
yr = X[:, 0] * 2 - X[:, 1] + np.sin(2 * X[:, 2]) + 0.3 * rng.standard_normal(n)
cvp.append({"y": "regression", "method": "predict", "cv": 5, "result": T(cross_val_predict(Ridge(alpha=1.0), X, yr, cv=5))})

# ---- calibration_curve --------------------------------------------------------------------------------------------
yt = (rng.uniform(size=300) < 0.4).astype(np.int64)
pp = np.clip(0.4 + 0.35 * (yt - 0.4) + 0.25 * rng.standard_normal(300), 0, 1)
pp[:5] = [0.0, 1.0, 0.2, 0.4, 0.6]   # bin edges exactly
curves = []
for strategy in ["uniform", "quantile"]:
    for bins in [5, 10]:
        pt, pr = calibration_curve(yt, pp, n_bins=bins, strategy=strategy)
        curves.append({"strategy": strategy, "n_bins": bins, "prob_true": T(pt), "prob_pred": T(pr)})

# ---- permutation_importance ---------------------------------------------------------------------------------------
perm = []
ridge = Ridge(alpha=1.0).fit(X, yr)
r = permutation_importance(ridge, X, yr, n_repeats=5, random_state=0)
perm.append({"estimator": "Ridge", "y": "regression", "n_repeats": 5, "random_state": 0, "scoring": None,
             "importances": T(r.importances), "importances_mean": T(r.importances_mean), "importances_std": T(r.importances_std)})
r = permutation_importance(ridge, X, yr, n_repeats=3, random_state=42, scoring="neg_mean_squared_error")
perm.append({"estimator": "Ridge", "y": "regression", "n_repeats": 3, "random_state": 42, "scoring": "neg_mean_squared_error",
             "importances": T(r.importances), "importances_mean": T(r.importances_mean), "importances_std": T(r.importances_std)})
nb = GaussianNB().fit(X, y3)
r = permutation_importance(nb, X, y3, n_repeats=4, random_state=7)
perm.append({"estimator": "GaussianNB", "y": "three", "n_repeats": 4, "random_state": 7, "scoring": None,
             "importances": T(r.importances), "importances_mean": T(r.importances_mean), "importances_std": T(r.importances_std)})

# ---- partial_dependence (brute) -----------------------------------------------------------------------------------
Xp = X.copy()
Xp[:, 3] = np.round(np.abs(Xp[:, 3]) * 2)               # a column with few distinct values: the grid is its uniques
pdp = []
for est_name, est, y in [("Ridge", Ridge(alpha=1.0), yr), ("GaussianNB-two", GaussianNB(), y2), ("GaussianNB-three", GaussianNB(), y3)]:
    est.fit(Xp, y)
    for feats, res, pct in [([0], 20, (0.05, 0.95)), ([3], 20, (0.05, 0.95)), ([1], 7, (0.1, 0.8)), ([(0, 2)], 5, (0.05, 0.95))]:
        r = partial_dependence(est, Xp, feats, grid_resolution=res, percentiles=pct, method="brute", kind="both")
        f = list(feats[0]) if isinstance(feats[0], tuple) else feats
        case = {"estimator": est_name, "features": f, "grid_resolution": res, "percentiles": list(pct),
                "values": [T(v) for v in r["values"]], "average": T(r["average"])}
        if res == 7:   # the per-row curves (ICE) once per estimator, on the short grid: they are n_rows times larger
            case["individual"] = T(r["individual"])
        pdp.append(case)

# ---- stacking -----------------------------------------------------------------------------------------------------
stack = []
for yname, y in [("two", y2), ("three", y3)]:
    for passthrough in [False, True]:
        m = StackingClassifier([("nb", GaussianNB()), ("lr", LogisticRegression(C=0.5, tol=1e-10, max_iter=10000))],
                               final_estimator=LogisticRegression(tol=1e-10, max_iter=10000), cv=3, passthrough=passthrough).fit(X, y)
        stack.append({"kind": "classifier", "y": yname, "passthrough": passthrough, "cv": 3,
                      "transform": T(m.transform(Xt)), "predict_proba": T(m.predict_proba(Xt)), "predict": T(m.predict(Xt))})
for passthrough in [False, True]:
    m = StackingRegressor([("r1", Ridge(alpha=1.0)), ("r100", Ridge(alpha=100.0))], final_estimator=Ridge(alpha=0.5), cv=4,
                          passthrough=passthrough).fit(X, yr)
    stack.append({"kind": "regressor", "y": "regression", "passthrough": passthrough, "cv": 4,
                  "transform": T(m.transform(Xt)), "predict": T(m.predict(Xt))})

obj = {"sklearn_version": sklearn.__version__, "stacking": stack,
       "iso_x": T(xi), "iso_y": T(yi), "iso_w": T(wi), "iso_xq": T(xq), "isotonic": iso, "isotonic_nan_predict": iso_nan,
       "X": T(X), "X_test": T(Xt), "y_two": T(y2), "y_three": T(y3), "y_regression": T(yr), "X_pdp": T(Xp),
       "calibrated": cal, "cross_val_predict": cvp,
       "curve_y": T(yt), "curve_prob": T(pp), "calibration_curve": curves,
       "permutation_importance": perm, "partial_dependence": pdp}
with open(os.path.join(out_dir, "toolbox.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("toolbox.json:", len(stack), "stacking,", len(iso), "isotonic,", len(cal), "calibrated,", len(curves), "curves,", len(perm), "permutation,", len(pdp), "pdp")
