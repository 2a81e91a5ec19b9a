namespace Glassbox.Plotting;

/// <summary>
/// Draws a 2-D classifier's decision regions with the data on top — the picture in scikit-learn's
/// "classifier comparison" example and micrograd's demo notebook (there drawn with matplotlib's <c>contourf</c>).
/// </summary>
/// <remarks>
/// Every pixel is mapped to the point of the data plane at its centre, the whole grid is classified in one call
/// to <c>predict</c>, and each pixel is painted a light tint of its predicted class's colour. Then every sample is
/// drawn as a dot in the full colour of its true class with a dark rim, so misclassified points stand out against
/// the region they fall in. The plotted window is the data's bounding box widened by 10% on each side; x grows to
/// the right and the second feature grows upwards, as on a chart.
/// </remarks>
public static class DecisionBoundary
{
    /// <summary>
    /// The class colours, cycled for classes beyond ten: matplotlib's "tab10" qualitative palette (blue, orange,
    /// green, red, purple, brown, pink, grey, olive, cyan), chosen to stay distinguishable side by side.
    /// </summary>
    public static IReadOnlyList<Rgb> Palette { get; } =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    /// <summary>How far the region colour is blended toward white, so the dots remain visible on top.</summary>
    public const double RegionTint = 0.65;

    /// <summary>The dot colour of class <paramref name="cls"/>.</summary>
    public static Rgb ClassColor(int cls) => Palette[((cls % Palette.Count) + Palette.Count) % Palette.Count];

    /// <summary>The region colour of class <paramref name="cls"/>: its dot colour blended toward white.</summary>
    public static Rgb RegionColor(int cls) => ClassColor(cls).Lerp(Rgb.White, RegionTint);

    /// <summary>
    /// Renders the decision regions of <paramref name="predict"/> and the samples (X, y) to a size × size PNG.
    /// </summary>
    /// <param name="predict">Classifier: given an [m, 2] array of points returns the m predicted class labels.
    /// It is called once with all size² pixel centres, so it should be a fast, graph-free evaluation.</param>
    /// <param name="X">Samples, [n, 2], any floating dtype.</param>
    /// <param name="y">True labels, [n], any dtype holding integers.</param>
    /// <param name="path">Destination PNG file (written atomically; see <see cref="PngWriter.Write"/>).</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    /// <returns>The rendered image (already saved to <paramref name="path"/>).</returns>
    public static Image Render(Func<double[,], int[]> predict, Tensor X, Tensor y, string path, int size = 400)
    {
        var img = Draw(predict, X, y, size);
        img.Save(path);
        return img;
    }

    /// <summary>Like <see cref="Render"/> but returns the image without writing a file.</summary>
    /// <param name="predict">Classifier over an [m, 2] array of points.</param>
    /// <param name="X">Samples, [n, 2].</param>
    /// <param name="y">True labels, [n].</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    public static Image Draw(Func<double[,], int[]> predict, Tensor X, Tensor y, int size = 400)
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
        var labels = y.ToDoubleArray();
        var (x0, x1) = Window(xs, 0, n);
        var (y0, y1) = Window(xs, 1, n);

        // Pixel (px, py) ↦ its centre in data coordinates; py = 0 is the top row, i.e. the largest second feature.
        double PlaneX(double px) => x0 + (px + 0.5) / size * (x1 - x0);
        double PlaneY(double py) => y1 - (py + 0.5) / size * (y1 - y0);
        var grid = new double[size * size, 2];
        for (int py = 0; py < size; py++)
            for (int px = 0; px < size; px++)
            {
                grid[py * size + px, 0] = PlaneX(px);
                grid[py * size + px, 1] = PlaneY(py);
            }
        var pred = predict(grid);
        if (pred is null || pred.Length != size * size)
            throw new InvalidOperationException($"DecisionBoundary: predict returned {pred?.Length.ToString() ?? "null"} labels for {size * size} grid points");

        var img = new Image(size, size);
        for (int py = 0; py < size; py++)
            for (int px = 0; px < size; px++)
                img.SetPixel(px, py, RegionColor(pred[py * size + px]));

        // Dot radius scales with the image so a 400 px plot gets 4 px dots; the rim is one pixel wider.
        double r = Math.Max(2.0, size / 100.0);
        var rim = new Rgb(0x20, 0x20, 0x20);
        for (int i = 0; i < n; i++)
        {
            double cx = (xs[2 * i] - x0) / (x1 - x0) * size;
            double cy = (y1 - xs[2 * i + 1]) / (y1 - y0) * size;
            img.FillCircle(cx, cy, r + 1, rim);
            img.FillCircle(cx, cy, r, ClassColor((int)labels[i]));
        }
        return img;
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
