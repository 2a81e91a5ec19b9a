using Glassbox.ML.Replay;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Outlier-robust scaling x' = (x − median) / IQR per feature (<c>sklearn.preprocessing.RobustScaler</c>), IQR the
/// spread between the quantiles of <see cref="QuantileRange"/> (NumPy's linear percentile); a zero IQR becomes 1.
/// </summary>
public sealed class RobustScaler : Transformer<RobustScaler>, IInverseTransformer
{
    private double[] center = [], scale = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="withCentering">Subtract the median (<c>with_centering</c>).</param>
    /// <param name="withScaling">Divide by the IQR (<c>with_scaling</c>).</param>
    /// <param name="quantileRange">[q_lo, q_hi] in percent, 0 ≤ q_lo &lt; q_hi ≤ 100; default [25, 75] (<c>quantile_range</c>).</param>
    public RobustScaler(bool withCentering = true, bool withScaling = true, double[]? quantileRange = null)
    {
        WithCentering = withCentering; WithScaling = withScaling; QuantileRange = quantileRange ?? [25.0, 75.0];
    }

    /// <summary>Whether to centre (<c>with_centering</c>).</summary>
    public bool WithCentering { get; }
    /// <summary>Whether to scale (<c>with_scaling</c>).</summary>
    public bool WithScaling { get; }
    /// <summary>Quantiles in percent (<c>quantile_range</c>).</summary>
    public double[] QuantileRange { get; }

    /// <summary>Per-feature median (<c>center_</c>).</summary>
    public Tensor Center => Input.Vector(Learned(center, nameof(Center)));
    /// <summary>Per-feature IQR (<c>scale_</c>).</summary>
    public Tensor Scale => Input.Vector(Learned(scale, nameof(Scale)));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        if (QuantileRange is not { Length: 2 } || !(QuantileRange[0] >= 0 && QuantileRange[0] < QuantileRange[1] && QuantileRange[1] <= 100))
            OutOfRange(nameof(QuantileRange), QuantileRange is null ? null : "[" + string.Join(", ", QuantileRange) + "]", "[q_lo, q_hi] with 0 ≤ q_lo < q_hi ≤ 100");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var a = Input.Raw(x);
        center = new double[p]; scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            var c = Column(a, n, p, j).Where(v => !double.IsNaN(v)).Order().ToArray();
            center[j] = WithCentering ? Quantiles.Median(c) : 0;
            scale[j] = WithScaling ? SafeScale(Quantiles.Percentile(c, QuantileRange[1]) - Quantiles.Percentile(c, QuantileRange[0])) : 1;
        }
    }

    /// <summary>x' = (x − median)/IQR.</summary>
    public override Tensor Transform(Tensor x) => MapColumns(x, nameof(Transform), (v, j) => (v - center[j]) / scale[j]);

    /// <summary>x = x'·IQR + median.</summary>
    public Tensor InverseTransform(Tensor x) => MapColumns(x, nameof(InverseTransform), (v, j) => v * scale[j] + center[j]);

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) { s.Set("center", Input.Vector(center)); s.Set("scale", Input.Vector(scale)); }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s) { center = s.GetVector("center", s.NFeaturesIn); scale = s.GetVector("scale", s.NFeaturesIn); }
}
