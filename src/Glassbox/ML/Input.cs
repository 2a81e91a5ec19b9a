namespace Glassbox.ML;

/// <summary>Checks and conversions for the arrays estimators receive.</summary>
internal static class Input
{
    /// <summary>
    /// The row-major float64 values of a contiguous float64 tensor. Returns the backing array itself when the
    /// tensor covers it exactly (no copy) — callers must treat it as read-only.
    /// </summary>
    public static double[] Raw(Tensor t)
    {
        var c = t.To(DType.Float64).ContiguousRaw();
        var data = c.Data<double>();
        return c.Offset == 0 && data.Length == c.Numel ? data : c.ToArray<double>();
    }

    /// <summary>A regression target: 1-D, n values, converted to float64.</summary>
    public static double[] Targets(Tensor? y, int n, string estimator)
    {
        if (y is null) throw new ArgumentNullException(nameof(y), $"{estimator}.Fit: requires y");
        if (y.NDim != 1 || y.Shape[0] != n)
            throw new ArgumentException($"{estimator}.Fit: y must be 1-D with {n} values, got shape {ShapeUtil.Format(y.ShapeArray)}");
        var v = y.ToDoubleArray();
        foreach (var d in v) if (!double.IsFinite(d)) throw new ArgumentException($"{estimator}.Fit: y contains NaN or infinity");
        return v;
    }

    /// <summary>Class labels: 1-D int64 (float labels are accepted when they are whole numbers).</summary>
    public static long[] Labels(Tensor? y, int n, string estimator)
    {
        if (y is null) throw new ArgumentNullException(nameof(y), $"{estimator}.Fit: requires y");
        if (y.NDim != 1 || y.Shape[0] != n)
            throw new ArgumentException($"{estimator}: y must be 1-D with {n} labels, got shape {ShapeUtil.Format(y.ShapeArray)}");
        if (y.DType == DType.Int64) return y.ToArray<long>();
        var d = y.ToDoubleArray();
        var r = new long[n];
        for (int i = 0; i < n; i++)
        {
            if (d[i] != Math.Floor(d[i]) || !double.IsFinite(d[i]))
                throw new ArgumentException($"{estimator}: class labels must be integers (int64), got {d[i]} at index {i}");
            r[i] = (long)d[i];
        }
        return r;
    }

    /// <summary>
    /// A metric's <c>sample_weight</c>: null (every sample counts 1) or n finite weights ≥ 0; the error names the metric
    /// and the first bad entry.
    /// </summary>
    public static double[]? Weights(Tensor? w, int n, string metric)
    {
        if (w is null) return null;
        if (w.Numel != n) throw new ArgumentException($"{metric}: sample_weight has {w.Numel} entries for {n} samples");
        var a = w.ToDoubleArray();
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i]) || a[i] < 0) throw new ArgumentException($"{metric}: sample_weight[{i}] = {a[i]}; weights must be finite and ≥ 0");
        return a;
    }

    /// <summary>Sorted distinct labels and each sample's index into them (<c>np.unique(y, return_inverse=True)</c>).</summary>
    public static (long[] Classes, int[] Index) Encode(long[] y)
    {
        var classes = y.Distinct().Order().ToArray();
        var map = new Dictionary<long, int>(classes.Length);
        for (int k = 0; k < classes.Length; k++) map[classes[k]] = k;
        var idx = new int[y.Length];
        for (int i = 0; i < y.Length; i++) idx[i] = map[y[i]];
        return (classes, idx);
    }

    /// <summary>A [rows, cols] float64 tensor over a copy of <paramref name="data"/>.</summary>
    public static Tensor Matrix(double[] data, int rows, int cols) => Tensor.FromArray(data, rows, cols);

    /// <summary>A 1-D float64 tensor.</summary>
    public static Tensor Vector(double[] data) => Tensor.FromArray(data, [data.Length]);
}
