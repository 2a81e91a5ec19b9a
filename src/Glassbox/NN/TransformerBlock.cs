namespace Glassbox.NN;

/// <summary>
/// What the transformer encoder and decoder layers share: building their attention, checking inputs, the causal-mask
/// rule and the feed-forward activation.
/// </summary>
internal static class TransformerBlock
{
    /// <summary>A transformer block's attention: PyTorch builds <c>MultiheadAttention(d_model, nhead, dropout, bias, batch_first)</c>.</summary>
    public static MultiheadAttention Attention(int dModel, int nhead, double dropout, bool bias, bool batchFirst, DType dtype, Generator? generator)
    {
        if (dModel % nhead != 0)
            throw new ArgumentException($"MultiheadAttention: embed_dim {dModel} must be divisible by num_heads {nhead}");
        return new MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst, dtype: dtype, generator: generator);
    }

    /// <summary>Throws unless <paramref name="x"/> is [L, N, E], [N, L, E] or unbatched [L, E] with E = <paramref name="dModel"/>.</summary>
    public static void CheckInput(string op, string name, Tensor x, int dModel)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if ((x.NDim != 2 && x.NDim != 3) || x.Shape[^1] != dModel)
            throw new ArgumentException($"{op}: expected {name} of shape [L, N, {dModel}], [N, L, {dModel}] (batch first) or unbatched [L, {dModel}], got {ShapeUtil.Format(x.ShapeArray)}");
    }

    /// <summary>
    /// Attention of <paramref name="query"/> over <paramref name="memory"/> (the same tensor for self-attention),
    /// output only. With <paramref name="isCausal"/> and no mask, the causal mask of size
    /// <paramref name="lq"/> × <paramref name="lk"/> is built here, so the result does not depend on how the attention
    /// module treats a causal hint without a mask.
    /// </summary>
    public static (Tensor Output, Tensor? Weights) Attend(MultiheadAttention attn, Tensor query, Tensor memory, Tensor? mask,
        Tensor? keyPaddingMask, bool isCausal, int lq, int lk, DType dtype)
    {
        if (isCausal && mask is null)
        {
            if (lq != lk)
                throw new ArgumentException($"is_causal: a causal mask needs as many queries as keys, got {lq} queries and {lk} keys");
            mask = Transformer.GenerateSquareSubsequentMask(lq, dtype);
        }
        return attn.Forward(query, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask);
    }

    /// <summary>The feed-forward nonlinearity.</summary>
    public static Tensor Activate(Tensor x, TransformerActivation activation) => activation switch
    {
        TransformerActivation.Relu => x.Relu(),
        TransformerActivation.Gelu => x.Gelu(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "transformer: unknown activation"),
    };

    /// <summary>The sequence length of a [L, N, E] / [N, L, E] / [L, E] input.</summary>
    public static int SeqLen(Tensor x, bool batchFirst) => x.Size(batchFirst && x.NDim == 3 ? 1 : 0);
}
