namespace Glassbox.Tuning;

/// <summary>
/// Thrown by an objective to stop its trial early (Optuna's <c>optuna.TrialPruned</c>): the usual pattern is
/// <c>trial.Report(step, value); if (trial.ShouldPrune()) throw new TrialPrunedException();</c>.
/// <see cref="Study.Optimize"/> catches it and records the trial as <see cref="TrialState.Pruned"/> — it is not a failure.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TrialPrunedException() : base("trial pruned") { }

    /// <summary>Creates the exception with a message (e.g. the step at which the trial was stopped).</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrialPrunedException(string message, Exception inner) : base(message, inner) { }
}
