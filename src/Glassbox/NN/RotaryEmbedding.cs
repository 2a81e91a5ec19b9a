using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.NN;

/// <summary>
/// Rotary position embedding, RoPE (Su et al., 2021, "RoFormer"): rotates each query/key vector by angles proportional
/// to its position, so that the dot product of a query at position m with a key at position n depends on the content
/// and on m − n only. Applied to q and k (not v) after the head split, shape [..., T, d] with d even.
/// </summary>
/// <remarks>
/// <para><b>Convention: "rotate half"</b> (GPT-NeoX, LLaMA, Hugging Face): dimension i is paired with i + d/2 (not with
/// i + 1 as in the paper's interleaved form — the two are the same rotation up to a fixed permutation of the
/// dimensions, but weights trained with one convention do not work with the other). With θ_i = base^(−2i/d) for
/// i = 0..d/2−1 and angle a = t·θ_i at position t:
/// <code>
/// out[i]       = x[i]·cos a − x[i + d/2]·sin a
/// out[i + d/2] = x[i + d/2]·cos a + x[i]·sin a
/// </code>
/// i.e. the complex number z_i = x[i] + i·x[i + d/2] is multiplied by e^(i·a), which is why
/// ⟨R_m q, R_n k⟩ = Re Σ_i q̃_i·conj(k̃_i)·e^(i(m − n)θ_i) depends on m − n only.</para>
/// <para>The angles are computed in float64 and rounded once to the tensor's dtype (PyTorch implementations usually
/// form t·θ in float32, which loses digits at long positions). The backward of a rotation is the rotation by −a, so
/// the op's gradient is itself (with sin negated) — cheap and exactly orthogonal. No parameters; the inverse
/// frequencies are a non-persistent buffer <c>inv_freq</c> [d/2].</para>
/// </remarks>
public sealed class RotaryEmbedding : Module<Tensor, Tensor>
{
    private readonly double[] invFreq;

    /// <summary>Rotary embedding over the last <paramref name="dim"/> features (even), frequencies base^(−2i/dim).</summary>
    public RotaryEmbedding(int dim, double @base = 10000.0, DType dtype = DType.Float32)
    {
        if (dim <= 0 || dim % 2 != 0) throw new ArgumentException($"RotaryEmbedding: dim must be positive and even, got {dim}");
        if (!(@base > 0)) throw new ArgumentOutOfRangeException(nameof(@base), $"RotaryEmbedding: base must be positive, got {@base}");
        (Dim, Base) = (dim, @base);
        invFreq = new double[dim / 2];
        for (int i = 0; i < invFreq.Length; i++) invFreq[i] = Math.Pow(@base, -2.0 * i / dim);
        RegisterBuffer("inv_freq", Tensor.FromArray(invFreq, dim / 2).To(dtype), persistent: false);
    }

    /// <summary>Rotated width d.</summary>
    public int Dim { get; }
    /// <summary>Frequency base (10000 in the paper).</summary>
    public double Base { get; }

    /// <summary>Rotates x [..., T, d] for positions 0..T−1.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, 0);

    /// <summary>Rotates x [..., T, d] for positions offset..offset+T−1 (step-by-step decoding with a cache).</summary>
    /// <exception cref="ArgumentException">The last dim is not d, or the input is not floating point.</exception>
    public Tensor Forward(Tensor input, int offset)
    {
        if (input.NDim < 2 || input.Shape[^1] != Dim)
            throw new ArgumentException($"RotaryEmbedding: expected input [..., T, {Dim}], got {ShapeUtil.Format(input.ShapeArray)}");
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), $"RotaryEmbedding: offset must be non-negative, got {offset}");
        input.RequireFloat("RotaryEmbedding");
        int t = input.Shape[^2], h = Dim / 2;
        var cos = new double[t * h];
        var sin = new double[t * h];
        for (int p = 0; p < t; p++)
            for (int i = 0; i < h; i++)
            {
                double a = (double)(p + offset) * invFreq[i];
                cos[p * h + i] = Math.Cos(a);
                sin[p * h + i] = Math.Sin(a);
            }
        return Rotate(input, cos, sin, inverse: false);
    }

    /// <summary>The rotation as one autograd op; its backward is the inverse rotation (itself differentiable).</summary>
    private static Tensor Rotate(Tensor x, double[] cos, double[] sin, bool inverse)
    {
        var xc = x.ContiguousRaw();
        var y = new Tensor(x.ShapeToArray(), x.DType);
        int t = x.Shape[^2], d = x.Shape[^1];
        if (x.DType == DType.Float32) Kernel(xc.Data<float>().AsSpan(xc.Offset, xc.Numel), y.Data<float>(), Cast<float>(cos), Cast<float>(sin), t, d, inverse);
        else Kernel(xc.Data<double>().AsSpan(xc.Offset, xc.Numel), y.Data<double>(), cos, sin, t, d, inverse);
        return Tensor.Record(y, "rotary_embedding", [x], g => [Rotate(g, cos, sin, !inverse)]);
    }

    private static T[] Cast<T>(double[] a) where T : INumberBase<T> => Array.ConvertAll(a, T.CreateTruncating);

    private static void Kernel<T>(ReadOnlySpan<T> x, Span<T> y, T[] cos, T[] sin, int t, int d, bool inverse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = d / 2, rows = x.Length / d;
        for (int r = 0; r < rows; r++)
        {
            int p = r % t;
            ReadOnlySpan<T> c = cos.AsSpan(p * h, h), s = sin.AsSpan(p * h, h);
            ReadOnlySpan<T> x1 = x.Slice(r * d, h), x2 = x.Slice(r * d + h, h);
            Span<T> y1 = y.Slice(r * d, h), y2 = y.Slice(r * d + h, h);
            // y1 = x1·cos ∓ x2·sin, y2 = x2·cos ± x1·sin (upper signs: forward rotation; lower: its inverse).
            TensorPrimitives.Multiply(x2, s, y1);
            if (!inverse) TensorPrimitives.Negate(y1, y1);
            TensorPrimitives.MultiplyAdd(x1, c, y1, y1);
            TensorPrimitives.Multiply(x1, s, y2);
            if (inverse) TensorPrimitives.Negate(y2, y2);
            TensorPrimitives.MultiplyAdd(x2, c, y2, y2);
        }
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}, base={PyFormat.Float(Base)}";
}
