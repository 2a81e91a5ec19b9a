using Glassbox.LinearAlgebra;

namespace Glassbox.Tests.LinearAlgebra;

/// <summary>
/// The numeric kernels the estimators share with <c>Linalg</c>: the two layouts of <see cref="SymmetricEigen"/> (the
/// public ascending-columns one and the descending-rows one PCA consumes) agree exactly, both follow the documented
/// sign convention, and so do the rows of <see cref="Svd"/>'s Vh; <see cref="Cholesky.Factor"/>'s pivot floor.
/// </summary>
/// <remarks>
/// Exact equality where both sides run the same floating-point operations (one decomposition, only read out in two
/// layouts, or a sign applied by exact negation); no tolerance is involved there.
/// </remarks>
public class SharedSolverTests
{
    private static double[] RandomSymmetric(int n, ulong seed)
    {
        var g = new Generator(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g.NextNormal();
        return a;
    }

    /// <summary>index of the first entry of largest magnitude</summary>
    private static int ArgMaxAbs(Func<int, double> entry, int n)
    {
        int best = 0;
        for (int j = 1; j < n; j++) if (Math.Abs(entry(j)) > Math.Abs(entry(best))) best = j;
        return best;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void DescendingRowsAreTheAscendingColumnsReversed(int n)
    {
        var a = RandomSymmetric(n, (ulong)(100 + n));
        var w = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(w, v, n, a, n, n);
        var (values, rows) = SymmetricEigen.DecomposeDescending(a, n);
        for (int r = 0; r < n; r++)
        {
            int p = n - 1 - r; // Gaussian random matrices have distinct eigenvalues, so the orders are exact reverses
            Assert.Equal(w[p], values[r]);
            for (int i = 0; i < n; i++) Assert.Equal(v[i * n + p], rows[r * n + i]);
        }
    }

    [Fact]
    public void EigenvectorsHaveTheirLargestEntryPositive()
    {
        // rank-deficient PSD (a Gram matrix of 3 vectors in 8 dimensions) plus a random symmetric one
        const int n = 8;
        var g = new Generator(3);
        var x = Enumerable.Range(0, 3 * n).Select(_ => g.NextNormal()).ToArray();
        var gram = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < 3; k++) gram[i * n + j] += x[k * n + i] * x[k * n + j];
        foreach (var a in new[] { gram, RandomSymmetric(n, 4) })
        {
            var w = new double[n];
            var v = new double[n * n];
            SymmetricEigen.Decompose(w, v, n, a, n, n);
            for (int p = 0; p < n; p++)
            {
                int col = p;
                Assert.True(v[ArgMaxAbs(i => v[i * n + col], n) * n + col] > 0, $"column {p}");
            }
            var (_, rows) = SymmetricEigen.DecomposeDescending(a, n);
            for (int r = 0; r < n; r++)
            {
                int row = r;
                Assert.True(rows[row * n + ArgMaxAbs(i => rows[row * n + i], n)] > 0, $"row {r}");
            }
        }
    }

    [Theory]
    [InlineData(9, 4)]
    [InlineData(4, 9)]
    public void SvdRowsOfVhFollowTheSameSignRule(int m, int n)
    {
        var g = new Generator(11);
        var a = Enumerable.Range(0, m * n).Select(_ => g.NextNormal()).ToArray();
        int k = Math.Min(m, n);
        var u = new double[m * k];
        var s = new double[k];
        var vh = new double[k * n];
        Svd.Decompose(u, k, s, vh, n, a, n, m, n);
        for (int r = 0; r < k; r++)
        {
            int row = r;
            Assert.True(vh[row * n + ArgMaxAbs(j => vh[row * n + j], n)] > 0, $"row {r}");
        }
    }

    [Fact]
    public void CholeskyPivotFloorRejectsRoundingNoisePivots()
    {
        // [[1, 1], [1, 1 + 1e-14]]: positive definite, second pivot 1e-14 (up to rounding of 1 + 1e-14)
        double[] a = [1, 1, 1, 1 + 1e-14];
        var l = new double[4];
        Assert.Equal(-1, Cholesky.Factor(l, 2, a, 2, 2));
        Assert.Equal(1, Cholesky.Factor(l, 2, a, 2, 2, minPivot: 2e-13)); // the linear models' floor p·1e-13·max diag
        Assert.Equal(0, Cholesky.Factor(l, 2, [0.0, 0, 0, 1], 2, 2)); // a zero pivot fails with the default floor
    }
}
