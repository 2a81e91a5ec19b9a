#!/usr/bin/env python3
"""scikit-learn reference fixtures for seeded splits (train_test_split, shuffled KFold and StratifiedKFold).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_split_replay_fixtures.py tests/fixtures/sklearn

Writes split_replay.json: for several sizes, test fractions, class layouts (imbalanced, labels out of order, ties in
the class proportions that _approximate_mode breaks with rng.choice) and seeds (including one near 2**32), the row
indices sklearn's seeded splitters return. Glassbox replays NumPy's MT19937 stream, so they must come out identical.
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn import model_selection

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1208)
labels = {
    "three": np.array([7, 2, 2, 9, 7, 7, 2, 9, 9, 9, 2, 7] * 5),                   # 60 rows, equal classes: remainder ties
    "imbalanced": np.array([1] * 40 + [4] * 13 + [0] * 8)[rng.permutation(61)],     # 61 rows
    "two": (rng.uniform(size=97) < 0.3).astype(np.int64),                           # 97 rows
}
cases = []
for name, y in labels.items():
    n = len(y)
    for test_size, seed in [(0.25, 0), (0.2, 42), (0.33, 4294967290)]:
        for strat in [False, True]:
            tr, te = model_selection.train_test_split(np.arange(n), test_size=test_size, random_state=seed,
                                                      stratify=y if strat else None)
            cases.append({"kind": "train_test_split", "y": name, "test_size": test_size, "seed": seed,
                          "stratify": strat, "train": T(tr), "test": T(te)})
    for k, seed in [(3, 0), (5, 123)]:
        for kind, cv in [("KFold", model_selection.KFold(k, shuffle=True, random_state=seed)),
                         ("StratifiedKFold", model_selection.StratifiedKFold(k, shuffle=True, random_state=seed))]:
            folds = [T(te) for _, te in cv.split(np.zeros(n), y)]
            cases.append({"kind": kind, "y": name, "n_splits": k, "seed": seed, "tests": folds})
obj = {"sklearn_version": sklearn.__version__, **{"y_" + k: T(v) for k, v in labels.items()}, "cases": cases}
with open(os.path.join(out_dir, "split_replay.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("split_replay.json:", len(cases), "cases")
