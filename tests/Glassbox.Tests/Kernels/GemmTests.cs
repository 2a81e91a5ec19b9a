using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The blocked, packed, vectorized <see cref="Gemm"/> against the triple loop <see cref="GemmReference"/>:
/// sizes around every tile and block edge, all four transpose combinations, padded leading dimensions, α/β,
/// float and double, one and two threads, and every kernel family this CPU can run.
/// </summary>
/// <remarks>
/// Tolerances. Both implementations sum the same k products in a different order (the reference in double,
/// Gemm in the working precision with FMAs, in KC-long chunks). The forward error of a k-term dot product is
/// bounded by γ_k·Σ|a||b| ≈ k·u·Σ_p|a_ip||b_pj| (Higham, Accuracy and Stability, §3.1), plus one rounding each
/// for α and β·C. For float (u = 6·10⁻⁸) we allow 1e-5·√(k+1) relative to S = |α|·Σ_p|a_ip||b_pj| + |β|·|c_ij|:
/// that is ≥ the worst case k·u for every k ≤ 27 000 (so it never flags honest rounding), while any indexing
/// or packing mistake gives an error of order S itself. For double (u = 1.1·10⁻¹⁶, k ≤ 2 100 here so k·u &lt;
/// 3·10⁻¹³) we allow 1e-12·S. Padding of A and B (beyond the logical matrix, inside lda/ldb) is NaN, so a
/// kernel that reads outside the matrix poisons the result; padding of C must come back untouched.
/// </remarks>
public class GemmTests
{
    private static readonly int[] Sizes = [0, 1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 64, 100, 129, 257];

    /// <summary>
    /// A few hundred (m, n, k) drawn from Sizes³ with a fixed seed, capped so the reference loop stays fast,
    /// plus hand-picked ones: all-257 (crosses MC and KC), zeros, and n = 2100 (crosses NC for both types).
    /// </summary>
    private static List<(int M, int N, int K)> Shapes()
    {
        var g = new Generator(2024);
        var list = new List<(int, int, int)> { (257, 257, 257), (0, 5, 7), (5, 0, 7), (5, 7, 0), (1, 1, 1), (13, 2100, 20), (6, 16, 1), (12, 32, 300) };
        while (list.Count < 200)
        {
            int m = Sizes[g.NextInt(Sizes.Length)], n = Sizes[g.NextInt(Sizes.Length)], k = Sizes[g.NextInt(Sizes.Length)];
            if ((long)m * n * k <= 400_000) list.Add((m, n, k));
        }
        return list;
    }

    private static IEnumerable<GemmIsa> Isas() => Enum.GetValues<GemmIsa>().Where(i => i <= Gemm.BestIsa);

    /// <summary>Operands with their stored layout: rows×cols, leading dimension ld = cols + pad, NaN in the padding.</summary>
    private static double[] Stored(Generator g, int rows, int cols, int ld, double padValue)
    {
        var x = new double[Math.Max(0, rows * ld)];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < ld; j++)
                x[i * ld + j] = j < cols ? g.NextDouble() * 2 - 1 : padValue;
        return x;
    }

    // The tolerance scale S_ij = |α|·Σ_p |op(A)_ip|·|op(B)_pj| + |β|·|C_ij| (see the class remarks).
    private static double[] Scale(double[] a, int lda, bool ta, double[] b, int ldb, bool tb, double[] c, int ldc, int m, int n, int k, double alpha, double beta)
    {
        var s = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = 0;
                for (int p = 0; p < k; p++)
                    acc += Math.Abs(ta ? a[p * lda + i] : a[i * lda + p]) * Math.Abs(tb ? b[j * ldb + p] : b[p * ldb + j]);
                s[i * n + j] = Math.Abs(alpha) * acc + (beta == 0 ? 0 : Math.Abs(beta * c[i * ldc + j]));
            }
        return s;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesReferenceOverShapesTransposesStridesAlphaBetaThreadsAndKernels(bool dp)
    {
        var g = new Generator(dp ? 11UL : 7UL);
        int cases = 0;
        try
        {
            foreach (var (m, n, k) in Shapes())
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                    {
                        cases++;
                        // Alternate the defaults (α = 1, β = 0) with general values; pad every leading dimension.
                        bool general = cases % 2 == 0;
                        double alpha = general ? 1.5 : 1.0, beta = general ? -0.75 : 0.0;
                        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
                        int lda = aCols + 1 + cases % 3, ldb = bCols + 2, ldc = n + 3;
                        var a = Stored(g, aRows, aCols, lda, double.NaN);
                        var b = Stored(g, bRows, bCols, ldb, double.NaN);
                        // β = 0 must overwrite C without reading it, so start C as NaN there.
                        var c0 = Stored(g, m, n, ldc, -77.0);
                        if (beta == 0) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c0[i * ldc + j] = double.NaN;
                        var scale = Scale(a, lda, ta, b, ldb, tb, c0, ldc, m, n, k, alpha, beta);
                        // The reference once per case (it is the slow part), then every kernel family × thread count.
                        float[] af = Array.ConvertAll(a, v => (float)v), bf = Array.ConvertAll(b, v => (float)v), cf = Array.ConvertAll(c0, v => (float)v);
                        float[] wantF = (float[])cf.Clone(); double[] wantD = (double[])c0.Clone();
                        if (dp) GemmReference.Dgemm(wantD, ldc, a, lda, ta, b, ldb, tb, m, n, k, alpha, beta);
                        else GemmReference.Sgemm(wantF, ldc, af, lda, ta, bf, ldb, tb, m, n, k, (float)alpha, (float)beta);
                        foreach (var isa in Isas())
                            foreach (int threads in new[] { 1, 2 })
                            {
                                Gemm.ForceIsa = isa; Gemm.ForceThreads = threads;
                                string what = $"{(dp ? "dgemm" : "sgemm")} m={m} n={n} k={k} transA={ta} transB={tb} lda={lda} ldb={ldb} ldc={ldc} α={alpha} β={beta} kernel={isa} threads={threads}";
                                if (dp) CheckDouble(a, lda, ta, b, ldb, tb, c0, wantD, ldc, m, n, k, alpha, beta, scale, what);
                                else CheckFloat(af, lda, ta, bf, ldb, tb, cf, wantF, ldc, m, n, k, (float)alpha, (float)beta, scale, what);
                            }
                    }
        }
        finally { Gemm.ForceIsa = null; Gemm.ForceThreads = null; }
        Assert.True(cases >= 800, $"expected a few hundred shapes × 4 transposes, ran {cases}");
    }

    private static void CheckFloat(float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[] c0, float[] want, int ldc, int m, int n, int k,
        float alpha, float beta, double[] scale, string what)
    {
        var got = (float[])c0.Clone();
        Gemm.Sgemm(got, ldc, a, lda, ta, b, ldb, tb, m, n, k, alpha, beta);
        double rel = 1e-5 * Math.Sqrt(k + 1);
        for (int i = 0; i < got.Length; i++)
        {
            int r = i / ldc, col = i % ldc;
            if (col >= n) { Assert.True(BitConverter.SingleToInt32Bits(got[i]) == BitConverter.SingleToInt32Bits(c0[i]), $"{what}: wrote into C padding at ({r},{col})"); continue; }
            double tol = rel * scale[r * n + col] + 1e-30;
            if (!(Math.Abs(got[i] - want[i]) <= tol))
                Assert.Fail($"{what}: C[{r},{col}] = {got[i]:R}, reference {want[i]:R}, |diff| {Math.Abs(got[i] - want[i]):E2} > tol {tol:E2}");
        }
    }

    private static void CheckDouble(double[] a, int lda, bool ta, double[] b, int ldb, bool tb, double[] c0, double[] want, int ldc, int m, int n, int k,
        double alpha, double beta, double[] scale, string what)
    {
        var got = (double[])c0.Clone();
        Gemm.Dgemm(got, ldc, a, lda, ta, b, ldb, tb, m, n, k, alpha, beta);
        for (int i = 0; i < got.Length; i++)
        {
            int r = i / ldc, col = i % ldc;
            if (col >= n) { Assert.True(BitConverter.DoubleToInt64Bits(got[i]) == BitConverter.DoubleToInt64Bits(c0[i]), $"{what}: wrote into C padding at ({r},{col})"); continue; }
            double tol = 1e-12 * scale[r * n + col] + 1e-300;
            if (!(Math.Abs(got[i] - want[i]) <= tol))
                Assert.Fail($"{what}: C[{r},{col}] = {got[i]:R}, reference {want[i]:R}, |diff| {Math.Abs(got[i] - want[i]):E2} > tol {tol:E2}");
        }
    }

    [Fact]
    public void ConcurrentCallersEachGetTheirOwnCorrectProduct()
    {
        // Several threads multiplying at once on 2 threads each: one holds the GEMM workers, the others fall
        // back to the thread pool; none may see another's packing buffers or results.
        const int m = 67, n = 45, k = 131;
        var results = new bool[6];
        var threads = Enumerable.Range(0, results.Length).Select(t => new Thread(() =>
        {
            Gemm.ForceThreads = 2;
            var g = new Generator((ulong)(100 + t));
            var a = new float[m * k]; var b = new float[k * n];
            for (int i = 0; i < a.Length; i++) a[i] = g.NextFloat() * 2 - 1;
            for (int i = 0; i < b.Length; i++) b[i] = g.NextFloat() * 2 - 1;
            var want = new float[m * n];
            GemmReference.Sgemm(want, n, a, k, false, b, n, false, m, n, k);
            bool ok = true;
            for (int rep = 0; rep < 20 && ok; rep++)
            {
                var got = new float[m * n];
                Gemm.Sgemm(got, n, a, k, false, b, n, false, m, n, k);
                // |entries| ≤ Σ|a||b| ≤ k, so 1e-5·√k·k bounds float rounding (class remarks).
                for (int i = 0; i < got.Length && ok; i++) ok = Math.Abs(got[i] - want[i]) <= 1e-5 * Math.Sqrt(k) * k;
            }
            results[t] = ok;
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void AlphaZeroOrEmptyKScalesCByBetaWithoutReadingAOrB()
    {
        // BLAS convention: with α = 0 or k = 0 the answer is β·C and A/B are not read (here: NaN operands).
        float[] c = [1, 2, 3, 4], nan = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Sgemm(c, 2, nan, 2, false, nan, 2, false, 2, 2, 2, alpha: 0f, beta: 3f);
        Assert.Equal([3f, 6f, 9f, 12f], c);
        double[] d = [1, 2, 3, 4];
        Gemm.Dgemm(d, 2, [], 1, false, [], 2, false, 2, 2, 0, alpha: 2.0, beta: 0.0);
        Assert.Equal([0.0, 0, 0, 0], d);
    }

    [Fact]
    public void RejectsShortSpansAndSmallLeadingDimensions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(new float[4], 2, new float[5], 3, false, new float[6], 2, false, 2, 2, 3));
        Assert.Contains("sgemm", ex.Message);
        Assert.Contains("needs 6 elements", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Dgemm(new double[4], 2, new double[6], 2, false, new double[6], 2, false, 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Dgemm(new double[4], 2, new double[6], 3, false, new double[6], 2, false, -1, 2, 3));
    }

    [Theory]
    [InlineData(DType.Float32, 1e-5)]
    [InlineData(DType.Float64, 1e-12)]
    public void MatMulOfATransposedViewMatchesTheReference(DType dtype, double rel)
    {
        // Aᵀ is a strided view; MatMul hands it to GEMM as transA = true with no copy. Big enough to go parallel
        // and cross the MC/KC blocks (k = 300 > KC).
        int m = 70, k = 300, n = 90;
        var g = new Generator(5);
        var aData = new double[k * m]; var bData = new double[k * n];
        for (int i = 0; i < aData.Length; i++) aData[i] = g.NextDouble() * 2 - 1;
        for (int i = 0; i < bData.Length; i++) bData[i] = g.NextDouble() * 2 - 1;
        var stored = Tensor.FromArray(aData, k, m).To(dtype);  // stored K×M
        var b = Tensor.FromArray(bData, k, n).To(dtype);
        var at = stored.T;                                        // M×K view, strides (1, M)
        Assert.False(at.IsContiguous);
        var c = at.MatMul(b);
        Assert.Equal(new[] { m, n }, c.Shape);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double want = 0, s = 0;
                for (int p = 0; p < k; p++) { want += aData[p * m + i] * bData[p * n + j]; s += Math.Abs(aData[p * m + i] * bData[p * n + j]); }
                // The float inputs are rounded copies of the double data: another u·S of difference, well inside 1e-5·S.
                Assert.True(Math.Abs(c[i, j] - want) <= rel * Math.Sqrt(k) * s, $"matmul({dtype}) C[{i},{j}] = {c[i, j]}, want {want}");
            }
    }

    [Fact]
    public void OnThisThreadOnlyScopeGivesTheSameProductAndRestoresTheSetting()
    {
        var g = new Generator(5);
        int m = 300, n = 200, k = 150; // large enough to go parallel outside the scope
        var a = Enumerable.Range(0, m * k).Select(_ => g.NextNormal()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => g.NextNormal()).ToArray();
        var c1 = new double[m * n];
        var c2 = new double[m * n];
        Gemm.Dgemm(c1, n, a, k, false, b, n, false, m, n, k);
        Gemm.ForceThreads = 2;
        try
        {
            using (Gemm.OnThisThreadOnly())
            {
                Assert.Equal(1, Gemm.ForceThreads);
                Gemm.Dgemm(c2, n, a, k, false, b, n, false, m, n, k);
            }
            Assert.Equal(2, Gemm.ForceThreads);
        }
        finally { Gemm.ForceThreads = null; }
        // the k-summation order is fixed by the blocking, not by the threads: identical
        Assert.Equal(c1, c2);
    }
}
