using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The unpacked path for SGEMMs of 1–3 rows (<see cref="GemmSmallM"/>): against the triple-loop reference, bit for
/// bit against the packed path it replaces, and bit for bit against the same rows computed inside a larger batch —
/// over a sweep of shapes around the vector widths (1, 7, 8, 9, 17, 33 … columns; depths across the 8-wide transpose
/// step and the KC = 256 block), all transposes, padded leading dimensions, α/β, threads, and every kernel family
/// this CPU runs.
/// </summary>
/// <remarks>
/// The reference tolerance is <see cref="GemmTests"/>'s: 1e-5·√(k+1) relative to S = |α|·Σ|a||b| + |β|·|c| (at least
/// the k·u worst case of a reordered float sum at these depths, far below the error of a wrong index). The other two
/// comparisons are exact because the path is built to repeat the packed path's arithmetic (same K blocks, same
/// multiply-add chains, same merge), which the serving layer relies on: a sample's outputs must not depend on which
/// batch it is computed in. Padding of A and B is NaN, so reading outside a matrix poisons the result; padding of C
/// must come back untouched.
/// </remarks>
public class GemmSmallMTests
{
    private static readonly int[] Cols = [1, 2, 7, 8, 9, 17, 33, 40, 100];
    private static readonly int[] Depths = [1, 3, 7, 8, 9, 16, 257, 300];

    private static IEnumerable<GemmIsa> Isas() => Enum.GetValues<GemmIsa>().Where(i => i <= Gemm.BestIsa);

    private static float[] Stored(Generator g, int rows, int cols, int ld, float pad)
    {
        var x = new float[Math.Max(0, rows * ld)];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < ld; j++)
                x[i * ld + j] = j < cols ? (float)(g.NextDouble() * 2 - 1) : pad;
        return x;
    }

    private static float[] Run(float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[] c0, int ldc, int m, int n, int k, float alpha, float beta)
    {
        var c = (float[])c0.Clone();
        Gemm.Sgemm(c, ldc, a, lda, ta, b, ldb, tb, m, n, k, alpha, beta);
        return c;
    }

    [Fact]
    public void MaxRowsIsBelowEveryFloatKernelsTileHeight()
    {
        // the bit-for-bit argument needs every row of the packed path in an edge tile
        Assert.True(GemmSmallM.MaxRows < GemmKernels.Sgemm128.MR);
        Assert.True(GemmSmallM.MaxRows < GemmKernels.Sgemm256.MR);
        Assert.True(GemmSmallM.MaxRows < GemmKernels.Sgemm512.MR);
        Assert.True(GemmSmallM.MaxRows < GemmKernels.Scalar<float>.MR);
    }

    [Fact]
    public void SweepMatchesReferenceAndPackedPathExactly()
    {
        var g = new Generator(515);
        int cases = 0;
        try
        {
            foreach (int m in new[] { 1, 2, 3 })
                foreach (int n in Cols)
                    foreach (int k in Depths)
                        foreach (bool ta in new[] { false, true })
                            foreach (bool tb in new[] { false, true })
                            {
                                cases++;
                                (float alpha, float beta) = (cases % 3) switch { 0 => (1f, 0f), 1 => (0.7f, 0f), _ => (1.3f, -0.4f) };
                                int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
                                int lda = aCols + 1 + cases % 2, ldb = bCols + 3, ldc = n + 2;
                                var a = Stored(g, aRows, aCols, lda, float.NaN);
                                var b = Stored(g, bRows, bCols, ldb, float.NaN);
                                var c0 = Stored(g, m, n, ldc, -77f);
                                if (beta == 0) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c0[i * ldc + j] = float.NaN;
                                var want = (float[])c0.Clone();
                                GemmReference.Sgemm(want, ldc, a, lda, ta, b, ldb, tb, m, n, k, alpha, beta);
                                foreach (var isa in Isas())
                                {
                                    Gemm.ForceIsa = isa;
                                    string what = $"m={m} n={n} k={k} transA={ta} transB={tb} α={alpha} β={beta} kernel={isa}";
                                    Gemm.ForcePacked = true;
                                    var packed = Run(a, lda, ta, b, ldb, tb, c0, ldc, m, n, k, alpha, beta);
                                    Gemm.ForcePacked = false;
                                    var got = Run(a, lda, ta, b, ldb, tb, c0, ldc, m, n, k, alpha, beta);
                                    for (int i = 0; i < got.Length; i++)
                                    {
                                        int r = i / ldc, col = i % ldc;
                                        Assert.True(BitConverter.SingleToInt32Bits(got[i]) == BitConverter.SingleToInt32Bits(packed[i]),
                                            $"{what}: C[{r},{col}] = {got[i]:R}, packed path {packed[i]:R}");
                                        if (col >= n) continue;
                                        double s = 0;
                                        for (int p = 0; p < k; p++)
                                            s += Math.Abs(ta ? a[p * lda + r] : a[r * lda + p]) * Math.Abs(tb ? b[col * ldb + p] : b[p * ldb + col]);
                                        double tol = 1e-5 * Math.Sqrt(k + 1) * (Math.Abs(alpha) * s + (beta == 0 ? 0 : Math.Abs(beta * c0[i]))) + 1e-30;
                                        Assert.True(Math.Abs(got[i] - want[i]) <= tol, $"{what}: C[{r},{col}] = {got[i]:R}, reference {want[i]:R}, tol {tol:E2}");
                                    }
                                    // C's padding is the one place the two paths may both leave alone: check it is untouched
                                    for (int r = 0; r < m; r++)
                                        for (int col = n; col < ldc && r * ldc + col < got.Length; col++)
                                            Assert.True(BitConverter.SingleToInt32Bits(got[r * ldc + col]) == BitConverter.SingleToInt32Bits(c0[r * ldc + col]), $"{what}: wrote into C padding at ({r},{col})");
                                }
                            }
        }
        finally { Gemm.ForceIsa = null; Gemm.ForcePacked = false; }
        Assert.Equal(3 * Cols.Length * Depths.Length * 4, cases);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneRowEqualsItsRowOfABatch(bool transB)
    {
        // Linear's product x·Wᵀ (transB) and the plain x·W, with α = 1, β = 0 as layers call them
        const int rows = 16, n = 70, k = 530;
        var g = new Generator(transB ? 21UL : 22UL);
        var a = Stored(g, rows, k, k, 0f);
        var b = transB ? Stored(g, n, k, k, 0f) : Stored(g, k, n, n, 0f);
        int ldb = transB ? k : n;
        try
        {
            foreach (var isa in Isas())
            {
                Gemm.ForceIsa = isa;
                var batch = Run(a, k, false, b, ldb, transB, new float[rows * n], n, rows, n, k, 1f, 0f);
                for (int r = 0; r < rows; r += 5)
                {
                    var one = Run(a[(r * k)..((r + 1) * k)], k, false, b, ldb, transB, new float[n], n, 1, n, k, 1f, 0f);
                    for (int j = 0; j < n; j++)
                        Assert.True(BitConverter.SingleToInt32Bits(one[j]) == BitConverter.SingleToInt32Bits(batch[r * n + j]),
                            $"kernel {isa} row {r} column {j}: alone {one[j]:R}, in a batch of {rows} {batch[r * n + j]:R}");
                }
            }
        }
        finally { Gemm.ForceIsa = null; }
    }

    [Fact]
    public void TwoThreadsGiveTheSameBits()
    {
        const int n = 1000, k = 700; // m·n·k above the driver's threshold for threads (160³)
        var g = new Generator(23);
        var a = Stored(g, 3, k, k, 0f);
        var b = Stored(g, n, k, k, 0f);
        try
        {
            Gemm.ForceThreads = 1;
            var one = Run(a, k, false, b, k, true, new float[n * 3], n, 3, n, k, 1f, 0f);
            Gemm.ForceThreads = 2;
            var two = Run(a, k, false, b, k, true, new float[n * 3], n, 3, n, k, 1f, 0f);
            Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), two.Select(BitConverter.SingleToInt32Bits));
        }
        finally { Gemm.ForceThreads = null; }
    }

    [Fact]
    public void EmptyShapesFollowTheBlasConvention()
    {
        // n = 0: nothing to write; k = 0: C ← β·C without reading A or B
        var c = new float[] { 2f, -4f, 6f };
        Gemm.Sgemm(c, 3, new float[5], 5, false, [], 5, true, 1, 0, 5);
        Assert.Equal([2f, -4f, 6f], c);
        Gemm.Sgemm(c, 3, [], 1, false, [], 1, true, 1, 3, 0, 1f, 0.5f);
        Assert.Equal([1f, -2f, 3f], c);
    }
}
