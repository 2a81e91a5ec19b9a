namespace Glassbox.Tuning;

/// <summary>
/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020),
/// as Optuna's <c>SuccessiveHalvingPruner</c> with bootstrap_count 0: a trial climbs rungs, and at each rung only the
/// best 1/η of the trials that reached it go on.
/// </summary>
/// <remarks>
/// <para><b>Rungs.</b> Rung k is passed at step r·η^(s + k), r = <see cref="MinResource"/>, η = <see cref="ReductionFactor"/>,
/// s = <see cref="MinEarlyStoppingRate"/>. With the defaults r = 1, η = 4, s = 0 the checks fall at steps 1, 4, 16, 64, …</para>
/// <para><b>Rule.</b> When a trial reports step t, for each rung k it has not passed yet with t ≥ r·η^(s+k): its latest
/// value v is written on the trial as <c>completed_rung_k</c> (a NaN prunes at once); the competitors are v and the
/// <c>completed_rung_k</c> values of every other trial of the study (any state: a stopped trial still sets the bar).
/// With c competitors sorted best first, the trial goes on when v is at least as good as the one at position
/// max(⌊c/η⌋, 1) — i.e. it is in the top ⌊c/η⌋, or is the best while fewer than η have arrived (Optuna cannot pause a
/// trial to wait for more, so the first arrivals are judged generously) — else it is pruned. Then the next rung is
/// checked at the same step. Below the first rung nothing is decided.</para>
/// <para>Optuna's default min_resource is "auto" (estimated from the first finished trial); here it is a number,
/// default 1.</para>
/// </remarks>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private const string RungKeyPrefix = "completed_rung_";

    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">Steps before the first rung, r ≥ 1 (<c>min_resource</c>).</param>
    /// <param name="reductionFactor">η ≥ 2: the share 1/η of trials promoted at each rung (<c>reduction_factor</c>, default 4).</param>
    /// <param name="minEarlyStoppingRate">s ≥ 0: shifts the first rung to r·η^s (<c>min_early_stopping_rate</c>, default 0).</param>
    public SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 4, int minEarlyStoppingRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        MinResource = minResource; ReductionFactor = reductionFactor; MinEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>r: steps before the first rung.</summary>
    public int MinResource { get; }

    /// <summary>η: one in η trials is promoted at each rung.</summary>
    public int ReductionFactor { get; }

    /// <summary>s: the first rung is at r·η^s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>The step at which rung <paramref name="rung"/> is passed: r·η^(s + rung).</summary>
    public double RungStep(int rung) => MinResource * Math.Pow(ReductionFactor, MinEarlyStoppingRate + rung);

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.LastStep is not int step) return false;
        double value = trial.IntermediateAt(step)!.Value;
        int rung = 0;
        while (trial.SystemAttrs.ContainsKey(RungKeyPrefix + rung)) rung++;
        IReadOnlyList<FrozenTrial>? all = null;
        while (true)
        {
            if (step < RungStep(rung)) return false;
            if (double.IsNaN(value)) return true;
            all ??= study.GetTrials();
            string key = RungKeyPrefix + rung;
            study.Storage.SetTrialSystemAttr(trial.Id, key, value);
            var competing = all.Where(t => t.Id != trial.Id && t.SystemAttrs.ContainsKey(key)).Select(t => t.SystemAttrs[key]).Append(value).ToList();
            if (!Promotable(value, competing, ReductionFactor, study.Direction)) return true;
            rung++;
        }
    }

    /// <summary>Whether <paramref name="value"/> is in the top ⌊c/η⌋ of the c <paramref name="competing"/> values (at least the top 1).</summary>
    internal static bool Promotable(double value, List<double> competing, int reductionFactor, StudyDirection direction)
    {
        int idx = Math.Max(competing.Count / reductionFactor - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize ? value >= competing[competing.Count - 1 - idx] : value <= competing[idx];
    }
}
