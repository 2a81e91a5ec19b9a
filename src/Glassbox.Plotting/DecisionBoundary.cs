namespace Glassbox.Plotting;

/// <summary>
/// Draws a 2-D classifier's decision regions with the data on top — the picture in scikit-learn's "classifier
/// comparison" example and micrograd's demo notebook, there drawn with matplotlib's
/// <c>plt.contourf(xx, yy, Z)</c> followed by <c>plt.scatter(X[:, 0], X[:, 1], c=y)</c>.
/// </summary>
/// <remarks>
/// The plotted window is the data's bounding box widened by 10% on each side. It is cut into a
/// <see cref="GridSize"/> × <see cref="GridSize"/> grid, every cell centre is classified in one call to
/// <c>predict</c>, and each cell is filled with a light tint of its predicted class's colour
/// (<see cref="ClassPalette.Region"/>) — a filled contour at the class boundaries, resolved to one grid cell. Then
/// every sample is drawn as a dot in the full colour of its true class (<see cref="ClassPalette.Of"/>) with a dark
/// rim, so misclassified points stand out against the region they fall in. A legend names the classes.
/// </remarks>
public static class DecisionBoundary
{
    /// <summary>Grid cells per side at which the classifier is evaluated (GridSize² points in one predict call).</summary>
    public const int GridSize = 200;

    /// <summary>
    /// Renders the decision regions of <paramref name="predict"/> and the samples (X, y) to a size × size PNG.
    /// </summary>
    /// <param name="predict">Classifier: given an [m, 2] array of points returns the m predicted class labels.
    /// It is called once with all GridSize² cell centres, so it should be a fast, graph-free evaluation.</param>
    /// <param name="X">Samples, [n, 2], any floating dtype.</param>
    /// <param name="y">True labels, [n], any dtype holding integers.</param>
    /// <param name="path">Destination PNG file, written atomically.</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    /// <returns>The rendered picture (already saved to <paramref name="path"/>).</returns>
    public static RenderedChart Render(Func<double[,], int[]> predict, Tensor X, Tensor y, string path, int size = 400)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Chart(predict, X, y, size).SavePngAndRender(path);
    }

    /// <summary>Like <see cref="Render"/> but returns the picture without writing a file.</summary>
    /// <param name="predict">Classifier over an [m, 2] array of points.</param>
    /// <param name="X">Samples, [n, 2].</param>
    /// <param name="y">True labels, [n].</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    public static RenderedChart Draw(Func<double[,], int[]> predict, Tensor X, Tensor y, int size = 400) =>
        Chart(predict, X, y, size).Render();

    /// <summary>
    /// The decision-boundary picture as a <see cref="ContourPlot"/> of predicted classes with the samples as its
    /// scatter overlay; the classifier is evaluated here, once.
    /// </summary>
    /// <param name="predict">Classifier over an [m, 2] array of points.</param>
    /// <param name="X">Samples, [n, 2].</param>
    /// <param name="y">True labels, [n].</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    /// <param name="title">Title above the plot.</param>
    public static ContourPlot Chart(Func<double[,], int[]> predict, Tensor X, Tensor y, int size = 400, string title = "Decision boundary")
    {
        ArgumentNullException.ThrowIfNull(predict);
        if (X.NDim != 2 || X.Size(1) != 2)
            throw new ArgumentException($"DecisionBoundary: X must have shape [n, 2], got [{string.Join(", ", X.Shape)}]", nameof(X));
        int n = X.Size(0);
        if (y.NDim != 1 || y.Size(0) != n)
            throw new ArgumentException($"DecisionBoundary: y must have shape [{n}] to match X, got [{string.Join(", ", y.Shape)}]", nameof(y));
        if (n == 0) throw new ArgumentException("DecisionBoundary: X has no samples, so there is no window to draw", nameof(X));
        PngWriter.CheckSize(size, size, "DecisionBoundary");

        var xs = X.ToDoubleArray();
        var labels = y.ToDoubleArray().Select(v => (int)v).ToArray();
        var (x0, x1) = Window(xs, 0, n);
        var (y0, y1) = Window(xs, 1, n);

        const int g = GridSize;
        var grid = new double[g * g, 2];
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++)
            {
                grid[r * g + c, 0] = x0 + (c + 0.5) / g * (x1 - x0);
                grid[r * g + c, 1] = y0 + (r + 0.5) / g * (y1 - y0); // row 0 is the bottom row
            }
        var pred = predict(grid);
        if (pred is null || pred.Length != g * g)
            throw new InvalidOperationException($"DecisionBoundary: predict returned {pred?.Length.ToString() ?? "null"} labels for {g * g} grid points");

        var classes = new int[g, g];
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++) classes[r, c] = pred[r * g + c];

        var chart = ContourPlot.Classes(classes, x0, x1, y0, y1, title, size, size);
        foreach (var k in labels.Distinct().Order())
        {
            var idx = Enumerable.Range(0, n).Where(i => labels[i] == k).ToArray();
            chart.AddPoints($"class {k}", idx.Select(i => xs[2 * i]).ToArray(), idx.Select(i => xs[2 * i + 1]).ToArray(), ClassPalette.Of(k));
        }
        return chart;
    }

    /// <summary>The range of feature <paramref name="col"/> widened by 10% each side (±0.5 when all values are equal).</summary>
    private static (double Lo, double Hi) Window(double[] xs, int col, int n)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < n; i++) { lo = Math.Min(lo, xs[2 * i + col]); hi = Math.Max(hi, xs[2 * i + col]); }
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
            throw new ArgumentException($"DecisionBoundary: feature {col} of X contains non-finite values");
        double pad = hi > lo ? 0.1 * (hi - lo) : 0.5;
        return (lo - pad, hi + pad);
    }
}
