namespace Glassbox.Data.Transforms;

/// <summary>
/// Cutout (DeVries &amp; Taylor, 2017): in every image of a batch [N, C, H, W], one (or <c>holes</c>) square of side
/// <c>size</c> centred on a uniformly random pixel is set to a constant in all channels, clipped where it runs off
/// the image.
/// </summary>
/// <remarks>
/// <para>Per image, in image order, per hole: centre row cy ~ U{0…H−1}, then centre column cx ~ U{0…W−1} from
/// <see cref="Generator"/>; the hole covers rows [cy − ⌊size/2⌋, cy − ⌊size/2⌋ + size) and the same for columns,
/// intersected with the image. The centre may lie anywhere, so holes near a border are partly outside — the paper
/// found that this matters (some images keep most of their content). For even sizes this is the reference code's
/// hole exactly; for odd sizes the reference code's hole is one pixel smaller (it spans cy ± ⌊size/2⌋, exclusive of
/// the upper end), while here it is exactly size × size when inside the image.</para>
/// <para>The paper applies Cutout after normalisation, so the default fill 0 is the dataset mean; use the CIFAR
/// recipe <c>size: 16</c> on 32×32 CIFAR-10 (8 for CIFAR-100).</para>
/// </remarks>
public sealed class Cutout : ITransform
{
    private readonly int size, holes;
    private readonly double value;
    private readonly Generator generator;

    /// <summary>Cuts <paramref name="holes"/> squares of side <paramref name="size"/> filled with <paramref name="value"/>.</summary>
    public Cutout(int size, int holes = 1, double value = 0, Generator? generator = null)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"Cutout: size must be positive, got {size}");
        if (holes < 0) throw new ArgumentOutOfRangeException(nameof(holes), $"Cutout: holes must be non-negative, got {holes}");
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), $"Cutout: value must be finite, got {value}");
        this.size = size; this.holes = holes; this.value = value;
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>The generator that draws the hole centres.</summary>
    public Generator Generator => generator;

    /// <summary>Side of each hole in pixels.</summary>
    public int Size => size;

    /// <summary>Draws one hole for an H × W image: its clipped row range [Top, Bottom) and column range [Left, Right).</summary>
    public (int Top, int Bottom, int Left, int Right) Draw(int h, int w)
    {
        int cy = generator.NextInt(h), cx = generator.NextInt(w);
        int top = cy - size / 2, left = cx - size / 2;
        return (Math.Max(top, 0), Math.Min(top + size, h), Math.Max(left, 0), Math.Min(left + size, w));
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        TransformChecks.Image4D(x, "Cutout");
        int h = x.shape[2], w = x.shape[3];
        if ((h == 0 || w == 0) && holes > 0 && x.shape[0] > 0)
            throw new ArgumentException($"Cutout: cannot place a hole in empty images, got shape {ShapeUtil.Format(x.shape)}");
        var y = x.CopyRaw(); // fresh contiguous copy, outside autograd
        if (x.DType == DType.Float32) Cut(y.Span<float>(), (float)value, x.shape); else Cut(y.Span<double>(), value, x.shape);
        return y;
    }

    private void Cut<T>(Span<T> d, T fill, int[] shape)
    {
        int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
        for (int b = 0; b < n; b++)
            for (int k = 0; k < holes; k++)
            {
                var (top, bottom, left, right) = Draw(h, w);
                for (int ch = 0; ch < c; ch++)
                    for (int i = top; i < bottom; i++)
                        d.Slice(((b * c + ch) * h + i) * w + left, right - left).Fill(fill);
            }
    }
}
