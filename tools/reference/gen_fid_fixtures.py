#!/usr/bin/python3
"""Reference values for Glassbox's Fréchet distance (FeatureStatistics, FrechetDistance), computed the way the
reference FID implementations do: numpy.cov(rowvar=False) for the covariance and scipy.linalg.sqrtm of the
non-symmetric product Σ1·Σ2 for the trace term (Glassbox takes the symmetric route Σ1^½ Σ2 Σ1^½, so this is an
independent computation of the same number).

Run with Debian's interpreter (numpy 1.24, scipy 1.10):  /usr/bin/python3 tools/reference/gen_fid_fixtures.py
Writes tests/fixtures/gen/fid.json.

Each case stores two feature matrices (float64, drawn here from a seeded RNG), their means and covariances and the
distance. The cases: correlated Gaussians of different means and covariances; features with dead (all-zero) and
duplicated columns, as a ReLU layer produces, so both covariances are singular; and fewer samples than dimensions.
"""
import json
import os

import numpy as np
import scipy.linalg

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "gen")
rng = np.random.RandomState(20261207)


def frechet(mu1, s1, mu2, s2):
    """‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr sqrtm(Σ1 Σ2), with sqrtm's rounding-level imaginary part dropped."""
    root, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if np.iscomplexobj(root):
        assert np.abs(root.imag).max() < 1e-6, np.abs(root.imag).max()
        root = root.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(root))


def case(name, a, b):
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    return {"name": name, "a": T(a), "b": T(b), "mean_a": T(mu_a), "cov_a": T(cov_a), "mean_b": T(mu_b), "cov_b": T(cov_b),
            "fid": frechet(mu_a, cov_a, mu_b, cov_b)}


def correlated(n, d, shift, scale):
    mix = rng.standard_normal((d, d)) * scale
    return rng.standard_normal((n, d)).dot(mix) + shift


cases = []
cases.append(case("gaussians", correlated(400, 6, 0.0, 1.0), correlated(300, 6, 0.5, 0.7)))
relu_a = np.maximum(correlated(250, 10, 0.2, 1.0), 0)
relu_b = np.maximum(correlated(200, 10, -0.1, 1.3), 0)
for x in (relu_a, relu_b):
    x[:, 3] = 0.0          # a dead unit
    x[:, 7] = x[:, 2]      # a duplicated unit: rank deficiency that is not a zero column
cases.append(case("relu_singular", relu_a, relu_b))
cases.append(case("fewer_samples_than_dims", correlated(9, 12, 0.0, 1.0), correlated(15, 12, 0.3, 1.0)))

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "fid.json"), "w") as f:
    json.dump({"cases": cases}, f)
print("wrote", os.path.join(OUT, "fid.json"), [(c["name"], c["fid"]) for c in cases])
