using Glassbox.ML.Options;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Preprocessing;

/// <summary>
/// Replaces missing values (NaN) column by column with a statistic of the observed values
/// (<c>sklearn.impute.SimpleImputer</c>): "mean", "median", "most_frequent" (ties → the smallest value, like
/// <c>scipy.stats.mode</c>) or "constant" (<see cref="FillValue"/>, default 0).
/// </summary>
/// <remarks>
/// As in sklearn 1.2 (keep_empty_features=False), a column with no observed value has no statistic (NaN) and is
/// dropped from the output, except with "constant".
/// </remarks>
public sealed class SimpleImputer : Transformer<SimpleImputer>
{
    private double[] statistics = [];

    /// <summary>Creates the transformer.</summary>
    /// <param name="strategy">Mean, median, most frequent value or a constant (<c>strategy</c>).</param>
    /// <param name="fillValue">Value for "constant"; default 0 (<c>fill_value</c>).</param>
    public SimpleImputer(ImputeStrategy strategy = ImputeStrategy.Mean, double? fillValue = null) { Strategy = strategy; FillValue = fillValue; }

    /// <summary>The statistic used (<c>strategy</c>).</summary>
    public ImputeStrategy Strategy { get; }
    /// <summary>Constant fill (<c>fill_value</c>).</summary>
    public double? FillValue { get; }

    /// <summary>Per-column replacement values; NaN for empty columns (<c>statistics_</c>).</summary>
    public Tensor Statistics => Input.Vector(Learned(statistics, nameof(Statistics)));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Strategy), Is.Defined<ImputeStrategy>() } };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var a = Input.Raw(x);
        statistics = new double[p];
        for (int j = 0; j < p; j++)
        {
            var c = Column(a, n, p, j).Where(v => !double.IsNaN(v)).Order().ToArray();
            statistics[j] = Strategy switch
            {
                ImputeStrategy.Constant => FillValue ?? 0,
                _ when c.Length == 0 => double.NaN,
                ImputeStrategy.Mean => c.Average(),
                ImputeStrategy.Median => Quantiles.Median(c),
                _ => MostFrequent(c),
            };
        }
    }

    private static double MostFrequent(double[] sorted)
    {
        double best = sorted[0]; int bestCount = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int k = i;
            while (k < sorted.Length && sorted[k] == sorted[i]) k++;
            if (k - i > bestCount) { bestCount = k - i; best = sorted[i]; } // strict: first (smallest) value wins ties
            i = k;
        }
        return best;
    }

    /// <summary>X with NaNs replaced; columns without a statistic removed.</summary>
    public override Tensor Transform(Tensor x)
    {
        var xm = CheckInput(x, nameof(Transform));
        int n = xm.Shape[0], p = xm.Shape[1];
        var keep = Enumerable.Range(0, p).Where(j => !double.IsNaN(statistics[j])).ToArray();
        var a = Input.Raw(xm);
        var r = new double[n * keep.Length];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < keep.Length; k++)
            {
                double v = a[i * p + keep[k]];
                r[i * keep.Length + k] = double.IsNaN(v) ? statistics[keep[k]] : v;
            }
        return Input.Matrix(r, n, keep.Length);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s) => s.Set("statistics", Input.Vector(statistics));

    /// <inheritdoc/>
    protected override void LoadState(ModelState s) => statistics = s.GetVector("statistics", s.NFeaturesIn);
}
