namespace Glassbox.Tuning;

/// <summary>
/// Decides whether a running trial should stop early, from the values it and the other trials reported (Optuna's
/// <c>BasePruner.prune</c>). Called by <see cref="Trial.ShouldPrune"/>; must be thread-safe.
/// </summary>
public interface IPruner
{
    /// <summary>True when <paramref name="trial"/> (a fresh snapshot, including its latest report) should be stopped.</summary>
    bool Prune(Study study, FrozenTrial trial);
}
