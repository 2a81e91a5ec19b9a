namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Rescales each feature linearly to [lo, hi] (<c>sklearn.preprocessing.MinMaxScaler</c>):
/// x' = x·s + m with s = (hi − lo)/(max − min) and m = lo − min·s; constant features use a range of 1.
/// </summary>
public sealed class MinMaxScaler : Transformer<MinMaxScaler>, IInverseTransformer
{
    private double[] dataMin = [], dataMax = [], scale = [], min = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="featureRange">[lo, hi] with lo &lt; hi; default [0, 1] (<c>feature_range</c>).</param>
    public MinMaxScaler(double[]? featureRange = null) => FeatureRange = featureRange ?? [0.0, 1.0];

    /// <summary>Target range [lo, hi] (<c>feature_range</c>).</summary>
    public double[] FeatureRange { get; }

    /// <summary>Per-feature minimum seen (<c>data_min_</c>).</summary>
    public Tensor DataMin => Input.Vector(Learned(dataMin, nameof(DataMin)));
    /// <summary>Per-feature maximum seen (<c>data_max_</c>).</summary>
    public Tensor DataMax => Input.Vector(Learned(dataMax, nameof(DataMax)));
    /// <summary>Per-feature multiplier s (<c>scale_</c>).</summary>
    public Tensor Scale => Input.Vector(Learned(scale, nameof(Scale)));
    /// <summary>Per-feature offset m (<c>min_</c>).</summary>
    public Tensor Min => Input.Vector(Learned(min, nameof(Min)));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        if (FeatureRange is not { Length: 2 } || !(FeatureRange[0] < FeatureRange[1]))
            OutOfRange(nameof(FeatureRange), FeatureRange is null ? null : "[" + string.Join(", ", FeatureRange) + "]", "two numbers [lo, hi] with lo < hi");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var a = Input.Raw(x);
        dataMin = new double[p]; dataMax = new double[p]; scale = new double[p]; min = new double[p];
        for (int j = 0; j < p; j++)
        {
            var c = Column(a, n, p, j);
            dataMin[j] = c.Min(); dataMax[j] = c.Max();
            scale[j] = (FeatureRange[1] - FeatureRange[0]) / SafeScale(dataMax[j] - dataMin[j]);
            min[j] = FeatureRange[0] - dataMin[j] * scale[j];
        }
    }

    /// <summary>x' = x·s + m.</summary>
    public override Tensor Transform(Tensor x) => MapColumns(x, nameof(Transform), (v, j) => v * scale[j] + min[j]);

    /// <summary>x = (x' − m)/s.</summary>
    public Tensor InverseTransform(Tensor x) => MapColumns(x, nameof(InverseTransform), (v, j) => (v - min[j]) / scale[j]);

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        s.Set("data_min", Input.Vector(dataMin)); s.Set("data_max", Input.Vector(dataMax)); s.Set("scale", Input.Vector(scale)); s.Set("min", Input.Vector(min));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        int p = s.NFeaturesIn;
        dataMin = s.GetVector("data_min", p); dataMax = s.GetVector("data_max", p);
        scale = s.GetVector("scale", p); min = s.GetVector("min", p);
    }
}
