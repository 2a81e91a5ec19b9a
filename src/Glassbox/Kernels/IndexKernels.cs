using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Index-driven copies and accumulations behind index_select, embedding, gather and scatter_add.
/// </summary>
/// <remarks>
/// <para>
/// <b>Row kernels</b> (<see cref="IndexSelect{T}"/>, <see cref="IndexAdd{T}"/>) see the tensor as
/// [outer, n, inner] with the indexed dimension in the middle: every index picks a whole contiguous run of
/// <c>inner</c> elements, so the work is a block copy or one vector add per (outer, index) pair.
/// <see cref="IndexAdd{T}"/> is the adjoint of <see cref="IndexSelect{T}"/> and the embedding backward;
/// repeated indices must accumulate, which is why it adds rather than writes.
/// </para>
/// <para>
/// <b>Element kernels</b> (<see cref="Gather{T}"/>, <see cref="ScatterAdd{T}"/>) walk the index tensor's
/// shape in row-major order with an odometer and replace one coordinate (the dimension <c>dim</c>) by the
/// index value. The walk strides have a 0 at <c>dim</c>, so the running base offset covers only the other
/// coordinates and the indexed coordinate is added per element.
/// </para>
/// Every index is checked against the size of the indexed dimension; a bad one throws naming the op, the
/// value and the size instead of reading or writing out of bounds.
/// </remarks>
internal static class IndexKernels
{
    /// <summary>Throws unless every index lies in [0, size).</summary>
    public static void CheckRange(ReadOnlySpan<long> index, int size, string op, string what)
    {
        foreach (var v in index)
            if ((ulong)v >= (ulong)size) throw OutOfRange(op, v, size, what);
    }

    public static IndexOutOfRangeException OutOfRange(string op, long value, int size, string what) =>
        new($"{op}: index {value} is out of range for {what} of size {size} (expected in [0, {size - 1}])");

    /// <summary>dst[o, k, :] = src[o, index[k], :]; dst is [outer, m, inner], src is [outer, n, inner]. Indices must be pre-checked.</summary>
    public static void IndexSelect<T>(Span<T> dst, ReadOnlySpan<T> src, ReadOnlySpan<long> index, int outer, int n, int inner)
    {
        int m = index.Length;
        if (inner == 0) return;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < m; k++)
                src.Slice((o * n + (int)index[k]) * inner, inner).CopyTo(dst.Slice((o * m + k) * inner, inner));
    }

    /// <summary>
    /// dst[o, index[k], :] += src[o, k, :] (<c>index_add_</c>), one vectorised row add per (o, k).
    /// dst is [outer, n, inner], src is [outer, m, inner]. Indices must be pre-checked.
    /// </summary>
    public static void IndexAdd<T>(Span<T> dst, ReadOnlySpan<T> src, ReadOnlySpan<long> index, int outer, int n, int inner)
        where T : IAdditionOperators<T, T, T>, IAdditiveIdentity<T, T>
    {
        int m = index.Length;
        if (inner == 0) return;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < m; k++)
            {
                var row = dst.Slice((o * n + (int)index[k]) * inner, inner);
                TensorPrimitives.Add(row, src.Slice((o * m + k) * inner, inner), row);
            }
    }

    /// <summary>Naive reference for <see cref="IndexAdd{T}"/>: one scalar add per element.</summary>
    public static void IndexAddReference<T>(Span<T> dst, ReadOnlySpan<T> src, ReadOnlySpan<long> index, int outer, int n, int inner)
        where T : IAdditionOperators<T, T, T>
    {
        int m = index.Length;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < m; k++)
                for (int i = 0; i < inner; i++)
                    dst[(o * n + (int)index[k]) * inner + i] += src[(o * m + k) * inner + i];
    }

    /// <summary>
    /// dst[e] = src[coords(e) with coordinate dim := index[e]] for every element e of the index tensor
    /// (<c>torch.gather</c>). <paramref name="src"/> is read through its own offset and strides, so a
    /// non-contiguous source needs no copy.
    /// </summary>
    public static void Gather<T>(Span<T> dst, T[] src, int srcOffset, ReadOnlySpan<int> srcStrides, int srcDimSize,
        ReadOnlySpan<long> index, ReadOnlySpan<int> indexShape, int dim, string op)
    {
        int n = index.Length;
        if (n == 0) return;
        int nd = indexShape.Length;
        Span<int> walk = stackalloc int[nd];
        srcStrides.CopyTo(walk);
        walk[dim] = 0;
        Span<int> idx = stackalloc int[nd];
        int sd = srcStrides[dim], pos = srcOffset;
        for (int e = 0; e < n; e++)
        {
            long v = index[e];
            if ((ulong)v >= (ulong)srcDimSize) throw OutOfRange(op, v, srcDimSize, $"dimension {dim}");
            dst[e] = src[pos + (int)v * sd];
            Advance(idx, indexShape, walk, ref pos);
        }
    }

    /// <summary>
    /// dst[coords(e) with coordinate dim := index[e]] += src[coords(e)] for every element e of the index
    /// tensor (<c>scatter_add_</c>). dst is contiguous from offset 0 with <paramref name="dstStrides"/>;
    /// src is read through its own offset and strides and may be larger than the index tensor.
    /// </summary>
    public static void ScatterAdd<T>(T[] dst, ReadOnlySpan<int> dstStrides, int dstDimSize,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides,
        ReadOnlySpan<long> index, ReadOnlySpan<int> indexShape, int dim, string op)
        where T : IAdditionOperators<T, T, T>
    {
        int n = index.Length;
        if (n == 0) return;
        int nd = indexShape.Length;
        Span<int> walk = stackalloc int[nd];
        dstStrides.CopyTo(walk);
        walk[dim] = 0;
        Span<int> idx = stackalloc int[nd];
        Span<int> idx2 = stackalloc int[nd];
        int sd = dstStrides[dim], dpos = 0, spos = srcOffset;
        for (int e = 0; e < n; e++)
        {
            long v = index[e];
            if ((ulong)v >= (ulong)dstDimSize) throw OutOfRange(op, v, dstDimSize, $"dimension {dim}");
            dst[dpos + (int)v * sd] += src[spos];
            Advance(idx, indexShape, walk, ref dpos);
            Advance(idx2, indexShape, srcStrides, ref spos);
        }
    }

    /// <summary>Row-major odometer step: increments the multi-index and keeps pos = Σ idx_k·strides_k.</summary>
    private static void Advance(Span<int> idx, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ref int pos)
    {
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            idx[k]++; pos += strides[k];
            if (idx[k] < shape[k]) return;
            pos -= strides[k] * shape[k]; idx[k] = 0;
        }
    }
}
