namespace Glassbox.Explain;

/// <summary>
/// Attention rollout (Abnar &amp; Zuidema 2020, "Quantifying attention flow in transformers"): how much each input token
/// contributes to each token at the top of a transformer, found by chaining the layers' attention matrices.
/// </summary>
/// <remarks>
/// <para>One layer's attention A (rows: queries, columns: keys; each row sums to 1, heads averaged) says how a token
/// mixes the tokens below it, but the residual connection also carries every token straight up. Rollout models the
/// block as Ã = ½·A + ½·I (half through attention, half through the residual), renormalises the rows, and multiplies
/// the layers: R = Ã_L · … · Ã_2 · Ã_1. Row i of R is then a distribution over the input tokens: the share of each in
/// token i at the top. For a Vision Transformer, row 0 (the class token) over the patch columns is a map of where the
/// classifier's evidence came from.</para>
/// <para>Raw attention of the last layer alone is a poor guide in deep models, because by then every token already
/// mixes the whole image; rollout accounts for that mixing. It ignores the values, the MLPs and the signs of
/// contributions, so it shows where information flowed, not whether it argued for or against the class.</para>
/// </remarks>
public static class AttentionRollout
{
    /// <summary>
    /// The rollout R [N, T, T] of per-layer attention weights <paramref name="attentions"/> (first layer first), each
    /// [N, T, T] with rows summing to 1 (average the heads first). <paramref name="residualWeight"/> is the share of the
    /// identity (½ in the paper); 0 gives the plain product of the attention matrices.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, a matrix is not [N, T, T], the shapes differ, or the weight is outside [0, 1].</exception>
    public static Tensor Compute(IReadOnlyList<Tensor> attentions, double residualWeight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(attentions);
        if (attentions.Count == 0) throw new ArgumentException("attention_rollout: needs at least one layer's attention", nameof(attentions));
        if (!(residualWeight >= 0 && residualWeight <= 1))
            throw new ArgumentOutOfRangeException(nameof(residualWeight), $"attention_rollout: the residual weight must be in [0, 1], got {residualWeight}");
        var shape = attentions[0].ShapeToArray();
        if (shape.Length != 3 || shape[1] != shape[2])
            throw new ArgumentException($"attention_rollout: each attention must be [N, T, T], got {ShapeUtil.Format(shape)}", nameof(attentions));
        Tensor? r = null;
        var eye = Tensor.Eye(shape[1]).To(attentions[0].DType).Unsqueeze(0);
        for (int l = 0; l < attentions.Count; l++)
        {
            var a = attentions[l].Detach();
            if (!a.ShapeArray.SequenceEqual(shape))
                throw new ArgumentException($"attention_rollout: layer {l} attention has shape {ShapeUtil.Format(a.ShapeArray)}, layer 0 {ShapeUtil.Format(shape)}", nameof(attentions));
            var mixed = a * (1 - residualWeight) + eye * residualWeight;
            mixed = mixed / mixed.Sum(-1, keepDim: true);
            r = r is null ? mixed : mixed.Bmm(r);
        }
        return r!;
    }

    /// <summary>
    /// Row 0 of a rollout (the class token) over the patch tokens 1..g², as [N, g, g] maps with patches in row-major
    /// order, each scaled so its largest entry is 1 (a map of all zeros stays zero).
    /// </summary>
    public static Tensor ClassTokenMaps(Tensor rollout, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.NDim != 3 || rollout.Size(1) != gridSize * gridSize + 1 || rollout.Size(2) != rollout.Size(1))
            throw new ArgumentException($"attention_rollout: expected a rollout of shape [N, {gridSize * gridSize + 1}, {gridSize * gridSize + 1}] for a {gridSize}×{gridSize} grid, got {ShapeUtil.Format(rollout.ShapeArray)}", nameof(rollout));
        var cls = rollout.Select(1, 0).Narrow(1, 1, gridSize * gridSize);
        var max = cls.Max(1, keepDim: true).Values.ClampMin(1e-30);
        return (cls / max).Reshape(rollout.Size(0), gridSize, gridSize);
    }
}
