namespace Glassbox.Plotting;

/// <summary>
/// A partial dependence plot: the average response over the grid of one feature (bold), over thin individual
/// conditional expectation curves (one per sampled row, translucent). Parallel thin curves mean the feature acts
/// additively; curves that cross or fan out show an interaction the average hides.
/// </summary>
public sealed class PartialDependencePlot : Chart
{
    private double[] grid = [], average = [];
    private readonly List<double[]> individual = [];

    /// <summary>Sets the grid and the average curve (one value per grid point).</summary>
    public PartialDependencePlot SetAverage(IReadOnlyList<double> gridValues, IReadOnlyList<double> averageValues)
    {
        if (gridValues.Count != averageValues.Count)
            throw new ArgumentException($"PartialDependencePlot.SetAverage: {gridValues.Count} grid points but {averageValues.Count} values");
        grid = [.. gridValues];
        average = [.. averageValues];
        return this;
    }

    /// <summary>Adds one row's curve over the same grid.</summary>
    public PartialDependencePlot AddIndividual(IReadOnlyList<double> values)
    {
        if (values.Count != grid.Length)
            throw new ArgumentException($"PartialDependencePlot.AddIndividual: {values.Count} values for {grid.Length} grid points (call SetAverage first)");
        individual.Add([.. values]);
        return this;
    }

    /// <summary>The individual curves added so far.</summary>
    public int IndividualCount => individual.Count;

    private protected override void Build(ScottPlot.Plot plot)
    {
        var thin = ToColor(LineChart.SeriesColor(5)).WithAlpha(0.25);
        foreach (var curve in individual)
        {
            var l = plot.Add.Scatter(grid, curve, thin);
            l.LineWidth = 1;
            l.MarkerSize = 0;
        }
        var avg = plot.Add.Scatter(grid, average, ToColor(LineChart.SeriesColor(1)));
        avg.LineWidth = 3;
        avg.MarkerSize = 0;
        avg.LegendText = "average (partial dependence)";
        if (individual.Count > 0) plot.ShowLegend(ScottPlot.Edge.Bottom);
    }
}
