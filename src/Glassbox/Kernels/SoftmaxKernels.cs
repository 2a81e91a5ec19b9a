using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Softmax and log-softmax along the middle axis of a contiguous [outer, reduce, inner] layout, forward and
/// backward. The callers split <c>outer</c> across threads.
/// </summary>
/// <remarks>
/// <para>
/// Stability: softmax is shift-invariant, softmax(x) = softmax(x − m), so with m = max x every exponent is ≤ 0
/// and e^(x−m) ∈ (0, 1]: no overflow, and the largest term is exactly 1 so the sum is ≥ 1 (no underflow to 0).
/// log-softmax = (x − m) − ln Σ e^(x−m).
/// </para>
/// <para>
/// inner = 1 (softmax over the last dimension, the training hot path) works row by row with TensorPrimitives:
/// max, exp(x − max) into the output, sum, scale — three vectorised passes over a row that stays in cache.
/// inner &gt; 1 keeps running max/sum vectors of length inner and walks the rows r = 0..reduce−1, so every
/// access is contiguous and still vectorised along inner.
/// </para>
/// <para>
/// Backward (y = softmax x, g = ∂L/∂y): ∂L/∂x = y ⊙ (g − ⟨g, y⟩). For y = log-softmax x:
/// ∂L/∂x = g − e^y · Σ g. Sums run along the softmax axis.
/// </para>
/// </remarks>
internal static class SoftmaxKernels
{
    /// <summary>y = softmax(x) along reduce.</summary>
    public static void Softmax<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reduce == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * reduce, reduce);
                var dst = y.Slice(o * reduce, reduce);
                T m = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, m, dst);
                TensorPrimitives.Exp(dst, dst);
                T s = TensorPrimitives.Sum(dst);
                TensorPrimitives.Multiply(dst, T.One / s, dst);
            }
            return;
        }
        var max = new T[inner];
        var sum = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            ColumnExpSum(y.Slice(b, reduce * inner), x.Slice(b, reduce * inner), max, sum, reduce, inner);
            TensorPrimitives.Reciprocal(sum, sum);
            for (int r = 0; r < reduce; r++)
            {
                var dst = y.Slice(b + r * inner, inner);
                TensorPrimitives.Multiply(dst, sum, dst);
            }
        }
    }

    /// <summary>y = log-softmax(x) along reduce.</summary>
    public static void LogSoftmax<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reduce == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * reduce, reduce);
                var dst = y.Slice(o * reduce, reduce);
                T m = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, m, dst);      // dst used as scratch for e^(x−m)
                TensorPrimitives.Exp(dst, dst);
                T lse = m + T.Log(TensorPrimitives.Sum(dst));
                TensorPrimitives.Subtract(row, lse, dst);
            }
            return;
        }
        var max = new T[inner];
        var sum = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            ColumnExpSum(y.Slice(b, reduce * inner), x.Slice(b, reduce * inner), max, sum, reduce, inner);
            TensorPrimitives.Log(sum, sum);
            TensorPrimitives.Add(sum, max, sum); // sum now holds the log-sum-exp
            for (int r = 0; r < reduce; r++)
                TensorPrimitives.Subtract(x.Slice(b + r * inner, inner), sum, y.Slice(b + r * inner, inner));
        }
    }

    /// <summary>dx = y ⊙ (g − Σ_r g⊙y) for y = softmax(x).</summary>
    public static void SoftmaxBackward<T>(Span<T> dx, ReadOnlySpan<T> y, ReadOnlySpan<T> g, int outer, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reduce == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var yr = y.Slice(o * reduce, reduce);
                var gr = g.Slice(o * reduce, reduce);
                var dr = dx.Slice(o * reduce, reduce);
                T dot = TensorPrimitives.Dot(gr, yr);
                TensorPrimitives.Subtract(gr, dot, dr);
                TensorPrimitives.Multiply(dr, yr, dr);
            }
            return;
        }
        var dotv = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            Array.Clear(dotv);
            for (int r = 0; r < reduce; r++)
                TensorPrimitives.MultiplyAdd(g.Slice(b + r * inner, inner), y.Slice(b + r * inner, inner), dotv, dotv);
            for (int r = 0; r < reduce; r++)
            {
                var dr = dx.Slice(b + r * inner, inner);
                TensorPrimitives.Subtract(g.Slice(b + r * inner, inner), dotv, dr);
                TensorPrimitives.Multiply(dr, y.Slice(b + r * inner, inner), dr);
            }
        }
    }

    /// <summary>dx = g − e^y ⊙ Σ_r g for y = log-softmax(x).</summary>
    public static void LogSoftmaxBackward<T>(Span<T> dx, ReadOnlySpan<T> y, ReadOnlySpan<T> g, int outer, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reduce == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var yr = y.Slice(o * reduce, reduce);
                var gr = g.Slice(o * reduce, reduce);
                var dr = dx.Slice(o * reduce, reduce);
                T sg = TensorPrimitives.Sum(gr);
                TensorPrimitives.Exp(yr, dr);
                TensorPrimitives.MultiplyAdd(dr, -sg, gr, dr);
            }
            return;
        }
        var sgv = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int b = o * reduce * inner;
            Array.Clear(sgv);
            for (int r = 0; r < reduce; r++) TensorPrimitives.Add(sgv, g.Slice(b + r * inner, inner), sgv);
            TensorPrimitives.Negate(sgv, sgv);
            for (int r = 0; r < reduce; r++)
            {
                var dr = dx.Slice(b + r * inner, inner);
                TensorPrimitives.Exp(y.Slice(b + r * inner, inner), dr);
                TensorPrimitives.MultiplyAdd(dr, sgv, g.Slice(b + r * inner, inner), dr);
            }
        }
    }

    /// <summary>max[i] = max_r x[r, i] over a [reduce, inner] slab (NaN propagates).</summary>
    /// <summary>
    /// The pass softmax and log-softmax share over one [reduce, inner] block when the reduced axis is strided:
    /// max_i = max_r x[r, i]; y[r, i] = e^(x[r, i] − max_i); sum_i = Σ_r y[r, i]. Subtracting the column max keeps
    /// every exponent ≤ 0, so nothing overflows.
    /// </summary>
    private static void ColumnExpSum<T>(Span<T> y, ReadOnlySpan<T> x, Span<T> max, Span<T> sum, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnMax(max, x, reduce, inner);
        sum.Clear();
        for (int r = 0; r < reduce; r++)
        {
            var dst = y.Slice(r * inner, inner);
            TensorPrimitives.Subtract(x.Slice(r * inner, inner), max, dst);
            TensorPrimitives.Exp(dst, dst);
            TensorPrimitives.Add(sum, dst, sum);
        }
    }

    private static void ColumnMax<T>(Span<T> max, ReadOnlySpan<T> slab, int reduce, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        slab.Slice(0, inner).CopyTo(max);
        for (int r = 1; r < reduce; r++) TensorPrimitives.Max(max, slab.Slice(r * inner, inner), max);
    }

    /// <summary>Naive reference: softmax (or log-softmax) of each (o, i) column, computed in double.</summary>
    public static void Reference<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int at(int r) => (o * reduce + r) * inner + i;
                double m = double.NegativeInfinity;
                for (int r = 0; r < reduce; r++) m = Math.Max(m, double.CreateTruncating(x[at(r)]));
                double s = 0;
                for (int r = 0; r < reduce; r++) s += Math.Exp(double.CreateTruncating(x[at(r)]) - m);
                for (int r = 0; r < reduce; r++)
                {
                    double v = double.CreateTruncating(x[at(r)]) - m;
                    y[at(r)] = T.CreateTruncating(log ? v - Math.Log(s) : Math.Exp(v) / s);
                }
            }
    }
}
