#!/usr/bin/env python3
"""Reference fixtures for decision-threshold tuning and class imbalance.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_imbalance_fixtures.py tests/fixtures/sklearn

Writes imbalance.json with two families:
- "threshold": TunedThresholdClassifierCV as scikit-learn 1.5 defines it. scikit-learn 1.2 has no such class, so the
  1.5 fit is transcribed here in NumPy on top of 1.2's pieces: unshuffled StratifiedKFold folds, GaussianNB (whose fit
  Glassbox reproduces to rounding) on each training part, its probability of the positive class on the validation part,
  the objective at np.linspace(min, max, thresholds) of each fold (computed with sklearn's own metric functions), the
  curves np.interp'd onto np.linspace(global min, global max, thresholds) and averaged, argmax.
- "linear_svc": LinearSVC(class_weight=...) from liblinear at tol 1e-10 (two and three classes, "balanced" and a dict),
  which pins down liblinear's one-vs-rest rule (the rest side keeps the plain C).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from fixture_util import T
from sklearn.metrics import balanced_accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC

warnings.filterwarnings("ignore")
out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(715)

# ---- threshold tuning: 150 rows, 4 features, about 20 % positives (labels 3 = negative, 8 = positive) -------------
n = 150
y = np.where(rng.uniform(size=n) < 0.2, 8, 3)
X = rng.normal(size=(n, 4))
X[:, 0] += 1.2 * (y == 8)
X[:, 1] -= 0.8 * (y == 8)
X[:, 2] *= np.where(y == 8, 1.8, 1.0)


def objective(name, arg, y_true, y_pred, pos, neg):
    if name == "balanced_accuracy":
        return balanced_accuracy_score(y_true, y_pred)
    if name == "f1":
        return f1_score(y_true, y_pred, pos_label=pos, zero_division=0)
    if name == "cost":
        tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[neg, pos]).ravel()
        return -(arg[0] * tn + arg[1] * fp + arg[2] * fn + arg[3] * tp) / len(y_true)
    r = recall_score(y_true, y_pred, pos_label=pos, zero_division=0)
    if r < arg:
        return r - 1
    return precision_score(y_true, y_pred, pos_label=pos, zero_division=0)


def tuned(scoring, arg, thresholds, cv, pos):
    classes = np.unique(y)
    neg = classes[classes != pos][0]
    pos_idx = int(np.flatnonzero(classes == pos)[0])
    cuts, curves = [], []
    for train, test in StratifiedKFold(cv).split(X, y):
        s = GaussianNB().fit(X[train], y[train]).predict_proba(X[test])[:, pos_idx]
        th = np.linspace(np.min(s), np.max(s), thresholds)
        curves.append(np.array([objective(scoring, arg, y[test], np.where(s >= t, pos, neg), pos, neg) for t in th]))
        cuts.append(th)
    t = np.linspace(min(np.min(c) for c in cuts), max(np.max(c) for c in cuts), thresholds)
    mean = np.mean([np.interp(t, c, v) for c, v in zip(cuts, curves)], axis=0)
    best = int(mean.argmax())
    return {"scoring": scoring, "arg": arg, "thresholds": thresholds, "cv": cv, "pos_label": int(pos),
            "decision_thresholds": T(t), "scores": T(mean), "best_threshold": float(t[best]), "best_score": float(mean[best])}


threshold_cases = [
    tuned("balanced_accuracy", None, 100, 5, 8),
    tuned("f1", None, 50, 4, 8),
    tuned("cost", [0.0, 1.0, 6.0, -0.5], 100, 5, 8),
    tuned("precision_at_recall", 0.8, 100, 3, 8),
    tuned("balanced_accuracy", None, 30, 5, 3),   # the first class as the positive one
]

# ---- LinearSVC class weights ------------------------------------------------------------------------------------
m = 90
Xs = rng.normal(size=(m, 3))
y2 = np.where(Xs[:, 0] + 0.5 * Xs[:, 1] + 0.6 * rng.normal(size=m) > 0.9, 1, 0)
s3 = Xs[:, 0] - Xs[:, 2] + 0.5 * rng.normal(size=m)
y3 = np.where(s3 < -1.2, 5, np.where(s3 < 0.6, 7, 9))
svc_cases = []
for yname, yy, cw in [("y2", y2, "balanced"), ("y3", y3, "balanced"), ("y3", y3, {5: 3.0, 9: 0.5})]:
    for loss in ["squared_hinge", "hinge"]:
        est = LinearSVC(loss=loss, tol=1e-10, max_iter=1_000_000, random_state=0, class_weight=cw).fit(Xs, yy)
        svc_cases.append({"y": yname, "loss": loss, "class_weight": cw if isinstance(cw, str) else {str(k): v for k, v in cw.items()},
                          "coef": T(est.coef_), "intercept": T(est.intercept_), "decision": T(est.decision_function(Xs))})

obj = {"sklearn_version": sklearn.__version__, "X": T(X), "y": T(y), "threshold": threshold_cases,
       "svc_X": T(Xs), "y2": T(y2), "y3": T(y3), "linear_svc": svc_cases}
with open(os.path.join(out_dir, "imbalance.json"), "w") as f:
    json.dump(obj, f)
print("imbalance.json:", len(threshold_cases), "threshold cases,", len(svc_cases), "LinearSVC cases;",
      "positives:", int((y == 8).sum()), "of", n, "; y2 ones:", int(y2.sum()), "; y3 counts:", np.unique(y3, return_counts=True)[1])
for c in threshold_cases:
    print(c["scoring"], c["best_threshold"], c["best_score"])
