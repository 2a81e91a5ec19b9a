"""Shared helpers of the fixture scripts in tools/reference: JSON tensors (T), and for the gradient-boosting scripts
(sklearn_gb_fixtures.py, sklearn_sample_weight_tree_fixtures.py) the float32 no-ties check, the replay of sklearn's
in-bag masks, and the search for exact partition ties that would make a fixture test rounding noise.
"""
import numpy as np

RAND_R_MAX = 0x7FFFFFFF


def T(a, dtype=None):
    """A tensor as {"shape", "dtype", "data"} (row-major), int64 for integer and boolean arrays; NaN and ±inf are
    written as the strings "NaN", "Infinity", "-Infinity" (strict JSON has no such numbers)."""
    a = np.asarray(a)
    if dtype is None:
        dtype = "int64" if a.dtype.kind in "iub" else "float64"
    data = [int(v) for v in a.ravel()] if dtype == "int64" else [
        float(v) if np.isfinite(v) else ("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
        for v in a.astype(np.float64).ravel()]
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def no_ties(X):
    """True when no column of X holds two values equal in float32 (sklearn's trees split on float32 features)."""
    X32 = np.sort(X.astype(np.float32).astype(np.float64), axis=0)
    return bool(np.all(np.diff(X32, axis=0) > 1e-7))


def inbag_masks(est, n):
    """Replays sklearn's stream: per stage _random_sample_mask (when subsample < 1), then one randint per tree."""
    rs = np.random.RandomState(0)
    masks = []
    for _ in range(est.n_estimators):
        if est.subsample < 1.0:
            u = rs.uniform(size=n)
            n_inbag = max(1, int(est.subsample * n))
            m = np.zeros(n, bool)
            bagged = 0
            for i in range(n):
                if u[i] * (n - i) < n_inbag - bagged:
                    m[i] = True
                    bagged += 1
        else:
            m = np.ones(n, bool)
        for _k in range(est.estimators_.shape[1]):
            rs.randint(0, RAND_R_MAX)
        masks.append(m)
    return masks


def has_partition_tie(est, X, sw=None):
    """True when, in some node of some boosting tree, another feature splits the node's rows exactly as the chosen one
    does (over the rows the tree saw: in-bag and, with sample weights sw, of positive weight)."""
    X32 = X.astype(np.float32)
    for m, mask in enumerate(inbag_masks(est, X.shape[0])):
        seen = mask if sw is None else mask & (sw > 0)
        for k in range(est.estimators_.shape[1]):
            tr = est.estimators_[m, k]
            t = tr.tree_
            paths = tr.decision_path(X32).toarray().astype(bool)
            for nd in range(t.node_count):
                if t.children_left[nd] == -1:
                    continue
                idx = np.where(paths[:, nd] & seen)[0]
                left = set(idx[X32[idx, t.feature[nd]] <= t.threshold[nd]])
                for g in range(X.shape[1]):
                    if g == t.feature[nd]:
                        continue
                    v = np.sort(X32[idx, g])
                    for j in range(len(v) - 1):
                        side = set(idx[X32[idx, g] <= (v[j] + v[j + 1]) / 2])
                        if side == left or set(idx) - side == left:
                            return True
    return False
