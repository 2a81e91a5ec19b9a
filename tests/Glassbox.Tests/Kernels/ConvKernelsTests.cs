using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The GEMM-lowered and depthwise convolution kernels against the direct loops of <see cref="ConvReference"/>, in
/// float32 and float64, over a sweep of geometries: batch 0, 1 and more images than worker threads; C = 1, 3, 5, 16;
/// kernels 1, 2, 3, 5 (and non-square); strides 1–3 including stride &gt; kernel; padding 0 up to k; dilation 1 and 2;
/// groups 1, 2 and C (depthwise); H ≠ W and sizes that are not multiples of the vector width.
/// </summary>
public class ConvKernelsTests
{
    // N C H W OC KH KW SH SW PH PW DH DW G
    public static TheoryData<string> Geometries => new()
    {
        "1 1 5 7 1 1 1 1 1 0 0 1 1 1",      // pointwise, C = 1
        "2 3 9 11 4 1 1 1 1 0 0 1 1 1",     // pointwise: GEMM straight on the image
        "3 16 8 8 8 1 1 1 1 0 0 1 1 2",     // pointwise, groups 2
        "2 3 13 11 4 1 1 3 3 0 0 1 1 1",    // 1×1 with stride 3 (needs im2col)
        "2 3 10 13 5 3 3 1 1 1 1 1 1 1",
        "1 5 7 6 3 5 5 1 1 2 2 1 1 1",      // batch 1: GEMM keeps its own threads
        "2 3 11 9 6 3 3 2 2 1 1 1 1 3",     // groups = C, two filters per group
        "2 16 9 17 16 3 3 1 1 1 1 1 1 16",  // depthwise
        "3 5 10 7 5 3 3 2 2 1 1 1 1 5",     // depthwise, stride 2
        "2 3 12 12 3 3 3 1 1 2 2 2 2 3",    // depthwise, dilation 2
        "1 3 8 9 3 5 2 3 1 2 1 1 2 3",      // depthwise, mixed everything
        "2 3 13 11 4 2 2 3 3 0 0 1 1 1",    // stride > kernel
        "2 5 12 10 4 3 3 1 1 2 2 2 2 1",    // dilation 2
        "2 3 6 5 2 3 3 2 2 3 3 1 1 1",      // padding = k
        "1 16 17 9 7 2 2 1 1 1 1 1 1 1",    // even kernel
        "3 4 20 19 6 5 5 3 3 2 2 2 2 2",    // k 5, stride 3, dilation 2, groups 2
        "2 3 8 9 4 3 1 1 2 1 0 1 1 1",      // non-square kernel, per-axis stride and padding
        "0 3 5 5 2 3 3 1 1 1 1 1 1 1",      // empty batch
        "5 3 7 7 4 3 3 1 1 1 1 1 1 1",      // more images than threads, uneven chunks
        "4 16 16 16 32 3 3 1 1 1 1 1 1 1",  // ResNet-like block
        "2 3 3 3 2 3 3 1 1 0 0 1 1 1",      // 1×1 output
        "3 4 1 19 5 1 3 1 2 0 1 1 2 1",     // height 1 (conv1d as conv2d)
        "2 16 5 5 4 3 3 1 1 0 0 1 1 4",     // groups 4
        "2 4 48 50 8 3 3 1 1 1 1 1 1 1",    // L = 2400 > NC: several column blocks and (backward-weight) depth blocks
        "2 32 7 6 5 3 3 1 1 1 1 1 1 1",     // K = 288 > KC: two depth blocks of the forward product
        "2 4 6 6 300 3 3 1 1 1 1 1 1 1",    // OC = 300 > MC: two row blocks
        "2 6 28 28 16 5 5 1 1 2 2 1 1 1",   // LeNet-like: OC not a multiple of the register tile, L = 784
        "1 64 16 16 64 3 3 1 1 1 1 1 1 1",  // one large image: explicit im2col, GEMM on all threads
    };

    /// <summary>
    /// The implicit-GEMM path with every micro-kernel family, forced on this thread (a lone small image runs on the
    /// calling thread, so the forced choice applies): odd tile edges meet each kernel's own MR×NR.
    /// </summary>
    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    public void EveryGemmKernelFamily(string family)
    {
        var isa = Enum.Parse<GemmIsa>(family);
        Skip.If(isa > Gemm.BestIsa, $"{isa} kernels do not run on this CPU (or are disabled by DOTNET_Enable*)");
        try
        {
            Gemm.ForceIsa = isa;
            foreach (var spec in new[] { "1 3 10 13 5 3 3 1 1 1 1 1 1 1", "1 6 9 7 7 5 2 2 1 2 1 1 2 1", "1 4 6 6 10 3 3 1 1 1 1 2 2 2" })
            {
                Check<double>(Parse(spec), 1.11e-16);
                Check<float>(Parse(spec), 6e-8);
            }
        }
        finally { Gemm.ForceIsa = null; }
    }

    private static ConvGeometry Parse(string spec)
    {
        var v = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var (n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, gr) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
        return new ConvGeometry(n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, gr,
            ConvGeometry.OutSize(h, kh, sh, ph, dh), ConvGeometry.OutSize(w, kw, sw, pw, dw));
    }

    [Theory, MemberData(nameof(Geometries))]
    public void Float64MatchesReference(string spec) => Check<double>(Parse(spec), 1.11e-16);

    [Theory, MemberData(nameof(Geometries))]
    public void Float32MatchesReference(string spec) => Check<float>(Parse(spec), 6e-8);

    private static T[] Random<T>(int n, Generator g) where T : IFloatingPointIeee754<T>
    {
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = T.CreateChecked(2 * g.NextDouble() - 1);
        return a;
    }

    private static T[] Abs<T>(T[] a) where T : IFloatingPointIeee754<T> => a.Select(T.Abs).ToArray();

    /// <summary>
    /// Each fast result is a sum of K products (K = C/G·kH·kW + 1 for the forward, at most OC/G·kH·kW for
    /// backward-data, N·OH·OW for backward-weight) accumulated in T in some order; the reference sums the same
    /// products in double. The classic bound for any summation order is |error| ≤ K·u·Σ|terms| (u the unit roundoff of
    /// T); Σ|terms| is computed exactly by running the reference on |x|, |w|, |dy|. The reference's own rounding to T
    /// adds at most u·|y| ≤ u·Σ|terms|, hence the bound (K + 1)·u·Σ|terms| used below (K + 2 forward, where the bias is a term).
    /// </summary>
    private static void Check<T>(ConvGeometry g, double u) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Generator(1234567UL + (ulong)(g.C * 31 + g.KH * 7 + g.SH));
        var x = Random<T>(g.N * g.C * g.HW, rng);
        var w = Random<T>(g.OC * g.K, rng);
        var b = Random<T>(g.OC, rng);
        var dy = Random<T>(g.N * g.OC * g.L, rng);

        var yFast = new T[g.N * g.OC * g.L];
        var yRef = new T[yFast.Length];
        var yAbs = new T[yFast.Length];
        ConvKernels.Forward<T>(x, w, b, yFast, g);
        ConvReference.Forward<T>(x, w, b, yRef, g);
        ConvReference.Forward<T>(Abs(x), Abs(w), Abs(b), yAbs, g);
        AssertWithin(yFast, yRef, yAbs, (g.K + 2) * u, "forward");

        var dxFast = new T[x.Length];
        var dxRef = new T[x.Length];
        var dxAbs = new T[x.Length];
        ConvKernels.BackwardData<T>(dy, w, dxFast, g);
        ConvReference.BackwardData<T>(dy, w, dxRef, g);
        ConvReference.BackwardData<T>(Abs(dy), Abs(w), dxAbs, g);
        AssertWithin(dxFast, dxRef, dxAbs, (g.OCg * g.KH * g.KW + 1) * u, "backward-data");

        var dwFast = new T[w.Length];
        var dwRef = new T[w.Length];
        var dwAbs = new T[w.Length];
        ConvKernels.BackwardWeight<T>(x, dy, dwFast, g);
        ConvReference.BackwardWeight<T>(x, dy, dwRef, g);
        ConvReference.BackwardWeight<T>(Abs(x), Abs(dy), dwAbs, g);
        AssertWithin(dwFast, dwRef, dwAbs, (g.N * g.L + 1) * u, "backward-weight");
    }

    private static void AssertWithin<T>(T[] fast, T[] reference, T[] absSum, double rel, string what) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < fast.Length; i++)
        {
            double f = double.CreateChecked(fast[i]), r = double.CreateChecked(reference[i]), s = double.CreateChecked(absSum[i]);
            double tol = rel * s + 1e-300;
            Assert.True(Math.Abs(f - r) <= tol, $"{what}[{i}]: fast {f:R}, reference {r:R}, |diff| {Math.Abs(f - r):G3} > {tol:G3}");
        }
    }
}
