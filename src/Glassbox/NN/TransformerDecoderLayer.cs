namespace Glassbox.NN;

/// <summary>
/// One decoder block of the transformer (Vaswani et al. 2017; <c>torch.nn.TransformerDecoderLayer</c>): masked
/// self-attention over the target, cross-attention from the target to the encoder's output (the memory), then the
/// position-wise feed-forward network, each sub-layer wrapped in a residual connection and a layer norm.
/// </summary>
/// <remarks>
/// <para><b>Post-norm vs pre-norm</b> as in <see cref="TransformerEncoderLayer"/>: x ← LayerNorm(x + Sublayer(x)) by
/// default, x ← x + Sublayer(LayerNorm(x)) with <c>normFirst</c>. In the pre-norm cross-attention only the target is
/// normalised; the memory is used as the encoder left it (a pre-norm encoder stack normalises its output once, at the
/// end).</para>
/// <para><b>Shapes.</b> tgt is [T, N, E] and memory [S, N, E] (or [N, T, E] and [N, S, E] with <c>batchFirst</c>, or
/// unbatched [T, E] and [S, E]); the output has tgt's shape. <c>tgtMask</c> is [T, T] (usually
/// <see cref="Transformer.GenerateSquareSubsequentMask"/>, so position t sees only targets ≤ t), <c>memoryMask</c>
/// [T, S], <c>tgtKeyPaddingMask</c> [N, T], <c>memoryKeyPaddingMask</c> [N, S], all in
/// <see cref="MultiheadAttention"/>'s convention (bool true = may not attend / is padding; float = added to the scores).</para>
/// <para><b>PyTorch mapping.</b> State-dict names <c>self_attn.*</c>, <c>multihead_attn.*</c> (the cross-attention),
/// <c>linear1.*</c>, <c>linear2.*</c>, <c>norm1.*</c> (self-attention), <c>norm2.*</c> (cross-attention),
/// <c>norm3.*</c> (feed-forward); dropouts <c>dropout</c> (inside the feed-forward network) and
/// <c>dropout1..3</c> (on each sub-layer's output).</para>
/// </remarks>
public sealed class TransformerDecoderLayer : Module<Tensor, Tensor, Tensor>
{
    private readonly Generator? generator;

    /// <summary>Creates the block; see <see cref="TransformerEncoderLayer(int, int, int, double, TransformerActivation, double, bool, bool, bool, DType, Generator?)"/> for the arguments.</summary>
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1,
        TransformerActivation activation = TransformerActivation.Relu, double layerNormEps = 1e-5, bool batchFirst = false,
        bool normFirst = false, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dModel <= 0 || nhead <= 0 || dimFeedforward <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"TransformerDecoderLayer: d_model, nhead and dim_feedforward must be positive, got {dModel}, {nhead}, {dimFeedforward}");
        (DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, HasBias, DType) =
            (dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype);
        this.generator = generator;
        SelfAttn = RegisterModule("self_attn", TransformerBlock.Attention(dModel, nhead, dropout, bias, batchFirst, dtype, generator));
        MultiheadAttn = RegisterModule("multihead_attn", TransformerBlock.Attention(dModel, nhead, dropout, bias, batchFirst, dtype, generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, dtype, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias));
        Norm3 = RegisterModule("norm3", new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
        Dropout3 = RegisterModule("dropout3", new Dropout(dropout, generator));
    }

    /// <summary>Model width E (<c>d_model</c>).</summary>
    public int DModel { get; }
    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }
    /// <summary>Hidden width of the feed-forward network.</summary>
    public int DimFeedforward { get; }
    /// <summary>Dropout probability of every dropout in the block.</summary>
    public double DropoutP { get; }
    /// <summary>The feed-forward nonlinearity.</summary>
    public TransformerActivation Activation { get; }
    /// <summary>ε of the layer norms.</summary>
    public double LayerNormEps { get; }
    /// <summary>Whether inputs are [N, L, E].</summary>
    public bool BatchFirst { get; }
    /// <summary>Whether the block is pre-norm.</summary>
    public bool NormFirst { get; }
    /// <summary>Whether the sub-layers have additive biases.</summary>
    public bool HasBias { get; }
    /// <summary>The parameters' element type.</summary>
    public DType DType { get; }

    /// <summary>Masked self-attention over the target (<c>self_attn</c>).</summary>
    public MultiheadAttention SelfAttn { get; }
    /// <summary>Cross-attention from the target to the memory (<c>multihead_attn</c>).</summary>
    public MultiheadAttention MultiheadAttn { get; }
    /// <summary>First feed-forward layer, E → dimFeedforward.</summary>
    public Linear Linear1 { get; }
    /// <summary>Dropout after the feed-forward activation.</summary>
    public Dropout Dropout { get; }
    /// <summary>Second feed-forward layer, dimFeedforward → E.</summary>
    public Linear Linear2 { get; }
    /// <summary>Layer norm of the self-attention sub-layer.</summary>
    public LayerNorm Norm1 { get; }
    /// <summary>Layer norm of the cross-attention sub-layer.</summary>
    public LayerNorm Norm2 { get; }
    /// <summary>Layer norm of the feed-forward sub-layer.</summary>
    public LayerNorm Norm3 { get; }
    /// <summary>Dropout on the self-attention output.</summary>
    public Dropout Dropout1 { get; }
    /// <summary>Dropout on the cross-attention output.</summary>
    public Dropout Dropout2 { get; }
    /// <summary>Dropout on the feed-forward output.</summary>
    public Dropout Dropout3 { get; }

    /// <summary>The block without masks.</summary>
    public override Tensor Forward(Tensor tgt, Tensor memory) => Forward(tgt, memory, null);

    /// <summary>
    /// Runs the block (<c>forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask,
    /// tgt_is_causal, memory_is_causal)</c>). A causal flag with no matching mask makes the attention apply the causal
    /// mask itself (query t sees keys ≤ t; for the memory, aligned at the upper left when T ≠ S); with a mask it is a
    /// hint that the mask is causal, and the mask is used as given.
    /// </summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        TransformerBlock.CheckInput("TransformerDecoderLayer", "tgt", tgt, DModel);
        TransformerBlock.CheckInput("TransformerDecoderLayer", "memory", memory, DModel);
        if (tgt.NDim != memory.NDim)
            throw new ArgumentException($"TransformerDecoderLayer: tgt {ShapeUtil.Format(tgt.ShapeArray)} and memory {ShapeUtil.Format(memory.ShapeArray)} must both be batched or both unbatched");
        var x = tgt;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Call(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal);
            x = x + CrossAttentionBlock(Norm2.Call(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal);
            x = x + FeedForwardBlock(Norm3.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = Norm2.Call(x + CrossAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            x = Norm3.Call(x + FeedForwardBlock(x));
        }
        return x;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout1.Call(TransformerBlock.Attend(SelfAttn, x, x, mask, keyPaddingMask, isCausal));

    private Tensor CrossAttentionBlock(Tensor x, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout2.Call(TransformerBlock.Attend(MultiheadAttn, x, memory, mask, keyPaddingMask, isCausal));

    private Tensor FeedForwardBlock(Tensor x) =>
        Dropout3.Call(Linear2.Call(Dropout.Call(TransformerBlock.Activate(Linear1.Call(x), Activation))));

    /// <summary>An independent copy with equal parameters and training mode; see <see cref="TransformerEncoderLayer.Clone"/>.</summary>
    public TransformerDecoderLayer Clone()
    {
        var copy = new TransformerDecoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst,
            NormFirst, HasBias, DType, generator);
        copy.LoadStateDict(StateDict());
        copy.Train(Training);
        return copy;
    }
}
