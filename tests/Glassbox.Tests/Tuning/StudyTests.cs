using Glassbox.Tuning;

namespace Glassbox.Tests.Tuning;

/// <summary>Study bookkeeping: seeds, parallel trials, failures, suggestions and the in-memory storage's rules.</summary>
public class StudyTests
{
    private static double Objective(Trial t)
    {
        double lr = t.SuggestFloat("lr", 1e-5, 1, log: true);
        int depth = t.SuggestInt("depth", 1, 12);
        string kind = t.SuggestCategorical("kind", ["a", "b", "c"]);
        double step = t.SuggestFloat("frac", 0, 1, step: 0.25);
        return Math.Pow(Math.Log10(lr) + 2, 2) + Math.Abs(depth - 5) + (kind == "b" ? 0 : 1) + step;
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    public void OneJobWithTheSameSeedGivesTheSameTrials(string sampler)
    {
        IReadOnlyList<FrozenTrial> Run(int seed)
        {
            ISampler s = sampler == "tpe" ? new TpeSampler(seed: seed) : new RandomSampler(seed);
            var study = Study.Create(sampler: s, pruner: new NopPruner());
            study.Optimize(Objective, nTrials: 25);
            return study.Trials;
        }
        var a = Run(3); var b = Run(3); var c = Run(4);
        Assert.Equal(25, a.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].InternalParams, b[i].InternalParams);
            Assert.Equal(a[i].Value, b[i].Value);
        }
        Assert.NotEqual(a[0].InternalParams, c[0].InternalParams);
    }

    [Fact]
    public void SuggestionsRespectTheirDistributions()
    {
        var study = Study.Create(sampler: new TpeSampler(nStartupTrials: 5, seed: 1), pruner: new NopPruner());
        study.Optimize(Objective, nTrials: 30);
        foreach (var t in study.Trials)
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.InRange((double)t.Params["lr"], 1e-5, 1);
            Assert.InRange((int)t.Params["depth"], 1, 12);
            Assert.Contains((string)t.Params["kind"], new[] { "a", "b", "c" });
            Assert.Contains((double)t.Params["frac"], new[] { 0, 0.25, 0.5, 0.75, 1 });
        }
        Assert.Equal(study.Trials.Min(t => t.Value), study.BestValue);
    }

    [Fact]
    public void ParallelTrialsAreAllRecordedWithDistinctNumbers()
    {
        var study = Study.Create(sampler: new TpeSampler(nStartupTrials: 4, seed: 0), pruner: new MedianPruner(nStartupTrials: 2));
        int callbacks = 0;
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -5, 5);
            for (int s = 0; s < 5; s++)
            {
                t.Report(s, x * x + 5 - s);
                if (t.ShouldPrune()) throw new TrialPrunedException();
                Thread.Yield();
            }
            return x * x;
        }, nTrials: 60, nJobs: 4, callback: (_, _) => Interlocked.Increment(ref callbacks));
        var trials = study.Trials;
        Assert.Equal(60, trials.Count);
        Assert.Equal(Enumerable.Range(0, 60), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.True(t.State is TrialState.Complete or TrialState.Pruned, $"trial {t.Number}: {t.State}"));
        Assert.All(trials.Where(t => t.State == TrialState.Pruned), t => Assert.Equal(t.IntermediateAt(t.LastStep!.Value), t.Value));
        Assert.Equal(60, callbacks);
    }

    [Fact]
    public void FailuresAreRecordedAndUncaughtOnesStopTheStudy()
    {
        var study = Study.Create(sampler: new RandomSampler(0), pruner: new NopPruner());
        study.Optimize(t => t.Number % 2 == 0 ? double.NaN : throw new InvalidDataException("bad"), nTrials: 4, catchExceptions: [typeof(InvalidDataException)]);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Fail, t.State));
        Assert.Throws<InvalidOperationException>(() => study.BestTrial);

        var e = Assert.Throws<ArithmeticException>(() => study.Optimize(t => throw new ArithmeticException("boom"), nTrials: 10));
        Assert.Equal("boom", e.Message);
        Assert.Equal(5, study.Trials.Count); // the first uncaught exception stopped the loop after one more trial
    }

    [Fact]
    public void ASecondSuggestionOfANameReturnsTheFirstValueAndAnotherRangeIsRefused()
    {
        var study = Study.Create(sampler: new RandomSampler(0));
        var t = study.Ask();
        double x = t.SuggestFloat("x", 0, 1);
        Assert.Equal(x, t.SuggestFloat("x", 0, 1));
        Assert.Throws<ArgumentException>(() => t.SuggestFloat("x", 0, 2));
        Assert.Equal(3, t.SuggestInt("fixed", 3, 3));
        study.Tell(t, 1.0);
        Assert.Throws<InvalidOperationException>(() => study.Storage.SetTrialIntermediateValue(t.Id, 0, 1)); // finished is frozen
    }

    [Fact]
    public void DistributionsRoundTripThroughJsonAndCheckTheirArguments()
    {
        Distribution[] all = [new FloatDistribution(1e-5, 0.3, log: true), new FloatDistribution(0, 1, step: 0.1), new IntDistribution(2, 64, log: true),
            new IntDistribution(0, 10, step: 3), new CategoricalDistribution(["rbf", "linear", "x\"y"])];
        foreach (var d in all) Assert.Equal(d, Distribution.FromJson(d.ToJson()));
        Assert.Equal(9, new IntDistribution(0, 10, step: 3).High); // moved down to the grid
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1, log: true));
        Assert.Throws<ArgumentException>(() => new FloatDistribution(1, 0));
        Assert.Throws<ArgumentException>(() => new IntDistribution(1, 10, log: true, step: 2));
        Assert.Throws<ArgumentException>(() => new CategoricalDistribution(["a", "a"]));
        Assert.Throws<FormatException>(() => Distribution.FromJson("{\"type\":\"beta\"}"));
        Assert.Throws<FormatException>(() => Distribution.FromJson("not json"));
    }

    [Fact]
    public void TimeoutStopsStartingTrials()
    {
        var study = Study.Create(sampler: new RandomSampler(0), pruner: new NopPruner());
        study.Optimize(t => { Thread.Sleep(30); return t.SuggestFloat("x", 0, 1); }, timeout: TimeSpan.FromMilliseconds(200));
        // At 30 ms a trial the 200 ms budget fits at most 7 starts (the 7th starts before 200 ms and is let finish);
        // a loaded machine may run fewer, never none.
        Assert.InRange(study.Trials.Count, 1, 8);
    }
}
