#!/usr/bin/env python3
"""scikit-learn reference fixtures for HistGradientBoosting's bin edges (_BinMapper.bin_thresholds_).

Run with Debian's interpreter (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tools/reference/sklearn_hgb_binning_fixtures.py tests/fixtures/sklearn

Writes hgb_binning.json: continuous columns of several lengths (800 and 2551 among them, where np.percentile's
"midpoint" index is whole for some quantiles and a differently rounded formula moves edges) plus a column with fewer
distinct values than max_bins, and the thresholds sklearn's _BinMapper(n_bins=256, subsample=None) finds. Edges are
order statistics or midpoints of them, so they must agree exactly.
"""
import json
import os
import sys

import numpy as np
import sklearn
from fixture_util import T
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper

out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn"
rng = np.random.default_rng(1209)
cases = []
for n in [256, 511, 800, 1000, 2551]:
    X = np.column_stack([rng.standard_normal(n), rng.exponential(size=n), np.round(rng.standard_normal(n) * 20) / 4])
    bm = _BinMapper(n_bins=256, subsample=None, random_state=0).fit(X)
    cases.append({"X": T(X), "thresholds": [T(t) for t in bm.bin_thresholds_]})
with open(os.path.join(out_dir, "hgb_binning.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, separators=(",", ":"))
print("hgb_binning.json:", len(cases), "cases")
