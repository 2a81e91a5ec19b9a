using Glassbox.Plotting;
using SkiaSharp;

namespace Glassbox.Tests.Plotting;

/// <summary>Reads back what the ScottPlot-based charts drew: a PNG decoded with SkiaSharp, and colour queries on it.</summary>
internal static class PlotPixels
{
    /// <summary>Decodes a PNG file (any filter/colour type) into an <see cref="Image"/>, compositing alpha on white.</summary>
    public static Image Decode(string path)
    {
        using var bmp = SKBitmap.Decode(path);
        Assert.NotNull(bmp);
        var img = new Image(bmp.Width, bmp.Height);
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                byte Over(byte v) => (byte)Math.Round((v * c.Alpha + 255 * (255 - c.Alpha)) / 255.0);
                img.SetPixel(x, y, new Rgb(Over(c.Red), Over(c.Green), Over(c.Blue)));
            }
        return img;
    }

    /// <summary>The distinct colours inside the rectangle [x0, x1) × [y0, y1) (the whole image by default).</summary>
    public static HashSet<Rgb> Colours(Image img, int x0 = 0, int y0 = 0, int x1 = int.MaxValue, int y1 = int.MaxValue)
    {
        var set = new HashSet<Rgb>();
        for (int y = Math.Max(0, y0); y < Math.Min(img.Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(img.Width, x1); x++) set.Add(img.GetPixel(x, y));
        return set;
    }

    /// <summary>How many pixels of exactly <paramref name="colour"/> lie in the rectangle [x0, x1) × [y0, y1).</summary>
    public static int Count(Image img, Rgb colour, int x0 = 0, int y0 = 0, int x1 = int.MaxValue, int y1 = int.MaxValue)
    {
        int n = 0;
        for (int y = Math.Max(0, y0); y < Math.Min(img.Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(img.Width, x1); x++) if (img.GetPixel(x, y) == colour) n++;
        return n;
    }

    /// <summary>Our colour from a ScottPlot colour (alpha ignored).</summary>
    public static Rgb Of(ScottPlot.Color c) => new(c.R, c.G, c.B);
}
