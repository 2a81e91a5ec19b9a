namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Standardisation z = (x − μ) / σ per feature (<c>sklearn.preprocessing.StandardScaler</c>), μ the mean and σ the
/// population standard deviation (ddof = 0); constant features get σ = 1.
/// </summary>
public sealed class StandardScaler : Transformer<StandardScaler>, IInverseTransformer
{
    private double[] mean = [], var_ = [], scale = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="withMean">Subtract the mean (<c>with_mean</c>).</param>
    /// <param name="withStd">Divide by the standard deviation (<c>with_std</c>).</param>
    public StandardScaler(bool withMean = true, bool withStd = true) { WithMean = withMean; WithStd = withStd; }

    /// <summary>Whether to centre (<c>with_mean</c>).</summary>
    public bool WithMean { get; }
    /// <summary>Whether to scale (<c>with_std</c>).</summary>
    public bool WithStd { get; }

    /// <summary>Per-feature mean (<c>mean_</c>).</summary>
    public Tensor Mean => Input.Vector(Learned(mean, nameof(Mean)));
    /// <summary>Per-feature variance (<c>var_</c>).</summary>
    public Tensor Var => Input.Vector(Learned(var_, nameof(Var)));
    /// <summary>Per-feature σ used for scaling (<c>scale_</c>); ones when WithStd is false.</summary>
    public Tensor Scale => Input.Vector(Learned(scale, nameof(Scale)));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <summary>True: sklearn's <c>fit(X, sample_weight=w)</c>.</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    /// <remarks>
    /// μⱼ = Σwᵢxᵢⱼ / Σwᵢ and σ²ⱼ = Σwᵢ(xᵢⱼ − μⱼ)² / Σwᵢ over the rows where xᵢⱼ is not NaN (wᵢ = 1 unweighted): missing
    /// values are left out of the statistics and kept as NaN by Transform, as sklearn does. Two passes (mean, then
    /// squared deviations) rather than Σx² − nμ², which cancels catastrophically for features far from zero.
    /// </remarks>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var a = Input.Raw(x);
        var w = SampleWeight;
        mean = new double[p]; var_ = new double[p]; scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            var c = Column(a, n, p, j);
            double sw = 0, m = 0, v = 0;
            for (int i = 0; i < n; i++)
            {
                if (double.IsNaN(c[i])) continue;
                double wi = w is null ? 1 : w[i];
                sw += wi; m += wi * c[i];
            }
            m = sw > 0 ? m / sw : double.NaN;
            for (int i = 0; i < n; i++)
            {
                if (double.IsNaN(c[i])) continue;
                double wi = w is null ? 1 : w[i];
                v += wi * (c[i] - m) * (c[i] - m);
            }
            mean[j] = m; var_[j] = sw > 0 ? v / sw : double.NaN;
            scale[j] = WithStd ? SafeScale(Math.Sqrt(var_[j])) : 1;
        }
    }

    /// <summary>z = (x − μ)/σ.</summary>
    public override Tensor Transform(Tensor x) =>
        MapColumns(x, nameof(Transform), (v, j) => (WithMean ? v - mean[j] : v) / scale[j]);

    /// <summary>x = z·σ + μ.</summary>
    public Tensor InverseTransform(Tensor x) =>
        MapColumns(x, nameof(InverseTransform), (v, j) => v * scale[j] + (WithMean ? mean[j] : 0));

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) { s.Set("mean", Input.Vector(mean)); s.Set("var", Input.Vector(var_)); s.Set("scale", Input.Vector(scale)); }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        int p = s.NFeaturesIn;
        mean = s.GetVector("mean", p); var_ = s.GetVector("var", p); scale = s.GetVector("scale", p);
    }
}
