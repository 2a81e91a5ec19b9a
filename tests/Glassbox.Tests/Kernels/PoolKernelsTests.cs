using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The pooling kernels (clipped windows, fast paths) against the naive per-tap reference over sweeps of plane sizes,
/// kernels, strides, paddings, dilations and ceil mode, in float and double. Inputs hold ties and NaN for max pooling.
/// </summary>
public class PoolKernelsTests
{
    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 7, 8, 13, 17];

    /// <summary>A shorter sweep for the slower average-pool comparisons (each runs four divisor variants and a backward).</summary>
    private static readonly int[] AvgSizes = [1, 2, 3, 5, 8, 13];

    /// <summary>Every legal geometry of the sweep for an H×W plane: kernel 1–3 per axis, stride 1–3, padding 0..k/2, dilation 1–2, ceil off/on.</summary>
    private static IEnumerable<Pool2dShape> Shapes(int h, int w, bool dilate)
    {
        foreach (int k in new[] { 1, 2, 3 })
            foreach (int kw in new[] { k, 2 })
                foreach (int s in new[] { 1, 2, 3 })
                    for (int p = 0; p <= Math.Min(k, kw) / 2; p++)
                        foreach (int d in dilate ? new[] { 1, 2 } : new[] { 1 })
                            foreach (bool ceil in new[] { false, true })
                            {
                                int oh = Pool2dShape.OutputSize(h, k, p, s, d, ceil), ow = Pool2dShape.OutputSize(w, kw, p, s == 3 ? 2 : s, d, ceil);
                                if (oh < 1 || ow < 1) continue;
                                yield return new Pool2dShape(h, w, oh, ow, k, kw, s, s == 3 ? 2 : s, p, p, d, d);
                            }
    }

    private static T[] Input<T>(int n, ulong seed, bool ties) where T : IFloatingPointIeee754<T>
    {
        var g = new Generator(seed);
        var x = new T[n];
        for (int i = 0; i < n; i++)
        {
            double u = g.NextDouble();
            x[i] = T.CreateChecked(ties ? Math.Floor(u * 4) : u * 2 - 1);
            if (ties && n > 6 && i % 11 == 5) x[i] = T.NaN;
        }
        return x;
    }

    [Fact]
    public void MaxPoolMatchesReferenceExactly()
    {
        Sweep<double>();
        Sweep<float>();

        static void Sweep<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int h in Sizes)
                foreach (int w in Sizes)
                {
                    var x = Input<T>(h * w, (ulong)(h * 100 + w), ties: true);
                    foreach (var s in Shapes(h, w, dilate: true))
                    {
                        var (y, yr) = (new T[s.OutPlane], new T[s.OutPlane]);
                        var (i, ir) = (new long[s.OutPlane], new long[s.OutPlane]);
                        PoolKernels.MaxPool2d<T>(x, y, i, s);
                        PoolReference.MaxPool2d<T>(x, yr, ir, s);
                        // Same taps compared in the same scan order with the same rule: identical values and indices.
                        for (int k = 0; k < y.Length; k++)
                            if (!(y[k] == yr[k] || (T.IsNaN(y[k]) && T.IsNaN(yr[k])))) Assert.Fail($"values {s} [{k}]: {y[k]} vs {yr[k]}");
                        if (!ir.AsSpan().SequenceEqual(i)) Assert.Fail($"indices {s}");
                    }
                }
        }
    }

    /// <summary>
    /// Average pooling: a window sums at most K = 9 terms of magnitude ≤ 1 (Σ|terms| ≤ 9), and the backward adds at
    /// most 9 overlapping contributions of magnitude ≤ 1, so any summation order agrees within K·ε·Σ|terms| ≈
    /// 81·1.1e-16 ≈ 9e-15 in double and 81·6e-8 ≈ 5e-6 in float.
    /// </summary>
    [Fact]
    public void AvgPoolMatchesReference()
    {
        Sweep<double>(1e-14);
        Sweep<float>(5e-6f);

        static void Sweep<T>(T tol) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int h in AvgSizes)
                foreach (int w in AvgSizes)
                {
                    var x = Input<T>(h * w, (ulong)(h * 100 + w), ties: false);
                    var gAll = Input<T>(h * w * 4, 7, ties: false);   // more than any output plane of this input
                    foreach (var s in Shapes(h, w, dilate: false))
                        foreach (var (cip, div) in new[] { (true, 0), (false, 0), (false, 5) })
                            {
                                var (y, yr) = (new T[s.OutPlane], new T[s.OutPlane]);
                                PoolKernels.AvgPool2d<T>(x, y, s, cip, div);
                                PoolReference.AvgPool2d<T>(x, yr, s, cip, div);
                                AssertClose(yr, y, tol, "avg", s, cip, div);
                                var g = gAll.AsSpan(0, s.OutPlane);
                                var (dx, dxr) = (new T[h * w], new T[h * w]);
                                PoolKernels.AvgPool2dBackward<T>(dx, g, s, cip, div);
                                PoolReference.AvgPool2dBackward<T>(dxr, g, s, cip, div);
                                AssertClose(dxr, dx, tol, "avg backward", s, cip, div);
                            }
                }
        }
    }

    /// <summary>Adaptive pooling: windows of at most ⌈17/1⌉·⌈17/1⌉ = 289 terms of magnitude ≤ 1, so K·ε·Σ|terms| ≈ 289²·1.1e-16 ≈ 1e-11 (double), 289²·6e-8 ≈ 5e-3 (float, a loose worst case: typical errors are far smaller).</summary>
    [Fact]
    public void AdaptivePoolMatchesReference()
    {
        Sweep<double>(1e-11);
        Sweep<float>(5e-3f);

        static void Sweep<T>(T tol) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int h in Sizes)
                foreach (int w in Sizes)
                    foreach (int oh in new[] { 1, 2, 3, 5, 8 })
                        foreach (int ow in new[] { 1, 3, 4, 17 })
                        {
                            var x = Input<T>(h * w, (ulong)(h * 100 + w), ties: true);
                            var (y, yr) = (new T[oh * ow], new T[oh * ow]);
                            var (i, ir) = (new long[oh * ow], new long[oh * ow]);
                            PoolKernels.AdaptiveMaxPool2d<T>(x, y, i, h, w, oh, ow);
                            PoolReference.AdaptiveMaxPool2d<T>(x, yr, ir, h, w, oh, ow);
                            if (!ir.AsSpan().SequenceEqual(i)) Assert.Fail($"adaptive max indices {h}x{w}->{oh}x{ow}");

                            x = Input<T>(h * w, (ulong)(h * 100 + w), ties: false);
                            PoolKernels.AdaptiveAvgPool2d<T>(x, y, h, w, oh, ow);
                            PoolReference.AdaptiveAvgPool2d<T>(x, yr, h, w, oh, ow);
                            AssertClose(yr, y, tol, $"adaptive avg {h}x{w}->{oh}x{ow}");
                            var g = Input<T>(oh * ow, 3, ties: false);
                            var (dx, dxr) = (new T[h * w], new T[h * w]);
                            PoolKernels.AdaptiveAvgPool2dBackward<T>(dx, g, h, w, oh, ow);
                            PoolReference.AdaptiveAvgPool2dBackward<T>(dxr, g, h, w, oh, ow);
                            AssertClose(dxr, dx, tol, $"adaptive avg backward {h}x{w}->{oh}x{ow}");
                        }
        }
    }

    [Fact]
    public void UnpoolScattersAndReportsTheFirstBadIndex()
    {
        double[] x = [1, 2, 3, 4];
        var y = new double[6];
        Assert.Equal(-1, PoolKernels.MaxUnpool2d<double>(x, [5, 0, 3, 0], y, 6));
        Assert.Equal([4.0, 0, 0, 3, 0, 1], y);   // index 0 twice: the later value wins
        var dx = new double[4];
        PoolKernels.MaxUnpool2dBackward<double>(dx, [10, 11, 12, 13, 14, 15], [5, 0, 3, 0]);
        Assert.Equal([15.0, 10, 13, 10], dx);
        Assert.Equal(2, PoolKernels.MaxUnpool2d<double>(x, [0, 1, 6, -1], new double[6], 6));
        Assert.Equal(0, PoolKernels.MaxUnpool2d<double>(x, [-1, 1, 2, 3], new double[6], 6));
    }

    /// <summary>Elementwise |expected − actual| ≤ tol; the case is described (formatted) only on failure.</summary>
    internal static void AssertClose<T>(T[] expected, T[] actual, T tol, string what, params object[] detail) where T : IFloatingPointIeee754<T>
    {
        if (detail.Length > 0) what += " " + string.Join(" ", detail.Select(d => d.ToString()));
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            if (!(T.Abs(expected[k] - actual[k]) <= tol)) Assert.Fail($"{what}[{k}]: {actual[k]} vs {expected[k]}");
    }
}
