namespace Glassbox.Tuning;

/// <summary>
/// A snapshot of one trial as the storage holds it (Optuna's <c>FrozenTrial</c>): its number within the study, state,
/// value, parameters (internal representation, see <see cref="Distribution"/>) with their distributions, the
/// intermediate values it reported by step, and the pruner's bookkeeping.
/// </summary>
/// <param name="Id">The storage's id of the trial (unique across studies).</param>
/// <param name="Number">0, 1, 2, … in the order trials were started in this study.</param>
/// <param name="State">Running, Complete, Pruned or Fail.</param>
/// <param name="Value">The objective value (Complete), the last intermediate value (Pruned, when it reported any), else null.</param>
/// <param name="InternalParams">Parameter name → internal value.</param>
/// <param name="Distributions">Parameter name → the distribution it was drawn from.</param>
/// <param name="IntermediateValues">Step → value reported with <see cref="Trial.Report"/>, ordered by step.</param>
/// <param name="SystemAttrs">Numbers the pruners keep per trial (e.g. successive halving's <c>completed_rung_k</c>).</param>
/// <param name="Start">When the trial started (UTC).</param>
/// <param name="Complete">When it finished (UTC), null while running.</param>
public sealed record FrozenTrial(long Id, int Number, TrialState State, double? Value,
    IReadOnlyDictionary<string, double> InternalParams, IReadOnlyDictionary<string, Distribution> Distributions,
    IReadOnlyList<KeyValuePair<int, double>> IntermediateValues, IReadOnlyDictionary<string, double> SystemAttrs,
    DateTime Start, DateTime? Complete)
{
    /// <summary>The parameters as the objective saw them (double, int, or the categorical choice's text).</summary>
    public IReadOnlyDictionary<string, object> Params =>
        InternalParams.ToDictionary(kv => kv.Key, kv => Distributions[kv.Key].ToExternal(kv.Value));

    /// <summary>The largest step reported, or null when none was.</summary>
    public int? LastStep => IntermediateValues.Count == 0 ? null : IntermediateValues.Max(kv => kv.Key);

    /// <summary>The value reported at <paramref name="step"/>, or null.</summary>
    public double? IntermediateAt(int step)
    {
        foreach (var kv in IntermediateValues) if (kv.Key == step) return kv.Value;
        return null;
    }

    /// <summary>True for Complete, Pruned and Fail.</summary>
    public bool IsFinished => State != TrialState.Running;
}
