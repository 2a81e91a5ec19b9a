using System.Text.Json;
using Glassbox.Models.Generative;
using Glassbox.Testing;

namespace Glassbox.Tests.Models.Generative;

/// <summary>The linear and cosine schedules against NumPy (tools/reference/gen_schedule_fixtures.py) and closed forms.</summary>
public class NoiseScheduleTests
{
    public static TheoryData<string> Names => new() { "linear", "cosine" };

    private static NoiseSchedule Make(string name) => name == "linear" ? NoiseSchedule.Linear() : NoiseSchedule.Cosine();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesNumPyFixture(string name)
    {
        using var doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("gen"), "schedule.json"));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var s = Make(name);
        double[] Get(string key) => Fixtures.Tensor(c.GetProperty(key)).ToDoubleArray();
        var (b, ab, pv, c0, ct) = (Get("betas"), Get("alpha_bars"), Get("posterior_variance"), Get("posterior_mean_coef_x0"), Get("posterior_mean_coef_xt"));
        Assert.Equal(1000, s.Steps);
        // NumPy computes the same float64 operations in a different order (cumprod, vectorised divisions); ᾱ is a
        // product of up to 1000 factors, so its relative rounding error is at most ~1000·2⁻⁵³ ≈ 1e-13 on each side.
        // The other quantities add a few roundings each; 1e-12 relative leaves a margin of ~5× over that bound.
        for (int t = 0; t < 1000; t++)
        {
            AssertRel(b[t], s.Beta(t), 1e-12, $"β[{t}]");
            AssertRel(ab[t], s.AlphaBar(t), 1e-12, $"ᾱ[{t}]");
            AssertRel(pv[t], s.PosteriorVariance(t), 1e-12, $"β̃[{t}]");
            AssertRel(c0[t], s.PosteriorMeanCoefX0(t), 1e-12, $"coef_x0[{t}]");
            AssertRel(ct[t], s.PosteriorMeanCoefXt(t), 1e-12, $"coef_xt[{t}]");
        }
    }

    private static void AssertRel(double expected, double actual, double rel, string what) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void LinearScheduleHasHoEndpointsAndProduct()
    {
        var s = NoiseSchedule.Linear();
        Assert.Equal(1e-4, s.Beta(0), 15);
        Assert.Equal(0.02, s.Beta(999), 15);
        Assert.Equal((0.02 - 1e-4) / 999, s.Beta(1) - s.Beta(0), 15);
        // ᾱ_T = Π(1 − β_t): Ho et al. quote ≈ 4.0e-5 for this schedule (x_T keeps a signal scale √ᾱ_T ≈ 0.0064).
        double p = 1;
        for (int t = 0; t < 1000; t++) p *= 1 - s.Beta(t);
        Assert.Equal(p, s.AlphaBar(999), 15);
        Assert.InRange(s.AlphaBar(999), 3.9e-5, 4.1e-5);
    }

    [Fact]
    public void CosineScheduleFollowsSquaredCosineUntilClipped()
    {
        // Unclipped, ᾱ_t = f(t+1)/f(0) exactly (the β telescope); the clip at 0.999 only bites at the very last steps.
        var s = NoiseSchedule.Cosine();
        static double F(double t) { double c = Math.Cos((t / 1000 + 0.008) / 1.008 * Math.PI / 2); return c * c; }
        int clipped = 0;
        for (int t = 0; t < 1000; t++)
        {
            if (s.Beta(t) == 0.999) { clipped++; continue; }
            if (clipped == 0) Assert.Equal(F(t + 1) / F(0), s.AlphaBar(t), 12);
        }
        Assert.InRange(clipped, 1, 5);
        Assert.Equal(0.999, s.Beta(999));
    }

    [Fact]
    public void PosteriorIsTheNormalisedProductOfTheTwoGaussians()
    {
        // q(x_{t−1}|x_t,x_0) ∝ N(x_t; √α_t x_{t−1}, β_t)·N(x_{t−1}; √ᾱ_{t−1} x_0, 1 − ᾱ_{t−1}): precision is the sum of
        // precisions α_t/β_t + 1/(1 − ᾱ_{t−1}), the mean the precision-weighted sum. Checked at a few steps, both schedules.
        foreach (var s in new[] { NoiseSchedule.Linear(), NoiseSchedule.Cosine() })
            foreach (int t in new[] { 1, 2, 10, 500, 998 })
            {
                double a = s.Alpha(t), b = s.Beta(t), abPrev = s.AlphaBarPrevious(t);
                double precision = a / b + 1 / (1 - abPrev);
                // Relative 1e-10: at t = 1, 1 − ᾱ_{t−1} = β_0 = 1e-4 is formed by cancellation in both routes, which costs
                // ~2⁻⁵³/1e-4 ≈ 1e-12 relative; everything else is a handful of roundings.
                AssertRel(1 / precision, s.PosteriorVariance(t), 1e-10, $"β̃[{t}]");
                AssertRel(Math.Sqrt(abPrev) / (1 - abPrev) / precision, s.PosteriorMeanCoefX0(t), 1e-10, $"coef_x0[{t}]");
                AssertRel(Math.Sqrt(a) / b / precision, s.PosteriorMeanCoefXt(t), 1e-10, $"coef_xt[{t}]");
            }
        // At the first step the posterior is a point mass at x_0. The x_0 coefficient is β_0/(1 − (1 − β_0)), whose
        // denominator loses ~2⁻⁵³/β_0 ≈ 1e-12 relative to cancellation, hence 11 places.
        var lin = NoiseSchedule.Linear();
        Assert.Equal(0.0, lin.PosteriorVariance(0));
        Assert.Equal(1.0, lin.PosteriorMeanCoefX0(0), 11);
        Assert.Equal(0.0, lin.PosteriorMeanCoefXt(0));
    }

    [Fact]
    public void EvenlySpacedStepsIncludeBothEnds()
    {
        var s = NoiseSchedule.Linear();
        Assert.Equal([0, 111, 222, 333, 444, 555, 666, 777, 888, 999], s.EvenlySpacedSteps(10));
        Assert.Equal(Enumerable.Range(0, 1000), s.EvenlySpacedSteps(1000));
        foreach (int k in new[] { 20, 50, 100 })
        {
            var r = s.EvenlySpacedSteps(k);
            Assert.Equal(k, r.Length);
            Assert.Equal(0, r[0]);
            Assert.Equal(999, r[^1]);
            Assert.True(r.Zip(r.Skip(1)).All(p => p.Second > p.First));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => s.EvenlySpacedSteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.EvenlySpacedSteps(1001));
        Assert.Throws<ArgumentException>(() => new NoiseSchedule([0.1, 1.0]));
    }
}
