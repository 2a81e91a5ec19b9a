using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Glassbox.Kernels;

/// <summary>The elementwise binary ops that share the broadcasting loop in <see cref="BinaryKernels"/>.</summary>
internal enum BinaryOp { Add, Sub, Mul, Div, Pow, Maximum, Minimum }

/// <summary>
/// Elementwise binary kernels over spans, outputs first. VV: vector ⊙ vector; VS: vector ⊙ scalar;
/// SV: scalar ⊙ vector. They use TensorPrimitives, which vectorises with Vector128/256/512 as the CPU allows.
/// </summary>
internal static class BinaryKernels
{
    public static void VV<T>(BinaryOp op, Span<T> z, ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, z); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, z); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, z); break;
            case BinaryOp.Div: Divide(z, x, y); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, z); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, z); break;
            case BinaryOp.Pow:
                if (typeof(T) == typeof(float)) TensorPrimitives.Pow(Cast<T, float>(x), Cast<T, float>(y), CastW<T, float>(z));
                else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(Cast<T, double>(x), Cast<T, double>(y), CastW<T, double>(z));
                else for (int i = 0; i < z.Length; i++) z[i] = S(op, x[i], y[i]);
                break;
        }
    }

    public static void VS<T>(BinaryOp op, Span<T> z, ReadOnlySpan<T> x, T y) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, z); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, z); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, z); break;
            case BinaryOp.Div:
                if (typeof(T) == typeof(long)) for (int i = 0; i < z.Length; i++) z[i] = S(op, x[i], y);
                else TensorPrimitives.Divide(x, y, z);
                break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, z); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, z); break;
            default: for (int i = 0; i < z.Length; i++) z[i] = S(op, x[i], y); break;
        }
    }

    public static void SV<T>(BinaryOp op, Span<T> z, T x, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, z); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(y, x, z); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, z); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, z); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, z); break;
            default: for (int i = 0; i < z.Length; i++) z[i] = S(op, x, y[i]); break;
        }
    }

    /// <summary>The scalar definition of each op: the reference the vector paths must agree with.</summary>
    public static T S<T>(BinaryOp op, T x, T y) where T : unmanaged, INumber<T> => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Sub => x - y,
        BinaryOp.Mul => x * y,
        BinaryOp.Div => typeof(T) == typeof(long) ? FloorDiv(x, y) : x / y,
        BinaryOp.Maximum => T.IsNaN(x) || T.IsNaN(y) ? x + y : T.Max(x, y),
        BinaryOp.Minimum => T.IsNaN(x) || T.IsNaN(y) ? x + y : T.Min(x, y),
        BinaryOp.Pow => PowScalar(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static void Divide<T>(Span<T> z, ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(long)) { for (int i = 0; i < z.Length; i++) z[i] = FloorDiv(x[i], y[i]); }
        else TensorPrimitives.Divide(x, y, z);
    }

    // Integer division of int64 tensors floors, like torch.div(..., rounding_mode='floor') and Python's //.
    private static T FloorDiv<T>(T x, T y) where T : INumber<T>
    {
        if (T.IsZero(y)) throw new DivideByZeroException("div: integer division by zero");
        var q = x / y;
        return (x % y != T.Zero && (x < T.Zero) != (y < T.Zero)) ? q - T.One : q;
    }

    private static T PowScalar<T>(T x, T y) where T : INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.Pow((float)(object)x, (float)(object)y);
        if (typeof(T) == typeof(double)) return (T)(object)Math.Pow((double)(object)x, (double)(object)y);
        long b = long.CreateTruncating(x), e = long.CreateTruncating(y), r = 1;
        if (e < 0) throw new ArgumentException("pow: integers to negative integer powers are not allowed");
        while (e > 0) { if ((e & 1) == 1) r *= b; b *= b; e >>= 1; }
        return T.CreateTruncating(r);
    }

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> s) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(s);
    private static Span<TTo> CastW<TFrom, TTo>(Span<TFrom> s) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(s);

    /// <summary>
    /// Broadcasting driver. <paramref name="sa"/> and <paramref name="sb"/> are the operands' strides already
    /// broadcast to <paramref name="shape"/> (0 on stretched dimensions). The innermost dimension is handed to
    /// the span kernels; outer dimensions are walked with an odometer.
    /// </summary>
    public static void Broadcast<T>(BinaryOp op, T[] z, T[] a, int oa, int[] sa, T[] b, int ob, int[] sb, int[] shape) where T : unmanaged, INumber<T>
    {
        int n = z.Length;
        if (n == 0) return;
        int nd = shape.Length;
        bool aDense = ShapeUtil.IsContiguous(shape, sa), bDense = ShapeUtil.IsContiguous(shape, sb);
        bool aScalar = Array.TrueForAll(sa, s => s == 0), bScalar = Array.TrueForAll(sb, s => s == 0);
        if (aDense && bDense)
        {
            Par.For(n, Par.ElementwiseGrain, (s, l) => VV(op, z.AsSpan(s, l), a.AsSpan(oa + s, l), b.AsSpan(ob + s, l)));
            return;
        }
        if (aDense && bScalar)
        {
            T y = b[ob];
            Par.For(n, Par.ElementwiseGrain, (s, l) => VS(op, z.AsSpan(s, l), a.AsSpan(oa + s, l), y));
            return;
        }
        if (aScalar && bDense)
        {
            T x = a[oa];
            Par.For(n, Par.ElementwiseGrain, (s, l) => SV(op, z.AsSpan(s, l), x, b.AsSpan(ob + s, l)));
            return;
        }
        int inner = shape[nd - 1], ia = sa[nd - 1], ib = sb[nd - 1];
        int outer = n / inner;
        Par.For(outer, Math.Max(1, Par.ElementwiseGrain / Math.Max(inner, 1)), (start, count) =>
        {
            Span<int> idx = stackalloc int[nd];
            // position the odometer at row `start`
            int rem = start, pa = oa, pb = ob;
            for (int k = nd - 2; k >= 0; k--) { idx[k] = rem % shape[k]; rem /= shape[k]; pa += idx[k] * sa[k]; pb += idx[k] * sb[k]; }
            for (int r = start; r < start + count; r++)
            {
                var zs = z.AsSpan(r * inner, inner);
                if (ia == 1 && ib == 1) VV(op, zs, a.AsSpan(pa, inner), b.AsSpan(pb, inner));
                else if (ia == 1 && ib == 0) VS(op, zs, a.AsSpan(pa, inner), b[pb]);
                else if (ia == 0 && ib == 1) SV(op, zs, a[pa], b.AsSpan(pb, inner));
                else for (int i = 0; i < inner; i++) zs[i] = S(op, a[pa + i * ia], b[pb + i * ib]);
                for (int k = nd - 2; k >= 0; k--)
                {
                    idx[k]++; pa += sa[k]; pb += sb[k];
                    if (idx[k] < shape[k]) break;
                    pa -= sa[k] * shape[k]; pb -= sb[k] * shape[k]; idx[k] = 0;
                }
            }
        });
    }
}
