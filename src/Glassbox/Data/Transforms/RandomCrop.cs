namespace Glassbox.Data.Transforms;

/// <summary>
/// Random crop with padding (<c>torchvision.transforms.RandomCrop(size, padding, padding_mode)</c>), drawn
/// independently per image of a batch [N, C, H, W]: the image is padded by <c>padding</c> on every side (zeros by
/// default, or mirrored / replicated edges, see <see cref="CropPadding"/>), then a size_h × size_w window at a
/// uniform random offset is kept: y[n, c, i, j] = xp[n, c, top + i, left + j] where xp is the padded image,
/// top ∈ [0, H + 2p − size_h], left ∈ [0, W + 2p − size_w].
/// </summary>
/// <remarks>
/// <para>The offsets are drawn from the transform's <see cref="Generator"/> in image order, top then left, so a seed
/// fixes the crops. No padded copy is materialised: each output row copies the span of one input row that overlaps
/// the window, and only the few border columns are filled one by one (zeros need no writes at all, the output being
/// fresh). The CIFAR recipe is <c>new RandomCrop(32, padding: 4)</c>: a shift of up to 4 pixels each way.</para>
/// </remarks>
public sealed class RandomCrop : ITransform
{
    private readonly int height, width, padding;
    private readonly CropPadding mode;
    private readonly Generator generator;

    /// <summary>Square crops of <paramref name="size"/> after padding by <paramref name="padding"/> (zeros unless <paramref name="mode"/> says otherwise).</summary>
    public RandomCrop(int size, int padding = 0, Generator? generator = null, CropPadding mode = CropPadding.Zeros)
        : this(size, size, padding, generator, mode) { }

    /// <summary>Crops of <paramref name="height"/> × <paramref name="width"/> after padding by <paramref name="padding"/> filled as <paramref name="mode"/> says.</summary>
    public RandomCrop(int height, int width, int padding, Generator? generator = null, CropPadding mode = CropPadding.Zeros)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"RandomCrop: size must be positive, got {height}×{width}");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"RandomCrop: padding must be non-negative, got {padding}");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), $"RandomCrop: unknown padding mode {(int)mode}");
        this.height = height; this.width = width; this.padding = padding; this.mode = mode;
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>How the padded border is filled.</summary>
    public CropPadding Mode => mode;

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
        if (mode == CropPadding.Reflect && padding > 0 && (padding >= h || padding >= w))
            throw new ArgumentException($"RandomCrop: reflect padding {padding} needs images larger than the padding in both dimensions, got shape {ShapeUtil.Format(x.shape)}");
        if (mode == CropPadding.Replicate && padding > 0 && (h == 0 || w == 0))
            throw new ArgumentException($"RandomCrop: replicate padding of empty images is undefined, got shape {ShapeUtil.Format(x.shape)}");
        var offsets = new (int Top, int Left)[n];
        for (int i = 0; i < n; i++) offsets[i] = (generator.NextInt(rangeY + 1), generator.NextInt(rangeX + 1));
        var src = x.ContiguousRaw();
        var y = new Tensor([n, c, height, width], x.DType);
        if (x.DType == DType.Float32) Crop<float>(y, src, offsets); else Crop<double>(y, src, offsets);
        return y;
    }

    /// <summary>
    /// Source index of padded position <paramref name="q"/> (may be negative or ≥ <paramref name="size"/>) in a row or
    /// column of length <paramref name="size"/>, or −1 for a zero.
    /// </summary>
    internal static int SourceIndex(int q, int size, CropPadding mode)
    {
        if (q >= 0 && q < size) return q;
        return mode switch
        {
            CropPadding.Reflect => q < 0 ? -q : 2 * (size - 1) - q,
            CropPadding.Replicate => q < 0 ? 0 : size - 1,
            _ => -1,
        };
    }

    private void Crop<T>(Tensor y, Tensor x, (int Top, int Left)[] offsets)
    {
        int c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var s = x.Data<T>(); int so = x.Offset;
        var d = y.Data<T>(); // fresh, zero-filled: zero padding needs no writes
        var cols = new int[width];
        for (int n = 0; n < offsets.Length; n++)
        {
            var (top, left) = offsets[n];
            // Output column j reads input column j + left − p; [j0, j1) is where that lies inside the row (a
            // contiguous copy), the columns outside it are the border, read through SourceIndex.
            int j0 = Math.Clamp(padding - left, 0, width), j1 = Math.Clamp(w + padding - left, j0, width);
            for (int j = 0; j < width; j++) cols[j] = SourceIndex(j + left - padding, w, mode);
            for (int ch = 0; ch < c; ch++)
            {
                int srcPlane = so + (n * c + ch) * h * w, dstPlane = (n * c + ch) * height * width;
                for (int i = 0; i < height; i++)
                {
                    int r = SourceIndex(top + i - padding, h, mode);
                    if (r < 0) continue;
                    var srcRow = s.AsSpan(srcPlane + r * w, w);
                    var dstRow = d.AsSpan(dstPlane + i * width, width);
                    if (j1 > j0) srcRow.Slice(j0 + left - padding, j1 - j0).CopyTo(dstRow.Slice(j0, j1 - j0));
                    if (mode == CropPadding.Zeros) continue;
                    for (int j = 0; j < j0; j++) dstRow[j] = srcRow[cols[j]];
                    for (int j = j1; j < width; j++) dstRow[j] = srcRow[cols[j]];
                }
            }
        }
    }
}
