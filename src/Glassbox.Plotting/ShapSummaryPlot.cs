namespace Glassbox.Plotting;

/// <summary>
/// A SHAP summary ("beeswarm") plot: one row per feature, ordered by mean |SHAP value| (largest on top); each dot is
/// one sample, placed at its SHAP value and coloured by its feature value from low (blue) to high (red), with a little
/// vertical jitter so that dense regions show as thick bands. It shows at once which features matter, in which
/// direction, and for which values.
/// </summary>
public sealed class ShapSummaryPlot : Chart
{
    private readonly string[] names;
    private readonly double[] shap, values;
    private readonly int rows;

    /// <summary>Creates the plot.</summary>
    /// <param name="featureNames">One name per feature.</param>
    /// <param name="shapValues">SHAP values [rows · features] row-major (one output).</param>
    /// <param name="featureValues">The samples' feature values, same layout (the colour).</param>
    public ShapSummaryPlot(IReadOnlyList<string> featureNames, IReadOnlyList<double> shapValues, IReadOnlyList<double> featureValues)
    {
        int p = featureNames.Count;
        if (p == 0 || shapValues.Count % p != 0 || featureValues.Count != shapValues.Count)
            throw new ArgumentException($"ShapSummaryPlot: {shapValues.Count} SHAP values and {featureValues.Count} feature values for {p} features; both must be rows × features");
        names = [.. featureNames];
        shap = [.. shapValues];
        values = [.. featureValues];
        rows = shap.Length / p;
        XLabel = "SHAP value (effect on the model output)";
        Width = 720;
        Height = Math.Max(320, 90 + 42 * p);
    }

    /// <summary>Feature indices from the least to the most important (by mean |SHAP|), the drawing order bottom to top.</summary>
    public int[] Order()
    {
        int p = names.Length;
        var mean = new double[p];
        for (int i = 0; i < rows; i++)
            for (int f = 0; f < p; f++) mean[f] += Math.Abs(shap[i * p + f]) / rows;
        return Enumerable.Range(0, p).OrderBy(f => mean[f]).ToArray();
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        int p = names.Length;
        var order = Order();
        var g = new Generator(0);
        for (int level = 0; level < p; level++)
        {
            int f = order[level];
            var col = Enumerable.Range(0, rows).Select(i => values[i * p + f]).Where(double.IsFinite).ToArray();
            double lo = col.Length > 0 ? col.Min() : 0, hi = col.Length > 0 ? col.Max() : 1;
            for (int i = 0; i < rows; i++)
            {
                double v = values[i * p + f];
                double t = double.IsFinite(v) && hi > lo ? (v - lo) / (hi - lo) : 0.5;
                var c = new Rgb((byte)(30 + 200 * t), (byte)(110 - 60 * Math.Abs(t - 0.5)), (byte)(230 - 200 * t));
                plot.Add.Marker(shap[i * p + f], level + 0.3 * (g.NextDouble() - 0.5), ScottPlot.MarkerShape.FilledCircle, 5, ToColor(c).WithAlpha(0.8));
            }
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, p).Select(k => (double)k).ToArray(), order.Select(f => names[f]).ToArray());
        var zero = plot.Add.VerticalLine(0);
        zero.Color = ToColor(new Rgb(0x66, 0x66, 0x66));
        zero.LineWidth = 1;
        plot.Axes.SetLimitsY(-0.7, p - 0.3);
    }
}
