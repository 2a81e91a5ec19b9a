namespace Glassbox.NN;

/// <summary>The shape checks and the masked softmax + weighted sum shared by <see cref="BahdanauAttention"/> and <see cref="LuongAttention"/>.</summary>
internal static class DecoderAttention
{
    /// <summary>Validates query [B, Dq] or [B, L, Dq], keys [B, S, Dk], mask bool [B, S]; returns whether the query is a single step.</summary>
    public static bool CheckShapes(string op, Tensor query, Tensor keys, Tensor? mask, int queryDim, int keyDim)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.NDim != 3 || keys.Size(2) != keyDim)
            throw new ArgumentException($"{op}: expected keys of shape [B, S, {keyDim}], got {ShapeUtil.Format(keys.ShapeArray)}");
        if ((query.NDim != 2 && query.NDim != 3) || query.Shape[^1] != queryDim || query.Size(0) != keys.Size(0))
            throw new ArgumentException($"{op}: expected query of shape [{keys.Size(0)}, {queryDim}] or [{keys.Size(0)}, L, {queryDim}] for keys {ShapeUtil.Format(keys.ShapeArray)}, got {ShapeUtil.Format(query.ShapeArray)}");
        if (mask is not null && (mask.DType != DType.Bool || mask.NDim != 2 || mask.Size(0) != keys.Size(0) || mask.Size(1) != keys.Size(1)))
            throw new ArgumentException($"{op}: expected a bool source padding mask of shape [{keys.Size(0)}, {keys.Size(1)}], got {mask.DType.TorchName()} {ShapeUtil.Format(mask.ShapeArray)}");
        if (query.DType != keys.DType)
            throw new ArgumentException($"{op}: query and keys must have the same dtype, got {query.DType.TorchName()} and {keys.DType.TorchName()}");
        return query.NDim == 2;
    }

    /// <summary>Scores [B, L, S] → masked softmax over S → (context [B, L, Dk], weights), squeezed back to one step when <paramref name="single"/>.</summary>
    public static (Tensor Context, Tensor Weights) Finish(Tensor scores, Tensor keys, Tensor? mask, bool single)
    {
        if (mask is not null) scores = scores.MaskedFill(mask.Unsqueeze(1), double.NegativeInfinity);
        var weights = scores.Softmax(-1);
        var context = weights.Bmm(keys);
        return single ? (context.Squeeze(1), weights.Squeeze(1)) : (context, weights);
    }
}
