namespace Glassbox;

/// <summary>
/// Loops over strided layouts. Every op that accepts non-contiguous input either calls
/// <see cref="Tensor.Contiguous"/> (one copy through <see cref="Copy{T}"/>) or walks the strides here.
/// </summary>
internal static class Strided
{
    /// <summary>Gathers a strided view into a dense row-major destination.</summary>
    public static void Copy<T>(Span<T> dst, T[] src, int offset, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int n = dst.Length;
        if (n == 0) return;
        int nd = shape.Length;
        if (nd == 0) { dst[0] = src[offset]; return; }
        int inner = shape[nd - 1], innerStride = strides[nd - 1];
        Span<int> idx = stackalloc int[nd];
        int pos = offset, o = 0;
        while (o < n)
        {
            if (innerStride == 1) { src.AsSpan(pos, inner).CopyTo(dst.Slice(o, inner)); }
            else if (innerStride == 0) { dst.Slice(o, inner).Fill(src[pos]); }
            else { for (int i = 0, p = pos; i < inner; i++, p += innerStride) dst[o + i] = src[p]; }
            o += inner;
            // advance the outer multi-index (odometer), keeping pos in sync with Σ idx_k·stride_k
            for (int k = nd - 2; k >= 0; k--)
            {
                idx[k]++; pos += strides[k];
                if (idx[k] < shape[k]) break;
                pos -= strides[k] * shape[k]; idx[k] = 0;
            }
        }
    }

    /// <summary>Scatters a dense row-major source into a strided destination view.</summary>
    public static void Write<T>(T[] dst, int offset, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<T> src)
    {
        int n = src.Length;
        if (n == 0) return;
        int nd = shape.Length;
        if (nd == 0) { dst[offset] = src[0]; return; }
        int inner = shape[nd - 1], innerStride = strides[nd - 1];
        Span<int> idx = stackalloc int[nd];
        int pos = offset, o = 0;
        while (o < n)
        {
            if (innerStride == 1) src.Slice(o, inner).CopyTo(dst.AsSpan(pos, inner));
            else for (int i = 0, p = pos; i < inner; i++, p += innerStride) dst[p] = src[o + i];
            o += inner;
            for (int k = nd - 2; k >= 0; k--)
            {
                idx[k]++; pos += strides[k];
                if (idx[k] < shape[k]) break;
                pos -= strides[k] * shape[k]; idx[k] = 0;
            }
        }
    }

    /// <summary>Offsets of every element of a strided view, in row-major order.</summary>
    public static int[] Offsets(int offset, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int n = ShapeUtil.Numel(shape);
        var r = new int[n];
        if (n == 0) return r;
        int nd = shape.Length;
        Span<int> idx = stackalloc int[Math.Max(nd, 1)];
        int pos = offset;
        for (int o = 0; o < n; o++)
        {
            r[o] = pos;
            for (int k = nd - 1; k >= 0; k--)
            {
                idx[k]++; pos += strides[k];
                if (idx[k] < shape[k]) break;
                pos -= strides[k] * shape[k]; idx[k] = 0;
            }
        }
        return r;
    }
}
