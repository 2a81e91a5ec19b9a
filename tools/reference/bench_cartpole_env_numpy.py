#!/usr/bin/env python3
"""CartPole-v1 environment steps per second in plain NumPy, measured the same way as `glassbox bench cartpole-env`.

The dynamics are Gymnasium's CartPole-v1 (Euler step, tau 0.02, thresholds 2.4 m and 12 degrees, 500-step limit),
written here twice:
  single        one environment, its state a float64 NumPy array, stepped with NumPy scalar maths as Gymnasium's
                own class does, reset whenever an episode ends;
  numpy-batch   N environments (default 8) as one (N, 4) float64 array, every step one set of vectorised NumPy
                operations, with Gymnasium 1.x's next-step autoreset (an environment whose episode ended resets on
                the following step and ignores that step's action).
Random actions are drawn inside the timed loop on both sides (rng.integers(0, 2) per environment), a warm-up of a
tenth of the steps is not timed, and a batched step counts as N environment steps.

Prints one JSON line per mode, e.g.
  {"bench": "cartpole-env", "framework": "numpy", "mode": "single", "envs": 1, "steps": 1000000, ...}
Run with Debian's interpreter, which has NumPy:
  /usr/bin/python3 tools/reference/bench_cartpole_env_numpy.py [--steps 1000000] [--envs 8] [--seed 0]
"""
import argparse
import json
import math
import time

import numpy as np

GRAVITY, MASSCART, MASSPOLE, LENGTH, FORCE_MAG, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
TOTAL_MASS = MASSPOLE + MASSCART
POLEMASS_LENGTH = MASSPOLE * LENGTH
THETA_THRESHOLD = 12 * 2 * math.pi / 360
X_THRESHOLD = 2.4
MAX_STEPS = 500


class CartPole:
    """One environment, stepped with NumPy scalars in the order Gymnasium's CartPoleEnv.step computes."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.elapsed = 0

    def reset(self):
        self.state = self.rng.uniform(low=-0.05, high=0.05, size=(4,))
        self.elapsed = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = FORCE_MAG if action == 1 else -FORCE_MAG
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + POLEMASS_LENGTH * np.square(theta_dot) * sintheta) / TOTAL_MASS
        thetaacc = (GRAVITY * sintheta - costheta * temp) / (
            LENGTH * (4.0 / 3.0 - MASSPOLE * np.square(costheta) / TOTAL_MASS))
        xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS
        x = x + TAU * x_dot
        x_dot = x_dot + TAU * xacc
        theta = theta + TAU * theta_dot
        theta_dot = theta_dot + TAU * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        terminated = bool(x < -X_THRESHOLD or x > X_THRESHOLD or theta < -THETA_THRESHOLD or theta > THETA_THRESHOLD)
        self.elapsed += 1
        truncated = self.elapsed >= MAX_STEPS
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


class BatchedCartPole:
    """N environments as one (N, 4) array; each sub-environment has its own generator seeded seed + i."""

    def __init__(self, n, seed):
        self.n = n
        self.rngs = [np.random.default_rng(seed + i) for i in range(n)]
        self.state = np.empty((n, 4))
        self.elapsed = np.zeros(n, dtype=np.int64)
        self.autoreset = np.zeros(n, dtype=bool)

    def reset(self):
        for i in range(self.n):
            self.state[i] = self.rngs[i].uniform(low=-0.05, high=0.05, size=(4,))
        self.elapsed[:] = 0
        self.autoreset[:] = False
        return self.state.astype(np.float32)

    def step(self, actions):
        s = self.state
        x, x_dot, theta, theta_dot = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
        force = np.where(actions == 1, FORCE_MAG, -FORCE_MAG)
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + POLEMASS_LENGTH * np.square(theta_dot) * sintheta) / TOTAL_MASS
        thetaacc = (GRAVITY * sintheta - costheta * temp) / (
            LENGTH * (4.0 / 3.0 - MASSPOLE * np.square(costheta) / TOTAL_MASS))
        xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS
        new = np.stack((x + TAU * x_dot, x_dot + TAU * xacc, theta + TAU * theta_dot, theta_dot + TAU * thetaacc), axis=1)
        terminated = (np.abs(new[:, 0]) > X_THRESHOLD) | (np.abs(new[:, 2]) > THETA_THRESHOLD)
        elapsed = self.elapsed + 1
        truncated = elapsed >= MAX_STEPS
        rewards = np.ones(self.n)
        # next-step autoreset: the environments that ended last step reset now and ignore their action
        ar = self.autoreset
        if ar.any():
            for i in np.flatnonzero(ar):
                new[i] = self.rngs[i].uniform(low=-0.05, high=0.05, size=(4,))
            elapsed[ar] = 0
            terminated[ar] = False
            truncated[ar] = False
            rewards[ar] = 0.0
        self.state = new
        self.elapsed = elapsed
        self.autoreset = terminated | truncated
        return new.astype(np.float32), rewards, terminated, truncated


def bench_single(steps, seed):
    env = CartPole(seed)
    acts = np.random.default_rng(seed + 1)
    env.reset()
    episodes = 0

    def run(n):
        nonlocal episodes
        for _ in range(n):
            _, _, term, trunc = env.step(int(acts.integers(0, 2)))
            if term or trunc:
                env.reset()
                episodes += 1

    run(max(1, steps // 10))
    episodes = 0
    t0 = time.perf_counter()
    run(steps)
    s = time.perf_counter() - t0
    return {"mode": "single", "envs": 1, "steps": steps, "seconds": round(s, 4), "steps_per_s": round(steps / s, 1),
            "episodes": episodes}


def bench_batch(steps, n, seed):
    env = BatchedCartPole(n, seed)
    acts = np.random.default_rng(seed + 1)
    env.reset()
    episodes = 0

    def run(vsteps):
        nonlocal episodes
        for _ in range(vsteps):
            _, _, term, trunc = env.step(acts.integers(0, 2, size=n))
            episodes += int(np.count_nonzero(term | trunc))

    vsteps = (steps + n - 1) // n
    run(max(1, vsteps // 10))
    episodes = 0
    t0 = time.perf_counter()
    run(vsteps)
    s = time.perf_counter() - t0
    return {"mode": "numpy-batch", "envs": n, "steps": vsteps * n, "seconds": round(s, 4),
            "steps_per_s": round(vsteps * n / s, 1), "episodes": episodes}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=1_000_000, help="timed environment steps per mode")
    p.add_argument("--envs", type=int, default=8, help="environments in the batch")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    for r in (bench_single(a.steps, a.seed), bench_batch(a.steps, a.envs, a.seed)):
        print(json.dumps({"bench": "cartpole-env", "framework": "numpy", "numpy": np.__version__, **r}))


if __name__ == "__main__":
    main()
