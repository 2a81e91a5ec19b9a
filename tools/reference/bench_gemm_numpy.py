#!/usr/bin/env python3
"""NumPy/OpenBLAS GEMM throughput, measured the same way as `glassbox bench gemm` (GemmBenchmark.Measure).

Square C = A @ B with A, B uniform in [-1, 1) (float32 = sgemm, float64 = dgemm), three warm-up products,
then the best of at least 3 timed products (until ~0.5 s has passed), GFLOPS = 2·n³ / best seconds / 1e9.
Also reports cpu_gflops from process CPU time (2·n³·threads / CPU seconds), which on a loaded machine leaves
out time the scheduler gave to other processes.

Prints one JSON line per dtype × size × threads, e.g.
  {"op": "sgemm", "n": 1024, "threads": 2, "gflops": 181.3, "cpu_gflops": 183.0, "impl": "numpy-openblas"}

Threads: OpenBLAS reads OPENBLAS_NUM_THREADS when it is loaded, so each thread count runs in a fresh child
process with that variable set (--threads 1,2); pass --child to measure in this process with whatever the
caller set. Run with Debian's interpreter, which has NumPy linked to OpenBLAS:
  /usr/bin/python3 tools/reference/bench_gemm_numpy.py [--sizes 256,512,1024,2048] [--threads 1,2]
"""
import argparse
import json
import os
import subprocess
import sys
import time


def measure(np, dtype, n, min_seconds=0.5):
    rng = np.random.default_rng(42)
    a = (rng.random((n, n)) * 2 - 1).astype(dtype)
    b = (rng.random((n, n)) * 2 - 1).astype(dtype)
    c = np.empty((n, n), dtype=dtype)
    for _ in range(3):
        np.matmul(a, b, out=c)
    best = best_cpu = float("inf")
    total, reps = 0.0, 0
    while reps < 3 or total < min_seconds:
        c0 = time.process_time()
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        s = time.perf_counter() - t0
        best_cpu = min(best_cpu, time.process_time() - c0)
        best = min(best, s)
        total += s
        reps += 1
        if reps > 200:
            break
    return best, best_cpu


def child(sizes):
    import numpy as np
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)
    for op, dtype in (("sgemm", np.float32), ("dgemm", np.float64)):
        for n in sizes:
            best, best_cpu = measure(np, dtype, n)
            flops = 2.0 * n ** 3
            print(json.dumps({"op": op, "n": n, "threads": threads, "gflops": round(flops / best / 1e9, 1),
                              "cpu_gflops": round(flops * max(threads, 1) / max(best_cpu, 1e-9) / 1e9, 1),
                              "impl": "numpy-openblas"}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="256,512,1024,2048")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--child", action="store_true", help="measure in this process with the caller's OPENBLAS_NUM_THREADS")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.child:
        child(sizes)
        return
    for t in [int(s) for s in args.threads.split(",") if s]:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t))
        subprocess.run([sys.executable, __file__, "--child", "--sizes", args.sizes], env=env, check=True)


if __name__ == "__main__":
    main()
