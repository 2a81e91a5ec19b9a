namespace Glassbox.Plotting;

/// <summary>
/// Histograms of one or more samples over shared bins — matplotlib's <c>plt.hist(values, bins=n, density=...)</c>,
/// with several samples overlaid half-transparent (<c>alpha=0.6</c>) and named in a legend.
/// </summary>
/// <remarks>
/// Binning follows <c>numpy.histogram</c>: <see cref="Bins"/> equal-width bins from the smallest to the largest
/// value of all samples (or over <see cref="Range"/>), each bin [eᵢ, eᵢ₊₁) half-open except the last, which also
/// holds its right edge; values outside the range and NaNs are not counted. With <see cref="Density"/> each bar is
/// count / (n · width), where n counts the values inside the range, so the bars' areas sum to 1.
/// </remarks>
public sealed class Histogram : Chart
{
    private readonly List<(string name, double[] values)> samples = [];

    /// <summary>Number of equal-width bins.</summary>
    public int Bins { get; init; } = 10;
    /// <summary>Plot a probability density (area 1) instead of counts.</summary>
    public bool Density { get; init; }
    /// <summary>The binned interval (numpy's <c>range=</c>); the data's minimum and maximum when null.</summary>
    public (double Lo, double Hi)? Range { get; init; }

    /// <summary>Adds a sample to histogram.</summary>
    public Histogram Add(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        samples.Add((name, values.ToArray()));
        return this;
    }

    /// <summary>The bin edges shared by all samples: <see cref="Bins"/> + 1 increasing values.</summary>
    public double[] Edges()
    {
        if (Bins < 1) throw new ArgumentOutOfRangeException(nameof(Bins), $"Histogram: Bins must be at least 1, got {Bins}");
        double lo, hi;
        if (Range is { } r) (lo, hi) = r;
        else
        {
            var finite = samples.SelectMany(s => s.values).Where(double.IsFinite).ToArray();
            (lo, hi) = finite.Length > 0 ? (finite.Min(), finite.Max()) : (0.0, 1.0);
        }
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi < lo)
            throw new ArgumentException($"Histogram: the range [{lo}, {hi}] must be finite with lo <= hi");
        if (hi == lo) { lo -= 0.5; hi += 0.5; } // numpy widens a degenerate range the same way
        return Enumerable.Range(0, Bins + 1).Select(i => i == Bins ? hi : lo + (hi - lo) * i / Bins).ToArray();
    }

    /// <summary>The height of each bin for <paramref name="values"/> over <paramref name="edges"/> (see the remarks).</summary>
    public static double[] Heights(IReadOnlyList<double> values, double[] edges, bool density)
    {
        int bins = edges.Length - 1;
        var counts = new double[bins];
        int inside = 0;
        foreach (var v in values)
        {
            if (!(v >= edges[0] && v <= edges[^1])) continue; // also drops NaN
            int b = Array.BinarySearch(edges, v);
            if (b < 0) b = ~b - 1;
            counts[Math.Min(b, bins - 1)]++;
            inside++;
        }
        if (density && inside > 0)
            for (int b = 0; b < bins; b++) counts[b] /= inside * (edges[b + 1] - edges[b]);
        return counts;
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        var edges = Edges();
        for (int s = 0; s < samples.Count; s++)
        {
            var (name, values) = samples[s];
            var heights = Heights(values, edges, Density);
            var color = ToColor(ClassPalette.Of(s)).WithAlpha(samples.Count > 1 ? 0.6 : 1.0);
            var bars = Enumerable.Range(0, heights.Length).Select(b => new ScottPlot.Bar
            {
                Position = (edges[b] + edges[b + 1]) / 2,
                Size = edges[b + 1] - edges[b],
                Value = heights[b],
                FillColor = color,
                LineWidth = 0,
            }).ToArray();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = name;
        }
        plot.Axes.Margins(bottom: 0);
        if (samples.Count > 1) plot.ShowLegend(ScottPlot.Edge.Right);
    }
}
