namespace Glassbox.Plotting;

/// <summary>
/// A picture of a segmentation model at work: one column per image, a first row with the input in grey, a second
/// with the true mask, then one row per prediction in which every pixel is coloured by its outcome — correct
/// foreground white, correct background black, false positives red, missed foreground (false negatives) cyan — and
/// a label at the left of each row.
/// </summary>
/// <remarks>
/// Outcome colours say more than a bare predicted mask: a mask that looks right can hide a halo of red pixels or a
/// missing stroke that the eye does not find by comparing two black-and-white tiles. Pixels are painted as exact
/// zoom × zoom blocks (no resampling), like <see cref="ImageGrid"/>; only the row labels use SkiaSharp's text.
/// </remarks>
public static class SegmentationGrid
{
    /// <summary>Colour of a false-positive pixel (predicted foreground, truly background).</summary>
    public static Rgb FalsePositive => new(230, 40, 40);

    /// <summary>Colour of a false-negative pixel (true foreground that was missed).</summary>
    public static Rgb FalseNegative => new(0, 200, 230);

    /// <summary>
    /// Renders <paramref name="images"/> (float [N, H, W], each tile min-max scaled to grey), the true binary masks
    /// <paramref name="truth"/> (int64 [N, H, W], non-zero is foreground) and each predicted mask set in
    /// <paramref name="predictions"/> (int64 [N, H, W], labelled by the string shown at the left of its row).
    /// </summary>
    /// <exception cref="ArgumentException">A tensor's shape or dtype does not match the others.</exception>
    public static Image Render(Tensor images, Tensor truth, IReadOnlyList<(string Label, Tensor Masks)> predictions, int zoom = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        if (images.NDim != 3 || truth.NDim != 3 || truth.DType != DType.Int64 || !images.ShapeToArray().SequenceEqual(truth.ShapeToArray()))
            throw new ArgumentException($"SegmentationGrid.Render: expected images [N, H, W] and int64 masks of the same shape, got {Fmt(images)} and {truth.DType.TorchName()} {Fmt(truth)}");
        foreach (var (label, m) in predictions)
            if (m.DType != DType.Int64 || !m.ShapeToArray().SequenceEqual(truth.ShapeToArray()))
                throw new ArgumentException($"SegmentationGrid.Render: prediction '{label}' must be int64 {Fmt(truth)}, got {m.DType.TorchName()} {Fmt(m)}");
        if (zoom < 1) throw new ArgumentOutOfRangeException(nameof(zoom), $"SegmentationGrid.Render: zoom must be positive, got {zoom}");

        int n = images.Size(0), h = images.Size(1), w = images.Size(2), pad = 4, labelWidth = 110;
        int cw = w * zoom + pad, ch = h * zoom + pad, rows = 2 + predictions.Count;
        var img = new Image(labelWidth + n * cw + pad, rows * ch + pad, Rgb.White);
        var x = images.ToDoubleArray();
        var t = truth.ToArray<long>();
        var p = predictions.Select(q => q.Masks.ToArray<long>()).ToArray();
        int plane = h * w;
        for (int k = 0; k < n; k++)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < plane; i++) { lo = Math.Min(lo, x[k * plane + i]); hi = Math.Max(hi, x[k * plane + i]); }
            double range = hi > lo ? hi - lo : 1;
            int ox = labelWidth + k * cw + pad;
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                {
                    int at = k * plane + r * w + c;
                    byte g = (byte)Math.Clamp((x[at] - lo) / range * 255, 0, 255);
                    img.FillRect(ox + c * zoom, pad + r * zoom, zoom, zoom, new Rgb(g, g, g));
                    img.FillRect(ox + c * zoom, pad + ch + r * zoom, zoom, zoom, t[at] != 0 ? Rgb.White : Rgb.Black);
                    for (int q = 0; q < p.Length; q++)
                    {
                        bool truthFg = t[at] != 0, predFg = p[q][at] != 0;
                        var colour = truthFg ? (predFg ? Rgb.White : FalseNegative) : (predFg ? FalsePositive : Rgb.Black);
                        img.FillRect(ox + c * zoom, pad + (2 + q) * ch + r * zoom, zoom, zoom, colour);
                    }
                }
        }
        var labels = new List<string> { "input", "true mask" };
        labels.AddRange(predictions.Select(q => q.Label));
        ImageText.Draw(img, labels.Select((label, r) => (label, 6f, (float)(pad + r * ch + h * zoom / 2 + 5))), 13);
        return img;
    }

    private static string Fmt(Tensor t) => "[" + string.Join(", ", t.ShapeToArray()) + "]";
}
