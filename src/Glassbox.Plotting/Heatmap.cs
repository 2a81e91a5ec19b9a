using System.Globalization;

namespace Glassbox.Plotting;

/// <summary>
/// A matrix drawn as a grid of coloured cells with a colour bar, optional row/column labels and optional value
/// annotations — matplotlib's <c>plt.imshow(M)</c> + <c>plt.colorbar()</c>, or <c>seaborn.heatmap(M, annot=True)</c>.
/// Used for confusion matrices (rows = true class, columns = predicted) and attention maps (rows = queries,
/// columns = keys).
/// </summary>
/// <remarks>
/// Row 0 is drawn at the top and column 0 at the left, as a matrix is printed (imshow's default origin). Cell
/// (r, c) is centred on data point (c, rows − 1 − r) — see <see cref="CellCenter"/> — and is one unit wide. Its
/// colour is the colour map at (M[r, c] − min) / (max − min), with min and max taken over the finite entries unless
/// <see cref="Min"/>/<see cref="Max"/> fix them (fix them to compare several maps on one scale). Annotations are
/// drawn black on light cells and white on dark ones, so they stay legible on any colour map.
/// </remarks>
public sealed class Heatmap : Chart
{
    private readonly double[,] values;

    /// <summary>A heatmap of <paramref name="matrix"/> [rows, columns].</summary>
    public Heatmap(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) < 1 || matrix.GetLength(1) < 1)
            throw new ArgumentException($"Heatmap: the matrix must have at least one row and column, got {matrix.GetLength(0)}x{matrix.GetLength(1)}", nameof(matrix));
        values = matrix;
        Width = 560;
        Height = 480;
    }

    /// <summary>A heatmap of a 2-D tensor (e.g. one head's attention weights, [queries, keys]).</summary>
    public Heatmap(Tensor matrix) : this(ToMatrix(matrix)) { }

    private static double[,] ToMatrix(Tensor t)
    {
        if (t.NDim != 2) throw new ArgumentException($"Heatmap: the tensor must be 2-D, got shape [{string.Join(", ", t.Shape)}]", nameof(t));
        int rows = t.Size(0), cols = t.Size(1);
        var flat = t.ToDoubleArray();
        var m = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r, c] = flat[r * cols + c];
        return m;
    }

    /// <summary>
    /// A confusion matrix in scikit-learn's <c>ConfusionMatrixDisplay</c> layout: rows are the true class, columns
    /// the predicted class, each cell annotated with its count, on the "Blues" colour map.
    /// </summary>
    /// <param name="counts">counts[t, p] = number of samples of true class t predicted as p.</param>
    /// <param name="classNames">Names of the classes, one per row/column; their indices when null.</param>
    /// <param name="title">Title above the plot.</param>
    public static Heatmap ConfusionMatrix(int[,] counts, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.GetLength(0);
        if (counts.GetLength(1) != k)
            throw new ArgumentException($"Heatmap.ConfusionMatrix: counts must be square, got {k}x{counts.GetLength(1)}", nameof(counts));
        if (classNames is not null && classNames.Count != k)
            throw new ArgumentException($"Heatmap.ConfusionMatrix: {classNames.Count} class names for {k} classes", nameof(classNames));
        var m = new double[k, k];
        for (int r = 0; r < k; r++) for (int c = 0; c < k; c++) m[r, c] = counts[r, c];
        var names = classNames?.ToArray();
        return new Heatmap(m)
        {
            Title = title, XLabel = "predicted label", YLabel = "true label", RowLabels = names, ColumnLabels = names,
            Annotate = true, Format = "0", Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues()), // ScottPlot runs Blues dark to light; matplotlib light to dark
        };
    }

    /// <summary>Labels of the rows, top to bottom (their indices when null).</summary>
    public string[]? RowLabels { get; init; }
    /// <summary>Labels of the columns, left to right (their indices when null).</summary>
    public string[]? ColumnLabels { get; init; }
    /// <summary>Write each cell's value in it (seaborn's <c>annot=True</c>).</summary>
    public bool Annotate { get; init; }
    /// <summary>.NET format string for annotations (seaborn's <c>fmt</c>), invariant culture.</summary>
    public string Format { get; init; } = "0.##";
    /// <summary>Colour map; viridis (matplotlib's default) when null.</summary>
    public ScottPlot.IColormap? Colormap { get; init; }
    /// <summary>Value drawn with the colour map's first colour (matplotlib's <c>vmin</c>); the data minimum when null.</summary>
    public double? Min { get; init; }
    /// <summary>Value drawn with the colour map's last colour (<c>vmax</c>); the data maximum when null.</summary>
    public double? Max { get; init; }

    /// <summary>The data coordinates of the centre of cell (row, column).</summary>
    public (double X, double Y) CellCenter(int row, int column) => (column, values.GetLength(0) - 1 - row);

    /// <summary>The colour map in use.</summary>
    public ScottPlot.IColormap ColormapOrDefault => Colormap ?? new ScottPlot.Colormaps.Viridis();

    /// <summary>The value range mapped onto the colour map: (<see cref="Min"/>, <see cref="Max"/>) or the finite data range.</summary>
    public (double Lo, double Hi) ValueRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values) if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (!double.IsFinite(lo)) { lo = 0; hi = 1; }
        lo = Min ?? lo; hi = Max ?? hi;
        if (!(hi > lo)) hi = lo + 1; // a constant matrix: every cell gets the first colour
        return (lo, hi);
    }

    private protected override void Build(ScottPlot.Plot plot)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (RowLabels is not null && RowLabels.Length != rows)
            throw new ArgumentException($"Heatmap: {RowLabels.Length} row labels for {rows} rows");
        if (ColumnLabels is not null && ColumnLabels.Length != cols)
            throw new ArgumentException($"Heatmap: {ColumnLabels.Length} column labels for {cols} columns");
        var (lo, hi) = ValueRange();
        var colormap = ColormapOrDefault;

        var heat = plot.Add.Heatmap(values); // ScottPlot draws intensity row 0 at the top, as we want
        heat.Colormap = colormap;
        heat.ManualRange = new ScottPlot.Range(lo, hi);
        // Rectangle, not Extent: ScottPlot reads Extent as the span of the cell centres and draws one cell beyond it,
        // which shifted every cell half a cell off its tick.
        heat.Rectangle = new ScottPlot.CoordinateRect(-0.5, cols - 0.5, -0.5, rows - 0.5);
        heat.NaNCellColor = ScottPlot.Colors.White;
        plot.Add.ColorBar(heat);

        if (Annotate)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    var v = values[r, c];
                    var (x, y) = CellCenter(r, c);
                    var text = plot.Add.Text(v.ToString(Format, CultureInfo.InvariantCulture), x, y);
                    text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                    text.LabelFontSize = 12;
                    text.LabelFontName = SansFamily;
                    var cell = colormap.GetColor(Math.Clamp((v - lo) / (hi - lo), 0, 1));
                    // Relative luminance (Rec. 709 weights): dark cells get white text, light cells black.
                    double lum = (0.2126 * cell.R + 0.7152 * cell.G + 0.0722 * cell.B) / 255;
                    text.LabelFontColor = lum < 0.5 ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
                }

        var xTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < cols; c++) xTicks.AddMajor(c, ColumnLabels?[c] ?? c.ToString(CultureInfo.InvariantCulture));
        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows; r++) yTicks.AddMajor(rows - 1 - r, RowLabels?[r] ?? r.ToString(CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = xTicks;
        plot.Axes.Left.TickGenerator = yTicks;
        plot.Grid.IsVisible = false;
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
    }
}
