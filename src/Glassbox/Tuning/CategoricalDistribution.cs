using System.Text.Json;

namespace Glassbox.Tuning;

/// <summary>
/// One of a fixed list of choices (Optuna's <c>CategoricalDistribution</c>, made by
/// <see cref="Trial.SuggestCategorical{T}"/>). Internally a value is the index of its choice; the choices are kept as
/// their invariant text so that a stored study can be read back without knowing the objective's types.
/// </summary>
public sealed record CategoricalDistribution : Distribution
{
    /// <summary>Checks and creates the distribution.</summary>
    /// <exception cref="ArgumentException">No choices, or two equal choices (a sampler could not tell them apart).</exception>
    public CategoricalDistribution(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0) throw new ArgumentException("CategoricalDistribution: needs at least one choice");
        if (choices.Distinct().Count() != choices.Count) throw new ArgumentException($"CategoricalDistribution: choices must differ, got [{string.Join(", ", choices)}]");
        Choices = choices.ToArray();
    }

    /// <summary>The choices' invariant text, in order.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <inheritdoc/>
    public override bool Contains(double internalValue) => internalValue >= 0 && internalValue < Choices.Count && internalValue == Math.Round(internalValue);

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => Choices[(int)internalValue];

    /// <inheritdoc/>
    public override string ToJson() => $"{{\"type\":\"categorical\",\"choices\":{JsonSerializer.Serialize(Choices)}}}";

    /// <summary>Equal when the choices are equal in order (a record would compare the list by reference).</summary>
    public bool Equals(CategoricalDistribution? other) => other is not null && Choices.SequenceEqual(other.Choices);

    /// <inheritdoc/>
    public override int GetHashCode() => Choices.Aggregate(17, (h, c) => h * 31 + c.GetHashCode(StringComparison.Ordinal));
}
