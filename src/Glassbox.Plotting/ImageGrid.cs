namespace Glassbox.Plotting;

/// <summary>
/// Tiles many small grayscale images (digits, first-layer weights) into one PNG, each tile optionally framed in a
/// colour and captioned — e.g. misclassified digits framed red with "7>1" (true label, then prediction).
/// </summary>
/// <remarks>
/// A grid is a pixel-exact mosaic (each source pixel becomes a zoom × zoom block of one grey), which a plotting
/// library's resampled image would blur, so the tiles are painted directly into an <see cref="Image"/>; only the
/// captions are drawn with SkiaSharp's text rendering.
/// </remarks>
public static class ImageGrid
{
    /// <summary>
    /// Renders tiles of <paramref name="tiles"/> [N, H, W] (or [N, H·W] with <paramref name="tileHeight"/> given),
    /// each min-max normalised on its own unless <paramref name="sharedScale"/> is set, scaled up by
    /// <paramref name="zoom"/>, <paramref name="columns"/> per row.
    /// </summary>
    public static Image Render(Tensor tiles, int columns, int zoom = 2, string[]? captions = null, Rgb[]? frames = null,
        int? tileHeight = null, bool sharedScale = false)
    {
        int n = tiles.Size(0);
        int th = tiles.NDim == 3 ? tiles.Size(1) : tileHeight ?? (int)Math.Sqrt(tiles.Size(1));
        int tw = tiles.NDim == 3 ? tiles.Size(2) : tiles.Size(1) / th;
        if (th * tw != tiles.Numel / Math.Max(n, 1))
            throw new ArgumentException($"ImageGrid.Render: tiles of shape [{string.Join(", ", tiles.ShapeToArray())}] cannot be cut into {th}x{tw} images");
        var data = tiles.ToDoubleArray();
        int cols = Math.Max(1, Math.Min(columns, Math.Max(n, 1))), rows = (n + cols - 1) / cols;
        int caption = captions is null ? 0 : CaptionHeight, pad = 4;
        int cw = tw * zoom + 2 * pad, ch = th * zoom + 2 * pad + caption;
        var img = new Image(cols * cw, Math.Max(rows, 1) * ch, Rgb.White);
        double gmin = data.Length > 0 ? data.Min() : 0, gmax = data.Length > 0 ? data.Max() : 1;
        for (int i = 0; i < n; i++)
        {
            int ox = (i % cols) * cw + pad, oy = (i / cols) * ch + pad;
            var span = data.AsSpan(i * th * tw, th * tw);
            double lo = gmin, hi = gmax;
            if (!sharedScale) { lo = double.MaxValue; hi = double.MinValue; foreach (var v in span) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); } }
            double range = hi > lo ? hi - lo : 1;
            if (frames is not null) img.FillRect(ox - 2, oy - 2, tw * zoom + 4, th * zoom + 4, frames[i]);
            for (int r = 0; r < th; r++)
                for (int c = 0; c < tw; c++)
                {
                    byte g = (byte)Math.Clamp((span[r * tw + c] - lo) / range * 255, 0, 255);
                    img.FillRect(ox + c * zoom, oy + r * zoom, zoom, zoom, new Rgb(g, g, g));
                }
        }
        if (captions is not null) DrawCaptions(img, captions, n, cols, cw, ch, pad, th * zoom);
        return img;
    }

    /// <summary>Caption band height in pixels: room for 11 px text under each tile.</summary>
    private const int CaptionHeight = 14;

    /// <summary>Writes caption i under tile i, left-aligned with the tile, in black 11 px sans-serif.</summary>
    private static void DrawCaptions(Image img, string[] captions, int n, int cols, int cw, int ch, int pad, int tileH)
    {
        if (captions.Length < n)
            throw new ArgumentException($"ImageGrid.Render: {captions.Length} captions for {n} tiles", nameof(captions));
        ImageText.Draw(img, Enumerable.Range(0, n).Select(i =>
            (captions[i], (float)((i % cols) * cw + pad), (float)((i / cols) * ch + pad + tileH + CaptionHeight - 2))), 11);
    }
}
