using Glassbox.Tuning;

namespace Glassbox.Tests.Tuning;

/// <summary>
/// TPE's pieces against values worked out by hand (the l/g split, the bandwidth rule, the mixture densities), and
/// TPE against random search on a bowl where the gap is large and predictable.
/// </summary>
public class TpeSamplerTests
{
    private static FrozenTrial Done(int number, double? value, double x, TrialState state = TrialState.Complete, params (int Step, double Value)[] reports) =>
        new(number, number, state, value, new Dictionary<string, double> { ["x"] = x },
            new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 100) },
            reports.Select(r => new KeyValuePair<int, double>(r.Step, r.Value)).ToList(), new Dictionary<string, double>(), DateTime.UtcNow, DateTime.UtcNow);

    [Fact]
    public void GammaAndWeightsFollowOptunasDefaults()
    {
        // γ(n) = min(⌈n/10⌉, 25)
        Assert.Equal([0, 1, 1, 2, 3, 25, 25], new[] { 0, 1, 10, 11, 21, 250, 1000 }.Select(TpeSampler.Gamma));
        Assert.All(TpeSampler.DefaultWeights(24), w => Assert.Equal(1.0, w));
        // n = 30: the 5 oldest ramp linspace(1/30, 1, 5) = 1/30 + k·(29/30)/4, then 25 ones.
        var w30 = TpeSampler.DefaultWeights(30);
        Assert.Equal(30, w30.Length);
        for (int k = 0; k < 5; k++) Assert.Equal(1.0 / 30 + k * (29.0 / 30) / 4, w30[k], 1e-15);
        Assert.All(w30.Skip(5), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void SplitRanksCompleteByValueThenPrunedByStepAndKeepsTrialOrder()
    {
        // 11 complete trials (values 11·k mod 13 so that the order is scrambled) and 2 pruned: n = 13 → γ = 2 below.
        var trials = Enumerable.Range(0, 11).Select(k => Done(k, 11 * k % 13, k)).ToList();
        trials.Add(Done(11, null, 50, TrialState.Pruned, (0, -5.0)));
        trials.Add(Done(12, null, 60, TrialState.Pruned, (0, 3.0), (1, 4.0)));
        var (below, above) = TpeSampler.Split(trials, StudyDirection.Minimize);
        // Values by k: 0, 11, 9, 7, 5, 3, 1, 12, 10, 8, 6 — the two smallest are k = 0 and k = 6; the pruned trial with
        // −5 does not get in: a pruned trial never outranks a complete one.
        Assert.Equal([0, 6], below.Select(t => t.Number));
        Assert.Equal(11, above.Count);
        Assert.True(above.Select(t => t.Number).SequenceEqual(above.Select(t => t.Number).Order()));

        // Maximising: the two largest, 12 (k = 7) and 11 (k = 1), listed in trial order.
        var (belowMax, _) = TpeSampler.Split(trials, StudyDirection.Maximize);
        Assert.Equal([1, 7], belowMax.Select(t => t.Number));

        // Only pruned trials: the later step ranks first (trial 12 reached step 1), whatever its value.
        var (prunedBelow, _) = TpeSampler.Split(trials.Skip(11).ToList(), StudyDirection.Minimize);
        Assert.Equal([12], prunedBelow.Select(t => t.Number));
    }

    [Fact]
    public void BandwidthsFollowTheNeighbourGapRuleWithMagicClip()
    {
        // Float [0, 100], observations 10, 12, 40 and the prior at 50. Sorted with the ends: 0 | 10 12 40 50 | 100.
        // Neighbour gaps → max: 10, 28, 28, 50; the first and last sorted kernels take only their inner gap: 2 and 10.
        // Magic clip: σ_min = 100 / min(100, 1 + 4) = 20 → 20, 28, 28, 20; the prior's σ becomes 100.
        var pe = new ParzenEstimator([10, 12, 40], [1, 1, 1], new FloatDistribution(0, 100), 1.0);
        Assert.Equal([10.0, 12, 40, 50], pe.Mus);
        Assert.Equal([20.0, 28, 28, 100], pe.Sigmas);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], pe.Weights);
    }

    [Theory]
    // ln Σₖ ¼·TN(x; μₖ, σₖ, 0, 100) with (μ, σ) = (10, 20), (12, 28), (40, 28), (50, 100), evaluated in Python with
    // math.erfc for Φ; the only error is Φ's (≤ 1e-15 absolute), so 1e-12 is generous.
    [InlineData(11.0, -4.05905230669963)]
    [InlineData(45.0, -4.537618321020834)]
    [InlineData(90.0, -5.709490076649141)]
    public void ContinuousDensityIsTheTruncatedNormalMixture(double x, double expected)
    {
        var pe = new ParzenEstimator([10, 12, 40], [1, 1, 1], new FloatDistribution(0, 100), 1.0);
        Assert.Equal(expected, pe.LogPdf(x), 1e-12);
    }

    [Theory]
    // Int [1, 5], observation 2: modelled on [0.5, 5.5]; kernels (2, σ) and the prior (3, 5) with σ = max(1, 5/3) = 5/3
    // after the magic clip; P(x) = ½·P_TN(x − ½ ≤ X ≤ x + ½) summed over both kernels (Python, math.erfc).
    [InlineData(2, -1.3874891324182965)]
    [InlineData(5, -2.0659216481787777)]
    public void IntegerProbabilityIsTheMassOfItsBin(int x, double expected)
    {
        var pe = new ParzenEstimator([2], [1], new IntDistribution(1, 5), 1.0);
        Assert.Equal([2.0, 3.0], pe.Mus);
        Assert.Equal(5.0 / 3, pe.Sigmas[0], 1e-15);
        Assert.Equal(expected, pe.LogPdf(x), 1e-12);
        // The five bins partition [0.5, 5.5], so the probabilities sum to 1.
        Assert.Equal(1.0, Enumerable.Range(1, 5).Sum(v => Math.Exp(pe.LogPdf(v))), 1e-12);
    }

    [Fact]
    public void CategoricalProbabilitiesAreTheMixtureOfSmoothedCounts()
    {
        // Observations 0, 0, 2 of 3 choices, K = 4 kernels: each row is ¼ on every choice + 1 on its own, normalised
        // (5/7, 1/7, 1/7 …); the prior row is uniform. Mixture with weights ¼: P = 10/21, 4/21, 7/21.
        var pe = new ParzenEstimator([0, 0, 2], [1, 1, 1], new CategoricalDistribution(["a", "b", "c"]), 1.0);
        Assert.Equal(Math.Log(10.0 / 21), pe.LogPdf(0), 1e-14);
        Assert.Equal(Math.Log(4.0 / 21), pe.LogPdf(1), 1e-14);
        Assert.Equal(Math.Log(7.0 / 21), pe.LogPdf(2), 1e-14);
    }

    [Fact]
    public void SamplesStayInsideTheirDistributionAndFollowTheMixture()
    {
        var rng = new Random(5);
        var log = new ParzenEstimator([1e-3, 2e-3], [1, 1], new FloatDistribution(1e-5, 1, log: true), 1.0);
        Assert.All(log.Sample(rng, 500), v => Assert.InRange(v, 1e-5, 1));
        var ints = new ParzenEstimator([2, 2, 3], [1, 1, 1], new IntDistribution(0, 30, step: 3), 1.0);
        Assert.All(ints.Sample(rng, 500), v => Assert.True(new IntDistribution(0, 30, step: 3).Contains(v), $"{v}"));
        // The categorical frequencies of 21,000 draws match 10/21, 4/21, 7/21 within 4 binomial standard deviations
        // (σ ≤ √(0.25/21000) ≈ 0.0035).
        var cat = new ParzenEstimator([0, 0, 2], [1, 1, 1], new CategoricalDistribution(["a", "b", "c"]), 1.0);
        var draws = cat.Sample(rng, 21_000);
        Assert.Equal(10.0 / 21, draws.Count(d => d == 0) / 21_000.0, 0.014);
        Assert.Equal(4.0 / 21, draws.Count(d => d == 1) / 21_000.0, 0.014);
    }

    [Fact]
    public void TruncatedNormalInverseCdfIsAccurate()
    {
        foreach (var p in new[] { 1e-12, 1e-5, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9 })
            Assert.Equal(p, Glassbox.Kernels.SpecialFunctions.NormalCdf(TruncatedNormal.InverseNormalCdf(p)), p * 1e-10 + 1e-15);
    }

    /// <summary>The best value after each trial of a 2-d bowl study.</summary>
    private static double BowlBest(ISampler sampler, int trials)
    {
        var study = Study.Create(direction: StudyDirection.Minimize, sampler: sampler, pruner: new NopPruner());
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -10, 10), y = t.SuggestFloat("y", -10, 10);
            return x * x + y * y;
        }, nTrials: trials);
        return study.BestValue;
    }

    [Fact]
    public void TpeBeatsRandomSearchOnABowlInExpectation()
    {
        // f = x² + y² on [−10, 10]², 40 trials, 12 seeds; both samplers share the seed, so their first 10 trials are the
        // same (TPE's startup is a RandomSampler with its seed). For random search P(best ≤ t) = 1 − (1 − πt/400)^40
        // (t ≤ 100), so E[best] ≈ 400/(41π) ≈ 3.1 and the mean of 12 runs has a standard deviation of about 0.9.
        // TPE spends its last 30 trials near the best points; its mean best lands well under 1, so asking for less
        // than half of random search's mean, and for wins in at least 9 of 12 paired seeds, leaves a wide margin.
        const int seeds = 12, trials = 40;
        var tpe = Enumerable.Range(0, seeds).Select(s => BowlBest(new TpeSampler(seed: s), trials)).ToArray();
        var random = Enumerable.Range(0, seeds).Select(s => BowlBest(new RandomSampler(s), trials)).ToArray();
        Assert.True(tpe.Average() < 0.5 * random.Average(), $"TPE mean best {tpe.Average():G4} vs random {random.Average():G4}");
        Assert.True(tpe.Zip(random).Count(p => p.First < p.Second) >= 9, $"TPE won {tpe.Zip(random).Count(p => p.First < p.Second)} of {seeds}");
    }
}
