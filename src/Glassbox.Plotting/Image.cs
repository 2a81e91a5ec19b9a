namespace Glassbox.Plotting;

/// <summary>
/// A mutable RGB raster, 8 bits per channel, stored row-major from the top-left corner: pixel (x, y) occupies bytes
/// 3·(y·width + x) … +2 of <see cref="Pixels"/> as R, G, B — the layout <see cref="PngWriter"/> expects.
/// </summary>
public sealed class Image
{
    /// <summary>Creates a width × height image filled with <paramref name="background"/> (white when null).</summary>
    public Image(int width, int height, Rgb? background = null)
    {
        PngWriter.CheckSize(width, height, "Image");
        Width = width;
        Height = height;
        Pixels = new byte[checked(3 * width * height)];
        Clear(background ?? Rgb.White);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The raw interleaved RGB bytes, length 3·width·height.</summary>
    public byte[] Pixels { get; }

    /// <summary>Fills the whole image with <paramref name="color"/>.</summary>
    public void Clear(Rgb color) => FillRect(0, 0, Width, Height, color);

    /// <summary>True when (x, y) lies inside the image.</summary>
    public bool Contains(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height;

    /// <summary>Sets pixel (x, y), with x to the right and y downwards; throws outside the image.</summary>
    public void SetPixel(int x, int y, Rgb color)
    {
        if (!Contains(x, y))
            throw new ArgumentOutOfRangeException(nameof(x), $"SetPixel: ({x}, {y}) is outside the {Width}x{Height} image");
        int i = 3 * (y * Width + x);
        Pixels[i] = color.R; Pixels[i + 1] = color.G; Pixels[i + 2] = color.B;
    }

    /// <summary>Reads pixel (x, y); throws outside the image.</summary>
    public Rgb GetPixel(int x, int y)
    {
        if (!Contains(x, y))
            throw new ArgumentOutOfRangeException(nameof(x), $"GetPixel: ({x}, {y}) is outside the {Width}x{Height} image");
        int i = 3 * (y * Width + x);
        return new(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>
    /// Fills the w × h rectangle whose top-left corner is (x, y). The part outside the image is clipped away, so
    /// shapes may hang over the border.
    /// </summary>
    public void FillRect(int x, int y, int w, int h, Rgb color)
    {
        int x0 = Math.Max(x, 0), y0 = Math.Max(y, 0);
        int x1 = (int)Math.Min((long)x + w, Width), y1 = (int)Math.Min((long)y + h, Height);
        for (int row = y0; row < y1; row++)
            for (int col = x0; col < x1; col++)
            {
                int i = 3 * (row * Width + col);
                Pixels[i] = color.R; Pixels[i + 1] = color.G; Pixels[i + 2] = color.B;
            }
    }

    /// <summary>
    /// Fills the disc of pixels whose centres lie within <paramref name="radius"/> of (cx, cy), clipped to the image.
    /// </summary>
    public void FillCircle(double cx, double cy, double radius, Rgb color)
    {
        int y0 = Math.Max(0, (int)Math.Floor(cy - radius)), y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + radius));
        int x0 = Math.Max(0, (int)Math.Floor(cx - radius)), x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + radius));
        double r2 = radius * radius;
        for (int py = y0; py <= y1; py++)
            for (int px = x0; px <= x1; px++)
            {
                double dx = px + 0.5 - cx, dy = py + 0.5 - cy;
                if (dx * dx + dy * dy <= r2) SetPixel(px, py, color);
            }
    }

    /// <summary>Writes the image as a PNG file (see <see cref="PngWriter.Write"/>).</summary>
    public void Save(string path) => PngWriter.Write(path, Pixels, Width, Height);
}
