using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Scans and products along the middle axis of a contiguous [outer, reduce, inner] layout: cumulative sum
/// (forward or reversed), product, and the "product of all the others" that the product's gradient needs.
/// </summary>
internal static class ScanKernels
{
    /// <summary>
    /// y[o, r, i] = Σ_{r' ≤ r} x[o, r', i] (or Σ_{r' ≥ r} when <paramref name="reverse"/>). For inner &gt; 1 each
    /// step adds a whole contiguous row of length inner, which vectorises.
    /// </summary>
    public static void CumSum<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner, bool reverse) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            for (int k = 0; k < reduce; k++)
            {
                int r = reverse ? reduce - 1 - k : k;
                var dst = y.Slice(b + r * inner, inner);
                var src = x.Slice(b + r * inner, inner);
                if (k == 0) src.CopyTo(dst);
                else
                {
                    int prev = reverse ? r + 1 : r - 1;
                    TensorPrimitives.Add(y.Slice(b + prev * inner, inner), src, dst);
                }
            }
        }
    }

    /// <summary>Naive reference for <see cref="CumSum{T}"/>.</summary>
    public static void CumSumReference<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner, bool reverse) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T acc = T.Zero;
                for (int k = 0; k < reduce; k++)
                {
                    int r = reverse ? reduce - 1 - k : k;
                    acc += x[(o * reduce + r) * inner + i];
                    y[(o * reduce + r) * inner + i] = acc;
                }
            }
    }

    /// <summary>y[o, i] = Π_r x[o, r, i]; the empty product is 1.</summary>
    public static void Prod<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, INumber<T>
    {
        y.Fill(T.One);
        for (int o = 0; o < outer; o++)
        {
            var yo = y.Slice(o * inner, inner);
            for (int r = 0; r < reduce; r++) TensorPrimitives.Multiply(yo, x.Slice((o * reduce + r) * inner, inner), yo);
        }
    }

    /// <summary>
    /// d[o, r, i] = Π_{r' ≠ r} x[o, r', i], the partial derivative of the product with respect to x[o, r, i].
    /// </summary>
    /// <remarks>
    /// Computed as (exclusive prefix product) × (exclusive suffix product): two passes, no division. Dividing the
    /// total by x would give 0/0 wherever x has a zero; this form is exact for any number of zeros (one zero:
    /// only that position gets a non-zero derivative, the product of the rest; two or more: all zero).
    /// </remarks>
    public static void ProductOfOthers<T>(Span<T> d, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, INumber<T>
    {
        if (reduce == 0) return;
        var acc = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            acc.AsSpan().Fill(T.One);
            for (int r = 0; r < reduce; r++) // d_r = Π_{r' < r} x_r'
            {
                acc.AsSpan().CopyTo(d.Slice(b + r * inner, inner));
                TensorPrimitives.Multiply(acc, x.Slice(b + r * inner, inner), acc);
            }
            acc.AsSpan().Fill(T.One);
            for (int r = reduce - 1; r >= 0; r--) // d_r ·= Π_{r' > r} x_r'
            {
                var dr = d.Slice(b + r * inner, inner);
                TensorPrimitives.Multiply(dr, acc, dr);
                TensorPrimitives.Multiply(acc, x.Slice(b + r * inner, inner), acc);
            }
        }
    }

    /// <summary>Naive O(reduce²) reference for <see cref="ProductOfOthers{T}"/>.</summary>
    public static void ProductOfOthersReference<T>(Span<T> d, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                for (int r = 0; r < reduce; r++)
                {
                    T p = T.One;
                    for (int q = 0; q < reduce; q++) if (q != r) p *= x[(o * reduce + q) * inner + i];
                    d[(o * reduce + r) * inner + i] = p;
                }
    }
}
