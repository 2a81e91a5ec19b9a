#!/usr/bin/python3
"""Noise-schedule fixtures for Glassbox's NoiseSchedule, computed with NumPy in float64 the way the reference
implementations do (Ho et al.'s diffusion_utils_2.py for the linear schedule and the posterior; Nichol & Dhariwal's
improved-diffusion betas_for_alpha_bar for the cosine one), vectorised rather than step by step so the C# loop is
checked against an independent formulation.

Run:  /usr/bin/python3 tools/reference/gen_schedule_fixtures.py   →  tests/fixtures/gen/schedule.json
"""
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_util import T  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "gen")


def derived(name, betas):
    alphas = 1.0 - betas
    ab = np.cumprod(alphas)
    ab_prev = np.append(1.0, ab[:-1])
    return {
        "name": name, "betas": T(betas), "alpha_bars": T(ab),
        "posterior_variance": T(betas * (1.0 - ab_prev) / (1.0 - ab)),
        "posterior_mean_coef_x0": T(betas * np.sqrt(ab_prev) / (1.0 - ab)),
        "posterior_mean_coef_xt": T((1.0 - ab_prev) * np.sqrt(alphas) / (1.0 - ab)),
    }


def cosine_betas(steps, s=0.008, max_beta=0.999):
    f = lambda t: math.cos((t / steps + s) / (1 + s) * math.pi / 2) ** 2  # noqa: E731
    return np.array([min(1 - f(i + 1) / f(i), max_beta) for i in range(steps)], dtype=np.float64)


def main():
    cases = [
        derived("linear", np.linspace(1e-4, 0.02, 1000, dtype=np.float64)),
        derived("cosine", cosine_betas(1000)),
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "schedule.json"), "w") as f:
        json.dump({"source": "tools/reference/gen_schedule_fixtures.py, numpy " + np.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
