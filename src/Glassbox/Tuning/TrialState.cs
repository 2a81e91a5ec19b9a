namespace Glassbox.Tuning;

/// <summary>
/// Where a trial is in its life (Optuna's <c>optuna.trial.TrialState</c>, without WAITING: this library has no
/// enqueued trials). A trial starts <see cref="Running"/> and ends in exactly one of the three finished states.
/// </summary>
public enum TrialState
{
    /// <summary>The objective is being evaluated (or its process died before it finished; storages sweep those to <see cref="Fail"/>).</summary>
    Running,

    /// <summary>The objective returned a finite value.</summary>
    Complete,

    /// <summary>The objective stopped early by throwing <see cref="TrialPrunedException"/>; its value is its last reported intermediate value, if any.</summary>
    Pruned,

    /// <summary>The objective threw, returned NaN, or its process ended without finishing it.</summary>
    Fail,
}
