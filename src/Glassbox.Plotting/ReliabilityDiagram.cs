namespace Glassbox.Plotting;

/// <summary>
/// A reliability diagram: for each model, the fraction of positives against the mean predicted probability in bins of
/// the prediction (the output of <c>Glassbox.ML.Calibration.CalibrationCurve</c>), with the diagonal of perfect
/// calibration. Points below the diagonal are over-confident bins (predicted more often than it happens), above it
/// under-confident; marker area grows with the number of rows in the bin, so sparse bins read as the noise they are.
/// </summary>
public sealed class ReliabilityDiagram : Chart
{
    private readonly List<(string Name, double[] Pred, double[] True, int[] Counts)> curves = [];

    /// <summary>A diagram with the usual labels.</summary>
    public ReliabilityDiagram()
    {
        XLabel = "mean predicted probability";
        YLabel = "fraction of positives";
        Width = 620;
        Height = 520;
    }

    /// <summary>The curves added so far.</summary>
    public IReadOnlyList<(string Name, double[] Pred, double[] True, int[] Counts)> Curves => curves;

    /// <summary>Adds one model's curve: per bin the mean prediction, the fraction of positives and the row count.</summary>
    public ReliabilityDiagram Add(string name, IReadOnlyList<double> probPred, IReadOnlyList<double> probTrue, IReadOnlyList<int> counts)
    {
        if (probPred.Count != probTrue.Count || probPred.Count != counts.Count)
            throw new ArgumentException($"ReliabilityDiagram.Add: {probPred.Count} predictions, {probTrue.Count} fractions and {counts.Count} counts; one of each per bin");
        curves.Add((name, [.. probPred], [.. probTrue], [.. counts]));
        return this;
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        var diag = plot.Add.Line(0, 0, 1, 1);
        diag.Color = ToColor(new Rgb(0x77, 0x77, 0x77));
        diag.LinePattern = ScottPlot.LinePattern.Dashed;
        diag.LineWidth = 1.5f;
        diag.LegendText = "perfectly calibrated";
        int most = Math.Max(1, curves.SelectMany(c => c.Counts).DefaultIfEmpty(1).Max());
        for (int s = 0; s < curves.Count; s++)
        {
            var (name, pred, tru, counts) = curves[s];
            var color = ToColor(LineChart.SeriesColor(s));
            var line = plot.Add.Scatter(pred, tru, color);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = name;
            for (int b = 0; b < pred.Length; b++)
                plot.Add.Marker(pred[b], tru[b], ScottPlot.MarkerShape.FilledCircle, (float)(5 + 13 * Math.Sqrt(counts[b] / (double)most)), color);
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(ScottPlot.Edge.Bottom);
    }
}
