using Glassbox.Plotting;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// Pictures of tabular RL results: a grid's state values as a heatmap with the policy drawn as arrows, the cliff
/// walk with learned paths, and per-episode curves with their spread across seeds.
/// </summary>
internal static class TabularPictures
{
    private static readonly ScottPlot.Color Ink = new(20, 20, 20);

    /// <summary>Writes <paramref name="path"/> (PNG): values as colours, arrows for the policy, H/G letters on terminal tiles.</summary>
    /// <param name="lake">The lake (its map gives the letters).</param>
    /// <param name="values">v(s), row-major.</param>
    /// <param name="policy">Action per state (0 left, 1 down, 2 right, 3 up).</param>
    /// <param name="title">Picture title.</param>
    /// <param name="path">Output PNG path.</param>
    public static void SaveFrozenLakeValues(FrozenLake lake, double[] values, int[] policy, string title, string path)
    {
        int rows = lake.Rows, cols = lake.Columns;
        var m = new double[rows, cols];
        for (int s = 0; s < values.Length; s++) m[s / cols, s % cols] = values[s];
        int size = rows <= 4 ? 520 : 720;
        var heat = new Heatmap(m) { Title = title, XLabel = "column", YLabel = "row", Width = size + 90, Height = size };
        var plot = heat.ToPlot();
        var (lo, hi) = heat.ValueRange();
        var colormap = heat.ColormapOrDefault;
        bool small = rows <= 4;
        double half = small ? 0.24 : 0.3, lift = small ? 0.1 : 0; // on the 4x4 map the arrow sits above the value
        for (int s = 0; s < values.Length; s++)
        {
            int r = s / cols, c = s % cols;
            var (x, y) = heat.CellCenter(r, c);
            char tile = lake.TileAt(s);
            var cell = colormap.GetColor(Math.Clamp((values[s] - lo) / (hi - lo), 0, 1));
            double lum = (0.2126 * cell.R + 0.7152 * cell.G + 0.0722 * cell.B) / 255;
            var ink = lum < 0.5 ? ScottPlot.Colors.White : Ink;
            if (tile is 'H' or 'G')
            {
                var label = plot.Add.Text(tile.ToString(), x, y);
                label.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                label.LabelFontSize = small ? 34 : 22;
                label.LabelBold = true;
                label.LabelFontColor = tile == 'G' ? new ScottPlot.Color(90, 230, 120) : new ScottPlot.Color(255, 110, 110); // light on the dark 0-value cells
                label.LabelFontName = Chart.SansFamily;
                continue;
            }
            var (dx, dy) = policy[s] switch { 0 => (-1.0, 0.0), 1 => (0.0, -1.0), 2 => (1.0, 0.0), _ => (0.0, 1.0) };
            var arrow = plot.Add.Arrow(new ScottPlot.Coordinates(x - dx * half, y + lift - dy * half), new ScottPlot.Coordinates(x + dx * half, y + lift + dy * half));
            arrow.ArrowFillColor = ink;
            arrow.ArrowLineColor = ink;
            arrow.ArrowWidth = small ? 6 : 3;
            arrow.ArrowheadWidth = small ? 22 : 12;
            arrow.ArrowheadLength = small ? 22 : 12;
            if (rows <= 4)
            {
                var v = plot.Add.Text(values[s].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), x, y - 0.44);
                v.LabelAlignment = ScottPlot.Alignment.LowerCenter;
                v.LabelFontSize = 12;
                v.LabelFontColor = ink;
                v.LabelFontName = Chart.SansFamily;
            }
        }
        Save(plot, heat.Width, heat.Height, path);
    }

    /// <summary>
    /// Writes <paramref name="path"/> (PNG): the 4x12 cliff walk (cliff in dark red, S and G marked) with one line
    /// per learned greedy path, drawn through the cell centres.
    /// </summary>
    public static void SaveCliffPaths(IReadOnlyList<(string Name, IReadOnlyList<int> States, string Color)> paths, string title, string path)
    {
        var plot = NewPlot(title);
        const int rows = CliffWalking.Rows, cols = CliffWalking.Columns;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int s = r * cols + c;
                double y = rows - 1 - r;
                var rect = plot.Add.Rectangle(c - 0.5, c + 0.5, y - 0.5, y + 0.5);
                rect.FillColor = CliffWalking.IsCliff(s) ? new ScottPlot.Color(120, 20, 20) : new ScottPlot.Color(235, 235, 235);
                rect.LineColor = ScottPlot.Colors.White;
                rect.LineWidth = 2;
            }
        for (int i = 0; i < paths.Count; i++)
        {
            var (name, states, color) = paths[i];
            double offset = (i - (paths.Count - 1) / 2.0) * 0.12; // side by side where paths share cells
            var xs = states.Select(s => s % cols + offset).ToArray();
            var ys = states.Select(s => rows - 1 - s / cols + offset).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, ScottPlot.Color.FromHex(color));
            line.LineWidth = 4;
            line.MarkerSize = 7;
            line.LegendText = name;
        }
        // Labels last, so the paths do not cover them: S and G in the lower part of their cells, below the path ends.
        Label(plot, "S", 0, -0.3, Ink, 18);
        Label(plot, "G", cols - 1, -0.3, Ink, 18);
        Label(plot, "the cliff (−100, back to S)", 5.5, 0, ScottPlot.Colors.White, 14);
        plot.Axes.SetLimits(-0.6, cols - 0.4, -0.6, rows - 0.4);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Grid.IsVisible = false;
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Save(plot, 900, 420, path);
    }

    /// <summary>
    /// Writes <paramref name="path"/> (PNG): one line per series (the mean over seeds of a per-episode quantity,
    /// smoothed over <paramref name="window"/> episodes) with a shaded band from the lowest to the highest seed's curve.
    /// </summary>
    public static void SaveCurvesWithSpread(IReadOnlyList<(string Name, double[][] PerSeed, string Color)> series, int window, string title,
        string yLabel, (double Lo, double Hi)? yLimits, string path)
    {
        var plot = NewPlot(title);
        plot.XLabel("episode");
        plot.YLabel(yLabel);
        foreach (var (name, perSeed, color) in series)
        {
            var smooth = perSeed.Select(c => MovingAverage(c, window)).ToArray();
            int n = smooth[0].Length;
            var xs = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
            var mean = Enumerable.Range(0, n).Select(i => smooth.Average(c => c[i])).ToArray();
            var lo = Enumerable.Range(0, n).Select(i => smooth.Min(c => c[i])).ToArray();
            var hi = Enumerable.Range(0, n).Select(i => smooth.Max(c => c[i])).ToArray();
            var c0 = ScottPlot.Color.FromHex(color);
            var band = plot.Add.FillY(xs, lo, hi);
            band.FillColor = c0.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(xs, mean, c0);
            line.LineWidth = 2;
            line.LegendText = name;
        }
        if (yLimits is var (yl, yh)) plot.Axes.SetLimitsY(yl, yh);
        plot.ShowLegend(ScottPlot.Edge.Right);
        Save(plot, 820, 460, path);
    }

    /// <summary>The mean of each value and the <paramref name="window"/> − 1 before it (fewer at the start).</summary>
    public static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    private static ScottPlot.Plot NewPlot(string title)
    {
        var plot = new ScottPlot.Plot();
        plot.Font.Set(Chart.SansFamily);
        plot.Legend.FontName = Chart.SansFamily;
        plot.Title(title);
        return plot;
    }

    private static void Label(ScottPlot.Plot plot, string text, double x, double y, ScottPlot.Color color, float size = 22)
    {
        var t = plot.Add.Text(text, x, y);
        t.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
        t.LabelFontSize = size;
        t.LabelBold = true;
        t.LabelFontColor = color;
        t.LabelFontName = Chart.SansFamily;
    }

    private static void Save(ScottPlot.Plot plot, int width, int height, string path)
    {
        var bytes = plot.GetImage(width, height).GetImageBytes(ScottPlot.ImageFormat.Png);
        string tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
