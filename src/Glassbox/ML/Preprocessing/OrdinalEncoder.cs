using Glassbox.ML.Options;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Replaces each category by its index among the feature's sorted categories
/// (<c>sklearn.preprocessing.OrdinalEncoder</c>).
/// </summary>
public sealed class OrdinalEncoder : Transformer<OrdinalEncoder>, IInverseTransformer
{
    private double[][] categories = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="handleUnknown"><see cref="Preprocessing.HandleUnknown.Error"/> or <see cref="Preprocessing.HandleUnknown.UseEncodedValue"/> (<c>handle_unknown</c>).</param>
    /// <param name="unknownValue">Code for unknown categories with UseEncodedValue; NaN allowed (<c>unknown_value</c>).</param>
    public OrdinalEncoder(HandleUnknown handleUnknown = HandleUnknown.Error, double? unknownValue = null) { HandleUnknown = handleUnknown; UnknownValue = unknownValue; }

    /// <summary>Unknown-category policy (<c>handle_unknown</c>).</summary>
    public HandleUnknown HandleUnknown { get; }
    /// <summary>Code for unknown categories (<c>unknown_value</c>).</summary>
    public double? UnknownValue { get; }

    /// <summary>Sorted categories of each feature (<c>categories_</c>).</summary>
    public IReadOnlyList<Tensor> Categories => Learned(categories, nameof(Categories)).Select(Input.Vector).ToList();

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(HandleUnknown), Is.OneOf(HandleUnknown.Error, HandleUnknown.UseEncodedValue) },
    };

    /// <inheritdoc/>
    /// <remarks><see cref="UnknownValue"/> is required exactly when unknown values are encoded: a check relating two parameters.</remarks>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (HandleUnknown == HandleUnknown.UseEncodedValue && UnknownValue is null) OutOfRange(nameof(UnknownValue), null, "a number (or NaN) when HandleUnknown is \"use_encoded_value\"");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        categories = CategoryTable.Learn(Input.Raw(x), x.Shape[0], x.Shape[1], nameof(OrdinalEncoder));
        if (UnknownValue is double u && !double.IsNaN(u) && u >= 0 && categories.Any(c => u < c.Length))
            OutOfRange(nameof(UnknownValue), u, "NaN or a value that is not a valid code (negative, or ≥ the number of categories)");
    }

    /// <summary>Category codes 0..K_j−1 per feature.</summary>
    public override Tensor Transform(Tensor x) => MapColumns(x, nameof(Transform), (v, j) =>
    {
        int k = Array.BinarySearch(categories[j], v);
        if (k >= 0) return k;
        if (HandleUnknown == HandleUnknown.Error) throw new ArgumentException($"OrdinalEncoder.Transform: found unknown category {v} in feature {j}");
        return UnknownValue!.Value;
    });

    /// <summary>Codes back to categories; unknown codes give NaN.</summary>
    public Tensor InverseTransform(Tensor x) => MapColumns(x, nameof(InverseTransform), (v, j) =>
        v >= 0 && v < categories[j].Length && v == Math.Floor(v) ? categories[j][(int)v] : double.NaN);

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) => CategoryTable.Save(s, categories);

    /// <inheritdoc/>
    protected override void LoadState(ModelState s) => categories = CategoryTable.Load(s);
}
