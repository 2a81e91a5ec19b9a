using System.Text.Json.Nodes;
using Glassbox.Models.Generative.Evaluation;
using Glassbox.Testing;

namespace Glassbox.Tests.Models.Generative.Evaluation;

/// <summary>The Fréchet distance against closed forms, its invariants, and the numpy/scipy reference computation.</summary>
public class FrechetDistanceTests
{
    private static double[,] Matrix(double[][] rows)
    {
        var m = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    [Fact]
    public void DiagonalCovariancesGiveTheSumOfSquaredStdDifferences()
    {
        // Commuting (diagonal) covariances: (Σ1^½ Σ2 Σ1^½)^½ = diag(σ1 σ2), so d² = ‖Δμ‖² + Σ_j (σ1j − σ2j)².
        var a = new FeatureStatistics([1, 2, 3], Matrix([[4, 0, 0], [0, 9, 0], [0, 0, 0.25]]), 100);
        var b = new FeatureStatistics([0, 2, 5], Matrix([[1, 0, 0], [0, 16, 0], [0, 0, 2.25]]), 100);
        double expected = (1 + 0 + 4) + (1 + 1 + 1);
        // Three eigendecompositions of 3×3 matrices with entries ≤ 16: rounding ~1e-15 relative to traces of ~30.
        Assert.Equal(expected, FrechetDistance.Compute(a, b), 1e-12);
    }

    [Fact]
    public void NonCommutingTwoByTwoMatchesTheTraceDeterminantFormula()
    {
        // For a 2×2 PSD matrix M, Tr M^½ = √(Tr M + 2√det M) (the eigenvalues' square roots s1, s2 satisfy
        // (s1 + s2)² = λ1 + λ2 + 2√(λ1λ2)). With M = Σ1^½ Σ2 Σ1^½: Tr M = Tr(Σ1Σ2), det M = det Σ1 · det Σ2.
        // Σ1 and Σ2 below do not commute, so no shortcut through a shared eigenbasis applies.
        var s1 = Matrix([[2.0, 0.6], [0.6, 1.0]]);
        var s2 = Matrix([[0.5, -0.3], [-0.3, 3.0]]);
        double trProd = s1[0, 0] * s2[0, 0] + s1[0, 1] * s2[1, 0] + s1[1, 0] * s2[0, 1] + s1[1, 1] * s2[1, 1];
        double det1 = s1[0, 0] * s1[1, 1] - s1[0, 1] * s1[1, 0], det2 = s2[0, 0] * s2[1, 1] - s2[0, 1] * s2[1, 0];
        double traceSqrt = Math.Sqrt(trProd + 2 * Math.Sqrt(det1 * det2));
        double expected = (1.5 * 1.5 + 0.5 * 0.5) + 3.0 + 3.5 - 2 * traceSqrt;
        var a = new FeatureStatistics([1.0, -0.5], s1, 10);
        var b = new FeatureStatistics([-0.5, 0.0], s2, 10);
        Assert.Equal(expected, FrechetDistance.Compute(a, b), 1e-12);
        Assert.Equal(expected, FrechetDistance.Compute(b, a), 1e-12);
    }

    [Fact]
    public void SampledGaussiansApproachTheClosedForm()
    {
        // Samples x = μ + L z with z ~ N(0, I): the statistics of 200,000 draws give the closed-form distance up to
        // sampling error. The estimate's error in each covariance entry is ~√(2/N)·σ² ≈ 0.3% here, so the distance
        // (≈ 2.6) is checked to 0.05 — about five times the spread seen over seeds.
        var s1 = Matrix([[2.0, 0.6], [0.6, 1.0]]);
        var s2 = Matrix([[0.5, -0.3], [-0.3, 3.0]]);
        double[] m1 = [1.0, -0.5], m2 = [-0.5, 0.0];
        double exact = FrechetDistance.Compute(new FeatureStatistics(m1, s1, 2), new FeatureStatistics(m2, s2, 2));
        Tensor Draw(double[] mu, double[,] s, ulong seed)
        {
            // Cholesky factor of the 2×2 covariance.
            double l00 = Math.Sqrt(s[0, 0]), l10 = s[1, 0] / l00, l11 = Math.Sqrt(s[1, 1] - l10 * l10);
            var z = Tensor.Randn([200000, 2], DType.Float64, new Generator(seed)).ToArray<double>();
            var x = new double[z.Length];
            for (int i = 0; i < 200000; i++)
            {
                x[2 * i] = mu[0] + l00 * z[2 * i];
                x[2 * i + 1] = mu[1] + l10 * z[2 * i] + l11 * z[2 * i + 1];
            }
            return Tensor.FromArray(x, 200000, 2);
        }
        double sampled = FrechetDistance.Compute(Draw(m1, s1, 11), Draw(m2, s2, 12));
        Assert.InRange(sampled, exact - 0.05, exact + 0.05);
    }

    [Fact]
    public void IdenticalStatisticsGiveZero()
    {
        // Full-rank and rank-deficient (ReLU-like, with dead and duplicated units) 40-d features: the distance of a
        // set to itself is 2 Tr Σ − 2 Tr Σ up to rounding, ~1e-13 for traces of ~40; 1e-9 leaves ample room.
        var x = Tensor.Randn([500, 40], DType.Float64, new Generator(5)).MatMul(Tensor.Randn([40, 40], DType.Float64, new Generator(6)).Mul(0.2));
        var relu = x.Relu().Contiguous().ToArray<double>();
        for (int i = 0; i < 500; i++) { relu[i * 40 + 3] = 0; relu[i * 40 + 9] = relu[i * 40 + 8]; }
        foreach (var features in new[] { x, Tensor.FromArray(relu, 500, 40) })
        {
            var s = FeatureStatistics.From(features);
            Assert.Equal(0.0, FrechetDistance.Compute(s, s), 1e-9);
            Assert.Equal(0.0, FrechetDistance.Compute(s, s with { Covariance = (double[,])s.Covariance.Clone() }), 1e-9);
        }
    }

    [Fact]
    public void IsSymmetricAndGrowsWithAMeanShift()
    {
        var a = FeatureStatistics.From(Tensor.Randn([300, 20], DType.Float64, new Generator(1)));
        var b = FeatureStatistics.From(Tensor.Randn([300, 20], DType.Float64, new Generator(2)).Mul(1.5).Add(0.3));
        double ab = FrechetDistance.Compute(a, b), ba = FrechetDistance.Compute(b, a);
        // The two orders go through different eigendecompositions; they agree to rounding (~1e-14 relative).
        Assert.Equal(ab, ba, 1e-10 * ab);
        // Moving b's mean changes only the ‖μa − μb‖² term, by exactly the change of that term.
        var shifted = b with { Mean = b.Mean.Select(v => v + 1.0).ToArray() };
        double meanTermBefore = a.Mean.Zip(b.Mean, (p, q) => (p - q) * (p - q)).Sum();
        double meanTermAfter = a.Mean.Zip(shifted.Mean, (p, q) => (p - q) * (p - q)).Sum();
        Assert.Equal(ab + meanTermAfter - meanTermBefore, FrechetDistance.Compute(a, shifted), 1e-10 * ab);
    }

    [Fact]
    public void StatisticsAreTheMeanAndUnbiasedCovariance()
    {
        // Three 2-d points: mean (1, 2); deviations (−1, −1), (0, −1), (1, 2); Σ = (1/2)·Σ dev devᵀ.
        var s = FeatureStatistics.From(Tensor.FromArray(new float[] { 0, 1, 1, 1, 2, 4 }, 3, 2));
        Assert.Equal([1.0, 2.0], s.Mean);
        Assert.Equal(1.0, s.Covariance[0, 0], 1e-15);
        Assert.Equal(1.5, s.Covariance[0, 1], 1e-15);
        Assert.Equal(1.5, s.Covariance[1, 0], 1e-15);
        Assert.Equal(3.0, s.Covariance[1, 1], 1e-15);
        Assert.Equal(3, s.Count);
    }

    [Fact]
    public void RejectsMalformedInput()
    {
        Assert.Contains("[5]", Assert.Throws<ArgumentException>(() => FeatureStatistics.From(Tensor.Zeros(5))).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => FeatureStatistics.From(Tensor.Zeros(1, 3))).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => FeatureStatistics.From(Tensor.FromArray(new[] { 0.0, double.NaN, 1, 2 }, 2, 2))).Message);
        var a = FeatureStatistics.From(Tensor.Randn([10, 3], DType.Float64, new Generator(1)));
        var b = FeatureStatistics.From(Tensor.Randn([10, 4], DType.Float64, new Generator(1)));
        Assert.Contains("3 vs 4", Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b)).Message);
    }

    public static TheoryData<string> FixtureCases() => ["gaussians", "relu_singular", "fewer_samples_than_dims"];

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void MatchesNumpyCovarianceAndScipySqrtm(string name)
    {
        var root = Fixtures.LoadNode(Path.Combine(Fixtures.Folder("gen"), "fid.json"));
        var c = root["cases"]!.AsArray().Single(n => (string)n!["name"]! == name)!;
        var a = FeatureStatistics.From(Fixtures.Tensor(c["a"]));
        var b = FeatureStatistics.From(Fixtures.Tensor(c["b"]));
        // Means and covariances: the same sums in another order, ~1e-15 relative on entries of order 1.
        Assert.True(Fixtures.MaxAbsDiff(Tensor.FromArray(a.Mean), Fixtures.Tensor(c["mean_a"])) < 1e-12);
        Assert.True(Fixtures.MaxAbsDiff(Tensor.From(a.Covariance), Fixtures.Tensor(c["cov_a"])) < 1e-12);
        Assert.True(Fixtures.MaxAbsDiff(Tensor.From(b.Covariance), Fixtures.Tensor(c["cov_b"])) < 1e-12);
        double expected = (double)c["fid"]!;
        // scipy's sqrtm (a Schur decomposition of the non-symmetric Σ1Σ2) loses accuracy on the singular products of
        // the last two cases — its result is good to ~1e-8 relative there — so 1e-7 relative bounds both routes' error.
        Assert.Equal(expected, FrechetDistance.Compute(a, b), 1e-7 * expected);
    }
}
