using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The resampling kernels (row-copy and ×2 fast paths, two-pass bilinear) against the naive per-output reference over
/// sweeps of input and output sizes, both corner rules and both nearest rules, in float and double.
/// </summary>
public class ResampleKernelsTests
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 8, 13];

    private static T[] Input<T>(int n, ulong seed) where T : IFloatingPointIeee754<T>
    {
        var g = new Generator(seed);
        var x = new T[n];
        for (int i = 0; i < n; i++) x[i] = T.CreateChecked(g.NextDouble() * 2 - 1);
        return x;
    }

    [Fact]
    public void NearestMatchesReferenceExactly()
    {
        Sweep<double>();
        Sweep<float>();

        static void Sweep<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int h in Sizes)
                foreach (int w in Sizes)
                    foreach (int oh in new[] { 1, 2 * h, 7 })
                        foreach (int ow in new[] { 1, 2 * w, 3, 11 })
                            foreach (bool exact in new[] { false, true })
                            {
                                int[] sh = ResampleKernels.NearestIndices<T>(h, oh, null, exact), sw = ResampleKernels.NearestIndices<T>(w, ow, null, exact);
                                var x = Input<T>(h * w, (ulong)(h * 31 + w));
                                var (y, yr) = (new T[oh * ow], new T[oh * ow]);
                                ResampleKernels.Nearest<T>(x, y, w, sh, sw);
                                ResampleReference.Nearest<T>(x, yr, w, sh, sw);
                                Assert.Equal(yr, y);
                                var g = Input<T>(oh * ow, 5);
                                var (dx, dxr) = (new T[h * w], new T[h * w]);
                                ResampleKernels.NearestBackward<T>(dx, g, w, sh, sw);
                                ResampleReference.NearestBackward<T>(dxr, g, w, sh, sw);
                                // Each input sums the same outputs' gradients in the same (row-major) order.
                                Assert.Equal(dxr, dx);
                            }
        }
    }

    /// <summary>
    /// Bilinear: a value is 4 products of weights ≤ 1 and inputs ≤ 1; the backward sums at most
    /// ⌈13/1⌉² = 169 contributions of magnitude ≤ 1 (downsampling 13 → 1 with align corners reads 2 taps per axis,
    /// so far fewer in practice). K·ε·Σ|terms| with K = 169: 169²·1.1e-16 ≈ 3e-12 (double), 169²·6e-8 ≈ 2e-3 (float,
    /// a loose worst case).
    /// </summary>
    [Fact]
    public void BilinearMatchesReference()
    {
        Sweep<double>(3e-12);
        Sweep<float>(2e-3f);

        static void Sweep<T>(T tol) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int h in Sizes)
                foreach (int w in Sizes)
                    foreach (int ohSize in new[] { 1, 2 * h, 4, -1 })
                        foreach (int owSize in new[] { 1, 2 * w, 3, 9, -1 })
                            foreach (bool ac in new[] { false, true })
                                foreach (double? scale in new double?[] { null, 1.7 })
                                {
                                    // A scale factor reaches the kernel only with the output size it implies, ⌊in·1.7⌋ (size −1 here).
                                    if ((scale is null) != (ohSize < 0 && owSize < 0)) continue;
                                    int oh = ohSize < 0 ? (int)(h * 1.7) : ohSize, ow = owSize < 0 ? (int)(w * 1.7) : owSize;
                                    if (oh < 1 || ow < 1) continue;
                                    var th = ResampleKernels.LinearTaps<T>(h, oh, scale, ac);
                                    var tw = ResampleKernels.LinearTaps<T>(w, ow, scale, ac);
                                    Assert.All(th.I1, i => Assert.InRange(i, 0, h - 1));
                                    Assert.All(tw.I1, i => Assert.InRange(i, 0, w - 1));
                                    var x = Input<T>(h * w, (ulong)(h * 31 + w));
                                    var (y, yr) = (new T[oh * ow], new T[oh * ow]);
                                    var scratch = new T[h * ow];
                                    ResampleKernels.Bilinear<T>(x, y, h, w, th, tw, scratch);
                                    ResampleReference.Bilinear<T>(x, yr, w, th, tw);
                                    PoolKernelsTests.AssertClose(yr, y, tol, $"bilinear {h}x{w}->{oh}x{ow} ac={ac} scale={scale}");
                                    var g = Input<T>(oh * ow, 5);
                                    var (dx, dxr) = (new T[h * w], new T[h * w]);
                                    ResampleKernels.BilinearBackward<T>(dx, g, h, w, th, tw, scratch);
                                    ResampleReference.BilinearBackward<T>(dxr, g, w, th, tw);
                                    PoolKernelsTests.AssertClose(dxr, dx, tol, $"bilinear backward {h}x{w}->{oh}x{ow} ac={ac} scale={scale}");
                                }
        }
    }

    [Fact]
    public void IndexRulesFollowPyTorch()
    {
        // Values from PyTorch 1.13 (F.interpolate on arange): nearest 5 → 8 reads ⌊i·5/8⌋; nearest-exact ⌊(i + ½)·5/8⌋;
        // nearest with scale factor 1.7 on 5 (output 8) reads ⌊i/1.7⌋.
        Assert.Equal([0, 0, 1, 1, 2, 3, 3, 4], ResampleKernels.NearestIndices<double>(5, 8, null, false));
        Assert.Equal([0, 0, 1, 2, 2, 3, 4, 4], ResampleKernels.NearestIndices<double>(5, 8, null, true));
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 4], ResampleKernels.NearestIndices<double>(5, 8, 1.7, false));
        var t = ResampleKernels.LinearTaps<double>(4, 8, null, false);
        Assert.Equal([0, 0, 0, 1, 1, 2, 2, 3], t.I0);
        Assert.Equal([1, 1, 1, 2, 2, 3, 3, 3], t.I1);   // the right tap clamped at the last pixel
        // Linear 4 → 8 of arange(4) in PyTorch: the ×2 weights ¼/¾, and both edges held at the end pixels.
        double[] expected = [0.0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.0];
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], t.L0[i] * t.I0[i] + t.L1[i] * t.I1[i], 1e-15);
    }
}
