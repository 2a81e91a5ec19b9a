using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Which features the histogram gradient-boosting estimators treat as categorical (scikit-learn's
/// <c>categorical_features</c>): <see cref="Indices"/> of the categorical features, or a <see cref="Mask"/> with one
/// entry per feature; null (the parameter's default) means none.
/// </summary>
/// <remarks>
/// Indices may repeat; an empty list, or a mask without a true entry, also means no categorical feature, as in
/// scikit-learn. Whether the indices fit the data (each in [0, n_features − 1]) and the mask has n_features entries
/// is only known at Fit, which checks it; negative indices are refused before (<see cref="IsValid"/>). In model files the
/// value is written as scikit-learn's list: ints for indices, booleans for a mask (<c>[0, 3]</c>,
/// <c>[false, true]</c>); an empty list reads back as empty indices, which means the same. Equality compares the
/// entries, so two masks with the same entries are equal.
/// </remarks>
public sealed class CategoricalFeatures : ISklearnOption<CategoricalFeatures>, IEquatable<CategoricalFeatures>
{
    private readonly int[]? indices;
    private readonly bool[]? mask;

    private CategoricalFeatures(int[]? indices, bool[]? mask) => (this.indices, this.mask) = (indices, mask);

    /// <summary>The features at these column indices are categorical (copied).</summary>
    public static CategoricalFeatures Indices(params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new((int[])indices.Clone(), null);
    }

    /// <summary>Feature j is categorical when <c>mask[j]</c> is true; one entry per feature (copied).</summary>
    public static CategoricalFeatures Mask(params bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return new(null, (bool[])mask.Clone());
    }

    /// <summary>An <c>int[]</c> lists feature indices, as in scikit-learn.</summary>
    public static implicit operator CategoricalFeatures(int[] indices) => Indices(indices);

    /// <summary>A <c>bool[]</c> is a mask, as in scikit-learn.</summary>
    public static implicit operator CategoricalFeatures(bool[] mask) => Mask(mask);

    /// <summary>True for a mask, false for indices.</summary>
    public bool IsMask => mask is not null;

    /// <summary>The indices, or null for a mask.</summary>
    public IReadOnlyList<int>? FeatureIndices => indices;

    /// <summary>The mask, or null for indices.</summary>
    public IReadOnlyList<bool>? FeatureMask => mask;

    /// <summary>True unless an index is negative (the upper bound and the mask length depend on the data).</summary>
    public bool IsValid => indices is null || Array.TrueForAll(indices, i => i >= 0);

    /// <summary>The allowed values, for error messages.</summary>
    public const string Allowed = "null, CategoricalFeatures.Mask(...) with one entry per feature or CategoricalFeatures.Indices(...) " +
        "of feature indices in [0, n_features − 1]";

    /// <summary>
    /// The mask for data with <paramref name="p"/> features, or null when no feature is categorical; throws
    /// <see cref="ArgumentOutOfRangeException"/> (parameter CategoricalFeatures) for a mask of another length or an index
    /// outside [0, p − 1].
    /// </summary>
    internal bool[]? ToMask(string est, int p)
    {
        bool[] m;
        if (mask is not null)
        {
            if (mask.Length == 0) return null;
            if (mask.Length != p) Fail(est, $"a mask of length n_features = {p} (got length {mask.Length})");
            m = (bool[])mask.Clone();
        }
        else
        {
            m = new bool[p];
            foreach (var f in indices!)
            {
                if (f < 0 || f >= p) Fail(est, $"feature indices in [0, n_features − 1] = [0, {p - 1}] (got {f})");
                m[f] = true;
            }
        }
        return Array.Exists(m, v => v) ? m : null;
    }

    private void Fail(string est, string allowed) =>
        throw new ArgumentOutOfRangeException("CategoricalFeatures", ToString(), $"{est}: hyperparameter CategoricalFeatures must be {allowed}, got {this}");

    /// <inheritdoc/>
    public JsonNode ToJson() => mask is not null
        ? new JsonArray([.. mask.Select(b => (JsonNode?)JsonValue.Create(b))])
        : new JsonArray([.. indices!.Select(i => (JsonNode?)JsonValue.Create(i))]);

    /// <inheritdoc/>
    public static CategoricalFeatures FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is not JsonArray a)
            throw new ArgumentException($"categorical_features: expected a list of feature indices or a boolean mask, got {node.GetValueKind()}");
        if (a.Count > 0 && a.All(e => e?.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
            return new(null, [.. a.Select(e => e!.GetValue<bool>())]);
        var ix = new int[a.Count];
        for (int j = 0; j < a.Count; j++)
        {
            if (a[j] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out int i))
                throw new ArgumentException($"categorical_features: entry {j} ({a[j]?.ToJsonString() ?? "null"}) is not an int index; " +
                    "expected all ints (indices) or all booleans (a mask)");
            ix[j] = i;
        }
        return new(ix, null);
    }

    /// <summary>scikit-learn's spelling: <c>[0, 3]</c> or <c>[False, True]</c>.</summary>
    public override string ToString() => mask is not null
        ? "[" + string.Join(", ", mask.Select(b => b ? "True" : "False")) + "]"
        : "[" + string.Join(", ", indices!) + "]";

    /// <inheritdoc/>
    public bool Equals(CategoricalFeatures? other) => other is not null &&
        (mask is not null ? other.mask is not null && mask.AsSpan().SequenceEqual(other.mask)
                          : other.indices is not null && indices!.AsSpan().SequenceEqual(other.indices));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CategoricalFeatures);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(IsMask);
        if (mask is not null) foreach (var b in mask) h.Add(b);
        else foreach (var i in indices!) h.Add(i);
        return h.ToHashCode();
    }
}
