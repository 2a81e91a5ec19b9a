namespace Glassbox.Data.Transforms;

/// <summary>
/// Random crop with zero padding (<c>torchvision.transforms.RandomCrop(size, padding)</c>), drawn independently
/// per image of a batch [N, C, H, W]: the image is padded by <c>padding</c> zeros on every side, then a
/// size_h × size_w window at a uniform random offset is kept:
/// y[n, c, i, j] = x[n, c, top + i − p, left + j − p] (0 outside x), top ∈ [0, H + 2p − size_h], left ∈ [0, W + 2p − size_w].
/// </summary>
/// <remarks>
/// The offsets are drawn from the transform's <see cref="Generator"/> in image order, top then left, so a seed
/// fixes the crops. No padded copy is materialised: each output row copies the overlapping span of one input row.
/// </remarks>
public sealed class RandomCrop : ITransform
{
    private readonly int height, width, padding;
    private readonly Generator generator;

    /// <summary>Square crops of <paramref name="size"/> after padding by <paramref name="padding"/> zeros.</summary>
    public RandomCrop(int size, int padding = 0, Generator? generator = null) : this(size, size, padding, generator) { }

    /// <summary>Crops of <paramref name="height"/> × <paramref name="width"/> after zero padding.</summary>
    public RandomCrop(int height, int width, int padding, Generator? generator = null)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"RandomCrop: size must be positive, got {height}×{width}");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"RandomCrop: padding must be non-negative, got {padding}");
        this.height = height; this.width = width; this.padding = padding;
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>The generator that draws crop offsets.</summary>
    public Generator Generator => generator;

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        TransformChecks.Image4D(x, "RandomCrop");
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        int rangeY = h + 2 * padding - height, rangeX = w + 2 * padding - width;
        if (rangeY < 0 || rangeX < 0)
            throw new ArgumentException($"RandomCrop: crop {height}×{width} is larger than the padded image {h + 2 * padding}×{w + 2 * padding} (input shape {ShapeUtil.Format(x.shape)}, padding {padding})");
        var offsets = new (int Top, int Left)[n];
        for (int i = 0; i < n; i++) offsets[i] = (generator.NextInt(rangeY + 1), generator.NextInt(rangeX + 1));
        var src = x.ContiguousRaw();
        var y = new Tensor([n, c, height, width], x.DType);
        if (x.DType == DType.Float32) Crop<float>(y, src, offsets); else Crop<double>(y, src, offsets);
        return y;
    }

    private void Crop<T>(Tensor y, Tensor x, (int Top, int Left)[] offsets)
    {
        int c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var s = x.Data<T>(); int so = x.Offset;
        var d = y.Data<T>(); // fresh, zero-filled: the padding needs no writes
        for (int n = 0; n < offsets.Length; n++)
        {
            var (top, left) = offsets[n];
            // Output column j reads input column j + left − p; keep the j where that lies in [0, w).
            int j0 = Math.Max(0, padding - left), j1 = Math.Min(width, w + padding - left);
            for (int ch = 0; ch < c; ch++)
            {
                int srcPlane = so + (n * c + ch) * h * w, dstPlane = (n * c + ch) * height * width;
                for (int i = 0; i < height; i++)
                {
                    int r = top + i - padding;
                    if (r < 0 || r >= h || j1 <= j0) continue;
                    s.AsSpan(srcPlane + r * w + j0 + left - padding, j1 - j0).CopyTo(d.AsSpan(dstPlane + i * width + j0, j1 - j0));
                }
            }
        }
    }
}
