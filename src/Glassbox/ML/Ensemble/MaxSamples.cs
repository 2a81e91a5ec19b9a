using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// How many rows each tree's bootstrap sample draws (scikit-learn's <c>max_samples</c>): a <see cref="Count"/> or a
/// <see cref="Fraction"/> of the n training rows; null (the parameter's default) draws n.
/// </summary>
/// <remarks>
/// As in scikit-learn the type of a number decides its meaning: an int is a count, a double a fraction, so the implicit
/// conversions keep <c>maxSamples: 50</c> and <c>maxSamples: 0.5</c> meaning what they mean in Python. A fraction f
/// draws max(1, round(f·n)) rows (round half to even, NumPy's <c>round</c>); a count must not exceed n, which only Fit
/// can check.
/// </remarks>
public sealed record MaxSamples : ISklearnOption<MaxSamples>
{
    private readonly bool isCount;
    private readonly double value;

    private MaxSamples(bool isCount, double value) => (this.isCount, this.value) = (isCount, value);

    /// <summary>Exactly <paramref name="n"/> draws per tree; 1 ≤ n is checked before Fit, n ≤ n_samples in Fit.</summary>
    public static MaxSamples Count(int n) => new(true, n);

    /// <summary>max(1, round(f·n)) draws per tree; 0 &lt; f ≤ 1 is checked before Fit.</summary>
    public static MaxSamples Fraction(double f) => new(false, f);

    /// <summary>An int is a count, as in scikit-learn.</summary>
    public static implicit operator MaxSamples(int n) => Count(n);

    /// <summary>A double is a fraction, as in scikit-learn.</summary>
    public static implicit operator MaxSamples(double f) => Fraction(f);

    /// <summary>True for a count, false for a fraction.</summary>
    public bool IsCount => isCount;

    /// <summary>True when the value is usable: a count ≥ 1 or a finite fraction in (0, 1].</summary>
    public bool IsValid => isCount ? value >= 1 : value > 0 && value <= 1;

    /// <summary>The allowed values, for error messages.</summary>
    public const string Allowed = "null, a count ≥ 1 or a fraction in (0, 1]";

    /// <summary>The number of bootstrap draws for <paramref name="n"/> training rows (<c>_get_n_samples_bootstrap</c>).</summary>
    public int Resolve(int n) => isCount ? (int)value : Math.Max(1, (int)Math.Round(value * n, MidpointRounding.ToEven));

    /// <inheritdoc/>
    public JsonNode ToJson() => isCount
        ? JsonValue.Create((int)value)
        // a whole fraction (1.0) keeps its ".0" so it reads back as a fraction, not a count
        : double.IsFinite(value)
            ? JsonNode.Parse(value.ToString(value == Math.Floor(value) ? "F1" : "R", CultureInfo.InvariantCulture))!
            : ModelFile.DoubleToJson(value);

    /// <inheritdoc/>
    public static MaxSamples FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.GetValueKind() != JsonValueKind.Number)
            throw new ArgumentException($"max_samples: expected a number (a count or a fraction), got {node.GetValueKind()}");
        string text = node.ToJsonString();
        if (text.IndexOfAny(['.', 'e', 'E']) >= 0) return Fraction(node.GetValue<double>());
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? Count(n) : throw new ArgumentException($"max_samples: {text} does not fit an int");
    }

    /// <summary>scikit-learn's spelling: <c>50</c> or <c>0.5</c>.</summary>
    public override string ToString() => value.ToString(CultureInfo.InvariantCulture);
}
