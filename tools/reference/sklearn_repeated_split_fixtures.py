#!/usr/bin/env python3
"""scikit-learn reference fixture for RepeatedStratifiedKFold (one NumPy stream shared by the repeats).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_repeated_split_fixtures.py tests/fixtures/sklearn

Writes repeated_split.json: for two label layouts (binary with the Titanic survival rate, three imbalanced classes
in shuffled order), several (n_splits, n_repeats, seed) settings, the test rows of every fold of every repeat, in
sklearn's order. Glassbox replays NumPy's MT19937 stream, so they must come out identical.
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn import model_selection

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(2026)
labels = {
    "binary": (rng.uniform(size=89) < 0.384).astype(np.int64),                    # 89 rows, ~38% positives
    "three": np.array([5] * 30 + [1] * 17 + [8] * 9)[rng.permutation(56)],         # 56 rows, labels out of order
}
cases = []
for name, y in labels.items():
    for k, r, seed in [(5, 3, 0), (3, 4, 42), (4, 2, 4294967290)]:
        cv = model_selection.RepeatedStratifiedKFold(n_splits=k, n_repeats=r, random_state=seed)
        tests = [T(te) for _, te in cv.split(np.zeros(len(y)), y)]
        cases.append({"y": name, "n_splits": k, "n_repeats": r, "seed": seed, "tests": tests})
obj = {"sklearn_version": sklearn.__version__, **{"y_" + k: T(v) for k, v in labels.items()}, "cases": cases}
with open(os.path.join(out_dir, "repeated_split.json"), "w") as f:
    json.dump(obj, f, separators=(",", ":"))
print("repeated_split.json:", len(cases), "cases")
