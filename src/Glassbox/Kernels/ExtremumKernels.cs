using System.Numerics;

namespace Glassbox.Kernels;

/// <summary>
/// Max/min with their positions over a contiguous input viewed as [outer, reduce, inner]
/// (the layout of <see cref="ReduceKernels"/>): values[o, i] = max_r x[o, r, i], indices[o, i] = that r.
/// </summary>
/// <remarks>
/// PyTorch's rules: on ties the <b>first</b> occurrence wins; NaN counts as larger than everything for max and
/// smaller than everything for min (it propagates), and the first NaN's index is reported. Rows are scanned
/// r-major so that for inner &gt; 1 each step reads a contiguous row of length inner.
/// </remarks>
internal static class ExtremumKernels
{
    /// <summary>
    /// Writes the extreme values (if <paramref name="values"/> is non-empty) and their indices along reduce
    /// (if <paramref name="indices"/> is non-empty). reduce must be ≥ 1.
    /// </summary>
    public static void Reduce<T>(Span<T> values, Span<long> indices, ReadOnlySpan<T> x, int outer, int reduce, int inner, bool isMax)
        where T : unmanaged, INumber<T>
    {
        if (reduce < 1) throw new ArgumentException("internal: extremum over an empty dimension");
        var best = new T[inner];
        var idx = new long[inner];
        for (int o = 0; o < outer; o++)
        {
            int baseO = o * reduce * inner;
            x.Slice(baseO, inner).CopyTo(best);
            Array.Clear(idx);
            for (int r = 1; r < reduce; r++)
            {
                var row = x.Slice(baseO + r * inner, inner);
                for (int i = 0; i < inner; i++)
                {
                    T v = row[i], b = best[i];
                    if (T.IsNaN(b)) continue;
                    if (T.IsNaN(v) || (isMax ? v > b : v < b)) { best[i] = v; idx[i] = r; }
                }
            }
            if (!values.IsEmpty) best.AsSpan().CopyTo(values.Slice(o * inner, inner));
            if (!indices.IsEmpty) idx.AsSpan().CopyTo(indices.Slice(o * inner, inner));
        }
    }

    /// <summary>Naive reference for <see cref="Reduce{T}"/>: scans each (o, i) column independently.</summary>
    public static void ReduceReference<T>(Span<T> values, Span<long> indices, ReadOnlySpan<T> x, int outer, int reduce, int inner, bool isMax)
        where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int bi = 0;
                T b = x[o * reduce * inner + i];
                for (int r = 1; r < reduce && !T.IsNaN(b); r++)
                {
                    T v = x[(o * reduce + r) * inner + i];
                    if (T.IsNaN(v) || (isMax ? v > b : v < b)) { b = v; bi = r; }
                }
                if (!values.IsEmpty) values[o * inner + i] = b;
                if (!indices.IsEmpty) indices[o * inner + i] = bi;
            }
    }

    /// <summary>
    /// The adjoint of picking x[o, idx[o, i], i]: writes g[o, i] into dx at the chosen positions and zero
    /// elsewhere (dx is [outer, reduce, inner], g and idx are [outer, inner]).
    /// </summary>
    public static void ScatterToIndex<T>(Span<T> dx, ReadOnlySpan<T> g, ReadOnlySpan<long> idx, int outer, int reduce, int inner)
        where T : unmanaged, INumber<T>
    {
        dx.Clear();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                dx[(o * reduce + (int)idx[o * inner + i]) * inner + i] = g[o * inner + i];
    }
}
