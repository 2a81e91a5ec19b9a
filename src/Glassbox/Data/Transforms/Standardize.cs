namespace Glassbox.Data.Transforms;

/// <summary>
/// Feature-wise standardisation fitted on training data (<c>sklearn.preprocessing.StandardScaler</c>):
/// for inputs [N, …], every position j of the trailing dimensions gets μⱼ = mean over n of x[n, j] and
/// σⱼ = √(mean over n of (x[n, j] − μⱼ)²) (population std, ddof 0), and the transform is (x − μ) / σ.
/// Constant features (σ = 0) are only centred, as in scikit-learn.
/// </summary>
/// <remarks>Fit on the training split only, then apply to train and test: fitting on test data leaks it.</remarks>
public sealed class Standardize : ITransform
{
    private double[]? mean, scale;
    private int[]? featureShape;

    /// <summary>Per-feature means from <see cref="Fit"/> (<c>mean_</c>), or null before fitting.</summary>
    public IReadOnlyList<double>? Mean => mean;

    /// <summary>Per-feature divisors from <see cref="Fit"/> (<c>scale_</c>; 1 for constant features), or null before fitting.</summary>
    public IReadOnlyList<double>? Scale => scale;

    /// <summary>Learns per-feature mean and std from <paramref name="x"/> [N, …] (N ≥ 1). Sums are taken in float64.</summary>
    public Standardize Fit(Tensor x)
    {
        TransformChecks.FloatBatch(x, "Standardize.Fit", 1);
        int n = x.shape[0];
        if (n == 0) throw new ArgumentException("Standardize.Fit: cannot fit on 0 samples");
        var v = x.ToDoubleArray();
        int f = v.Length / n;
        var m = new double[f];
        var s = new double[f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) m[j] += v[i * f + j];
        for (int j = 0; j < f; j++) m[j] /= n;
        // Two passes (mean, then squared deviations) rather than E[x²]−E[x]², which cancels catastrophically.
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) { double d = v[i * f + j] - m[j]; s[j] += d * d; }
        for (int j = 0; j < f; j++) { s[j] = Math.Sqrt(s[j] / n); if (s[j] == 0) s[j] = 1; }
        mean = m; scale = s; featureShape = x.shape[1..];
        return this;
    }

    /// <summary>(x − μ) / σ with the fitted statistics; <paramref name="x"/> must have the fitted feature shape.</summary>
    public Tensor Apply(Tensor x) => Map(x, "Standardize.Apply", inverse: false);

    /// <summary>Fits on <paramref name="x"/> and returns it standardised (<c>fit_transform</c>).</summary>
    public Tensor FitApply(Tensor x) => Fit(x).Apply(x);

    /// <summary>x·σ + μ: undoes <see cref="Apply"/> (<c>inverse_transform</c>).</summary>
    public Tensor Inverse(Tensor x) => Map(x, "Standardize.Inverse", inverse: true);

    private Tensor Map(Tensor x, string op, bool inverse)
    {
        if (mean is null || scale is null || featureShape is null) throw new InvalidOperationException($"{op}: call Fit first");
        TransformChecks.FloatBatch(x, op, 1);
        if (!ShapeUtil.SameShape(x.shape.AsSpan(1), featureShape))
            throw new ArgumentException($"{op}: input shape {ShapeUtil.Format(x.shape)} does not match the fitted feature shape [N, {string.Join(", ", featureShape)}]");
        var src = x.ContiguousRaw();
        var y = new Tensor((int[])x.shape.Clone(), x.DType);
        int f = mean.Length, n = x.shape[0];
        if (x.DType == DType.Float32)
        {
            var s = src.Span<float>(); var d = y.Span<float>();
            for (int i = 0; i < n; i++) for (int j = 0; j < f; j++)
                d[i * f + j] = (float)(inverse ? s[i * f + j] * scale[j] + mean[j] : (s[i * f + j] - mean[j]) / scale[j]);
        }
        else
        {
            var s = src.Span<double>(); var d = y.Span<double>();
            for (int i = 0; i < n; i++) for (int j = 0; j < f; j++)
                d[i * f + j] = inverse ? s[i * f + j] * scale[j] + mean[j] : (s[i * f + j] - mean[j]) / scale[j];
        }
        return y;
    }
}
