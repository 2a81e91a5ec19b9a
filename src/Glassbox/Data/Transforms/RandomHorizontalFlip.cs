namespace Glassbox.Data.Transforms;

/// <summary>
/// Mirrors each image of a batch [N, C, H, W] left–right with probability p, independently per image
/// (<c>torchvision.transforms.RandomHorizontalFlip</c>): y[n, c, i, j] = x[n, c, i, W − 1 − j] when flipped.
/// </summary>
/// <remarks>One uniform draw per image from <see cref="Generator"/>, in image order; flipped when u &lt; p.</remarks>
public sealed class RandomHorizontalFlip : ITransform
{
    private readonly double p;
    private readonly Generator generator;

    /// <summary>Flips with probability <paramref name="p"/> ∈ [0, 1].</summary>
    public RandomHorizontalFlip(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"RandomHorizontalFlip: p must be in [0, 1], got {p}");
        this.p = p;
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>The generator that decides the flips.</summary>
    public Generator Generator => generator;

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        TransformChecks.Image4D(x, "RandomHorizontalFlip");
        var flip = new bool[x.shape[0]];
        for (int i = 0; i < flip.Length; i++) flip[i] = generator.NextDouble() < p;
        var src = x.ContiguousRaw();
        var y = new Tensor((int[])x.shape.Clone(), x.DType);
        if (x.DType == DType.Float32) Flip<float>(y, src, flip); else Flip<double>(y, src, flip);
        return y;
    }

    private static void Flip<T>(Tensor y, Tensor x, bool[] flip)
    {
        int c = x.shape[1], h = x.shape[2], w = x.shape[3];
        int image = c * h * w;
        var s = x.Data<T>(); int so = x.Offset;
        var d = y.Data<T>();
        for (int n = 0; n < flip.Length; n++)
        {
            var srcImg = s.AsSpan(so + n * image, image);
            var dstImg = d.AsSpan(n * image, image);
            srcImg.CopyTo(dstImg);
            if (!flip[n]) continue;
            for (int row = 0; row < c * h; row++) dstImg.Slice(row * w, w).Reverse();
        }
    }
}
