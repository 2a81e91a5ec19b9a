using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>
/// One training run's episodes: the environment step (or episode number) at which each episode ended and its
/// undiscounted return, in the order they ended.
/// </summary>
/// <param name="Steps">Global step at the end of each episode, non-decreasing.</param>
/// <param name="Returns">The episode's return.</param>
public sealed record EpisodeSeries(double[] Steps, double[] Returns)
{
    /// <summary>Number of episodes.</summary>
    public int Count => Steps.Length;
}

/// <summary>How the band around a mean learning curve is drawn.</summary>
public enum CurveSpread
{
    /// <summary>From the lowest to the highest seed at each x: every seed's curve lies inside.</summary>
    MinMax,
    /// <summary>Mean ± one standard deviation across seeds (population form, divisor = number of seeds).</summary>
    StandardDeviation,
}

/// <summary>A method's learning curve summarised across seeds on a common x grid.</summary>
/// <param name="Method">Legend name.</param>
/// <param name="X">The grid.</param>
/// <param name="Mean">Mean across the seeds that have a value at x (NaN where none has).</param>
/// <param name="Lower">Lower edge of the band.</param>
/// <param name="Upper">Upper edge of the band.</param>
/// <param name="PerSeed">Each seed's smoothed curve on the grid (NaN before its first complete episode).</param>
public sealed record CurveSummary(string Method, double[] X, double[] Mean, double[] Lower, double[] Upper, double[][] PerSeed);

/// <summary>
/// The learning-curve picture every RL milestone writes: for each method, several seeds' (step, episodic return)
/// series become a mean line and a shaded spread on one common x grid.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why a grid.</b> Episodes end at different steps in different seeds, so their raw points cannot be averaged
/// directly. Each seed is first turned into a step function of the global step: its value at x is the mean return
/// of its last <c>window</c> episodes that ended at or before x (the "mean over the final 100 episodes" statistic
/// the milestone bars use, evaluated as training goes). Those functions are sampled on a shared grid and then
/// averaged across seeds. Before a seed's first finished episode its value is NaN and it is left out of the mean at
/// that x; where no seed has a value the line breaks.
/// </para>
/// <para>
/// A trailing window lags a rising curve by about half a window of episodes; that is the honest price of a
/// smoothed statistic that only uses the past, and it is the same statistic the pass bars read.
/// </para>
/// </remarks>
public static class LearningCurves
{
    /// <summary>
    /// <paramref name="points"/> evenly spaced x values ending at <paramref name="maxStep"/>:
    /// maxStep·k/points for k = 1..points.
    /// </summary>
    public static double[] Grid(double maxStep, int points = 200)
    {
        if (!(maxStep > 0)) throw new ArgumentOutOfRangeException(nameof(maxStep), $"LearningCurves.Grid: maxStep must be positive, got {maxStep}");
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), $"LearningCurves.Grid: points must be at least 1, got {points}");
        var g = new double[points];
        for (int k = 1; k <= points; k++) g[k - 1] = maxStep * k / points;
        return g;
    }

    /// <summary>
    /// The trailing mean of the last <paramref name="window"/> returns among episodes ending at or before each grid
    /// value (fewer at the start); NaN before the first episode.
    /// </summary>
    public static double[] Smooth(EpisodeSeries series, IReadOnlyList<double> grid, int window = 100)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), $"LearningCurves.Smooth: window must be at least 1, got {window}");
        if (series.Steps.Length != series.Returns.Length)
            throw new ArgumentException($"LearningCurves.Smooth: {series.Steps.Length} steps but {series.Returns.Length} returns");
        for (int i = 1; i < series.Count; i++)
            if (series.Steps[i] < series.Steps[i - 1])
                throw new ArgumentException($"LearningCurves.Smooth: episode steps must be non-decreasing (episode {i} ends at {series.Steps[i]} after {series.Steps[i - 1]})");
        // prefix sums make every window mean O(1); the episode pointer only moves forward along a sorted grid
        var prefix = new double[series.Count + 1];
        for (int i = 0; i < series.Count; i++) prefix[i + 1] = prefix[i] + series.Returns[i];
        var result = new double[grid.Count];
        int ended = 0;   // episodes ending at or before the current x
        double previous = double.NegativeInfinity;
        for (int k = 0; k < grid.Count; k++)
        {
            double x = grid[k];
            if (x < previous) throw new ArgumentException($"LearningCurves.Smooth: the grid must be sorted ascending ({x} after {previous})");
            previous = x;
            while (ended < series.Count && series.Steps[ended] <= x) ended++;
            if (ended == 0) { result[k] = double.NaN; continue; }
            int from = Math.Max(0, ended - window);
            result[k] = (prefix[ended] - prefix[from]) / (ended - from);
        }
        return result;
    }

    /// <summary>Smooths every seed on <paramref name="grid"/> and summarises them as a mean and a band.</summary>
    public static CurveSummary Summarize(string method, IReadOnlyList<EpisodeSeries> seeds, IReadOnlyList<double> grid, int window = 100,
        CurveSpread spread = CurveSpread.MinMax)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (seeds.Count == 0) throw new ArgumentException($"LearningCurves.Summarize: method '{method}' has no runs");
        var perSeed = seeds.Select(s => Smooth(s, grid, window)).ToArray();
        int n = grid.Count;
        double[] mean = new double[n], lower = new double[n], upper = new double[n];
        for (int k = 0; k < n; k++)
        {
            var values = perSeed.Select(c => c[k]).Where(double.IsFinite).ToArray();
            if (values.Length == 0) { mean[k] = lower[k] = upper[k] = double.NaN; continue; }
            mean[k] = values.Average();
            if (spread == CurveSpread.MinMax) { lower[k] = values.Min(); upper[k] = values.Max(); }
            else
            {
                double m = mean[k], sd = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / values.Length);
                lower[k] = m - sd; upper[k] = m + sd;
            }
        }
        return new CurveSummary(method, grid.ToArray(), mean, lower, upper, perSeed);
    }

    /// <summary>
    /// A line chart with one mean line and band per summary, and a dashed line at <paramref name="bar"/> when given.
    /// </summary>
    public static LineChart Chart(IReadOnlyList<CurveSummary> methods, string title, double? bar = null, string xLabel = "environment steps",
        string yLabel = "episodic return (trailing mean)", CurveSpread spread = CurveSpread.MinMax)
    {
        var chart = new LineChart { Title = title, XLabel = xLabel, YLabel = yLabel, Width = 820, Height = 460 };
        string band = spread == CurveSpread.MinMax ? "min-max" : "±1 sd";
        foreach (var m in methods)
        {
            string name = $"{m.Method} (mean of {m.PerSeed.Length}, {band})";
            chart.Add(name, m.X, m.Mean).AddBand(name, m.X, m.Lower, m.Upper);
        }
        if (bar is double b) chart.AddReferenceLine($"bar {b:G4}", b);
        return chart;
    }

    /// <summary>
    /// Summarises each method's seeds on a common grid up to the largest final step, and writes
    /// <paramref name="name"/>.png and .svg into <paramref name="folder"/>. Returns the summaries (for metrics and tests).
    /// </summary>
    public static IReadOnlyList<CurveSummary> Save(IReadOnlyList<(string Method, IReadOnlyList<EpisodeSeries> Seeds)> methods, string folder, string name,
        string title, double? bar = null, int window = 100, string xLabel = "environment steps", CurveSpread spread = CurveSpread.MinMax, double? maxStep = null)
    {
        double last = maxStep ?? methods.SelectMany(m => m.Seeds).Where(s => s.Count > 0).Select(s => s.Steps[^1]).DefaultIfEmpty(1).Max();
        var grid = Grid(Math.Max(last, 1), 200);
        var summaries = methods.Select(m => Summarize(m.Method, m.Seeds, grid, window, spread)).ToArray();
        var chart = Chart(summaries, title, bar, xLabel, $"return (mean of the last {window} episodes)", spread);
        Directory.CreateDirectory(folder);
        chart.SaveSvg(Path.Combine(folder, name + ".svg"));
        chart.SavePng(Path.Combine(folder, name + ".png"));
        return summaries;
    }
}
