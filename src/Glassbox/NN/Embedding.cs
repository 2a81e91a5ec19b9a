namespace Glassbox.NN;

/// <summary>
/// A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c> (<c>torch.nn.Embedding</c>):
/// an int64 index tensor of shape [*] maps to rows of the weight, giving [*, embeddingDim]. The weight
/// gradient scatters each output row's gradient back onto its row (rows used twice accumulate).
/// Initialised N(0, 1) as in PyTorch.
/// </summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    /// <summary>Creates the table, weight ~ N(0, 1) from <paramref name="generator"/>.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings), $"Embedding: sizes must be positive, got numEmbeddings={numEmbeddings}, embeddingDim={embeddingDim}");
        (NumEmbeddings, EmbeddingDim) = (numEmbeddings, embeddingDim);
        Weight = RegisterParameter("weight", Tensor.Zeros([numEmbeddings, embeddingDim], dtype));
        Init.Normal(Weight, 0, 1, generator);
    }

    /// <summary>Number of rows.</summary>
    public int NumEmbeddings { get; }
    /// <summary>Row length.</summary>
    public int EmbeddingDim { get; }
    /// <summary>The table, shape [numEmbeddings, embeddingDim].</summary>
    public Tensor Weight { get; }

    /// <summary>Looks up the rows named by the int64 <paramref name="input"/>.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.DType != DType.Int64) throw new ArgumentException($"Embedding: indices must be int64, got {input.DType.TorchName()}");
        return Tensor.Embedding(input, Weight);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}";
}
