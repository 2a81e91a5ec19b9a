using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Neighbors;

namespace Glassbox.Tests.ML;

/// <summary>Properties of the linear models and their kernels that the sklearn fixtures do not pin down.</summary>
public class LinearModelTests
{
    private static double[] Randn(int n, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray();
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(7, 9)]
    [InlineData(64, 13)]
    [InlineData(1000, 3)]
    public void GramMatchesNaiveReference(int n, int p)
    {
        var a = Randn(n * p, 11);
        var g = DenseMath.Gram(a, n, p);
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += a[i * p + j] * a[i * p + k];
                // different summation order (4-row blocks, parallel chunks): agreement to rounding, ~n·ε·Σ|terms|
                Assert.Equal(s, g[j * p + k], 1e-10 * Math.Max(1, n));
            }
    }

    [Fact]
    public void RankDeficientLeastSquaresGivesTheMinimumNormSolution()
    {
        // column 2 = column 0 + column 1: infinitely many solutions; lstsq returns the one of least ‖w‖
        int n = 40;
        var b = Randn(n * 2, 5);
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 3] = b[i * 2]; x[i * 3 + 1] = b[i * 2 + 1]; x[i * 3 + 2] = b[i * 2] + b[i * 2 + 1];
            y[i] = 3 * b[i * 2] + 3 * b[i * 2 + 1];
        }
        var m = new LinearRegression(fitIntercept: false).Fit(Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]));
        // y = 3(x0 + x1) = 1·x0 + 1·x1 + 2·x2 is the minimum-norm representation (w ⟂ null space (1, 1, −1))
        Assert.Equal(new[] { 1.0, 1.0, 2.0 }, m.Coef.ToDoubleArray().Select(v => Math.Round(v, 8)));
        // Ridge with α = 0 solves the singular normal equations: Cholesky fails, and the eigen-decomposition
        // pseudo-inverse fallback must land on the same minimum-norm solution
        var r = new Ridge(alpha: 0, fitIntercept: false).Fit(Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]));
        Assert.Equal(new[] { 1.0, 1.0, 2.0 }, r.Coef.ToDoubleArray().Select(v => Math.Round(v, 8)));
    }

    [Fact]
    public void GradientDescentReachesTheLeastSquaresSolution()
    {
        int n = 200, p = 4;
        var x = Tensor.FromArray(Randn(n * p, 1), n, p);
        var y = Tensor.FromArray(Randn(n, 2), [n]);
        var direct = new LinearRegression().Fit(x, y);
        var gd = new LinearRegression(solver: LinearRegressionSolver.Gd, tol: 1e-12).Fit(x, y);
        Assert.True(gd.NIter > 1);
        // the gradient bound 1e-12 and κ ≈ 1 of random Gaussian X put w within ~1e-11 of the optimum
        Assert.All(direct.Coef.ToDoubleArray().Zip(gd.Coef.ToDoubleArray()), t => Assert.Equal(t.First, t.Second, 1e-9));
        Assert.Equal(direct.Intercept, gd.Intercept, 1e-9);
    }

    [Fact]
    public void LassoZeroesIrrelevantFeaturesAndStopsOnTheDualityGap()
    {
        int n = 100;
        var xs = Randn(n * 5, 3);
        var y = Enumerable.Range(0, n).Select(i => 4 * xs[i * 5] - 2 * xs[i * 5 + 3]).ToArray();
        var m = new Lasso(alpha: 0.1, tol: 1e-8).Fit(Tensor.FromArray(xs, n, 5), Tensor.FromArray(y, [n]));
        var w = m.Coef.ToDoubleArray();
        Assert.Equal(0.0, w[1]); Assert.Equal(0.0, w[2]); Assert.Equal(0.0, w[4]);
        Assert.True(w[0] > 3.5 && w[3] < -1.5);
        Assert.True(m.DualGap < 1e-8 * y.Sum(v => v * v));
    }

    [Fact]
    public void ArbitraryLabelsMapThroughClasses()
    {
        int n = 60;
        var xs = Randn(n * 2, 4);
        var y = Enumerable.Range(0, n).Select(i => xs[i * 2] > 0 ? 7L : 3L).ToArray();
        var m = new LogisticRegression(c: 10).Fit(Tensor.FromArray(xs, n, 2), Tensor.FromArray(y, [n]));
        Assert.Equal(new long[] { 3, 7 }, m.Classes.ToArray<long>());
        Assert.Equal(new[] { 1, 2 }, m.Coef.ShapeToArray());
        var pred = m.Predict(Tensor.FromArray(xs, n, 2)).ToArray<long>();
        Assert.True(pred.Zip(y).Count(t => t.First == t.Second) >= 57);
        Assert.All(pred, v => Assert.Contains(v, new long[] { 3, 7 }));
    }

    [Fact]
    public void NotFittedMessageNamesEstimatorAndAttribute()
    {
        var ex = Assert.Throws<NotFittedException>(() => new Ridge().Coef);
        Assert.Equal("Ridge", ex.Estimator);
        Assert.Equal("Coef", ex.Member);
        Assert.Contains("This Ridge instance is not fitted yet", ex.Message);
    }

    [Fact]
    public void KdTreeAndBruteForceAgreeOnLargerData()
    {
        int n = 3000, m = 300, p = 4;
        var x = Tensor.FromArray(Randn(n * p, 8), n, p);
        var q = Tensor.FromArray(Randn(m * p, 9), m, p);
        var y = Tensor.FromArray(Randn(n, 10), [n]);
        foreach (var pw in new[] { 1, 2 })
        {
            var brute = new KNeighborsRegressor(7, NeighborWeights.Distance, NeighborAlgorithm.Brute, pw).Fit(x, y);
            var tree = new KNeighborsRegressor(7, NeighborWeights.Distance, NeighborAlgorithm.KdTree, pw, leafSize: 10).Fit(x, y);
            // same neighbours, exact distances recomputed the same way: identical results
            Assert.Equal(brute.Predict(q).ToDoubleArray(), tree.Predict(q).ToDoubleArray());
        }
    }
}
