using Glassbox.Data.Frame;
using Glassbox.ML.Options;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Applies transformers to named column subsets of a <see cref="DataFrame"/> and concatenates their outputs
/// side by side (<c>sklearn.compose.ColumnTransformer</c>); the columns no transformer names are dropped or passed
/// through unchanged (<see cref="Remainder"/>).
/// </summary>
/// <remarks>
/// Each transformer receives its columns as a float64 matrix: numeric columns as is, boolean as 0/1, and
/// categorical/text columns as ordinal codes of the levels seen in Fit (sorted ordinally; unseen or missing → NaN),
/// which is the input <see cref="TargetEncoder"/> expects. Every transformer is cloned at Fit, so the
/// ColumnTransformer can be refitted per CV fold without sharing state. Output columns: the transformers' outputs in
/// the order given, then the passthrough remainder in frame order.
/// </remarks>
public sealed class ColumnTransformer
{
    private readonly List<(string Name, ITransformer Transformer, string[] Columns)> steps;
    private List<ITransformer> fitted = [];
    private Dictionary<string, Dictionary<string, int>> levels = [];
    private string[] remainderColumns = [];

    /// <summary>Creates the transformer from (name, transformer, columns) steps.</summary>
    /// <param name="transformers">The steps; names must be unique.</param>
    /// <param name="remainder">Drop or pass through the columns no transformer names (<c>remainder</c>).</param>
    public ColumnTransformer(IEnumerable<(string Name, ITransformer Transformer, string[] Columns)> transformers, Remainder remainder = Remainder.Drop)
    {
        steps = transformers.ToList();
        if (!Enum.IsDefined(remainder))
            throw new ArgumentOutOfRangeException(nameof(remainder), remainder, $"ColumnTransformer: remainder must be {SklearnNames.Allowed(typeof(Remainder))}");
        if (steps.Select(s => s.Name).Distinct().Count() != steps.Count)
            throw new ArgumentException("ColumnTransformer: transformer names must be unique");
        Remainder = remainder;
    }

    /// <summary>What happens to the columns no transformer names (<c>remainder</c>).</summary>
    public Remainder Remainder { get; }

    /// <summary>True after <see cref="Fit"/>.</summary>
    public bool IsFitted { get; private set; }

    /// <summary>Fits each (cloned) transformer on its columns (with y for supervised ones such as TargetEncoder).</summary>
    public ColumnTransformer Fit(DataFrame df, Tensor? y = null)
    {
        FitCommon(df);
        fitted = steps.Select(s => { var t = (ITransformer)s.Transformer.Clone(); t.Fit(Matrix(df, s.Columns), y); return t; }).ToList();
        IsFitted = true;
        return this;
    }

    /// <summary>Fit and transform in one go, using each transformer's own FitTransform (so TargetEncoder cross-fits).</summary>
    public Tensor FitTransform(DataFrame df, Tensor? y = null)
    {
        FitCommon(df);
        fitted = [];
        var parts = new List<Tensor>();
        foreach (var s in steps)
        {
            var t = (ITransformer)s.Transformer.Clone();
            parts.Add(t.FitTransform(Matrix(df, s.Columns), y));
            fitted.Add(t);
        }
        IsFitted = true;
        return Concat(parts, df);
    }

    /// <summary>Transforms with the fitted transformers and concatenates (<c>transform</c>).</summary>
    public Tensor Transform(DataFrame df)
    {
        if (!IsFitted) throw new NotFittedException(nameof(ColumnTransformer), nameof(Transform));
        return Concat(steps.Select((s, k) => fitted[k].Transform(Matrix(df, s.Columns))).ToList(), df);
    }

    private void FitCommon(DataFrame df)
    {
        var used = steps.SelectMany(s => s.Columns).ToHashSet();
        foreach (var c in used) _ = df[c];
        remainderColumns = Remainder == Remainder.Passthrough ? df.ColumnNames.Where(c => !used.Contains(c)).ToArray() : [];
        levels = [];
        foreach (var c in used.Concat(remainderColumns))
            if (df[c] is StringColumn sc)
                levels[c] = sc.Levels().Select((v, i) => (v, i)).ToDictionary(a => a.v, a => a.i, StringComparer.Ordinal);
    }

    private Tensor Matrix(DataFrame df, string[] cols)
    {
        int n = df.RowCount, p = cols.Length;
        var a = new double[n * p];
        for (int j = 0; j < p; j++)
        {
            var c = df[cols[j]];
            for (int i = 0; i < n; i++)
                a[i * p + j] = c switch
                {
                    NumericColumn nc => nc[i],
                    BooleanColumn bc => bc[i] is bool b ? (b ? 1 : 0) : double.NaN,
                    StringColumn sc => sc[i] is string s && levels[cols[j]].TryGetValue(s, out var code) ? code : double.NaN,
                    _ => double.NaN,
                };
        }
        return Tensor.FromArray(a, n, p);
    }

    private Tensor Concat(List<Tensor> parts, DataFrame df)
    {
        if (remainderColumns.Length > 0) parts.Add(Matrix(df, remainderColumns));
        int n = df.RowCount, p = parts.Sum(t => t.Shape[1]);
        var o = new double[n * p];
        int off = 0;
        foreach (var t in parts)
        {
            var v = t.ToDoubleArray(); int q = t.Shape[1];
            for (int i = 0; i < n; i++) Array.Copy(v, i * q, o, i * p + off, q);
            off += q;
        }
        return Tensor.FromArray(o, n, p);
    }
}
