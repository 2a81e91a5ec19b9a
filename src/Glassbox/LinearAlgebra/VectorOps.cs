using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// The level-1 (vector) operations the factorizations are built from: dot products, axpy, scaling and plane
/// rotations over contiguous rows. Every O(n³) loop in this folder is arranged so that its innermost work is one
/// of these over a contiguous row of a row-major matrix, which is what makes them cache- and SIMD-friendly.
/// </summary>
internal static class VectorOps
{
    /// <summary>xᵀy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>y ← y + α·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        if (alpha == 0) return;
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }

    /// <summary>
    /// y ← y + α·x with a fused multiply–add (one rounding) on every full SIMD lane and a plain multiply then add on
    /// the scalar tail. It differs from <see cref="Axpy"/> in the last bit; the symmetric eigensolver and the PCA
    /// kernels use it, and their results are kept bit for bit (see <see cref="HouseholderTridiagonal"/>).
    /// </summary>
    public static void FusedAxpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var va = new Vector<double>(alpha);
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        int full = Math.Min(yv.Length, xv.Length);
        for (int t = 0; t < full; t++) yv[t] = Vector.FusedMultiplyAdd(va, xv[t], yv[t]);
        for (int i = full * Vector<double>.Count; i < y.Length; i++) y[i] += alpha * x[i];
    }

    /// <summary>Exchanges the contents of two equal-length, non-overlapping spans.</summary>
    public static void Swap(Span<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) (x[i], y[i]) = (y[i], x[i]);
    }

    /// <summary>x ← α·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(double alpha, Span<double> x) => TensorPrimitives.Multiply(x, alpha, x);

    /// <summary>
    /// The three inner products of a pair of rows in one pass: ‖x‖², ‖y‖², xᵀy (what a one-sided Jacobi step needs).
    /// </summary>
    public static void Gram(ReadOnlySpan<double> x, ReadOnlySpan<double> y, out double xx, out double yy, out double xy)
    {
        int n = x.Length, i = 0;
        double sxx = 0, syy = 0, sxy = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            Vector<double> axx = Vector<double>.Zero, ayy = Vector<double>.Zero, axy = Vector<double>.Zero;
            for (int v = 0; v < vx.Length; v++)
            {
                var a = vx[v]; var b = vy[v];
                axx += a * a; ayy += b * b; axy += a * b;
            }
            sxx = Vector.Sum(axx); syy = Vector.Sum(ayy); sxy = Vector.Sum(axy);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < n; i++) { sxx += x[i] * x[i]; syy += y[i] * y[i]; sxy += x[i] * y[i]; }
        xx = sxx; yy = syy; xy = sxy;
    }

    /// <summary>
    /// Plane rotation of two rows: x ← c·x + s·y, y ← −s·x + c·y (the rows of [[c, s], [−s, c]]·[x; y]).
    /// </summary>
    public static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        int n = x.Length, i = 0;
        y = y[..n];
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vc = new Vector<double>(c); var vs = new Vector<double>(s);
            for (int v = 0; v < vx.Length; v++)
            {
                var a = vx[v]; var b = vy[v];
                vx[v] = vc * a + vs * b;
                vy[v] = vc * b - vs * a;
            }
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < n; i++)
        {
            double a = x[i], b = y[i];
            x[i] = c * a + s * b;
            y[i] = c * b - s * a;
        }
    }

    /// <summary>Copies the transpose of the m×n matrix <paramref name="a"/> (leading dimension lda) into t (n×m, leading dimension ldt).</summary>
    public static void Transpose(Span<double> t, int ldt, ReadOnlySpan<double> a, int lda, int m, int n)
    {
        // 32×32 tiles keep both the read and the write side in cache.
        const int B = 32;
        for (int i0 = 0; i0 < m; i0 += B)
            for (int j0 = 0; j0 < n; j0 += B)
            {
                int ie = Math.Min(m, i0 + B), je = Math.Min(n, j0 + B);
                for (int i = i0; i < ie; i++)
                    for (int j = j0; j < je; j++)
                        t[j * ldt + i] = a[i * lda + j];
            }
    }
}
