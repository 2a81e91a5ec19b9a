using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Sum reduction over a contiguous input viewed as [outer, reduce, inner]: y[o, i] = Σ_r x[o, r, i].
/// Letters: O outer (kept dims before), R reduced, I inner (kept dims after).
/// </summary>
/// <remarks>
/// Two layouts are fast: I = 1 sums contiguous runs (one TensorPrimitives.Sum per output), and I &gt; 1 adds
/// whole rows of length I into the output (a vector add per r). Any set of reduced dimensions is first
/// brought into this shape by <see cref="Tensor"/>'s reduction driver.
/// </remarks>
internal static class ReduceKernels
{
    public static void Sum<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, INumber<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) y[o] = reduce == 0 ? T.Zero : TensorPrimitives.Sum(x.Slice(o * reduce, reduce));
            return;
        }
        y.Clear();
        for (int o = 0; o < outer; o++)
        {
            var yo = y.Slice(o * inner, inner);
            for (int r = 0; r < reduce; r++)
                TensorPrimitives.Add(yo, x.Slice((o * reduce + r) * inner, inner), yo);
        }
    }

    /// <summary>Naive reference for <see cref="Sum{T}"/>.</summary>
    public static void SumReference<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T acc = T.Zero;
                for (int r = 0; r < reduce; r++) acc += x[(o * reduce + r) * inner + i];
                y[o * inner + i] = acc;
            }
    }
}
