namespace Glassbox.NN;

/// <summary>
/// The fixed sinusoidal position code of Vaswani et al. (2017, §3.5), added to a [..., T, d] input:
/// PE[t, 2i] = sin(t·ω_i), PE[t, 2i + 1] = cos(t·ω_i), with ω_i = 10000^(−2i/d).
/// </summary>
/// <remarks>
/// <para><b>Why sines.</b> The frequencies form a geometric series from 1 to 1/10000 radians per step, so the code
/// tells positions apart at every scale, like the digits of a clock with 2/d hands. For each pair (2i, 2i + 1) the
/// code at t + k is the code at t rotated by the angle k·ω_i — a fixed linear map that depends on the offset k but not
/// on t — which is what lets attention express "the token k places back" with a linear projection. It has no
/// parameters and works for any length up to <see cref="MaxLength"/> (the table is precomputed).</para>
/// <para>Layout: the input's last two dims are [T, d] ([N, T, d] batch-first or unbatched [T, d]); for a
/// sequence-first [T, N, d] input add <c>Encoding(T).Unsqueeze(1)</c> yourself. The table is a non-persistent buffer
/// <c>pe</c> [maxLength, d] (not in the state dict: it is a function of the constructor arguments). PyTorch has no such
/// module; this follows its tutorial's <c>PositionalEncoding</c> (an odd d gets one more sine than cosine). The
/// paper also multiplies the token embeddings by √d before adding the code; that belongs to the model, not here.
/// An optional dropout is applied to the sum in training mode, as in the paper.</para>
/// </remarks>
public sealed class SinusoidalPositionalEncoding : Module<Tensor, Tensor>
{
    private readonly Dropout? dropout;

    /// <summary>Precomputes the code for positions 0..maxLength−1 of width <paramref name="dModel"/>.</summary>
    public SinusoidalPositionalEncoding(int dModel, int maxLength = 5000, double dropout = 0.0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dModel <= 0 || maxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"SinusoidalPositionalEncoding: d_model and max_len must be positive, got {dModel} and {maxLength}");
        (DModel, MaxLength) = (dModel, maxLength);
        var pe = new double[maxLength * dModel];
        for (int t = 0; t < maxLength; t++)
            for (int c = 0; c < dModel; c++)
            {
                // ω_i = 10000^(−2i/d) for the pair i = c/2; computed as exp(−2i·ln(10000)/d), as in the tutorial.
                double angle = t * Math.Exp(-(c / 2 * 2) * Math.Log(10000.0) / dModel);
                pe[t * dModel + c] = c % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
            }
        Pe = RegisterBuffer("pe", Tensor.FromArray(pe, maxLength, dModel).To(dtype), persistent: false);
        if (dropout > 0) this.dropout = RegisterModule("dropout", new Dropout(dropout, generator));
    }

    /// <summary>Width d of the code.</summary>
    public int DModel { get; }
    /// <summary>Longest sequence the table covers.</summary>
    public int MaxLength { get; }
    /// <summary>The table [maxLength, d].</summary>
    public Tensor Pe { get; }

    /// <summary>The code of positions offset..offset+length−1, [length, d].</summary>
    /// <exception cref="ArgumentException">The range goes past <see cref="MaxLength"/>.</exception>
    public Tensor Encoding(int length, int offset = 0)
    {
        if (length < 0 || offset < 0 || offset + length > MaxLength)
            throw new ArgumentException($"SinusoidalPositionalEncoding: positions {offset}..{offset + length - 1} are outside the table of max_len={MaxLength}");
        return Pe.Narrow(0, offset, length);
    }

    /// <summary>x + PE[0..T) for x [..., T, d] (then dropout in training).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, 0);

    /// <summary>x + PE[offset..offset+T): positions start at <paramref name="offset"/> (e.g. when decoding step by step).</summary>
    public Tensor Forward(Tensor input, int offset)
    {
        if (input.NDim < 2 || input.Shape[^1] != DModel)
            throw new ArgumentException($"SinusoidalPositionalEncoding: expected input [..., T, {DModel}], got {ShapeUtil.Format(input.ShapeArray)}");
        var y = input + Encoding(input.Shape[^2], offset).To(input.DType);
        return dropout is null ? y : dropout.Forward(y);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"d_model={DModel}, max_len={MaxLength}";
}
