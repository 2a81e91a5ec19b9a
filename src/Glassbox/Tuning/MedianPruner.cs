namespace Glassbox.Tuning;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than the median of the Complete trials' values at the
/// same step (Optuna's <c>MedianPruner</c>, i.e. its percentile pruner at 50 %, interval 1, n_min_trials 1).
/// </summary>
/// <remarks>
/// Rule at the trial's latest step s: no decision (keep going) while s &lt; <see cref="NWarmupSteps"/>, while fewer than
/// <see cref="NStartupTrials"/> trials are Complete, or when no Complete trial reported a value at step s. Otherwise
/// let b = the trial's best value over all its steps so far (minimum when minimising, maximum when maximising; a
/// NaN anywhere prunes) and m = the median of the Complete trials' values at s (NaNs left out, the mean of the two
/// middle values for an even count): prune when b &gt; m (minimising) or b &lt; m (maximising). Comparing the
/// <i>best so far</i> rather than the latest value keeps a trial whose curve is noisy from being stopped by one bad step.
/// </remarks>
public sealed class MedianPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="nStartupTrials">Complete trials needed before anything is pruned (<c>n_startup_trials</c>, default 5).</param>
    /// <param name="nWarmupSteps">Steps a trial runs before it may be pruned (<c>n_warmup_steps</c>, default 0).</param>
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nStartupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(nWarmupSteps);
        NStartupTrials = nStartupTrials; NWarmupSteps = nWarmupSteps;
    }

    /// <summary>Complete trials needed before pruning starts.</summary>
    public int NStartupTrials { get; }

    /// <summary>Steps before a trial may be pruned.</summary>
    public int NWarmupSteps { get; }

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.LastStep is not int step || step < NWarmupSteps) return false;
        var complete = study.GetTrials([TrialState.Complete]);
        if (complete.Count == 0 || complete.Count < NStartupTrials) return false;
        bool minimize = study.Direction == StudyDirection.Minimize;
        var own = trial.IntermediateValues.Select(kv => kv.Value).ToList();
        if (own.Any(double.IsNaN)) return true;
        double best = minimize ? own.Min() : own.Max();
        var atStep = complete.Select(t => t.IntermediateAt(step)).Where(v => v is double d && !double.IsNaN(d)).Select(v => v!.Value).OrderBy(v => v).ToList();
        if (atStep.Count == 0) return false;
        double median = atStep.Count % 2 == 1 ? atStep[atStep.Count / 2] : 0.5 * (atStep[atStep.Count / 2 - 1] + atStep[atStep.Count / 2]);
        return minimize ? best > median : best < median;
    }
}
