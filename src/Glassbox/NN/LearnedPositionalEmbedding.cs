namespace Glassbox.NN;

/// <summary>
/// A trained position code: one vector per position, looked up and added to a [..., T, d] input (GPT-2's
/// <c>wpe</c>, BERT's position embeddings): y = x + W[offset..offset+T).
/// </summary>
/// <remarks>
/// <para>Unlike <see cref="SinusoidalPositionalEncoding"/> it can learn whatever position signal the task needs, but
/// it knows only the positions it was trained on: a sequence longer than <see cref="MaxLength"/> has no code, and
/// positions seen rarely in training get poorly trained vectors.</para>
/// <para>The parameter is <c>weight</c> [maxLength, d], the same layout and key as an <c>nn.Embedding(max_len, d)</c>
/// used for positions, so a PyTorch checkpoint's position table loads directly. Initialised N(0, std²); std defaults
/// to 1 as nn.Embedding (GPT-2 and BERT use 0.02).</para>
/// </remarks>
public sealed class LearnedPositionalEmbedding : Module<Tensor, Tensor>
{
    /// <summary>Creates the table, weight ~ N(0, std²).</summary>
    public LearnedPositionalEmbedding(int maxLength, int dModel, double std = 1.0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dModel <= 0 || maxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"LearnedPositionalEmbedding: max_len and d_model must be positive, got {maxLength} and {dModel}");
        (MaxLength, DModel) = (maxLength, dModel);
        Weight = RegisterParameter("weight", Tensor.Zeros([maxLength, dModel], dtype));
        Init.Normal(Weight, 0, std, generator);
    }

    /// <summary>Number of positions the table covers.</summary>
    public int MaxLength { get; }
    /// <summary>Width d.</summary>
    public int DModel { get; }
    /// <summary>The table [maxLength, d].</summary>
    public Tensor Weight { get; }

    /// <summary>x + W[0..T) for x [..., T, d].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, 0);

    /// <summary>x + W[offset..offset+T): positions start at <paramref name="offset"/> (step-by-step decoding).</summary>
    /// <exception cref="ArgumentException">Shape mismatch, or positions past <see cref="MaxLength"/>.</exception>
    public Tensor Forward(Tensor input, int offset)
    {
        if (input.NDim < 2 || input.Shape[^1] != DModel)
            throw new ArgumentException($"LearnedPositionalEmbedding: expected input [..., T, {DModel}], got {ShapeUtil.Format(input.ShapeArray)}");
        int t = input.Shape[^2];
        if (offset < 0 || offset + t > MaxLength)
            throw new ArgumentException($"LearnedPositionalEmbedding: positions {offset}..{offset + t - 1} are outside the table of max_len={MaxLength}");
        return input + Weight.Narrow(0, offset, t);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{MaxLength}, {DModel}";
}
