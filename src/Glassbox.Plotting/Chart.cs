using System.Text;
using SkiaSharp;

namespace Glassbox.Plotting;

/// <summary>
/// What every Glassbox chart shares: a title, axis labels, a pixel size, and output as PNG or SVG through ScottPlot
/// (drawn with SkiaSharp). A subclass only says what to draw on a <see cref="ScottPlot.Plot"/>.
/// </summary>
/// <remarks>
/// Each call to an output method builds a fresh <see cref="ScottPlot.Plot"/>, so a chart object can be saved many
/// times and in both formats. Files are written atomically (a temporary file in the same folder, then a rename), so
/// a reader never sees half a picture. Text uses the sans-serif family that SkiaSharp finds on the machine (DejaVu
/// Sans on Debian); the picture is otherwise independent of installed software.
/// </remarks>
public abstract class Chart
{
    /// <summary>Chart title, drawn above the plot.</summary>
    public string Title { get; init; } = "";
    /// <summary>Label under the x axis.</summary>
    public string XLabel { get; init; } = "";
    /// <summary>Label beside the y axis.</summary>
    public string YLabel { get; init; } = "";
    /// <summary>Width of the picture in pixels.</summary>
    public int Width { get; init; } = 720;
    /// <summary>Height of the picture in pixels.</summary>
    public int Height { get; init; } = 440;

    /// <summary>Draws this chart's content (plottables, axis limits, legend) on a plot that already has its labels.</summary>
    private protected abstract void Build(ScottPlot.Plot plot);

    /// <summary>
    /// A new ScottPlot <see cref="ScottPlot.Plot"/> with this chart drawn on it — the escape hatch for a picture that
    /// needs something these typed charts do not offer (annotations, extra axes).
    /// </summary>
    public ScottPlot.Plot ToPlot()
    {
        PngWriter.CheckSize(Width, Height, GetType().Name);
        var plot = new ScottPlot.Plot();
        var sans = SansFamily;
        plot.Font.Set(sans);
        plot.Legend.FontName = sans;
        if (Title.Length > 0) plot.Title(Title);
        if (XLabel.Length > 0) plot.XLabel(XLabel);
        if (YLabel.Length > 0) plot.YLabel(YLabel);
        Build(plot);
        return plot;
    }

    /// <summary>Writes the chart as a Width × Height PNG to <paramref name="path"/>, atomically.</summary>
    public void SavePng(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ToPlot().GetImage(Width, Height).GetImageBytes(ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, bytes);
    }

    /// <summary>The chart as an SVG document (vector shapes and text; the same layout as the PNG).</summary>
    public string ToSvg() => ToPlot().GetSvgXml(Width, Height);

    /// <summary>Writes the chart as SVG to <paramref name="path"/>, atomically.</summary>
    public void SaveSvg(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToSvg()));
    }

    /// <summary>
    /// Renders the chart to pixels in memory, with the mapping from data coordinates to pixels, so a caller (or a
    /// test) can ask what colour was painted at a given data point.
    /// </summary>
    public RenderedChart Render() => RenderPng().Chart;

    /// <summary>Writes the PNG like <see cref="SavePng"/> and returns the same picture decoded, from one rendering.</summary>
    public RenderedChart SavePngAndRender(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (bytes, chart) = RenderPng();
        AtomicFile.Write(path, bytes);
        return chart;
    }

    private (byte[] Bytes, RenderedChart Chart) RenderPng()
    {
        var plot = ToPlot();
        var bytes = plot.GetImage(Width, Height).GetImageBytes(ScottPlot.ImageFormat.Png);
        using var bitmap = SKBitmap.Decode(bytes)
            ?? throw new InvalidOperationException($"{GetType().Name}: SkiaSharp could not decode the PNG it rendered");
        var image = new Image(bitmap.Width, bitmap.Height);
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y); // the background is opaque white, so alpha is 255 everywhere
                image.SetPixel(x, y, new Rgb(c.Red, c.Green, c.Blue));
            }
        var rect = plot.RenderManager.LastRender.DataRect;
        var limits = plot.Axes.GetLimits();
        return (bytes, new RenderedChart(image, rect.Left, rect.Top, rect.Right, rect.Bottom, limits.Left, limits.Right, limits.Bottom, limits.Top));
    }

    /// <summary>
    /// The font family for all chart text: the first of DejaVu Sans, Liberation Sans, Arial and Helvetica that
    /// SkiaSharp finds, else ScottPlot's choice. ScottPlot's own "sans" pick is the first font it finds, which on a
    /// Debian machine with only the DejaVu fonts is DejaVu Serif, hence the explicit list.
    /// </summary>
    public static string SansFamily { get; } = PickSans();

    private static string PickSans()
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }.FirstOrDefault(installed.Contains) ?? ScottPlot.Fonts.Sans;
    }

    /// <summary>A ScottPlot colour from ours.</summary>
    internal static ScottPlot.Color ToColor(Rgb c) => new(c.R, c.G, c.B);
}
