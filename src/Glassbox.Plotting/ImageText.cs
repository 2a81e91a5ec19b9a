using SkiaSharp;

namespace Glassbox.Plotting;

/// <summary>
/// Draws text labels onto a pixel-exact <see cref="Image"/> (grids of digits, segmentation rows): the one place where
/// those pictures need SkiaSharp, for glyph rendering.
/// </summary>
/// <remarks>
/// The image is copied into a Skia bitmap, the labels are drawn with anti-aliasing, and the pixels are copied back.
/// Tiles themselves are never drawn through Skia, so their pixels stay exact zoom × zoom blocks.
/// </remarks>
internal static class ImageText
{
    /// <summary>Writes each label, left-aligned, with its baseline at (X, Y), in black sans-serif of <paramref name="size"/> px.</summary>
    public static void Draw(Image img, IEnumerable<(string Text, float X, float Y)> labels, float size)
    {
        var info = new SKImageInfo(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        for (int y = 0; y < img.Height; y++)
            for (int x = 0; x < img.Width; x++)
            {
                var c = img.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(c.R, c.G, c.B));
            }
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(SKTypeface.FromFamilyName(Chart.SansFamily) ?? SKTypeface.Default, size))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            foreach (var (text, x, y) in labels)
                canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
        for (int y = 0; y < img.Height; y++)
            for (int x = 0; x < img.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                img.SetPixel(x, y, new Rgb(c.Red, c.Green, c.Blue));
            }
    }
}
