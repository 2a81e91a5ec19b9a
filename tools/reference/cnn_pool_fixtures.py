#!/usr/bin/python3
"""Reference values for Glassbox's pooling, resampling and pixel-shuffle ops, computed with PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13):  /usr/bin/python3 tools/reference/cnn_pool_fixtures.py
Writes tests/fixtures/cnn/pool.json.

Each case names the op (the functional form, e.g. "max_pool2d"), its arguments, and records every input, the
forward output (and the int64 indices where the op returns them), a fixed random upstream gradient and the
gradient with respect to the input. Inputs come from a seeded numpy RNG and are stored in the fixture, so the C#
tests run on exactly these numbers. Most cases are float64; the ones named "*_f32" run in float32 throughout.
Sizes are small and odd on purpose: non-square planes, widths that are not multiples of a vector width, batch 1,
stride larger than the kernel, padding of half the kernel, dilation 2, ceil-mode windows that hang over the edge,
and max-pool inputs with exact ties (integer values) and NaN.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from fixture_util import T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "cnn")
rng = np.random.RandomState(20261207)


def randn(*shape):
    return rng.standard_normal(shape)


def enc(t):
    """A torch tensor as a fixture tensor in its own dtype."""
    t = t.detach()
    if t.dtype == torch.int64:
        return T(t.numpy())
    return T(t.double().numpy(), "float32" if t.dtype == torch.float32 else "float64")


def run(name, op, args, x, fn, f32=False):
    """Runs fn(x) with x requiring grad, back-propagates a random upstream gradient, records everything."""
    dt = torch.float32 if f32 else torch.float64
    xt = torch.tensor(x, dtype=dt, requires_grad=True)
    res = fn(xt)
    y, idx = (res if isinstance(res, tuple) else (res, None))
    up = torch.tensor(randn(*y.shape), dtype=dt)
    (y * up).sum().backward()
    case = {"name": name, "op": op, "args": args, "input": enc(xt), "output": enc(y), "upstream": enc(up),
            "grad_input": enc(xt.grad)}
    if idx is not None:
        case["indices"] = enc(idx)
    return case


def pair(v):
    return list(v) if isinstance(v, tuple) else [v, v]


def max_pool2d_case(name, x, k, s=None, p=0, d=1, ceil=False, f32=False):
    args = {"kernel": pair(k), "stride": pair(s if s is not None else k), "padding": pair(p), "dilation": pair(d), "ceil_mode": ceil}
    return run(name, "max_pool2d", args, x,
               lambda t: F.max_pool2d(t, k, s, p, d, ceil_mode=ceil, return_indices=True), f32)


def avg_pool2d_case(name, x, k, s=None, p=0, ceil=False, cip=True, div=None, f32=False):
    args = {"kernel": pair(k), "stride": pair(s if s is not None else k), "padding": pair(p), "ceil_mode": ceil,
            "count_include_pad": cip, "divisor_override": div}
    return run(name, "avg_pool2d", args, x, lambda t: F.avg_pool2d(t, k, s, p, ceil, cip, div), f32)


def distinct(*shape):
    """Random values with no two equal (a random permutation of spaced levels plus jitter): max pooling without ties."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.37 + rng.uniform(0, 0.1, n)).reshape(shape) - n * 0.15


def pooling():
    c = []
    c.append(max_pool2d_case("max_2x2", distinct(2, 3, 6, 8), 2))
    c.append(max_pool2d_case("max_2x2_odd", distinct(1, 2, 7, 9), 2))
    c.append(max_pool2d_case("max_3x3_s2_p1", distinct(2, 2, 9, 7), 3, 2, 1))
    c.append(max_pool2d_case("max_3x3_s2_p1_ceil", distinct(1, 3, 8, 10), 3, 2, 1, ceil=True))
    c.append(max_pool2d_case("max_rect", distinct(2, 2, 7, 11), (2, 3), (1, 2), (1, 1)))
    c.append(max_pool2d_case("max_stride_gt_kernel", distinct(1, 2, 11, 13), 2, 3))
    c.append(max_pool2d_case("max_dilation2", distinct(2, 1, 9, 10), 3, 1, 1, 2))
    c.append(max_pool2d_case("max_dilation2_ceil", distinct(1, 2, 10, 9), (3, 2), (2, 3), (1, 1), (2, 2), ceil=True))
    c.append(max_pool2d_case("max_ceil_edge", distinct(1, 1, 5, 5), 2, 2, 0, ceil=True))
    c.append(max_pool2d_case("max_unbatched", distinct(3, 5, 7), 3, 2, 1))
    c.append(max_pool2d_case("max_ties", rng.randint(0, 3, (2, 2, 6, 7)).astype(float), 3, 2, 1))
    c.append(max_pool2d_case("max_ties_2x2", rng.randint(0, 2, (1, 2, 6, 6)).astype(float), 2))
    nan = distinct(1, 1, 6, 6)
    nan[0, 0, 1, 1] = np.nan
    nan[0, 0, 4, 2] = np.nan
    nan[0, 0, 4, 3] = np.nan
    nan[0, 0, 0, 5] = -np.inf
    c.append(max_pool2d_case("max_nan", nan, 2))
    c.append(max_pool2d_case("max_nan_3x3", nan, 3, 2, 1))
    c.append(max_pool2d_case("max_2x2_f32", distinct(2, 3, 8, 10), 2, f32=True))
    c.append(max_pool2d_case("max_3x3_s2_p1_f32", distinct(1, 4, 9, 9), 3, 2, 1, f32=True))

    c.append(avg_pool2d_case("avg_2x2", randn(2, 3, 6, 8), 2))
    c.append(avg_pool2d_case("avg_3x3_s2_p1", randn(2, 2, 9, 7), 3, 2, 1))
    c.append(avg_pool2d_case("avg_3x3_s2_p1_nopad", randn(2, 2, 9, 7), 3, 2, 1, cip=False))
    c.append(avg_pool2d_case("avg_ceil_overhang", randn(1, 2, 6, 7), 3, 2, 1, ceil=True))
    c.append(avg_pool2d_case("avg_ceil_overhang_nopad", randn(1, 2, 6, 7), 3, 2, 1, ceil=True, cip=False))
    c.append(avg_pool2d_case("avg_ceil_nopadding", randn(1, 2, 5, 8), 2, 3, 0, ceil=True))
    c.append(avg_pool2d_case("avg_rect", randn(2, 1, 7, 11), (2, 3), (1, 2), (1, 1)))
    c.append(avg_pool2d_case("avg_stride_gt_kernel", randn(1, 2, 11, 13), 2, 3))
    c.append(avg_pool2d_case("avg_divisor", randn(1, 2, 7, 7), 3, 2, 1, ceil=True, div=5))
    c.append(avg_pool2d_case("avg_unbatched", randn(3, 5, 7), 3, 2, 1))
    c.append(avg_pool2d_case("avg_2x2_f32", randn(2, 3, 8, 10), 2, f32=True))
    c.append(avg_pool2d_case("avg_3x3_s1_p1_f32", randn(1, 2, 7, 9), 3, 1, 1, f32=True))

    c.append(run("max1d", "max_pool1d", {"kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "ceil_mode": True},
                 distinct(2, 3, 10), lambda t: F.max_pool1d(t, 3, 2, 1, 1, True, return_indices=True)))
    c.append(run("max1d_dilation", "max_pool1d", {"kernel": 2, "stride": 1, "padding": 1, "dilation": 3, "ceil_mode": False},
                 distinct(3, 9), lambda t: F.max_pool1d(t, 2, 1, 1, 3, False, return_indices=True)))
    c.append(run("avg1d", "avg_pool1d", {"kernel": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False},
                 randn(2, 3, 10), lambda t: F.avg_pool1d(t, 3, 2, 1, True, False)))
    c.append(run("avg1d_unbatched", "avg_pool1d", {"kernel": 2, "stride": 3, "padding": 0, "ceil_mode": False, "count_include_pad": True},
                 randn(2, 11), lambda t: F.avg_pool1d(t, 2, 3, 0, False, True)))

    for name, shape, out, f32 in [("adaptive_avg_global", (2, 3, 5, 7), (1, 1), False),
                                  ("adaptive_avg_7to3", (1, 2, 7, 7), (3, 3), False),
                                  ("adaptive_avg_rect", (2, 2, 5, 9), (2, 4), False),
                                  ("adaptive_avg_upsize", (1, 1, 3, 4), (5, 6), False),
                                  ("adaptive_avg_unbatched", (3, 6, 5), (4, 2), False),
                                  ("adaptive_avg_global_f32", (2, 4, 9, 11), (1, 1), True),
                                  ("adaptive_avg_rect_f32", (1, 3, 10, 7), (3, 2), True)]:
        c.append(run(name, "adaptive_avg_pool2d", {"output_size": list(out)}, randn(*shape),
                     lambda t, o=out: F.adaptive_avg_pool2d(t, o), f32))
    for name, shape, out in [("adaptive_max_7to3", (1, 2, 7, 7), (3, 3)), ("adaptive_max_rect", (2, 2, 5, 9), (2, 4)),
                             ("adaptive_max_upsize", (1, 1, 3, 4), (5, 6)), ("adaptive_max_global", (2, 2, 4, 5), (1, 1))]:
        c.append(run(name, "adaptive_max_pool2d", {"output_size": list(out)}, distinct(*shape),
                     lambda t, o=out: F.adaptive_max_pool2d(t, o, return_indices=True)))
    c.append(run("adaptive_max_ties", "adaptive_max_pool2d", {"output_size": [3, 2]}, rng.randint(0, 2, (1, 2, 7, 5)).astype(float),
                 lambda t: F.adaptive_max_pool2d(t, (3, 2), return_indices=True)))
    c.append(run("adaptive_avg1d", "adaptive_avg_pool1d", {"output_size": 4}, randn(2, 3, 11), lambda t: F.adaptive_avg_pool1d(t, 4)))
    return c


def unpool():
    c = []
    for name, shape, k, s, p, osz in [("unpool_2x2", (2, 2, 6, 8), 2, 2, 0, None),
                                      ("unpool_3x3_s2_p1", (1, 3, 7, 9), 3, 2, 1, None),
                                      ("unpool_output_size", (1, 2, 7, 9), 2, 2, 0, (7, 9)),
                                      ("unpool_unbatched", (2, 5, 6), 2, 2, 0, None)]:
        x = distinct(*shape)
        _, idx = F.max_pool2d(torch.tensor(x), k, s, p, return_indices=True)
        pooled = randn(*idx.shape)
        args = {"kernel": [k, k], "stride": [s, s], "padding": [p, p], "output_size": list(osz) if osz else None,
                "indices": T(idx.numpy())}
        c.append(run(name, "max_unpool2d", args, pooled, lambda t, i=idx, k=k, s=s, p=p, o=osz: F.max_unpool2d(t, i, k, s, p, o)))
    return c


def interp_case(name, x, size=None, scale=None, mode="nearest", align=None, recompute=None, f32=False):
    args = {"size": size, "scale_factor": scale, "mode": mode, "align_corners": align, "recompute_scale_factor": recompute}
    return run(name, "interpolate", args, x,
               lambda t: F.interpolate(t, size=size, scale_factor=scale, mode=mode, align_corners=align, recompute_scale_factor=recompute), f32)


def resample():
    c = []
    c.append(interp_case("nearest_x2", randn(2, 3, 4, 5), scale=[2.0, 2.0]))
    c.append(interp_case("nearest_size", randn(1, 2, 5, 7), size=[8, 3]))
    c.append(interp_case("nearest_down", randn(1, 2, 9, 10), size=[4, 3]))
    c.append(interp_case("nearest_scale_frac", randn(1, 1, 5, 7), scale=[1.7, 2.3]))
    c.append(interp_case("nearest_scale_frac_recompute", randn(1, 1, 5, 7), scale=[1.7, 2.3], recompute=True))
    c.append(interp_case("nearest_scale_third", randn(1, 1, 7, 9), scale=[0.35, 0.45]))
    c.append(interp_case("nearest_exact_size", randn(1, 2, 5, 7), size=[8, 3], mode="nearest-exact"))
    c.append(interp_case("nearest_exact_scale", randn(1, 1, 5, 7), scale=[1.7, 2.3], mode="nearest-exact"))
    c.append(interp_case("nearest_1d", randn(2, 3, 7), size=[11]))
    c.append(interp_case("nearest_1d_scale", randn(3, 4, 5), scale=[2.5]))
    c.append(interp_case("nearest_x2_f32", randn(2, 3, 5, 7), scale=[2.0, 2.0], f32=True))
    c.append(interp_case("nearest_size_f32", randn(1, 2, 5, 7), size=[9, 4], f32=True))
    for ac in (False, True):
        tag = "_ac" if ac else ""
        c.append(interp_case("bilinear_x2" + tag, randn(2, 3, 4, 5), scale=[2.0, 2.0], mode="bilinear", align=ac))
        c.append(interp_case("bilinear_size" + tag, randn(1, 2, 5, 7), size=[8, 3], mode="bilinear", align=ac))
        c.append(interp_case("bilinear_down" + tag, randn(1, 2, 9, 10), size=[4, 3], mode="bilinear", align=ac))
        c.append(interp_case("bilinear_to1" + tag, randn(1, 2, 4, 5), size=[1, 3], mode="bilinear", align=ac))
        c.append(interp_case("linear_1d" + tag, randn(2, 3, 7), size=[11], mode="linear", align=ac))
        c.append(interp_case("bilinear_x2_f32" + tag, randn(2, 3, 5, 7), scale=[2.0, 2.0], mode="bilinear", align=ac, f32=True))
    c.append(interp_case("bilinear_scale_frac", randn(1, 1, 5, 7), scale=[1.7, 2.3], mode="bilinear", align=False))
    c.append(interp_case("bilinear_scale_frac_recompute", randn(1, 1, 5, 7), scale=[1.7, 2.3], mode="bilinear", align=False, recompute=True))
    c.append(interp_case("bilinear_same", randn(1, 2, 4, 5), size=[4, 5], mode="bilinear", align=False))

    for name, shape, r in [("pixel_shuffle_2", (2, 8, 3, 5), 2), ("pixel_shuffle_3", (1, 9, 2, 3), 3), ("pixel_shuffle_unbatched", (4, 3, 2), 2)]:
        c.append(run(name, "pixel_shuffle", {"r": r}, randn(*shape), lambda t, r=r: F.pixel_shuffle(t, r)))
    for name, shape, r in [("pixel_unshuffle_2", (2, 3, 6, 4), 2), ("pixel_unshuffle_3", (1, 2, 3, 9), 3)]:
        c.append(run(name, "pixel_unshuffle", {"r": r}, randn(*shape), lambda t, r=r: F.pixel_unshuffle(t, r)))
    return c


def extra():
    """Cases added later; drawn after all the others so the earlier cases keep their numbers."""
    c = []
    c.append(interp_case("nearest_scale_frac_f32", randn(1, 2, 5, 7), scale=[1.7, 2.3], f32=True))
    c.append(interp_case("nearest_exact_scale_f32", randn(1, 1, 7, 5), scale=[0.45, 1.3], mode="nearest-exact", f32=True))
    c.append(interp_case("nearest_exact_1d", randn(2, 1, 9), size=[4], mode="nearest-exact"))
    c.append(interp_case("linear_1d_scale", randn(1, 2, 6), scale=[1.5], mode="linear", align=False))
    c.append(interp_case("bilinear_x2_odd_batch1", randn(1, 5, 3, 9), scale=[2.0, 2.0], mode="bilinear", align=False))
    c.append(run("pixel_shuffle_f32", "pixel_shuffle", {"r": 2}, randn(2, 12, 3, 3), lambda t: F.pixel_shuffle(t, 2), True))
    c.append(run("pixel_unshuffle_f32", "pixel_unshuffle", {"r": 2}, randn(1, 3, 4, 6), lambda t: F.pixel_unshuffle(t, 2), True))
    c.append(max_pool2d_case("max_dilation2_s3", distinct(1, 2, 12, 11), 3, 3, 1, 2))
    c.append(max_pool2d_case("max_2x2_ceil_odd_f32", distinct(2, 2, 7, 9), 2, ceil=True, f32=True))
    c.append(avg_pool2d_case("avg_2x2_ceil_odd_nopad_f32", randn(1, 2, 7, 9), 2, ceil=True, cip=False, f32=True))
    c.append(avg_pool2d_case("avg_3x3_s3_p1_ceil", randn(2, 1, 8, 10), 3, 3, 1, ceil=True))
    return c


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    cases = pooling() + unpool() + resample() + extra()
    path = os.path.join(OUT, "pool.json")
    with open(path, "w") as f:
        json.dump({"source": "PyTorch " + torch.__version__ + " via tools/reference/cnn_pool_fixtures.py", "cases": cases}, f)
    print(path, len(cases), "cases", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
