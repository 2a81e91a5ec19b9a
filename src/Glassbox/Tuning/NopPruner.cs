namespace Glassbox.Tuning;

/// <summary>Never prunes (Optuna's <c>NopPruner</c>): every trial runs to the end.</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial) => false;
}
