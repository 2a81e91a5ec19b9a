using System.Globalization;

namespace Glassbox.Plotting;

/// <summary>
/// A line chart of one or more named series (learning curves, validation curves, coefficient paths) with a legend
/// to the right of the plot — matplotlib's <c>plt.plot(x, y, label=name)</c> per series, then <c>plt.legend()</c>,
/// and <c>plt.yscale("log")</c> / <c>plt.xscale("log")</c> for <see cref="LogY"/> / <see cref="LogX"/>.
/// </summary>
/// <remarks>
/// On a log axis the values are plotted as log₁₀ with ticks at whole decades labelled 10ᵏ's value; a value that is
/// zero or negative has no place there, so the line breaks at it (as matplotlib masks it) instead of failing.
/// Non-finite values break the line the same way.
/// <para>
/// <see cref="AddBand"/> shades the region between two curves in a series' colour (matplotlib's
/// <c>plt.fill_between(x, lower, upper, alpha=0.2)</c>), for the spread across seeds around a mean learning curve;
/// bands are drawn under every line. <see cref="AddReferenceLine"/> draws a dashed horizontal line, for a target or bar.
/// </para>
/// </remarks>
public sealed class LineChart : Chart
{
    private readonly List<(string name, double[] x, double[] y)> series = [];
    private readonly List<(string series, double[] x, double[] lower, double[] upper)> bands = [];
    private readonly List<(string name, double y)> references = [];

    /// <summary>Plot the y axis on a log₁₀ scale (for losses spanning decades).</summary>
    public bool LogY { get; init; }
    /// <summary>Plot the x axis on a log₁₀ scale (for regularisation paths over α).</summary>
    public bool LogX { get; init; }

    /// <summary>Series colours, in order (Wong's colour-blind-safe palette, then greys and olive).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#BCBD22"];

    /// <summary>Adds a series; x and y must have equal length.</summary>
    public LineChart Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Count != y.Count) throw new ArgumentException($"LineChart.Add: series '{name}' has {x.Count} x values but {y.Count} y values");
        series.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>
    /// Shades the region between <paramref name="lower"/> and <paramref name="upper"/> over <paramref name="x"/> in the
    /// colour of the series named <paramref name="seriesName"/> (which must be added first), translucent, with no legend
    /// entry of its own. Points where either bound is not finite break the band, as they break a line.
    /// </summary>
    public LineChart AddBand(string seriesName, IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(seriesName);
        if (!series.Any(s => s.name == seriesName))
            throw new ArgumentException($"LineChart.AddBand: no series named '{seriesName}' has been added; add the line first so the band takes its colour");
        if (x.Count != lower.Count || x.Count != upper.Count)
            throw new ArgumentException($"LineChart.AddBand: band of '{seriesName}' has {x.Count} x values, {lower.Count} lower and {upper.Count} upper values");
        bands.Add((seriesName, x.ToArray(), lower.ToArray(), upper.ToArray()));
        return this;
    }

    /// <summary>A dashed grey horizontal line at <paramref name="y"/> with legend text <paramref name="name"/> (a target or pass bar).</summary>
    public LineChart AddReferenceLine(string name, double y)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!double.IsFinite(y)) throw new ArgumentException($"LineChart.AddReferenceLine: '{name}' must be at a finite y, got {y}");
        references.Add((name, y));
        return this;
    }

    /// <summary>The bands added so far, by the name of the series whose colour they take.</summary>
    public IReadOnlyList<(string series, double[] x, double[] lower, double[] upper)> Bands => bands;

    /// <summary>The series added so far.</summary>
    public IReadOnlyList<(string name, double[] x, double[] y)> Series => series;

    /// <summary>The colour of series <paramref name="index"/>.</summary>
    public static Rgb SeriesColor(int index)
    {
        var hex = Palette[index % Palette.Length];
        return new(byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber), byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber),
            byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber));
    }

    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;

    private protected override void Build(ScottPlot.Plot plot)
    {
        foreach (var (seriesName, bx, lo, hi) in bands)
        {
            int index = series.FindIndex(s => s.name == seriesName);
            var fill = ToColor(SeriesColor(index)).WithAlpha(0.2);
            var px = LogX ? bx.Select(Log).ToArray() : bx;
            var pl = LogY ? lo.Select(Log).ToArray() : lo;
            var pu = LogY ? hi.Select(Log).ToArray() : hi;
            bool Finite(int k) => double.IsFinite(px[k]) && double.IsFinite(pl[k]) && double.IsFinite(pu[k]);
            int i = 0;
            while (i < px.Length)
            {
                while (i < px.Length && !Finite(i)) i++;
                int start = i;
                while (i < px.Length && Finite(i)) i++;
                if (i - start < 2) continue;
                var band = plot.Add.FillY(px[start..i], pl[start..i], pu[start..i]);
                band.FillColor = fill;
                band.LineWidth = 0;
            }
        }
        for (int s = 0; s < series.Count; s++)
        {
            var (name, xs, ys) = series[s];
            var color = ToColor(SeriesColor(s));
            var px = LogX ? xs.Select(Log).ToArray() : xs;
            var py = LogY ? ys.Select(Log).ToArray() : ys;
            // One ScottPlot scatter per unbroken run of finite points; only the first run carries the legend entry.
            bool legend = true;
            int i = 0;
            while (i < px.Length)
            {
                while (i < px.Length && !(double.IsFinite(px[i]) && double.IsFinite(py[i]))) i++;
                int start = i;
                while (i < px.Length && double.IsFinite(px[i]) && double.IsFinite(py[i])) i++;
                if (i == start) break;
                var line = plot.Add.Scatter(px[start..i], py[start..i], color);
                line.LineWidth = 2;
                line.MarkerSize = i - start == 1 ? 5 : 0;
                if (legend) { line.LegendText = name; legend = false; }
            }
        }
        foreach (var (name, y) in references)
        {
            var line = plot.Add.HorizontalLine(LogY ? Log(y) : y);
            line.Color = ToColor(new Rgb(0x55, 0x55, 0x55));
            line.LineWidth = 1.5f;
            line.LinePattern = ScottPlot.LinePattern.Dashed;
            line.LegendText = name;
        }
        if (LogX) LogTicks(plot.Axes.Bottom, series.SelectMany(s => s.x));
        if (LogY) LogTicks(plot.Axes.Left, series.SelectMany(s => s.y));
        if (series.Count + references.Count > 0) plot.ShowLegend(ScottPlot.Edge.Right);
    }

    /// <summary>
    /// Ticks for a log axis, labelled with the value (not the exponent). Over a decade or more: whole decades with
    /// log-spaced minor ticks. Within less than a decade there may be no power of ten in view, so the ticks are the
    /// linear 1-2-5 steps of the visible values instead (placed at their logarithms), as matplotlib's log locator
    /// falls back to labelling sub-decade ticks.
    /// </summary>
    private static void LogTicks(ScottPlot.IAxis axis, IEnumerable<double> values)
    {
        var logs = values.Select(Log).Where(double.IsFinite).ToArray();
        if (logs.Length == 0 || logs.Max() - logs.Min() >= 1)
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
            };
            return;
        }
        double lo = Math.Pow(10, logs.Min()), hi = Math.Pow(10, logs.Max());
        // A 1, 2 or 5 × 10^k step giving about five ticks across [lo, hi].
        double raw = (hi - lo) / 5;
        if (!(raw > 0)) raw = lo / 5;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (long k = (long)Math.Floor(lo / step); k * step <= hi + step; k++)
            if (k > 0) ticks.AddMajor(Math.Log10(k * step), (k * step).ToString("G4", CultureInfo.InvariantCulture));
        axis.TickGenerator = ticks;
    }
}
