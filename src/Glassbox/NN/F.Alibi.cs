namespace Glassbox.NN;

// ALiBi: attention with linear biases instead of position embeddings.
public static partial class F
{
    /// <summary>
    /// The per-head slopes m_h of ALiBi (Press et al., 2022, "Train Short, Test Long"): for n heads, n a power of two,
    /// the geometric sequence m_h = 2^(−8(h+1)/n), h = 0..n−1 (for 8 heads: 1/2, 1/4, …, 1/256). For other n the
    /// paper's recipe: the slopes of the largest power of two p &lt; n, followed by every other slope of 2p heads
    /// (the 1st, 3rd, 5th, …, which fall between the first set's slopes) until there are n.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">numHeads ≤ 0.</exception>
    public static double[] AlibiSlopes(int numHeads)
    {
        if (numHeads <= 0) throw new ArgumentOutOfRangeException(nameof(numHeads), $"alibi: num_heads must be positive, got {numHeads}");
        static double[] PowerOfTwo(int n) => Enumerable.Range(1, n).Select(h => Math.Pow(2, -8.0 * h / n)).ToArray();
        if ((numHeads & (numHeads - 1)) == 0) return PowerOfTwo(numHeads);
        int p = 1 << (int)Math.Floor(Math.Log2(numHeads));
        var extra = PowerOfTwo(2 * p).Where((_, i) => i % 2 == 0).Take(numHeads - p);
        return [.. PowerOfTwo(p), .. extra];
    }

    /// <summary>
    /// ALiBi's additive attention bias [H, L, S]: bias[h, i, j] = −m_h·|(i + queryOffset) − j|, to be passed as the
    /// float <c>attnMask</c> of <see cref="ScaledDotProductAttention"/> (broadcast over the batch) in place of any
    /// position embedding. Query i sits at position i + <paramref name="queryOffset"/> (0: upper-left aligned like
    /// <c>isCausal</c>; S − L: queries at the end of the keys, as when decoding with a cache).
    /// </summary>
    /// <remarks>
    /// <para>The paper's bias is −m·(i − j) for the keys a causal query sees (j ≤ i): a penalty growing linearly with
    /// distance, steeper for heads with larger slopes, so some heads look locally and others far; because it is a
    /// function of the distance only, it extrapolates to sequences longer than those trained on. For j &gt; i (non-causal
    /// use) this gives the symmetric −m·|i − j|. With <paramref name="causal"/> true those entries are −∞ instead, so the
    /// result is the complete causal mask (SDPA takes either a mask or isCausal, not both).</para>
    /// </remarks>
    public static Tensor AlibiBias(int numHeads, int queryLength, int keyLength, bool causal = false, int queryOffset = 0, DType dtype = DType.Float32)
    {
        if (queryLength < 0 || keyLength < 0) throw new ArgumentOutOfRangeException(nameof(queryLength), $"alibi: lengths must be non-negative, got L={queryLength}, S={keyLength}");
        var slopes = AlibiSlopes(numHeads);
        var bias = new double[numHeads * queryLength * keyLength];
        for (int h = 0; h < numHeads; h++)
            for (int i = 0; i < queryLength; i++)
                for (int j = 0; j < keyLength; j++)
                {
                    int pos = i + queryOffset;
                    bias[(h * queryLength + i) * keyLength + j] = causal && j > pos ? double.NegativeInfinity : -slopes[h] * Math.Abs(pos - j);
                }
        return Tensor.FromArray(bias, numHeads, queryLength, keyLength).To(dtype);
    }
}
