#!/usr/bin/env python3
"""scikit-learn reference fixtures for the sample_weight argument of the metrics.

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_sample_weight_metrics_fixtures.py tests/fixtures/sklearn

Writes sample_weight_metrics.json: labels, predictions, probabilities and scores (with tied scores) for a binary and a
3-class problem, non-integer weights with a few exact zeros, and sklearn's weighted accuracy, confusion matrix,
precision/recall/F1/F-beta (binary, micro, macro, weighted), log loss, ROC curve and AUC, precision-recall curve and
average precision, MSE, MAE and R².
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn import metrics

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(612)


n = 60
w = rng.uniform(0.1, 2.5, n)
w[[2, 9, 33]] = 0.0
y2 = rng.integers(0, 2, n)
score = np.round(y2 * 0.8 + rng.normal(0, 0.7, n), 1)        # rounded: tied scores
p2 = (score > 0.4).astype(np.int64)
y3 = np.array([1, 4, 6])[rng.integers(0, 3, n)]
p3 = np.where(rng.uniform(size=n) < 0.6, y3, np.array([1, 4, 6])[rng.integers(0, 3, n)])
proba3 = rng.dirichlet([1.0, 1.0, 1.0], n)
yr = rng.normal(size=n) * 2 + 1
pr = yr + rng.normal(size=n)

out = {"sklearn_version": sklearn.__version__, "w": T(w), "y2": T(y2), "score": T(score), "p2": T(p2),
       "y3": T(y3), "p3": T(p3), "proba3": T(proba3), "yr": T(yr), "pr": T(pr)}
out["accuracy3"] = metrics.accuracy_score(y3, p3, sample_weight=w)
out["confusion3"] = T(metrics.confusion_matrix(y3, p3, sample_weight=w))
for avg in ["micro", "macro", "weighted"]:
    out[f"precision3_{avg}"] = metrics.precision_score(y3, p3, average=avg, sample_weight=w)
    out[f"recall3_{avg}"] = metrics.recall_score(y3, p3, average=avg, sample_weight=w)
    out[f"f1_3_{avg}"] = metrics.f1_score(y3, p3, average=avg, sample_weight=w)
    out[f"fbeta3_{avg}"] = metrics.fbeta_score(y3, p3, beta=0.5, average=avg, sample_weight=w)
out["precision2"] = metrics.precision_score(y2, p2, sample_weight=w)
out["recall2"] = metrics.recall_score(y2, p2, sample_weight=w)
out["f1_2"] = metrics.f1_score(y2, p2, sample_weight=w)
out["log_loss3"] = metrics.log_loss(y3, proba3, sample_weight=w)
fpr, tpr, thr = metrics.roc_curve(y2, score, sample_weight=w)
out["roc"] = {"fpr": T(fpr), "tpr": T(tpr), "thresholds": T(thr)}
fpr, tpr, thr = metrics.roc_curve(y2, score, sample_weight=w, drop_intermediate=False)
out["roc_all"] = {"fpr": T(fpr), "tpr": T(tpr), "thresholds": T(thr)}
out["roc_auc"] = metrics.roc_auc_score(y2, score, sample_weight=w)
prec, rec, thr = metrics.precision_recall_curve(y2, score, sample_weight=w)
out["pr_curve"] = {"precision": T(prec), "recall": T(rec), "thresholds": T(thr)}
out["average_precision"] = metrics.average_precision_score(y2, score, sample_weight=w)
out["mse"] = metrics.mean_squared_error(yr, pr, sample_weight=w)
out["mae"] = metrics.mean_absolute_error(yr, pr, sample_weight=w)
out["r2"] = metrics.r2_score(yr, pr, sample_weight=w)
with open(os.path.join(out_dir, "sample_weight_metrics.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("sample_weight_metrics.json written")
