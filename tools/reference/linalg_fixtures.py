"""Reference results for Glassbox.LinearAlgebra, computed with numpy (LAPACK).

Run with Debian's python (numpy 1.24):  /usr/bin/python3 tools/reference/linalg_fixtures.py
Writes tests/fixtures/linalg/linalg.json: a fixed set of seeded matrices and numpy's cholesky, qr (reduced),
svd (reduced), eigh, solve, lstsq, inv and det of each where the operation applies. Matrices are stored
row-major as {"shape": [m, n], "data": [...]}; floats are written with repr, so they round-trip exactly.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240611)


def mat(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel()]}


def with_singular_values(m, n, s):
    """An m x n matrix with the given singular values and random orthogonal factors."""
    u, _ = np.linalg.qr(rng.standard_normal((m, m)))
    v, _ = np.linalg.qr(rng.standard_normal((n, n)))
    k = min(m, n)
    sig = np.zeros((m, n))
    sig[:k, :k] = np.diag(s)
    return u @ sig @ v.T


b8 = rng.standard_normal((8, 8))
s5 = rng.standard_normal((5, 5))
cases = {
    "square1": np.array([[rng.uniform(0.5, 2.0)]]),
    "square5": rng.standard_normal((5, 5)),
    "sym5": (s5 + s5.T) / 2,  # symmetric indefinite
    "spd8": b8 @ b8.T + 8 * np.eye(8),
    "tall12x5": rng.standard_normal((12, 5)),
    "wide4x9": rng.standard_normal((4, 9)),
    "rank6r3": rng.standard_normal((6, 3)) @ rng.standard_normal((3, 6)),
    # condition number 1e8, geometrically spaced singular values
    "illcond6": with_singular_values(6, 6, np.logspace(0, -8, 6)),
}

out = {}
for name, a in cases.items():
    m, n = a.shape
    r = {"a": mat(a)}
    q, rr = np.linalg.qr(a, mode="reduced")
    r["qr"] = {"q": mat(q), "r": mat(rr)}
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    r["svd"] = {"u": mat(u), "s": [float(v) for v in s], "vh": mat(vh)}
    b = rng.standard_normal(m)
    bm = rng.standard_normal((m, 3))
    x, res, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    xm, resm, _, _ = np.linalg.lstsq(a, bm, rcond=None)
    r["lstsq"] = {"b": [float(v) for v in b], "x": [float(v) for v in x], "residuals": [float(v) for v in res],
                  "rank": int(rank), "bm": mat(bm), "xm": mat(xm), "residualsm": [float(v) for v in resm]}
    symmetric = m == n and np.array_equal(a, a.T)
    if symmetric:
        w, v = np.linalg.eigh(a)
        r["eigh"] = {"w": [float(x) for x in w], "v": mat(v)}
        if w.min() > 0:
            r["cholesky"] = mat(np.linalg.cholesky(a))
    if m == n and np.linalg.matrix_rank(a) == n:
        r["solve"] = {"b": [float(v) for v in b], "x": [float(v) for v in np.linalg.solve(a, b)],
                      "bm": mat(bm), "xm": mat(np.linalg.solve(a, bm))}
        r["inv"] = mat(np.linalg.inv(a))
        r["det"] = float(np.linalg.det(a))
        r["cond"] = float(np.linalg.cond(a))
    out[name] = r

path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "linalg", "linalg.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path), "cases:", ", ".join(out))
