using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>Shapes, labels, exact geometry and reproducibility of the synthetic data sets.</summary>
public class SyntheticTests
{
    // Noise-free points are a cos/sin and at most one add away from the exact equations: 1e-15 absolute
    // covers the last-bit differences between Math.Sin/Cos and NumPy at O(1) magnitudes.
    private const double Exact = 1e-15;

    private static double[,] Rows(Tensor X)
    {
        var a = X.ToArray<double>();
        int n = X.Size(0), f = X.Size(1);
        var r = new double[n, f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) r[i, j] = a[i * f + j];
        return r;
    }

    [Theory]
    [InlineData(100)]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(0)]
    public void MoonsShapesDtypesAndBalance(int n)
    {
        var (X, y) = Synthetic.MakeMoons(n, 0.1, new Generator(3));
        Assert.Equal(DType.Float64, X.DType);
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([n, 2], X.ShapeToArray());
        Assert.Equal([n], y.ShapeToArray());
        var labels = y.ToArray<long>();
        Assert.Equal(n / 2, labels.Count(v => v == 0));       // outer moon gets ⌊n/2⌋
        Assert.Equal(n - n / 2, labels.Count(v => v == 1));
    }

    [Fact]
    public void MoonsWithoutNoiseMatchScikitLearnExactly()
    {
        // sklearn.datasets.make_moons(7, shuffle=False) from scikit-learn 1.2.
        double[,] expected =
        {
            { 1.0, 0.0 }, { 6.123233995736766e-17, 1.0 }, { -1.0, 1.2246467991473532e-16 }, { 0.0, 0.5 },
            { 0.4999999999999999, -0.3660254037844385 }, { 1.4999999999999998, -0.3660254037844387 }, { 2.0, 0.4999999999999999 },
        };
        var (X, y) = Synthetic.MakeMoons(7, 0.0, new Generator(0), shuffle: false);
        var got = Rows(X);
        for (int i = 0; i < 7; i++) for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], got[i, j], Exact);
        Assert.Equal([0L, 0, 0, 1, 1, 1, 1], y.ToArray<long>());
    }

    [Fact]
    public void ShuffledMoonPointsLieOnTheirArcs()
    {
        var (X, y) = Synthetic.MakeMoons(201, 0.0, new Generator(11));
        var x = Rows(X); var lab = y.ToArray<long>();
        for (int i = 0; i < lab.Length; i++)
        {
            // outer: on the unit circle about (0, 0), upper half; inner: unit circle about (1, 0.5), lower half
            double cx = lab[i] == 0 ? 0.0 : 1.0, cy = lab[i] == 0 ? 0.0 : 0.5;
            double dx = x[i, 0] - cx, dy = x[i, 1] - cy;
            Assert.Equal(1.0, dx * dx + dy * dy, 1e-14);
            Assert.True(lab[i] == 0 ? dy >= -Exact : dy <= Exact, $"point {i} on the wrong half: ({x[i, 0]}, {x[i, 1]})");
        }
        Assert.Contains(1L, lab.Take(100));  // shuffled: unshuffled, the first 100 would all be class 0
    }

    [Fact]
    public void NoiseIsGaussianWithTheRequestedScale()
    {
        // Same generator state up to the noise draws (no shuffle), so noisy − clean is exactly the added noise.
        var (clean, _) = Synthetic.MakeMoons(4000, 0.0, new Generator(5), shuffle: false);
        var (noisy, _) = Synthetic.MakeMoons(4000, 0.1, new Generator(5), shuffle: false);
        var d = noisy.ToArray<double>().Zip(clean.ToArray<double>(), (a, b) => a - b).ToArray();
        double mean = d.Average(), std = Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average());
        // 8000 draws: the standard error of the mean is 0.1/√8000 ≈ 0.0011, of the std about 0.0008; 5σ bounds.
        Assert.InRange(mean, -0.0056, 0.0056);
        Assert.InRange(std, 0.096, 0.104);
    }

    [Fact]
    public void GeneratorsAreReproducibleForASeed()
    {
        foreach (Func<ulong, (Tensor, Tensor)> make in new Func<ulong, (Tensor, Tensor)>[]
        {
            s => Synthetic.MakeMoons(50, 0.2, new Generator(s)),
            s => Synthetic.MakeCircles(50, 0.2, 0.5, new Generator(s)),
            s => Synthetic.MakeBlobs(50, 3, 4, 1.0, new Generator(s)),
            s => Synthetic.MakeRegression(50, 4, 1.0, new Generator(s)),
        })
        {
            var (x1, y1) = make(42); var (x2, y2) = make(42); var (x3, _) = make(43);
            Assert.Equal(x1.ToDoubleArray(), x2.ToDoubleArray());
            Assert.Equal(y1.ToDoubleArray(), y2.ToDoubleArray());
            Assert.NotEqual(x1.ToDoubleArray(), x3.ToDoubleArray());
        }
    }

    [Fact]
    public void CirclesMatchScikitLearnAndLieOnTheirRadii()
    {
        // sklearn.datasets.make_circles(7, shuffle=False, factor=0.5) from scikit-learn 1.2.
        double[,] expected =
        {
            { 1.0, 0.0 }, { -0.4999999999999997, 0.8660254037844387 }, { -0.5000000000000003, -0.8660254037844383 }, { 0.5, 0.0 },
            { 3.061616997868383e-17, 0.5 }, { -0.5, 6.123233995736766e-17 }, { -9.184850993605148e-17, -0.5 },
        };
        var (X, y) = Synthetic.MakeCircles(7, 0.0, 0.5, new Generator(0), shuffle: false);
        var got = Rows(X);
        for (int i = 0; i < 7; i++) for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], got[i, j], 2 * Exact);
        Assert.Equal([0L, 0, 0, 1, 1, 1, 1], y.ToArray<long>());

        (X, y) = Synthetic.MakeCircles(300, 0.0, 0.3, new Generator(2));
        got = Rows(X); var lab = y.ToArray<long>();
        Assert.Equal(150, lab.Count(v => v == 1));
        for (int i = 0; i < 300; i++)
            Assert.Equal(lab[i] == 0 ? 1.0 : 0.3, Math.Sqrt(got[i, 0] * got[i, 0] + got[i, 1] * got[i, 1]), 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeCircles(10, 0, 1.0));
    }

    [Fact]
    public void BlobsSplitSamplesLikeScikitLearnAndClusterAroundTheirCentres()
    {
        var (X, y) = Synthetic.MakeBlobs(10, 2, 3, 1.0, new Generator(1));
        Assert.Equal([10, 2], X.ShapeToArray());
        var lab = y.ToArray<long>();
        Assert.Equal([4, 3, 3], Enumerable.Range(0, 3).Select(c => lab.Count(v => v == c)));  // ⌊10/3⌋, first 10 mod 3 get +1

        // σ = 0: every point sits exactly on its centre, inside the centre box.
        (X, y) = Synthetic.MakeBlobs(30, 4, 5, 0.0, new Generator(2));
        var x = Rows(X); lab = y.ToArray<long>();
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.InRange(x[i, j], -10.0, 10.0);
                int first = Array.IndexOf(lab, lab[i]);
                Assert.Equal(x[first, j], x[i, j]);
            }

        // σ = 2 with 3000 points per cluster: each cluster's per-feature std ≈ 2 (standard error ≈ 2/√6000 ≈ 0.026; 5σ bound).
        (X, y) = Synthetic.MakeBlobs(6000, 2, 2, 2.0, new Generator(3));
        x = Rows(X); lab = y.ToArray<long>();
        for (int c = 0; c < 2; c++)
            for (int j = 0; j < 2; j++)
            {
                var v = Enumerable.Range(0, 6000).Where(i => lab[i] == c).Select(i => x[i, j]).ToArray();
                double m = v.Average();
                Assert.InRange(Math.Sqrt(v.Select(t => (t - m) * (t - m)).Average()), 1.87, 2.13);
            }
    }

    [Fact]
    public void RegressionTargetsAreTheLinearModelOfTheFeatures()
    {
        var (X, y, coef) = Synthetic.MakeRegressionWithCoef(200, 8, 0.0, new Generator(4), nInformative: 3, bias: 2.5);
        Assert.Equal([200, 8], X.ShapeToArray());
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal([200], y.ShapeToArray());
        var w = coef.ToArray<double>();
        Assert.Equal(3, w.Count(v => v != 0));
        Assert.All(w, v => Assert.InRange(v, 0.0, 100.0));
        // Columns were shuffled too, so the informative features are not simply the first three (true for this seed).
        Assert.NotEqual(0.0, w[3] + w[4] + w[5] + w[6] + w[7]);
        var x = Rows(X); var t = y.ToArray<double>();
        for (int i = 0; i < 200; i++)
        {
            double s = 2.5;
            for (int j = 0; j < 8; j++) s += x[i, j] * w[j];
            // Same products summed in a different order than the generator used: |y| ≲ 500, so ~1e-13 rounding.
            Assert.Equal(s, t[i], 1e-11);
        }
        var (_, y2) = Synthetic.MakeRegression(5, 3, 0.0, new Generator(4));
        Assert.Equal([5], y2.ShapeToArray());
    }

    [Fact]
    public void InvalidArgumentsNameTheParameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeMoons(-1));
        Assert.Contains("nSamples", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeMoons(10, -0.5));
        Assert.Contains("noise", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.MakeBlobs(10, 2, 0));
        Assert.Contains("centers", e.Message);
    }
}
