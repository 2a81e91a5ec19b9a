using Glassbox.Tuning;

namespace Glassbox.Tests.Tuning;

/// <summary>The median and successive-halving pruners' decisions on hand-made intermediate values.</summary>
public class PrunerTests
{
    /// <summary>A finished trial that reported <paramref name="curve"/> at steps 0, 1, 2, …</summary>
    private static void AddFinished(Study study, double[] curve, TrialState state = TrialState.Complete)
    {
        var t = study.Ask();
        for (int s = 0; s < curve.Length; s++) t.Report(s, curve[s]);
        study.Tell(t, curve[^1], state);
    }

    [Fact]
    public void MedianPrunerComparesBestSoFarWithTheMedianAtTheStep()
    {
        var study = Study.Create(direction: StudyDirection.Minimize, sampler: new RandomSampler(0), pruner: new MedianPruner(nStartupTrials: 3, nWarmupSteps: 1));
        AddFinished(study, [1.0, 0.8, 0.6]);
        AddFinished(study, [1.0, 0.5, 0.4]);
        var t = study.Ask();
        t.Report(1, 0.85);
        Assert.False(t.ShouldPrune()); // only 2 complete trials < nStartupTrials = 3
        AddFinished(study, [1.0, 0.9, 0.9]);
        // Step 1: the median of 0.8, 0.5, 0.9 is 0.8; the trial's best so far is 0.85 > 0.8 → prune.
        Assert.True(t.ShouldPrune());
        var early = study.Ask();
        early.Report(0, 5.0);
        Assert.False(early.ShouldPrune()); // step 0 < nWarmupSteps = 1

        var u = study.Ask();
        u.Report(0, 0.75); // best so far counts: at step 1, min(0.75, 0.95) = 0.75 ≤ 0.8 → keep
        u.Report(1, 0.95);
        Assert.False(u.ShouldPrune());

        // A fourth complete trial makes the median at step 1 the mean of the middle two: (0.7 + 0.8)/2 = 0.75.
        AddFinished(study, [1.0, 0.7, 0.3]);
        Assert.False(u.ShouldPrune()); // 0.75 is not worse than 0.75
        var v = study.Ask();
        v.Report(1, 0.7500001);
        Assert.True(v.ShouldPrune());
        // A step no complete trial reached gives no median: no decision.
        var w = study.Ask();
        w.Report(7, 100);
        Assert.False(w.ShouldPrune());
        // A NaN prunes.
        var z = study.Ask();
        z.Report(1, double.NaN);
        Assert.True(z.ShouldPrune());
    }

    [Fact]
    public void MedianPrunerMaximisingPrunesBelowTheMedian()
    {
        var study = Study.Create(direction: StudyDirection.Maximize, sampler: new RandomSampler(0), pruner: new MedianPruner(nStartupTrials: 1));
        AddFinished(study, [0.6]);
        AddFinished(study, [0.8]);
        // median 0.7
        var a = study.Ask(); a.Report(0, 0.69); Assert.True(a.ShouldPrune());
        var b = study.Ask(); b.Report(0, 0.71); Assert.False(b.ShouldPrune());
    }

    [Fact]
    public void SuccessiveHalvingPromotesTheTopQuarterAtEachRung()
    {
        // r = 1, η = 4, s = 0: rungs at steps 1, 4, 16. Minimising.
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        Assert.Equal([1.0, 4, 16], new[] { 0, 1, 2 }.Select(pruner.RungStep));
        var study = Study.Create(direction: StudyDirection.Minimize, sampler: new RandomSampler(0), pruner: pruner);

        // Step 0 is below the first rung: never pruned, whatever the value.
        var first = study.Ask();
        first.Report(0, 1e9);
        Assert.False(first.ShouldPrune());
        // At step 1 it is the only competitor at rung 0: c = 1, ⌊1/4⌋ = 0 → the best one goes on.
        first.Report(1, 10);
        Assert.False(first.ShouldPrune());
        Assert.Equal(10, study.Storage.GetTrial(first.Id).SystemAttrs["completed_rung_0"]);

        // Second trial, worse: c = 2 → top 1; 20 > 10 → pruned. Third, better: 5 ≤ min(10, 20, 5) → promoted.
        var second = study.Ask(); second.Report(1, 20); Assert.True(second.ShouldPrune());
        study.Tell(second, null, TrialState.Pruned);
        var third = study.Ask(); third.Report(1, 5); Assert.False(third.ShouldPrune());
        // Fourth: competitors 10, 20, 5, 7 → c = 4, top ⌊4/4⌋ = 1 → must be ≤ 5: 7 is pruned.
        var fourth = study.Ask(); fourth.Report(1, 7); Assert.True(fourth.ShouldPrune());
        // With 8 at rung 0 (10, 20, 5, 7, 1, 2, 3 and the newcomer 4), the top ⌊8/4⌋ = 2 are 1 and 2: 4 is pruned.
        foreach (var v in new[] { 1.0, 2, 3 }) { var t = study.Ask(); t.Report(1, v); t.ShouldPrune(); }
        var eighth = study.Ask(); eighth.Report(1, 4); Assert.True(eighth.ShouldPrune());

        // Rung 1 (step 4): the first trial jumps from step 1 to step 4 and is checked against rung 1's competitors only.
        first.Report(4, 3);
        Assert.False(first.ShouldPrune()); // alone at rung 1
        Assert.Equal(3, study.Storage.GetTrial(first.Id).SystemAttrs["completed_rung_1"]);
        third.Report(4, 3.5);
        Assert.True(third.ShouldPrune()); // c = 2 at rung 1 → only the best (3) goes on
    }

    [Fact]
    public void SuccessiveHalvingChecksEveryRungPassedAtOnce()
    {
        // A trial that first reports at step 16 passes rungs 0, 1 and 2 in one call, writing all three.
        var study = Study.Create(direction: StudyDirection.Maximize, sampler: new RandomSampler(0), pruner: new SuccessiveHalvingPruner());
        var t = study.Ask();
        t.Report(16, 0.9);
        Assert.False(t.ShouldPrune());
        var attrs = study.Storage.GetTrial(t.Id).SystemAttrs;
        Assert.Equal(["completed_rung_0", "completed_rung_1", "completed_rung_2"], attrs.Keys.Order());
        // Maximising: a lower value at rung 0 with c = 2 is pruned, a higher one promoted.
        var lower = study.Ask(); lower.Report(1, 0.8); Assert.True(lower.ShouldPrune());
        var higher = study.Ask(); higher.Report(1, 0.95); Assert.False(higher.ShouldPrune());
    }
}
