namespace Glassbox.NN;

/// <summary>
/// Multiplicative attention for recurrent decoders (Luong, Pham &amp; Manning 2015): score_s = qᵀ W k_s ("general")
/// or qᵀ k_s ("dot"), weights a = softmax_s(score) over the unpadded source positions, context = Σ_s a_s k_s.
/// </summary>
/// <remarks>
/// <para>
/// Shapes and the padding mask are as in <see cref="BahdanauAttention"/>: query [B, Dq] or [B, L, Dq], keys
/// [B, S, Dk], mask bool [B, S] true at padding; context [B, Dk] or [B, L, Dk], weights [B, S] or [B, L, S].
/// </para>
/// <para>
/// "general" applies W to the keys (k' = W k, [B, S, Dq]) and then takes one batched product q k'ᵀ: the same
/// number as qᵀ W k, with W applied S times instead of L·S. The parameter is <c>weight</c> [Dq, Dk] with
/// <see cref="Linear"/>'s default init (it is a bias-free Linear from Dk to Dq). Neither score is scaled by 1/√d
/// (the paper has no scale; transformer attention added it later); the combination h̃ = tanh(W_c [c; h]) that the
/// paper applies after attention belongs to the decoder, not to this layer.
/// </para>
/// </remarks>
public sealed class LuongAttention : Module<Tensor, Tensor, Tensor?, (Tensor Context, Tensor Weights)>
{
    private readonly Linear? proj;

    /// <summary>Creates the layer. With <see cref="LuongScore.Dot"/>, <paramref name="queryDim"/> must equal <paramref name="keyDim"/>.</summary>
    public LuongAttention(int queryDim, int keyDim, LuongScore score = LuongScore.General, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (queryDim <= 0 || keyDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(queryDim), $"LuongAttention: sizes must be positive, got query {queryDim}, key {keyDim}");
        if (score == LuongScore.Dot && queryDim != keyDim)
            throw new ArgumentException($"LuongAttention: the dot score needs equal query and key widths, got {queryDim} and {keyDim}", nameof(keyDim));
        QueryDim = queryDim; KeyDim = keyDim; Score = score;
        if (score == LuongScore.General)
        {
            proj = new Linear(keyDim, queryDim, bias: false, dtype: dtype, generator: generator);
            Weight = RegisterParameter("weight", proj.Weight);
        }
    }

    /// <summary>Width of the decoder state Dq.</summary>
    public int QueryDim { get; }
    /// <summary>Width of the encoder states Dk.</summary>
    public int KeyDim { get; }
    /// <summary>The score function.</summary>
    public LuongScore Score { get; }
    /// <summary>W [Dq, Dk] for the "general" score; null for "dot".</summary>
    public Tensor? Weight { get; }

    /// <summary>Context and weights for <paramref name="query"/> over <paramref name="keys"/> (see the class remarks for shapes).</summary>
    public override (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor keys, Tensor? sourcePaddingMask)
    {
        bool single = DecoderAttention.CheckShapes("LuongAttention", query, keys, sourcePaddingMask, QueryDim, KeyDim);
        var q = single ? query.Unsqueeze(1) : query;                      // [B, L, Dq]
        var k = proj is null ? keys : proj.Call(keys);                   // [B, S, Dq]
        var scores = q.Bmm(k.Transpose(1, 2));                            // [B, L, S]
        return DecoderAttention.Finish(scores, keys, sourcePaddingMask, single);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"query_dim={QueryDim}, key_dim={KeyDim}, score={Score.ToString().ToLowerInvariant()}";
}
