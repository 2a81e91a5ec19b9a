namespace Glassbox.Data.Transforms;

/// <summary>
/// Random erasing (Zhong et al., 2017; <c>torchvision.transforms.RandomErasing</c>): with probability p per image
/// of a batch [N, C, H, W], one rectangle of random area and aspect ratio is overwritten with a constant (per
/// channel) or with standard normal noise.
/// </summary>
/// <remarks>
/// <para>Per image, in image order, from <see cref="Generator"/>: u = uniform draw, erase when u &lt; p. Then up to
/// 10 attempts, each drawing s ~ U(scale) and log r ~ U(log ratio.Min, log ratio.Max), giving
/// h = round(√(s·H·W·r)), w = round(√(s·H·W / r)) (round half to even, as Python's <c>round</c>); the first attempt
/// with h &lt; H and w &lt; W wins, and its top-left corner is i ~ U{0…H−h}, j ~ U{0…W−w} (top first). With
/// random values the C·h·w normal draws come after the corner. When all 10 attempts fail the image is left as
/// it is, as torchvision does. The rectangle is the same for every channel.</para>
/// <para>torchvision applies it to a normalised tensor, so value 0 is the dataset mean; apply it after
/// <see cref="Normalize"/> for the same effect. An h of 0 (tiny images or scales) erases nothing.</para>
/// </remarks>
public sealed class RandomErasing : ITransform
{
    private const int Attempts = 10;
    private readonly double p;
    private readonly (double Min, double Max) scale, ratio;
    private readonly double[]? value;
    private readonly Generator generator;

    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability of erasing each image, in [0, 1] (torchvision default 0.5).</param>
    /// <param name="scale">Range of the erased area as a fraction of H·W, 0 ≤ Min ≤ Max ≤ 1 (default (0.02, 0.33)).</param>
    /// <param name="ratio">Range of the aspect ratio h/w, 0 &lt; Min ≤ Max (default (0.3, 3.3)); drawn log-uniformly.</param>
    /// <param name="value">The fill: one value for all channels or one per channel (default 0); null for standard
    /// normal noise (torchvision's <c>value='random'</c>).</param>
    /// <param name="generator">Source of the draws; <see cref="Generator.Default"/> when null.</param>
    public RandomErasing(double p = 0.5, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null,
        double[]? value = null, Generator? generator = null)
        : this(p, scale, ratio, value ?? [0.0], random: false, generator) { }

    private RandomErasing(double p, (double Min, double Max)? scale, (double Min, double Max)? ratio, double[]? value, bool random, Generator? generator)
    {
        var s = scale ?? (0.02, 0.33);
        var r = ratio ?? (0.3, 3.3);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"RandomErasing: p must be in [0, 1], got {p}");
        if (!(s.Min >= 0 && s.Min <= s.Max && s.Max <= 1))
            throw new ArgumentOutOfRangeException(nameof(scale), $"RandomErasing: scale must satisfy 0 ≤ min ≤ max ≤ 1, got ({s.Min}, {s.Max})");
        if (!(r.Min > 0 && r.Min <= r.Max && double.IsFinite(r.Max)))
            throw new ArgumentOutOfRangeException(nameof(ratio), $"RandomErasing: ratio must satisfy 0 < min ≤ max < ∞, got ({r.Min}, {r.Max})");
        if (!random)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length == 0) throw new ArgumentException("RandomErasing: value needs one entry, or one per channel", nameof(value));
        }
        this.p = p; this.scale = s; this.ratio = r;
        this.value = random ? null : (double[])value!.Clone();
        this.generator = generator ?? Generator.Default;
    }

    /// <summary>Random erasing that fills with standard normal noise (torchvision's <c>value='random'</c>).</summary>
    public static RandomErasing WithNoise(double p = 0.5, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null, Generator? generator = null)
        => new(p, scale, ratio, null, random: true, generator);

    /// <summary>The generator that draws the decisions and rectangles.</summary>
    public Generator Generator => generator;

    /// <summary>The fill values (one, or one per channel), or null for normal noise.</summary>
    public IReadOnlyList<double>? Value => value;

    /// <summary>
    /// Draws the rectangle for one H × W image as documented, or null when the image is not erased (u ≥ p, or
    /// every attempt was too large).
    /// </summary>
    public (int Top, int Left, int Height, int Width)? Draw(int h, int w)
    {
        if (!(generator.NextDouble() < p)) return null;
        double area = (double)h * w, logMin = Math.Log(ratio.Min), logMax = Math.Log(ratio.Max);
        for (int a = 0; a < Attempts; a++)
        {
            double target = area * (scale.Min + (scale.Max - scale.Min) * generator.NextDouble());
            double aspect = Math.Exp(logMin + (logMax - logMin) * generator.NextDouble());
            int eh = (int)Math.Round(Math.Sqrt(target * aspect), MidpointRounding.ToEven);
            int ew = (int)Math.Round(Math.Sqrt(target / aspect), MidpointRounding.ToEven);
            if (!(eh < h && ew < w)) continue;
            int top = generator.NextInt(h - eh + 1), left = generator.NextInt(w - ew + 1);
            return (top, left, eh, ew);
        }
        return null;
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor x)
    {
        TransformChecks.Image4D(x, "RandomErasing");
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        if (value is not null && value.Length != 1 && value.Length != c)
            throw new ArgumentException($"RandomErasing: {value.Length} fill values for input shape {ShapeUtil.Format(x.shape)} with {c} channels; give one value or one per channel");
        var y = x.CopyRaw(); // fresh contiguous copy, outside autograd
        if (x.DType == DType.Float32) Erase<float>(y, n, c, h, w); else Erase<double>(y, n, c, h, w);
        return y;
    }

    private void Erase<T>(Tensor y, int n, int c, int h, int w) where T : unmanaged, System.Numerics.IFloatingPoint<T>
    {
        var d = y.Span<T>();
        for (int b = 0; b < n; b++)
        {
            if (Draw(h, w) is not var (top, left, eh, ew)) continue;
            for (int ch = 0; ch < c; ch++)
            {
                T fill = value is null ? default : T.CreateChecked(value[value.Length == 1 ? 0 : ch]);
                for (int i = 0; i < eh; i++)
                {
                    var row = d.Slice(((b * c + ch) * h + top + i) * w + left, ew);
                    if (value is not null) { row.Fill(fill); continue; }
                    for (int j = 0; j < ew; j++) row[j] = T.CreateChecked(generator.NextNormal());
                }
            }
        }
    }
}
