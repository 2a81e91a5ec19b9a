using System.Numerics;

namespace Glassbox.Kernels;

/// <summary>
/// ReLU's backward in one pass: dx_i = g_i where y_i &gt; 0, else 0 (y = relu(x), so y &gt; 0 ⇔ x &gt; 0).
/// Composed from primitives it was compare → bool-to-float conversion → multiply: three passes and two temporaries.
/// </summary>
internal static class ReluKernels
{
    public static void Backward<T>(Span<T> dx, ReadOnlySpan<T> g, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            for (; i + w <= dx.Length; i += w)
            {
                var yv = new Vector<T>(y.Slice(i));
                var gv = new Vector<T>(g.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(yv, Vector<T>.Zero), gv, Vector<T>.Zero).CopyTo(dx.Slice(i));
            }
        }
        for (; i < dx.Length; i++) dx[i] = y[i] > T.Zero ? g[i] : T.Zero;
    }

    /// <summary>Naive reference for <see cref="Backward{T}"/>.</summary>
    public static void BackwardReference<T>(Span<T> dx, ReadOnlySpan<T> g, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = y[i] > T.Zero ? g[i] : T.Zero;
    }
}
