namespace Glassbox.Plotting;

/// <summary>
/// Horizontal bars of feature importances with ± one standard deviation whiskers (for permutation importance: the
/// spread over repeats), sorted so the most important feature is on top. A bar whose whisker crosses zero is
/// indistinguishable from no importance at all.
/// </summary>
public sealed class ImportanceChart : Chart
{
    private readonly List<(string Name, double Mean, double Std)> items = [];

    /// <summary>A chart with the usual labels.</summary>
    public ImportanceChart()
    {
        XLabel = "importance";
        Width = 680;
    }

    /// <summary>The bars, in the order added.</summary>
    public IReadOnlyList<(string Name, double Mean, double Std)> Items => items;

    /// <summary>Adds one feature's bar.</summary>
    public ImportanceChart Add(string feature, double mean, double std = 0)
    {
        items.Add((feature, mean, std));
        return this;
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        var sorted = items.OrderBy(i => i.Mean).ToArray(); // bottom to top: the largest ends up highest
        var bars = sorted.Select((it, k) => new ScottPlot.Bar
        {
            Position = k, Value = it.Mean, Error = it.Std, FillColor = ToColor(LineChart.SeriesColor(0)),
            Orientation = ScottPlot.Orientation.Horizontal,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, sorted.Length).Select(k => (double)k).ToArray(), sorted.Select(s => s.Name).ToArray());
        var zero = plot.Add.VerticalLine(0);
        zero.Color = ToColor(new Rgb(0x33, 0x33, 0x33));
        zero.LineWidth = 1;
    }
}
