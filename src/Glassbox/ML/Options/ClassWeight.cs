using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.ML.Options;

/// <summary>
/// scikit-learn's <c>class_weight</c>: <see cref="Balanced"/>, <see cref="BalancedSubsample"/> (random forests) or a
/// weight per class label (<see cref="Of"/>); null (the parameter's default) weighs every class 1. How the weights are
/// computed and used is in <see cref="ClassWeights"/>.
/// </summary>
public sealed class ClassWeight : ISklearnOption<ClassWeight>
{
    private ClassWeight(string? keyword, IReadOnlyDictionary<long, double>? weights) => (Keyword, Weights) = (keyword, weights);

    /// <summary>w_c = n_samples / (n_classes · n_c): every class carries the same total weight (<c>"balanced"</c>).</summary>
    public static ClassWeight Balanced { get; } = new("balanced", null);

    /// <summary>As <see cref="Balanced"/>, computed on each tree's bootstrap sample (<c>"balanced_subsample"</c>; forests only).</summary>
    public static ClassWeight BalancedSubsample { get; } = new("balanced_subsample", null);

    /// <summary>The given weight for each named label, 1 for the others (a dict in scikit-learn).</summary>
    public static ClassWeight Of(IReadOnlyDictionary<long, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new(null, new Dictionary<long, double>(weights));
    }

    /// <summary>A dictionary of weights per label converts implicitly, as a dict is passed in scikit-learn.</summary>
    public static implicit operator ClassWeight(Dictionary<long, double> weights) => Of(weights);

    /// <summary>"balanced" or "balanced_subsample"; null for explicit weights.</summary>
    public string? Keyword { get; }

    /// <summary>The explicit weights per label; null for a keyword.</summary>
    public IReadOnlyDictionary<long, double>? Weights { get; }

    /// <summary>True for a keyword, or for explicit weights that are all finite and positive.</summary>
    public bool IsValid => Weights is null || Weights.Values.All(v => v > 0 && double.IsFinite(v));

    /// <inheritdoc/>
    public JsonNode ToJson() => Keyword is not null
        ? JsonValue.Create(Keyword)
        : new JsonObject
        {
            ["$class_weight"] = new JsonObject(Weights!.Select(kv => KeyValuePair.Create(
                kv.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)ModelFile.DoubleToJson(kv.Value)))),
        };

    /// <inheritdoc/>
    public static ClassWeight FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.GetValueKind() == JsonValueKind.String)
            return node.GetValue<string>() switch
            {
                "balanced" => Balanced,
                "balanced_subsample" => BalancedSubsample,
                var s => throw new ArgumentException($"class_weight: '{s}' is not \"balanced\" or \"balanced_subsample\""),
            };
        if (node is not JsonObject o || o.Count != 1 || o["$class_weight"] is not JsonObject cw)
            throw new ArgumentException("class_weight: expected \"balanced\", \"balanced_subsample\" or {\"$class_weight\": {\"label\": weight, ...}}");
        var d = new Dictionary<long, double>();
        foreach (var (k, v) in cw)
        {
            if (!long.TryParse(k, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label))
                throw new ArgumentException($"class_weight: key '{k}' is not an integer class label");
            d[label] = ModelJsonReader.ReadDouble(v, $"$class_weight.{k}");
        }
        return new(null, d);
    }

    /// <summary>scikit-learn's spelling: <c>balanced</c>, or <c>{0: 1, 1: 5}</c>.</summary>
    public override string ToString() => Keyword
        ?? "{" + string.Join(", ", Weights!.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.ToString(CultureInfo.InvariantCulture)}: {kv.Value.ToString("R", CultureInfo.InvariantCulture)}")) + "}";
}
