namespace Glassbox.Plotting;

/// <summary>
/// A chart rendered to pixels, with where its data area landed: the rectangle [DataLeft, DataRight] ×
/// [DataTop, DataBottom] in pixels shows the data window [XMin, XMax] × [YMin, YMax] (y grows upwards in data
/// coordinates and downwards in pixels). On a log axis the window is in log₁₀ units, as plotted.
/// </summary>
/// <param name="Image">The pixels, as the PNG would hold them.</param>
/// <param name="DataLeft">Pixel x of the data area's left edge.</param>
/// <param name="DataTop">Pixel y of the data area's top edge.</param>
/// <param name="DataRight">Pixel x of the data area's right edge.</param>
/// <param name="DataBottom">Pixel y of the data area's bottom edge.</param>
/// <param name="XMin">Data x at the left edge.</param>
/// <param name="XMax">Data x at the right edge.</param>
/// <param name="YMin">Data y at the bottom edge.</param>
/// <param name="YMax">Data y at the top edge.</param>
public sealed record RenderedChart(Image Image, float DataLeft, float DataTop, float DataRight, float DataBottom,
    double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>The pixel that shows data point (x, y), by linear interpolation inside the data area.</summary>
    public (int X, int Y) PixelOf(double x, double y)
    {
        double px = DataLeft + (x - XMin) / (XMax - XMin) * (DataRight - DataLeft);
        double py = DataBottom - (y - YMin) / (YMax - YMin) * (DataBottom - DataTop);
        return ((int)Math.Floor(px), (int)Math.Floor(py));
    }

    /// <summary>The colour painted where data point (x, y) is shown.</summary>
    public Rgb ColorAt(double x, double y)
    {
        var (px, py) = PixelOf(x, y);
        return Image.GetPixel(px, py);
    }
}
