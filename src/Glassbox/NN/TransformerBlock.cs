namespace Glassbox.NN;

/// <summary>
/// What the transformer encoder and decoder layers share: building their attention, checking inputs, calling the
/// attention and the feed-forward activation.
/// </summary>
internal static class TransformerBlock
{
    /// <summary>A transformer block's attention: PyTorch builds <c>MultiheadAttention(d_model, nhead, dropout, bias, batch_first)</c>.</summary>
    public static MultiheadAttention Attention(int dModel, int nhead, double dropout, bool bias, bool batchFirst, DType dtype, Generator? generator) =>
        new(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst, dtype: dtype, generator: generator);

    /// <summary>Throws unless <paramref name="x"/> is [L, N, E], [N, L, E] or unbatched [L, E] with E = <paramref name="dModel"/>.</summary>
    public static void CheckInput(string op, string name, Tensor x, int dModel)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if ((x.NDim != 2 && x.NDim != 3) || x.Shape[^1] != dModel)
            throw new ArgumentException($"{op}: expected {name} of shape [L, N, {dModel}], [N, L, {dModel}] (batch first) or unbatched [L, {dModel}], got {ShapeUtil.Format(x.ShapeArray)}");
    }

    /// <summary>
    /// Attention of <paramref name="query"/> over <paramref name="memory"/> (the same tensor for self-attention),
    /// output only. The causal flag goes to <see cref="MultiheadAttention"/>: with no mask it applies the causal mask
    /// (through the attention kernel's causal path when nothing else is masked), with one it is only a hint.
    /// </summary>
    public static Tensor Attend(MultiheadAttention attn, Tensor query, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        attn.Forward(query, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output;

    /// <summary>The feed-forward nonlinearity.</summary>
    public static Tensor Activate(Tensor x, TransformerActivation activation) => activation switch
    {
        TransformerActivation.Relu => x.Relu(),
        TransformerActivation.Gelu => x.Gelu(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "transformer: unknown activation"),
    };
}
