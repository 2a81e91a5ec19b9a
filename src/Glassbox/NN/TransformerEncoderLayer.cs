namespace Glassbox.NN;

/// <summary>
/// One encoder block of the transformer (Vaswani et al. 2017; <c>torch.nn.TransformerEncoderLayer</c>): multi-head
/// self-attention, then a position-wise feed-forward network Linear(d → f) · activation · Linear(f → d), each wrapped
/// in a residual connection and a layer norm.
/// </summary>
/// <remarks>
/// <para><b>Post-norm vs pre-norm.</b> With <c>normFirst = false</c> (the original paper and PyTorch's default) each
/// sub-layer is x ← LayerNorm(x + Sublayer(x)); with <c>normFirst = true</c> it is x ← x + Sublayer(LayerNorm(x))
/// (Xiong et al. 2020). Pre-norm keeps an identity path from the input to the output of the whole stack, so the
/// gradient reaches the first layers undiminished and deep stacks train without a learning-rate warm-up; its output
/// is not normalised, which is why a pre-norm stack usually ends in one more LayerNorm
/// (<see cref="TransformerEncoder"/>'s <c>norm</c>). Post-norm normalises after every residual sum.</para>
/// <para><b>Shapes.</b> src is [L, N, E] (sequence first, PyTorch's default), [N, L, E] with <c>batchFirst</c>, or an
/// unbatched [L, E]; the output has the same shape. Masks are passed to <see cref="MultiheadAttention"/> unchanged, in
/// its convention: <c>srcMask</c> [L, L] or [N·nhead, L, L], bool (true = may <i>not</i> attend) or float (added to the
/// attention scores, −∞ to forbid); <c>srcKeyPaddingMask</c> [N, L] (true = that position is padding and is ignored as a
/// key). A query row whose keys are all masked gets NaN, as in PyTorch.</para>
/// <para><b>Dropout</b> (active only in training) is applied to the attention weights, after the activation inside the
/// feed-forward network (<c>dropout</c>) and to each sub-layer's output before the residual sum (<c>dropout1</c>,
/// <c>dropout2</c>).</para>
/// <para><b>PyTorch mapping.</b> Children are registered in PyTorch's order and names, so state dicts are
/// interchangeable: <c>self_attn.in_proj_weight</c>, <c>self_attn.in_proj_bias</c>, <c>self_attn.out_proj.weight</c>,
/// <c>self_attn.out_proj.bias</c>, <c>linear1.*</c>, <c>linear2.*</c>, <c>norm1.*</c>, <c>norm2.*</c>. <c>bias = false</c>
/// is PyTorch 2.1's option: no additive bias in the attention, the linear layers or the layer norms. Initialisation is
/// each child's own default (PyTorch does not re-initialise a lone layer; <see cref="Transformer"/> does).</para>
/// </remarks>
public sealed class TransformerEncoderLayer : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    /// <summary>Creates the block; parameters are drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>), which also drives dropout.</summary>
    /// <param name="dModel">Model width E (<c>d_model</c>); must be divisible by <paramref name="nhead"/>.</param>
    /// <param name="nhead">Number of attention heads.</param>
    /// <param name="dimFeedforward">Hidden width of the feed-forward network (<c>dim_feedforward</c>).</param>
    /// <param name="dropout">Dropout probability used everywhere in the block.</param>
    /// <param name="activation">The feed-forward nonlinearity.</param>
    /// <param name="layerNormEps">ε of both layer norms.</param>
    /// <param name="batchFirst">Inputs are [N, L, E] rather than [L, N, E].</param>
    /// <param name="normFirst">Pre-norm (true) or post-norm (false, the default).</param>
    /// <param name="bias">Whether the linear, attention and norm layers have additive biases.</param>
    /// <param name="dtype">Float32 or Float64.</param>
    /// <param name="generator">Random source of the initialisation and of dropout.</param>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1,
        TransformerActivation activation = TransformerActivation.Relu, double layerNormEps = 1e-5, bool batchFirst = false,
        bool normFirst = false, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dModel <= 0 || nhead <= 0 || dimFeedforward <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"TransformerEncoderLayer: d_model, nhead and dim_feedforward must be positive, got {dModel}, {nhead}, {dimFeedforward}");
        (DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, HasBias, DType) =
            (dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype);
        this.generator = generator;
        SelfAttn = RegisterModule("self_attn", TransformerBlock.Attention(dModel, nhead, dropout, bias, batchFirst, dtype, generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, dtype, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, dtype: dtype, bias: bias));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
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

    /// <summary>Multi-head self-attention (<c>self_attn</c>).</summary>
    public MultiheadAttention SelfAttn { get; }
    /// <summary>First feed-forward layer, E → dimFeedforward.</summary>
    public Linear Linear1 { get; }
    /// <summary>Dropout after the feed-forward activation.</summary>
    public Dropout Dropout { get; }
    /// <summary>Second feed-forward layer, dimFeedforward → E.</summary>
    public Linear Linear2 { get; }
    /// <summary>Layer norm of the self-attention sub-layer.</summary>
    public LayerNorm Norm1 { get; }
    /// <summary>Layer norm of the feed-forward sub-layer.</summary>
    public LayerNorm Norm2 { get; }
    /// <summary>Dropout on the self-attention output.</summary>
    public Dropout Dropout1 { get; }
    /// <summary>Dropout on the feed-forward output.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>The block without masks.</summary>
    public override Tensor Forward(Tensor src) => Forward(src, null, null);

    /// <summary>
    /// Runs the block on <paramref name="src"/> with optional masks (<c>forward(src, src_mask, src_key_padding_mask,
    /// is_causal)</c>). <paramref name="isCausal"/> asks for causal self-attention: with no <paramref name="srcMask"/>
    /// the attention applies the mask of <see cref="Transformer.GenerateSquareSubsequentMask"/> itself (without building
    /// it); with one, it is a hint that the mask given is that causal mask (as in PyTorch), and the mask is used as given.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor? srcMask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        TransformerBlock.CheckInput("TransformerEncoderLayer", "src", src, DModel);
        var x = src;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Call(x), srcMask, srcKeyPaddingMask, isCausal);
            x = x + FeedForwardBlock(Norm2.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal));
            x = Norm2.Call(x + FeedForwardBlock(x));
        }
        return x;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout1.Call(TransformerBlock.Attend(SelfAttn, x, x, mask, keyPaddingMask, isCausal));

    private Tensor FeedForwardBlock(Tensor x) =>
        Dropout2.Call(Linear2.Call(Dropout.Call(TransformerBlock.Activate(Linear1.Call(x), Activation))));

    /// <summary>
    /// An independent copy: same settings, equal parameter values, same training mode (what PyTorch's
    /// <c>copy.deepcopy</c> gives <see cref="TransformerEncoder"/> when it stacks one layer N times). The copy is built
    /// with this layer's generator, so building it draws (and then overwrites) one initialisation from that stream,
    /// and its dropouts share the stream.
    /// </summary>
    public TransformerEncoderLayer Clone()
    {
        var copy = new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst,
            NormFirst, HasBias, DType, generator);
        copy.LoadStateDict(StateDict());
        copy.Train(Training);
        return copy;
    }
}
