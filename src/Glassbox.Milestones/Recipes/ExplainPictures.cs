using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// Pixel-exact tile pictures for the <c>cnn-explained</c> milestone: grayscale digits, signed weights on a
/// blue–white–red scale, activations and saliency on inferno, Grad-CAM as a red–yellow heat blended over the digit.
/// Each picture remembers the rectangle of every tile it painted, so that the milestone can check the content
/// itself — not the white margins — for blankness.
/// </summary>
public sealed class ExplainPictures
{
    private readonly List<(int X, int Y, int W, int H)> tiles = [];

    /// <summary>A white canvas of the given size.</summary>
    public ExplainPictures(int width, int height) => Image = new Image(width, height, Rgb.White);

    /// <summary>The picture.</summary>
    public Image Image { get; }

    /// <summary>Rectangles of the painted tiles, in painting order.</summary>
    public IReadOnlyList<(int X, int Y, int W, int H)> Tiles => tiles;

    /// <summary>Blue for negative, white for 0, red for positive (ColorBrewer RdBu ends).</summary>
    private static readonly Rgb Negative = new(33, 102, 172), Positive = new(178, 24, 43);

    private static readonly ScottPlot.IColormap Inferno = new ScottPlot.Colormaps.Inferno();

    private static Rgb FromColormap(ScottPlot.IColormap map, double t)
    {
        var c = map.GetColor(Math.Clamp(t, 0, 1));
        return new Rgb(c.R, c.G, c.B);
    }

    private void Paint(int ox, int oy, int h, int w, int zoom, Func<int, Rgb> colour)
    {
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
                Image.FillRect(ox + c * zoom, oy + r * zoom, zoom, zoom, colour(r * w + c));
        tiles.Add((ox, oy, w * zoom, h * zoom));
    }

    /// <summary>Gray tile: lo → black, hi → white.</summary>
    public void Gray(int ox, int oy, ReadOnlySpan<double> v, int h, int w, int zoom, double lo, double hi)
    {
        var data = v.ToArray();
        double range = hi > lo ? hi - lo : 1;
        Paint(ox, oy, h, w, zoom, i => { byte g = (byte)Math.Round(Math.Clamp((data[i] - lo) / range, 0, 1) * 255); return new Rgb(g, g, g); });
    }

    /// <summary>Signed tile: −scale → blue, 0 → white, +scale → red (zero stays white whatever the scale).</summary>
    public void Signed(int ox, int oy, ReadOnlySpan<double> v, int h, int w, int zoom, double scale)
    {
        var data = v.ToArray();
        double s = scale > 0 ? scale : 1;
        Paint(ox, oy, h, w, zoom, i =>
        {
            double t = Math.Clamp(data[i] / s, -1, 1);
            return t < 0 ? Rgb.White.Lerp(Negative, -t) : Rgb.White.Lerp(Positive, t);
        });
    }

    /// <summary>Inferno tile of a non-negative map: 0 → black, <paramref name="max"/> → pale yellow.</summary>
    public void Heat(int ox, int oy, ReadOnlySpan<double> v, int h, int w, int zoom, double max)
    {
        var data = v.ToArray();
        double m = max > 0 ? max : 1;
        Paint(ox, oy, h, w, zoom, i => FromColormap(Inferno, data[i] / m));
    }

    /// <summary>
    /// Grad-CAM overlay: the digit in gray (<paramref name="digit"/> scaled to [0, 1] by its own range) with a
    /// red-to-yellow heat laid over it, opaque in proportion to t = <paramref name="map"/>/max (up to 80%): where the
    /// map is 0 the digit shows unchanged, where it peaks the pixel is mostly yellow.
    /// </summary>
    public void Overlay(int ox, int oy, ReadOnlySpan<double> digit, ReadOnlySpan<double> map, int h, int w, int zoom)
    {
        var d = digit.ToArray();
        var m = map.ToArray();
        double lo = d.Min(), hi = d.Max(), range = hi > lo ? hi - lo : 1, max = m.Max() > 0 ? m.Max() : 1;
        Paint(ox, oy, h, w, zoom, i =>
        {
            byte g = (byte)Math.Round(Math.Clamp((d[i] - lo) / range, 0, 1) * 255);
            double t = Math.Clamp(m[i] / max, 0, 1);
            return new Rgb(g, g, g).Lerp(HeatLow.Lerp(HeatHigh, t), 0.8 * t);
        });
    }

    /// <summary>Ends of the overlay's heat scale: deep red at low values, yellow at the map's maximum.</summary>
    private static readonly Rgb HeatLow = new(200, 0, 0), HeatHigh = new(255, 235, 0);

    /// <summary>Population variance of the luminance (Rec. 709 weights, 0–255) over a rectangle of an image.</summary>
    public static double Variance(Image image, (int X, int Y, int W, int H) rect)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int y = rect.Y; y < rect.Y + rect.H; y++)
            for (int x = rect.X; x < rect.X + rect.W; x++)
            {
                var p = image.GetPixel(x, y);
                double l = 0.2126 * p.R + 0.7152 * p.G + 0.0722 * p.B;
                sum += l; sumSq += l * l; n++;
            }
        if (n == 0) return 0;
        double mean = sum / n;
        return Math.Max(0, sumSq / n - mean * mean);
    }

    /// <summary>Luminance variance over the union of all painted tiles (margins excluded).</summary>
    public double ContentVariance()
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        foreach (var (tx, ty, tw, th) in tiles)
            for (int y = ty; y < ty + th; y++)
                for (int x = tx; x < tx + tw; x++)
                {
                    var p = Image.GetPixel(x, y);
                    double l = 0.2126 * p.R + 0.7152 * p.G + 0.0722 * p.B;
                    sum += l; sumSq += l * l; n++;
                }
        if (n == 0) return 0;
        double mean = sum / n;
        return Math.Max(0, sumSq / n - mean * mean);
    }
}
