namespace Glassbox.NN;

/// <summary>
/// The encoder-decoder transformer of Vaswani et al. 2017 (<c>torch.nn.Transformer</c>): a
/// <see cref="TransformerEncoder"/> turns the source sequence into a memory, and a <see cref="TransformerDecoder"/>
/// turns the target sequence, attending to that memory, into the output. Token embeddings, positional encodings and the
/// output projection are not part of it (as in PyTorch); the caller adds them.
/// </summary>
/// <remarks>
/// <para><b>Shapes.</b> src [S, N, E] and tgt [T, N, E] (or [N, S, E] and [N, T, E] with <c>batchFirst</c>, or unbatched
/// [S, E] and [T, E]) → output with tgt's shape. Masks as in <see cref="TransformerDecoderLayer"/>: <c>srcMask</c>
/// [S, S], <c>tgtMask</c> [T, T], <c>memoryMask</c> [T, S], key padding masks [N, S] / [N, T] / [N, S].</para>
/// <para><b>Construction, as PyTorch.</b> Both stacks are N clones of one layer with a final <see cref="LayerNorm"/>
/// (named <c>encoder.norm</c> / <c>decoder.norm</c>) whether post- or pre-norm; then every parameter with two or more
/// dimensions (attention projections and linear weights) is re-drawn from Xavier-uniform (Glorot &amp; Bengio 2010),
/// which also breaks the equality of the cloned layers. Biases and layer norms keep their defaults.</para>
/// </remarks>
public sealed class Transformer : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Builds the encoder and decoder and initialises them from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="dModel">Model width E.</param>
    /// <param name="nhead">Attention heads per block.</param>
    /// <param name="numEncoderLayers">Encoder depth.</param>
    /// <param name="numDecoderLayers">Decoder depth.</param>
    /// <param name="dimFeedforward">Feed-forward width.</param>
    /// <param name="dropout">Dropout probability everywhere.</param>
    /// <param name="activation">Feed-forward nonlinearity.</param>
    /// <param name="customEncoder">An encoder to use instead of the default stack; as in PyTorch, its rank ≥ 2 parameters are re-initialised too.</param>
    /// <param name="customDecoder">A decoder to use instead of the default stack.</param>
    /// <param name="layerNormEps">ε of every layer norm.</param>
    /// <param name="batchFirst">Inputs are [N, L, E].</param>
    /// <param name="normFirst">Pre-norm blocks.</param>
    /// <param name="bias">Additive biases in the linear, attention and norm layers.</param>
    /// <param name="dtype">Float32 or Float64.</param>
    /// <param name="generator">Random source of the initialisation and of dropout.</param>
    public Transformer(int dModel = 512, int nhead = 8, int numEncoderLayers = 6, int numDecoderLayers = 6, int dimFeedforward = 2048,
        double dropout = 0.1, TransformerActivation activation = TransformerActivation.Relu, TransformerEncoder? customEncoder = null,
        TransformerDecoder? customDecoder = null, double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false,
        bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        (DModel, NHead, BatchFirst) = (dModel, nhead, batchFirst);
        Encoder = RegisterModule("encoder", customEncoder ?? new TransformerEncoder(
            new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator),
            numEncoderLayers, new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias)));
        Decoder = RegisterModule("decoder", customDecoder ?? new TransformerDecoder(
            new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator),
            numDecoderLayers, new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias)));
        ResetParameters(generator);
    }

    /// <summary>Model width E.</summary>
    public int DModel { get; }
    /// <summary>Attention heads per block.</summary>
    public int NHead { get; }
    /// <summary>Whether inputs are [N, L, E].</summary>
    public bool BatchFirst { get; }
    /// <summary>The encoder stack (<c>encoder</c>).</summary>
    public TransformerEncoder Encoder { get; }
    /// <summary>The decoder stack (<c>decoder</c>).</summary>
    public TransformerDecoder Decoder { get; }

    /// <summary>Xavier-uniform on every parameter of rank ≥ 2, in parameter order (PyTorch's <c>_reset_parameters</c>).</summary>
    public void ResetParameters(Generator? generator = null)
    {
        foreach (var p in Parameters())
            if (p.NDim > 1) Init.XavierUniform(p, generator: generator);
    }

    /// <summary>The model without masks.</summary>
    public override Tensor Forward(Tensor src, Tensor tgt) => Forward(src, tgt, null);

    /// <summary>
    /// memory = Encoder(src, srcMask, srcKeyPaddingMask); output = Decoder(tgt, memory, tgtMask, memoryMask,
    /// tgtKeyPaddingMask, memoryKeyPaddingMask). The causal flags are as in the layers: with no mask they make the
    /// stacks apply the causal mask themselves.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor tgt, Tensor? srcMask = null, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? srcKeyPaddingMask = null, Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null,
        bool srcIsCausal = false, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentNullException.ThrowIfNull(tgt);
        int batchAxis = BatchFirst ? 0 : 1;
        if (src.NDim == 3 && tgt.NDim == 3 && src.Size(batchAxis) != tgt.Size(batchAxis))
            throw new ArgumentException($"Transformer: the batch number of src and tgt must be equal, got src {ShapeUtil.Format(src.ShapeArray)} and tgt {ShapeUtil.Format(tgt.ShapeArray)} (batch_first={PyFormat.Bool(BatchFirst)})");
        if (src.NDim == 0 || tgt.NDim == 0 || src.Shape[^1] != DModel || tgt.Shape[^1] != DModel)
            throw new ArgumentException($"Transformer: the feature number of src and tgt must be equal to d_model={DModel}, got src {ShapeUtil.Format(src.ShapeArray)} and tgt {ShapeUtil.Format(tgt.ShapeArray)}");
        var memory = Encoder.Forward(src, srcMask, srcKeyPaddingMask, srcIsCausal);
        return Decoder.Forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
    }

    /// <summary>
    /// The causal mask for a sequence of <paramref name="size"/>: [size, size], 0 where column ≤ row (position i may
    /// attend to positions 0..i) and −∞ above the diagonal (<c>generate_square_subsequent_mask</c>). It is a float mask,
    /// added to the attention scores, so the softmax gives the future exactly zero weight.
    /// </summary>
    public static Tensor GenerateSquareSubsequentMask(int size, DType dtype = DType.Float32)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), $"generate_square_subsequent_mask: size must be non-negative, got {size}");
        var m = new double[size * size];
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) m[i * size + j] = double.NegativeInfinity;
        return Tensor.FromArray(m, [size, size]).To(dtype);
    }
}
