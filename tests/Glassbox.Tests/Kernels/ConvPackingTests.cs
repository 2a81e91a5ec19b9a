using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The packing routines of the implicit-GEMM convolution (col panel by panel, colᵀ through 8×8 transposes) against their direct forms: the packed panels are pure data
/// movement, so the fast and direct results must be bit-identical (zero padding included) for every panel width the
/// micro-kernels use, on geometries with padding, stride, dilation, groups and sizes off the vector width.
/// </summary>
public unsafe class ConvPackingTests
{
    // N C H W OC KH KW SH SW PH PW DH DW G
    public static TheoryData<string> Geometries => new()
    {
        "1 16 32 32 16 3 3 1 1 1 1 1 1 1",  // ResNet-20 stage 1
        "1 64 8 8 64 3 3 1 1 1 1 1 1 1",    // stage 3: output rows of 8, several per panel
        "1 3 13 11 4 3 3 1 1 1 1 1 1 1",    // odd sizes: runs cross panel and row ends
        "1 5 12 10 4 3 3 1 1 2 2 2 2 1",    // dilation 2
        "1 4 11 9 6 3 2 2 3 1 0 1 1 2",     // strides 2/3, groups 2, non-square kernel
        "1 6 7 7 3 5 5 1 1 4 4 1 1 1",      // padding ≥ kernel/2: whole taps in the padding
        "1 2 5 40 3 1 1 1 1 0 0 1 1 1",     // 1×1
    };

    [Theory, MemberData(nameof(Geometries))]
    public void PackColTMatchesDirectGather(string spec)
    {
        var g = Parse(spec);
        Check<GemmKernels.Sgemm512>(g);
        Check<GemmKernels.Sgemm256>(g);
        Check<GemmKernels.Sgemm128>(g);
        Check<GemmKernels.Scalar<float>>(g);
    }

    [Theory, MemberData(nameof(Geometries))]
    public void PackColMatchesRowByRowGather(string spec)
    {
        var g = Parse(spec);
        CheckCol<GemmKernels.Sgemm512, float>(g);
        CheckCol<GemmKernels.Sgemm256, float>(g);
        CheckCol<GemmKernels.Sgemm128, float>(g);
        CheckCol<GemmKernels.Dgemm512, double>(g);
        CheckCol<GemmKernels.Scalar<double>, double>(g);
    }

    private static void CheckCol<TKernel, T>(ConvGeometry g) where TKernel : struct, IGemmKernel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Generator(7);
        var x = new T[g.C * g.HW];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        int nr = TKernel.NR, kTot = g.K, L = g.L;
        var blocks = new List<(int Q0, int Kc, int L0, int Nc)> { (0, kTot, 0, L), (0, Math.Min(kTot, 5), 0, Math.Min(L, 7)) };
        if (kTot > 3 && L > 11) blocks.Add((3, kTot - 3, 11, L - 11));
        if (kTot > 2 && L > 20) blocks.Add((1, kTot - 2, 5, Math.Min(L - 5, 45)));
        foreach (var (q0, kc, l0, nc) in blocks)
        {
            int len = (nc + nr - 1) / nr * nr * kc;
            var fast = new T[len];
            var direct = new T[len];
            Array.Fill(fast, T.NaN); Array.Fill(direct, T.NaN); // padding must be written, not inherited
            fixed (T* px = x) fixed (T* pf = fast) fixed (T* pd = direct)
            {
                ConvGemm<T, TKernel>.PackCol(pf, px, g, q0, kc, l0, nc);
                ConvGemm<T, TKernel>.PackColByRow(pd, px, g, q0, kc, l0, nc);
            }
            for (int i = 0; i < len; i++)
                Assert.True(fast[i].Equals(direct[i]) || (T.IsNaN(fast[i]) && T.IsNaN(direct[i])),
                    $"{typeof(T).Name} NR {nr}, block q0 {q0} kc {kc} l0 {l0} nc {nc}: element {i} is {fast[i]}, row-by-row gather {direct[i]}");
        }
    }

    private static void Check<TKernel>(ConvGeometry g) where TKernel : struct, IGemmKernel<float>
    {
        var rng = new Generator(99);
        var x = new float[g.C * g.HW];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        int nr = TKernel.NR, kTot = g.K, L = g.L;
        // Blocks at the start, in the middle (odd offsets and lengths) and at the end of both axes.
        var blocks = new List<(int Q0, int Nc, int L0, int Kc)> { (0, kTot, 0, L), (0, Math.Min(kTot, 5), 0, Math.Min(L, 7)) };
        if (kTot > 3 && L > 11) blocks.Add((3, kTot - 3, 11, L - 11));
        if (kTot > 2 && L > 20) blocks.Add((1, kTot - 2, 5, Math.Min(L - 5, 13)));
        foreach (var (q0, nc, l0, kc) in blocks)
        {
            int len = (nc + nr - 1) / nr * nr * kc;
            var fast = new float[len];
            var direct = new float[len];
            Array.Fill(fast, float.NaN); Array.Fill(direct, float.NaN); // padding must be written, not inherited
            var rows = new float[nr * ((kc + 7) / 8 * 8)];
            fixed (float* px = x) fixed (float* pf = fast) fixed (float* pd = direct) fixed (float* pr = rows)
            {
                ConvGemm<float, TKernel>.PackColT(pf, pr, px, g, q0, nc, l0, kc);
                ConvGemm<float, TKernel>.PackColTScalar(pd, px, g, q0, nc, l0, kc);
            }
            for (int i = 0; i < len; i++)
                Assert.True(BitConverter.SingleToInt32Bits(fast[i]) == BitConverter.SingleToInt32Bits(direct[i]),
                    $"NR {nr}, block q0 {q0} nc {nc} l0 {l0} kc {kc}: element {i} is {fast[i]:R}, direct gather {direct[i]:R}");
        }
    }

    /// <summary>
    /// The padded-width forward computes, for every kept output, the same products in the same order as the gathered
    /// forward (the same depth blocks, the same packed weights, the same micro-kernel), only over wider rows; without a
    /// bias the two must therefore agree bit for bit. Every stride-1 geometry, every micro-kernel family.
    /// </summary>
    [Theory, MemberData(nameof(Geometries))]
    public void PaddedWidthForwardEqualsGatheredForward(string spec)
    {
        var g = Parse(spec);
        // Strided geometries keep the gathered path (the wide rows would not be contiguous runs).
        if (g.SH != 1 || g.SW != 1) { Assert.False(ConvGemm<float, GemmKernels.Sgemm512>.Pays(g)); return; }
        CheckPadded<GemmKernels.Sgemm512, float>(g);
        CheckPadded<GemmKernels.Sgemm256, float>(g);
        CheckPadded<GemmKernels.Sgemm128, float>(g);
        CheckPadded<GemmKernels.Dgemm512, double>(g);
        CheckPadded<GemmKernels.Scalar<double>, double>(g);
    }

    private static void CheckPadded<TKernel, T>(ConvGeometry g) where TKernel : struct, IGemmKernel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Generator(11);
        int n = 2;
        g = g with { N = n };
        var x = new T[n * g.C * g.HW];
        var w = new T[g.OC * g.K];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        var padded = new T[n * g.OC * g.L];
        var gathered = new T[padded.Length];
        Array.Fill(padded, T.NaN); Array.Fill(gathered, T.NaN); // every output must be written
        fixed (T* px = x) fixed (T* pw = w) fixed (T* pp = padded) fixed (T* pg = gathered)
        {
            ConvGemm<T, TKernel>.ForwardImagesPadded(px, pw, null, pp, g, 0, n);
            ConvGemm<T, TKernel>.ForwardImagesGather(px, pw, null, pg, g, 0, n);
        }
        for (int i = 0; i < padded.Length; i++)
            Assert.True(padded[i].Equals(gathered[i]), $"{typeof(T).Name} NR {TKernel.NR}: output {i} is {padded[i]} padded-width, {gathered[i]} gathered");
    }

    /// <summary>
    /// The padded-width backward-weight (dy spread with zeros over the wrapped columns) against the direct loops, for
    /// every micro-kernel family: dW sums L products per element in some order, so |error| ≤ (L + 1)·u·Σ|terms| (the
    /// bound of <see cref="ConvKernelsTests"/>; the extra zero products add no rounding).
    /// </summary>
    [Theory, MemberData(nameof(Geometries))]
    public void PaddedWidthWeightGradMatchesReference(string spec)
    {
        var g = Parse(spec);
        CheckWideWeightGrad<GemmKernels.Sgemm512, float>(g, 6e-8);
        CheckWideWeightGrad<GemmKernels.Sgemm256, float>(g, 6e-8);
        CheckWideWeightGrad<GemmKernels.Sgemm128, float>(g, 6e-8);
        CheckWideWeightGrad<GemmKernels.Scalar<float>, float>(g, 6e-8);
        CheckWideWeightGrad<GemmKernels.Dgemm512, double>(g, 1.11e-16);
    }

    private static void CheckWideWeightGrad<TKernel, T>(ConvGeometry g, double u) where TKernel : struct, IGemmKernel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Generator(13);
        var x = new T[g.C * g.HW];
        var dy = new T[g.OC * g.L];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        for (int i = 0; i < dy.Length; i++) dy[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        var fast = new T[g.OC * g.K];
        var reference = new T[fast.Length];
        var absSum = new T[fast.Length];
        fixed (T* pw = fast) fixed (T* pdy = dy) fixed (T* px = x) ConvGemm<T, TKernel>.WeightGradImage(pw, pdy, px, g);
        var one = g with { N = 1 };
        ConvReference.BackwardWeight<T>(x, dy, reference, one);
        ConvReference.BackwardWeight<T>(x.Select(T.Abs).ToArray(), dy.Select(T.Abs).ToArray(), absSum, one);
        for (int i = 0; i < fast.Length; i++)
        {
            double f = double.CreateChecked(fast[i]), r = double.CreateChecked(reference[i]), s = double.CreateChecked(absSum[i]);
            Assert.True(Math.Abs(f - r) <= (g.L + 1) * u * s + 1e-300, $"{typeof(T).Name} NR {TKernel.NR}: dW[{i}] = {f}, reference {r}");
        }
    }

    /// <summary>
    /// The packing sweep plus geometries that reach the other blockings of backward-data: OCg = 300 over two depth
    /// blocks (KC = 256), L = 2,500 over two column blocks (NC = 2,048), and groups at stride 1.
    /// </summary>
    public static TheoryData<string> DataGradGeometries
    {
        get
        {
            var all = new TheoryData<string>();
            foreach (string row in Geometries) all.Add(row);
            all.Add("1 2 5 6 300 3 3 1 1 1 1 1 1 1");
            all.Add("1 1 50 50 2 3 3 1 1 1 1 1 1 1");
            all.Add("1 6 9 7 4 3 3 1 1 1 1 1 1 2");
            return all;
        }
    }

    /// <summary>
    /// Backward-data scattering into the padded buffer against the clipped scatter: the same tiles are added in the
    /// same order to every in-image element of dx, so the two must agree bit for bit (compared as bit patterns, so a
    /// −0 against a +0 would fail too). Every stride-1 geometry, every micro-kernel family of both precisions; two
    /// images, so the buffer's reuse across images is covered.
    /// </summary>
    [Theory, MemberData(nameof(DataGradGeometries))]
    public void PaddedDataGradEqualsClippedDataGrad(string spec)
    {
        var g = Parse(spec);
        if (g.SH != 1 || g.SW != 1) { Assert.False(ConvGemm<float, GemmKernels.Sgemm512>.ScattersPadded(g)); return; }
        CheckPaddedDataGrad<GemmKernels.Sgemm512, float>(g);
        CheckPaddedDataGrad<GemmKernels.Sgemm256, float>(g);
        CheckPaddedDataGrad<GemmKernels.Sgemm128, float>(g);
        CheckPaddedDataGrad<GemmKernels.Scalar<float>, float>(g);
        CheckPaddedDataGrad<GemmKernels.Dgemm512, double>(g);
        CheckPaddedDataGrad<GemmKernels.Dgemm256, double>(g);
        CheckPaddedDataGrad<GemmKernels.Dgemm128, double>(g);
        CheckPaddedDataGrad<GemmKernels.Scalar<double>, double>(g);
    }

    private static void CheckPaddedDataGrad<TKernel, T>(ConvGeometry g) where TKernel : struct, IGemmKernel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Generator(17);
        int n = 2;
        g = g with { N = n };
        var w = new T[g.OC * g.K];
        var dy = new T[n * g.OC * g.L];
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        for (int i = 0; i < dy.Length; i++) dy[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        var padded = new T[n * g.C * g.HW];
        var clipped = new T[padded.Length];
        Array.Fill(padded, T.NaN); Array.Fill(clipped, T.NaN); // dx is overwritten, not accumulated into
        fixed (T* pw = w) fixed (T* pdy = dy) fixed (T* pp = padded) fixed (T* pc = clipped)
        {
            ConvGemm<T, TKernel>.DataGradImagesPadded(pp, pw, pdy, g, 0, n);
            ConvGemm<T, TKernel>.DataGradImagesClipped(pc, pw, pdy, g, 0, n);
        }
        var reference = new T[padded.Length];
        ConvReference.BackwardData<T>(dy, w, reference, g);
        for (int i = 0; i < padded.Length; i++)
        {
            Assert.True(Bits(padded[i]) == Bits(clipped[i]), $"{typeof(T).Name} NR {TKernel.NR}: dx[{i}] is {padded[i]} padded, {clipped[i]} clipped");
            // Guards against both paths being wrong alike. An element sums at most t = OCg·KH·KW products of values in
            // [−1, 1], so Σ|terms| ≤ t and the fast sum is within t·u·t of the exact one; the float64 reference adds one
            // rounding of the result: |error| ≤ (t + 1)·u·t.
            int t = g.OCg * g.KH * g.KW;
            double tol = (t + 1) * (typeof(T) == typeof(float) ? 6e-8 : 1.11e-16) * t;
            Assert.True(Math.Abs(double.CreateChecked(padded[i]) - double.CreateChecked(reference[i])) <= tol,
                $"{typeof(T).Name} NR {TKernel.NR}: dx[{i}] is {padded[i]}, reference {reference[i]}");
        }
    }

    private static long Bits<T>(T v) where T : unmanaged
        => typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits((float)(object)v) : BitConverter.DoubleToInt64Bits((double)(object)v);

    private static ConvGeometry Parse(string spec)
    {
        var v = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var (n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, gr) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
        return new ConvGeometry(n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, gr,
            ConvGeometry.OutSize(h, kh, sh, ph, dh), ConvGeometry.OutSize(w, kw, sw, pw, dw));
    }
}
