namespace Glassbox.Models;

/// <summary>
/// The two layout changes around multi-head attention, as single differentiable copies: splitting the joint projection
/// [B, T, 3C] into q, k, v heads, and merging heads [B, H, T, D] back into [B, T, C] (C = H·D).
/// </summary>
/// <remarks>
/// Composed from views these are <c>view(B, T, 3, H, D).permute(2, 0, 3, 1, 4).contiguous()</c> and
/// <c>transpose(1, 2).reshape(B, T, C)</c>, whose generic strided copies (and the copies their backward passes make of
/// permuted gradients) cost a quarter of a char-GPT training step in the profile. Both layouts move whole rows of D
/// contiguous values, so here each is one loop of row copies forward and the inverse loop backward.
/// </remarks>
internal static class HeadLayout
{
    /// <summary>qkv [B, T, 3C] → [3, B, H, T, D] contiguous: entry [s, b, h, t, :] = qkv[b, t, s·C + h·D : s·C + (h + 1)·D].</summary>
    public static Tensor Split(Tensor qkv, int heads)
    {
        if (qkv.NDim != 3 || qkv.Size(2) % (3 * heads) != 0)
            throw new ArgumentException($"split_heads: expected [B, T, 3C] with C divisible by {heads} heads, got {ShapeUtil.Format(qkv.ShapeArray)}");
        int b = qkv.Size(0), t = qkv.Size(1), c = qkv.Size(2) / 3, d = c / heads;
        var src = qkv.ContiguousRaw();
        var y = new Tensor([3, b, heads, t, d], qkv.DType);
        Copy(src, y, b, t, heads, d, toHeads: true);
        return Tensor.Record(y, "split_heads", [qkv], g =>
        {
            var dq = new Tensor([b, t, 3 * c], qkv.DType);
            Copy(g.ContiguousRaw(), dq, b, t, heads, d, toHeads: false);
            return [dq];
        });
    }

    /// <summary>y [B, H, T, D] → [B, T, H·D] contiguous: entry [b, t, h·D : (h + 1)·D] = y[b, h, t, :].</summary>
    public static Tensor Merge(Tensor y)
    {
        if (y.NDim != 4) throw new ArgumentException($"merge_heads: expected [B, H, T, D], got {ShapeUtil.Format(y.ShapeArray)}");
        int b = y.Size(0), h = y.Size(1), t = y.Size(2), d = y.Size(3);
        var src = y.ContiguousRaw();
        var o = new Tensor([b, t, h * d], y.DType);
        CopyMerge(src, o, b, h, t, d, toRows: true);
        return Tensor.Record(o, "merge_heads", [y], g =>
        {
            var dy = new Tensor([b, h, t, d], y.DType);
            CopyMerge(g.ContiguousRaw(), dy, b, h, t, d, toRows: false);
            return [dy];
        });
    }

    /// <summary>Row copies between [B, T, 3, H, D] (rows) and [3, B, H, T, D] (heads), either way.</summary>
    private static void Copy(Tensor from, Tensor to, int b, int t, int heads, int d, bool toHeads)
    {
        if (from.DType == DType.Float32) Rows<float>(from.Data<float>(), from.Offset, to.Data<float>(), to.Offset, b, t, heads, d, toHeads);
        else Rows<double>(from.Data<double>(), from.Offset, to.Data<double>(), to.Offset, b, t, heads, d, toHeads);

        static void Rows<T>(T[] src, int so, T[] dst, int dO, int b, int t, int heads, int d, bool toHeads)
        {
            int c = heads * d;
            for (int bi = 0; bi < b; bi++)
                for (int ti = 0; ti < t; ti++)
                    for (int s = 0; s < 3; s++)
                        for (int hi = 0; hi < heads; hi++)
                        {
                            int rowIndex = (bi * t + ti) * 3 * c + s * c + hi * d;
                            int headIndex = (((s * b + bi) * heads + hi) * t + ti) * d;
                            if (toHeads) src.AsSpan(so + rowIndex, d).CopyTo(dst.AsSpan(dO + headIndex, d));
                            else src.AsSpan(so + headIndex, d).CopyTo(dst.AsSpan(dO + rowIndex, d));
                        }
        }
    }

    /// <summary>Row copies between [B, H, T, D] (heads) and [B, T, H, D] (rows), either way.</summary>
    private static void CopyMerge(Tensor from, Tensor to, int b, int h, int t, int d, bool toRows)
    {
        if (from.DType == DType.Float32) Rows<float>(from.Data<float>(), from.Offset, to.Data<float>(), to.Offset, b, h, t, d, toRows);
        else Rows<double>(from.Data<double>(), from.Offset, to.Data<double>(), to.Offset, b, h, t, d, toRows);

        static void Rows<T>(T[] src, int so, T[] dst, int dO, int b, int h, int t, int d, bool toRows)
        {
            for (int bi = 0; bi < b; bi++)
                for (int hi = 0; hi < h; hi++)
                    for (int ti = 0; ti < t; ti++)
                    {
                        int headIndex = ((bi * h + hi) * t + ti) * d;
                        int rowIndex = ((bi * t + ti) * h + hi) * d;
                        if (toRows) src.AsSpan(so + headIndex, d).CopyTo(dst.AsSpan(dO + rowIndex, d));
                        else src.AsSpan(so + rowIndex, d).CopyTo(dst.AsSpan(dO + headIndex, d));
                    }
        }
    }
}
