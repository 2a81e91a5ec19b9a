namespace Glassbox.NN;

/// <summary>
/// Additive attention for recurrent decoders (Bahdanau, Cho &amp; Bengio 2015): for a decoder state q and encoder
/// states k_s, score_s = vᵀ tanh(W₁ q + W₂ k_s + b), weights a = softmax_s(score) over the unpadded source
/// positions, and context = Σ_s a_s k_s.
/// </summary>
/// <remarks>
/// <para>
/// Shapes: query [B, Dq] (one decoder step) or [B, L, Dq] (L steps at once, e.g. under teacher forcing), keys
/// [B, S, Dk]; the context is [B, Dk] or [B, L, Dk] and the weights [B, S] or [B, L, S]. The source padding mask is
/// bool [B, S], true at padding, as <c>key_padding_mask</c> in <see cref="MultiheadAttention"/>: padded positions get
/// exactly zero weight. A row whose every position is padding has no distribution to normalise and comes out NaN, as
/// in PyTorch; give every sequence at least one token.
/// </para>
/// <para>
/// Parameters (no PyTorch module exists; the names follow its conventions): <c>query_proj.weight</c> [A, Dq] (W₁, no
/// bias), <c>key_proj.weight</c> [A, Dk] and <c>key_proj.bias</c> [A] (W₂ and b — one bias suffices, a second inside
/// the tanh would only add to it), <c>v.weight</c> [1, A]; all with <see cref="Linear"/>'s default init. The
/// broadcast sum W₁q + W₂k is [B, L, S, A]: memory is B·L·S·A, which is why the keys' projection is done once per
/// call rather than per query.
/// </para>
/// </remarks>
public sealed class BahdanauAttention : Module<Tensor, Tensor, Tensor?, (Tensor Context, Tensor Weights)>
{
    /// <summary>Creates the layer: query width <paramref name="queryDim"/>, key width <paramref name="keyDim"/>, hidden width <paramref name="attentionDim"/>.</summary>
    public BahdanauAttention(int queryDim, int keyDim, int attentionDim, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (queryDim <= 0 || keyDim <= 0 || attentionDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(queryDim), $"BahdanauAttention: sizes must be positive, got query {queryDim}, key {keyDim}, attention {attentionDim}");
        QueryDim = queryDim; KeyDim = keyDim; AttentionDim = attentionDim;
        QueryProj = RegisterModule("query_proj", new Linear(queryDim, attentionDim, bias: false, dtype: dtype, generator: generator));
        KeyProj = RegisterModule("key_proj", new Linear(keyDim, attentionDim, dtype: dtype, generator: generator));
        V = RegisterModule("v", new Linear(attentionDim, 1, bias: false, dtype: dtype, generator: generator));
    }

    /// <summary>Width of the decoder state Dq.</summary>
    public int QueryDim { get; }
    /// <summary>Width of the encoder states Dk.</summary>
    public int KeyDim { get; }
    /// <summary>Width A of the hidden layer inside the score.</summary>
    public int AttentionDim { get; }
    /// <summary>W₁: Dq → A, no bias.</summary>
    public Linear QueryProj { get; }
    /// <summary>W₂ and b: Dk → A.</summary>
    public Linear KeyProj { get; }
    /// <summary>v: A → 1, no bias.</summary>
    public Linear V { get; }

    /// <summary>Context and weights for <paramref name="query"/> over <paramref name="keys"/> (see the class remarks for shapes).</summary>
    public override (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor keys, Tensor? sourcePaddingMask)
    {
        bool single = DecoderAttention.CheckShapes("BahdanauAttention", query, keys, sourcePaddingMask, QueryDim, KeyDim);
        var q = single ? query.Unsqueeze(1) : query;                                   // [B, L, Dq]
        var qp = QueryProj.Call(q).Unsqueeze(2);                                         // [B, L, 1, A]
        var kp = KeyProj.Call(keys).Unsqueeze(1);                                        // [B, 1, S, A]
        var scores = V.Call((qp + kp).Tanh()).Squeeze(3);                                // [B, L, S]
        return DecoderAttention.Finish(scores, keys, sourcePaddingMask, single);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"query_dim={QueryDim}, key_dim={KeyDim}, attention_dim={AttentionDim}";
}
