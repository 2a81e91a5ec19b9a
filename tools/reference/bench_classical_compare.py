#!/usr/bin/env python3
"""Runs `glassbox bench classical` and tools/reference/bench_classical_sklearn.py and prints a markdown table.

    dotnet build -c Release src/Glassbox.Cli
    GLASSBOX_DATA=../shared/datasets /usr/bin/python3 tools/reference/bench_classical_compare.py [--only SVC,PCA] [--raw out.jsonl]

Each estimator runs in its own pair of processes, Glassbox then scikit-learn back to back, so a change in machine load
hits both sides of a row alike and no single process runs for long. An estimator one side does not know (e.g. the tree
models before they exist in Glassbox) shows as "—". --from-raw FILE rebuilds the table from saved JSON lines instead
of running anything (lines carrying "framework" are sklearn's, the others Glassbox's).

sklearn's OpenMP code (KMeans, TSNE, HistGradientBoosting) runs with OMP_WAIT_POLICY=PASSIVE unless --omp-active:
on a 2-core machine shared with other work, libgomp's default spin-waiting at every barrier makes those fits 5-7x
slower (HistGradientBoosting, 5 iterations: 84 s spinning, 15 s passive, 12 s with OMP_NUM_THREADS=1).

Columns: fit seconds of each side and their ratio (Glassbox / sklearn: below 1 means Glassbox is faster); the quality
figure of each side: test accuracy for classifiers, else the figure named in the row (inertia, explained-variance-ratio
sum, GMM lower bound, t-SNE KL divergence); Δ is in accuracy points (Glassbox − sklearn, ×100) for classifiers and a
relative difference in percent otherwise.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ESTIMATORS = ["LogisticRegression", "DecisionTreeClassifier", "RandomForestClassifier", "HistGradientBoostingClassifier",
              "SVC", "KNeighborsClassifier", "GaussianNB", "KMeans", "KMeans-elkan", "PCA", "GaussianMixture", "TSNE"]
SHORT = {"explained_variance_ratio_sum": "EVR sum", "lower_bound": "lower bound", "kl_divergence": "KL", "inertia": "inertia"}

ap = argparse.ArgumentParser()
ap.add_argument("--only", default=None, help="comma-separated estimator names (default: all 12)")
ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/datasets"))
ap.add_argument("--dll", default=os.path.join(ROOT, "src/Glassbox.Cli/bin/Release/net10.0/Glassbox.Cli.dll"))
ap.add_argument("--raw", default=None, help="append every JSON line received to this file")
ap.add_argument("--omp-active", action="store_true",
                help="leave OpenMP's default spin-waiting on for sklearn (default: OMP_WAIT_POLICY=PASSIVE, see above)")
ap.add_argument("--from-raw", default=None, help="build the table from a file written by --raw; run nothing")
a = ap.parse_args()
names = ESTIMATORS if a.only is None else [n.strip() for n in a.only.split(",") if n.strip()]


def run(cmd, env=None):
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        print(f"# {' '.join(cmd[:3])}… exited {p.returncode}: {p.stderr.strip().splitlines()[:1]}", file=sys.stderr)
        return []
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


sk_env = dict(os.environ)
if not a.omp_active:
    sk_env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
ours, theirs = {}, {}
if a.from_raw:
    with open(a.from_raw) as f:
        for line in f:
            if line.startswith("{"):
                r = json.loads(line)
                (theirs if "framework" in r else ours)[r["estimator"]] = r
else:
    raw = open(a.raw, "a") if a.raw else None
    for n in names:
        g = run(["dotnet", a.dll, "bench", "classical", "--json", "--only", n, "--data-dir", a.data_dir])
        s = run([sys.executable, os.path.join(HERE, "bench_classical_sklearn.py"), "--only", n, "--data-dir", a.data_dir], sk_env)
        for r in g:
            ours[r["estimator"]] = r
        for r in s:
            theirs[r["estimator"]] = r
        if raw:
            for r in g + s:
                raw.write(json.dumps(r) + "\n")
            raw.flush()
        print(f"# {n}: glassbox {g[0]['fit_seconds'] if g else '—'} s, sklearn {s[0]['fit_seconds'] if s else '—'} s", file=sys.stderr)


def quality(r):
    m = r["metric"]
    v = r[m]
    return f"{v:.4f}" if m == "test_accuracy" else f"{SHORT.get(m, m)} {v:.6g}"


print("| estimator | Glassbox fit s | sklearn fit s | ratio | Glassbox acc | sklearn acc | Δ points |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in names:
    g, s = ours.get(n), theirs.get(n)
    gf = f"{g['fit_seconds']:.2f}" if g else "—"
    sf = f"{s['fit_seconds']:.2f}" if s else "—"
    ratio = f"{g['fit_seconds'] / s['fit_seconds']:.2f}" if g and s and s["fit_seconds"] > 0 else "—"
    gq = quality(g) if g else "—"
    sq = quality(s) if s else "—"
    if g and s:
        m = g["metric"]
        if m == "test_accuracy":
            delta = f"{(g[m] - s[m]) * 100:+.2f}"
        else:
            delta = f"{(g[m] - s[m]) / abs(s[m]) * 100:+.2f} %"
    else:
        delta = "—"
    label = n + (" (fit+predict)" if n == "KNeighborsClassifier" else "")
    print(f"| {label} | {gf} | {sf} | {ratio} | {gq} | {sq} | {delta} |")
