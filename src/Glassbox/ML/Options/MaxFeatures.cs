using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.ML.Options;

/// <summary>
/// How many features a tree considers at each split (scikit-learn's <c>max_features</c>): <see cref="Sqrt"/>,
/// <see cref="Log2"/>, a <see cref="Count"/> or a <see cref="Fraction"/> of them; null (the parameter's default) is
/// all features.
/// </summary>
/// <remarks>
/// As in scikit-learn, the type of a number decides its meaning: an int is a count, a double a fraction, so the
/// implicit conversions keep <c>maxFeatures: 3</c> and <c>maxFeatures: 0.5</c> meaning what they mean in Python.
/// The resolved count is max(1, ⌊√p⌋), max(1, ⌊log₂ p⌋), min(n, p) or max(1, ⌊f·p⌋) for p features.
/// </remarks>
public sealed record MaxFeatures : ISklearnOption<MaxFeatures>
{
    private enum Rule { Sqrt, Log2, Count, Fraction }

    private readonly Rule rule;
    private readonly double value;

    private MaxFeatures(Rule rule, double value) => (this.rule, this.value) = (rule, value);

    /// <summary>⌊√p⌋ features (at least 1): <c>"sqrt"</c>.</summary>
    public static MaxFeatures Sqrt { get; } = new(Rule.Sqrt, 0);

    /// <summary>⌊log₂ p⌋ features (at least 1): <c>"log2"</c>.</summary>
    public static MaxFeatures Log2 { get; } = new(Rule.Log2, 0);

    /// <summary>Exactly <paramref name="n"/> features (capped at p); n ≥ 1 is checked in Fit.</summary>
    public static MaxFeatures Count(int n) => new(Rule.Count, n);

    /// <summary>⌊f·p⌋ features (at least 1); 0 &lt; f ≤ 1 is checked in Fit.</summary>
    public static MaxFeatures Fraction(double f) => new(Rule.Fraction, f);

    /// <summary>An int is a count, as in scikit-learn.</summary>
    public static implicit operator MaxFeatures(int n) => Count(n);

    /// <summary>A double is a fraction, as in scikit-learn.</summary>
    public static implicit operator MaxFeatures(double f) => Fraction(f);

    /// <summary>True when the value is usable: a count ≥ 1 or a fraction in (0, 1].</summary>
    public bool IsValid => rule switch
    {
        Rule.Count => value >= 1,
        Rule.Fraction => value > 0 && value <= 1,
        _ => true,
    };

    /// <summary>The allowed values, for error messages.</summary>
    public const string Allowed = "null, MaxFeatures.Sqrt, MaxFeatures.Log2, a count ≥ 1 or a fraction in (0, 1]";

    /// <summary>The number of features drawn per split for <paramref name="p"/> features (<c>max_features_</c>).</summary>
    public int Resolve(int p) => rule switch
    {
        Rule.Sqrt => Math.Max(1, (int)Math.Sqrt(p)),
        Rule.Log2 => Math.Max(1, (int)Math.Log2(p)),
        Rule.Count => (int)Math.Min(value, p),
        _ => Math.Max(1, (int)(value * p)),
    };

    /// <inheritdoc/>
    public JsonNode ToJson() => rule switch
    {
        Rule.Sqrt => JsonValue.Create("sqrt"),
        Rule.Log2 => JsonValue.Create("log2"),
        Rule.Count => JsonValue.Create((int)value),
        // a whole fraction (1.0) keeps its ".0" so it reads back as a fraction, not a count
        _ => JsonNode.Parse(value.ToString(value == Math.Floor(value) ? "F1" : "R", CultureInfo.InvariantCulture))!,
    };

    /// <inheritdoc/>
    public static MaxFeatures FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                return node.GetValue<string>() switch
                {
                    "sqrt" => Sqrt,
                    "log2" => Log2,
                    var s => throw new ArgumentException($"max_features: '{s}' is not \"sqrt\" or \"log2\""),
                };
            case JsonValueKind.Number:
                string text = node.ToJsonString();
                if (text.IndexOfAny(['.', 'e', 'E']) >= 0) return Fraction(node.GetValue<double>());
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? Count(n) : throw new ArgumentException($"max_features: {text} does not fit an int");
            default:
                throw new ArgumentException($"max_features: expected \"sqrt\", \"log2\" or a number, got {node.GetValueKind()}");
        }
    }

    /// <summary>scikit-learn's spelling: <c>sqrt</c>, <c>log2</c>, <c>3</c> or <c>0.5</c>.</summary>
    public override string ToString() => rule switch
    {
        Rule.Sqrt => "sqrt",
        Rule.Log2 => "log2",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
