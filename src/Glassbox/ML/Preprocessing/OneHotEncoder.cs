using Glassbox.ML.Options;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// One-hot encoding of categorical features (<c>sklearn.preprocessing.OneHotEncoder(sparse_output=False)</c>):
/// feature j with sorted categories c₀ &lt; … &lt; c_{K−1} becomes K indicator columns; the blocks follow the
/// feature order. Categories are the distinct (numeric) values seen in Fit.
/// </summary>
public sealed class OneHotEncoder : Transformer<OneHotEncoder>, IInverseTransformer
{
    private double[][] categories = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="handleUnknown"><see cref="Preprocessing.HandleUnknown.Error"/> (throw on a category not seen in Fit) or <see cref="Preprocessing.HandleUnknown.Ignore"/> (encode it as all zeros) (<c>handle_unknown</c>).</param>
    public OneHotEncoder(HandleUnknown handleUnknown = HandleUnknown.Error) => HandleUnknown = handleUnknown;

    /// <summary>Unknown-category policy (<c>handle_unknown</c>).</summary>
    public HandleUnknown HandleUnknown { get; }

    /// <summary>Sorted categories of each feature (<c>categories_</c>).</summary>
    public IReadOnlyList<Tensor> Categories => Learned(categories, nameof(Categories)).Select(Input.Vector).ToList();

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(HandleUnknown), Is.OneOf(HandleUnknown.Error, HandleUnknown.Ignore) },
    };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y) =>
        categories = CategoryTable.Learn(Input.Raw(x), x.Shape[0], x.Shape[1], nameof(OneHotEncoder));

    /// <summary>Indicator matrix [n_samples, Σ K_j].</summary>
    public override Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], p = xm.Shape[1], width = categories.Sum(c => c.Length);
        var a = Input.Raw(xm);
        var r = new double[n * width];
        for (int i = 0; i < n; i++)
        {
            int offset = 0;
            for (int j = 0; j < p; j++)
            {
                int k = Array.BinarySearch(categories[j], a[i * p + j]);
                if (k >= 0) r[i * width + offset + k] = 1;
                else if (HandleUnknown == HandleUnknown.Error)
                    throw new ArgumentException($"OneHotEncoder.Transform: found unknown category {a[i * p + j]} in feature {j} (row {i}); use handleUnknown: \"ignore\" to encode it as zeros");
                offset += categories[j].Length;
            }
        }
        return Input.Matrix(r, n, width);
    }

    /// <summary>Back to category values; a block of all zeros (an ignored unknown) gives NaN (<c>inverse_transform</c>).</summary>
    public Tensor InverseTransform(Tensor x)
    {
        CheckFitted(nameof(InverseTransform));
        var xm = AsMatrix(x, "X");
        int n = xm.Shape[0], width = categories.Sum(c => c.Length), p = categories.Length;
        if (xm.Shape[1] != width) throw new ArgumentException($"OneHotEncoder.InverseTransform: expected {width} columns, got {xm.Shape[1]}");
        var a = Input.Raw(xm);
        var r = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            int offset = 0;
            for (int j = 0; j < p; j++)
            {
                int best = -1; double bv = 0;
                for (int k = 0; k < categories[j].Length; k++) if (a[i * width + offset + k] > bv) { bv = a[i * width + offset + k]; best = k; }
                r[i * p + j] = best < 0 ? double.NaN : categories[j][best];
                offset += categories[j].Length;
            }
        }
        return Input.Matrix(r, n, p);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) => CategoryTable.Save(s, categories);

    /// <inheritdoc/>
    protected override void LoadState(ModelState s) => categories = CategoryTable.Load(s);
}
