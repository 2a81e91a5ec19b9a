namespace Glassbox.Plotting;

/// <summary>
/// Filled contours of a function of two variables over a rectangle, with a colour bar, optional contour lines and
/// optional points on top — matplotlib's <c>plt.contourf(xx, yy, Z, levels=n)</c> + <c>plt.colorbar()</c>, with
/// <c>plt.contour(...)</c> for <see cref="Lines"/>. Used for loss landscapes and (through
/// <see cref="DecisionBoundary"/>) decision regions.
/// </summary>
/// <remarks>
/// <para>The surface is sampled on a grid of cells: <c>Z[r, c]</c> is the value at the centre of cell (r, c), at
/// x = x0 + (c + ½)·(x1 − x0)/columns and y = y0 + (r + ½)·(y1 − y0)/rows, so row 0 is the bottom row (as
/// <c>np.meshgrid</c> with y increasing).</para>
/// <para>The level edges L₀ &lt; L₁ &lt; … &lt; Lₘ cut the values into m bands; a cell whose value lies in
/// [Lᵦ, Lᵦ₊₁) is filled with the colour map at the band's midpoint, so each band is one flat colour, as in
/// <c>contourf</c> (values outside [L₀, Lₘ] take the end bands' colours). The colour bar shows the colour map over
/// the band midpoints in the data's units. Non-finite values are left unfilled (white).</para>
/// </remarks>
public sealed class ContourPlot : Chart
{
    private readonly double[,] z;
    private readonly double x0, x1, y0, y1;
    private readonly bool classes;
    private readonly List<(string name, double[] x, double[] y, Rgb color)> points = [];

    /// <summary>Filled contours of the grid <paramref name="values"/> (row 0 at the bottom) over [x0, x1] × [y0, y1].</summary>
    /// <param name="values">Values at cell centres, [rows, columns].</param>
    /// <param name="x0">Left edge of the window.</param>
    /// <param name="x1">Right edge of the window.</param>
    /// <param name="y0">Bottom edge of the window.</param>
    /// <param name="y1">Top edge of the window.</param>
    public ContourPlot(double[,] values, double x0, double x1, double y0, double y1)
        : this(values, x0, x1, y0, y1, classes: false) { }

    private ContourPlot(double[,] values, double x0, double x1, double y0, double y1, bool classes)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) < 1 || values.GetLength(1) < 1)
            throw new ArgumentException($"ContourPlot: the grid must have at least one row and column, got {values.GetLength(0)}x{values.GetLength(1)}", nameof(values));
        if (!(x1 > x0) || !(y1 > y0))
            throw new ArgumentException($"ContourPlot: the window [{x0}, {x1}] x [{y0}, {y1}] must have x1 > x0 and y1 > y0");
        z = values; this.x0 = x0; this.x1 = x1; this.y0 = y0; this.y1 = y1; this.classes = classes;
    }

    /// <summary>
    /// Samples <paramref name="f"/>(x, y) at the centres of a <paramref name="resolution"/>² grid over
    /// [x0, x1] × [y0, y1], row 0 at the bottom — the grid the constructor takes, so a function is plotted as
    /// <c>new ContourPlot(ContourPlot.Sample(f, x0, x1, y0, y1), x0, x1, y0, y1) { Title = ... }</c>.
    /// </summary>
    public static double[,] Sample(Func<double, double, double> f, double x0, double x1, double y0, double y1, int resolution = 100)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), $"ContourPlot.Sample: resolution must be at least 2, got {resolution}");
        var v = new double[resolution, resolution];
        for (int r = 0; r < resolution; r++)
            for (int c = 0; c < resolution; c++)
                v[r, c] = f(x0 + (c + 0.5) / resolution * (x1 - x0), y0 + (r + 0.5) / resolution * (y1 - y0));
        return v;
    }

    /// <summary>
    /// A region map: cell (r, c) (row 0 at the bottom) is filled with the light tint of class
    /// <c>labels[r, c]</c> (<see cref="ClassPalette.Region"/>); no colour bar and no lines, since classes are not
    /// ordered values.
    /// </summary>
    public static ContourPlot Classes(int[,] labels, double x0, double x1, double y0, double y1, string title = "", int width = 400, int height = 400)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var v = new double[labels.GetLength(0), labels.GetLength(1)];
        for (int r = 0; r < v.GetLength(0); r++)
            for (int c = 0; c < v.GetLength(1); c++) v[r, c] = labels[r, c];
        return new ContourPlot(v, x0, x1, y0, y1, classes: true) { Title = title, Width = width, Height = height, ShowColorBar = false };
    }

    /// <summary>Number of equal-width bands between the grid's minimum and maximum (ignored when <see cref="Levels"/> is set).</summary>
    public int LevelCount { get; init; } = 10;
    /// <summary>Explicit, strictly increasing level edges (matplotlib's <c>levels=[...]</c>).</summary>
    public double[]? Levels { get; init; }
    /// <summary>Colour map for the bands; viridis (matplotlib's default) when null.</summary>
    public ScottPlot.IColormap? Colormap { get; init; }
    /// <summary>Draw thin dark lines along the inner level edges.</summary>
    public bool Lines { get; init; } = true;
    /// <summary>Draw a colour bar to the right.</summary>
    public bool ShowColorBar { get; init; } = true;

    /// <summary>Adds points drawn on top of the contours as dots of <paramref name="color"/> with a dark rim, named in a legend.</summary>
    public ContourPlot AddPoints(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, Rgb color)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Count != y.Count) throw new ArgumentException($"ContourPlot.AddPoints: '{name}' has {x.Count} x values but {y.Count} y values");
        points.Add((name, x.ToArray(), y.ToArray(), color));
        return this;
    }

    /// <summary>The level edges used: <see cref="Levels"/>, or <see cref="LevelCount"/> equal bands over the finite values.</summary>
    public double[] LevelEdges()
    {
        if (Levels is { } given)
        {
            if (given.Length < 2 || given.Zip(given.Skip(1)).Any(p => !(p.Second > p.First)))
                throw new ArgumentException($"ContourPlot: Levels must be at least two strictly increasing values, got [{string.Join(", ", given)}]");
            return given;
        }
        if (LevelCount < 1) throw new ArgumentOutOfRangeException(nameof(LevelCount), $"ContourPlot: LevelCount must be at least 1, got {LevelCount}");
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in z) if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (!double.IsFinite(lo)) { lo = 0; hi = 1; }
        if (hi == lo) { lo -= 0.5; hi += 0.5; }
        return Enumerable.Range(0, LevelCount + 1).Select(i => lo + (hi - lo) * i / LevelCount).ToArray();
    }

    /// <summary>The band of <paramref name="v"/>: the b with L_b ≤ v &lt; L_(b+1), clamped to the end bands.</summary>
    internal static int Band(double[] edges, double v)
    {
        int b = Array.BinarySearch(edges, v);
        if (b < 0) b = ~b - 1;
        return Math.Clamp(b, 0, edges.Length - 2);
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        int rows = z.GetLength(0), cols = z.GetLength(1);
        // ScottPlot draws intensity row 0 at the top, like an image, so rows are flipped from our bottom-up order.
        var cells = new double[rows, cols];
        ScottPlot.IColormap colormap;
        ScottPlot.Range range;
        if (classes)
        {
            int lo = int.MaxValue, hi = int.MinValue;
            foreach (var v in z) { lo = Math.Min(lo, (int)v); hi = Math.Max(hi, (int)v); }
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) cells[rows - 1 - r, c] = z[r, c];
            colormap = new RegionColormap(lo, hi);
            range = new ScottPlot.Range(lo, Math.Max(hi, lo + 1));
        }
        else
        {
            var edges = LevelEdges();
            var mids = edges.Zip(edges.Skip(1), (a, b) => (a + b) / 2).ToArray();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    cells[rows - 1 - r, c] = double.IsFinite(z[r, c]) ? mids[Band(edges, z[r, c])] : double.NaN;
            colormap = Colormap ?? new ScottPlot.Colormaps.Viridis();
            range = new ScottPlot.Range(mids[0], mids.Length > 1 ? mids[^1] : mids[0] + 1);
        }
        var heat = plot.Add.Heatmap(cells);
        heat.Colormap = colormap;
        heat.ManualRange = range;
        heat.Extent = new ScottPlot.CoordinateRect(x0, x1, y0, y1);
        heat.NaNCellColor = ScottPlot.Colors.White;
        if (ShowColorBar && !classes) plot.Add.ColorBar(heat);

        if (Lines && !classes)
        {
            var edges = LevelEdges();
            var coords = new ScottPlot.Coordinates3d[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    coords[r, c] = new(x0 + (c + 0.5) / cols * (x1 - x0), y0 + (r + 0.5) / rows * (y1 - y0), z[r, c]);
            var contour = plot.Add.ContourLines(coords);
            contour.ContourLineLevels = edges[1..^1];
            contour.LineColor = ScottPlot.Colors.Black.WithAlpha(0.5);
            contour.LabelStyle.IsVisible = false;
        }

        foreach (var (name, xs, ys, color) in points)
        {
            var m = plot.Add.Markers(xs, ys, ScottPlot.MarkerShape.FilledCircle, 7, ToColor(color));
            m.MarkerStyle.OutlineColor = new ScottPlot.Color(0x20, 0x20, 0x20);
            m.MarkerStyle.OutlineWidth = 1;
            m.LegendText = name;
        }
        plot.Axes.SetLimits(x0, x1, y0, y1);
        if (points.Count > 0) plot.ShowLegend(ScottPlot.Edge.Bottom); // below, so a square picture keeps a square-ish data area
    }

    /// <summary>Maps the normalised class index back to its class and gives that class's region tint.</summary>
    private sealed class RegionColormap(int lo, int hi) : ScottPlot.IColormap
    {
        public string Name => "class regions";

        public ScottPlot.Color GetColor(double normalizedIntensity)
        {
            int span = Math.Max(hi - lo, 1);
            int cls = lo + (int)Math.Round(Math.Clamp(normalizedIntensity, 0, 1) * span);
            return ToColor(ClassPalette.Region(cls));
        }
    }
}
