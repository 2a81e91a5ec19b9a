using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glassbox.Kernels;

/// <summary>
/// The exact (erf) GELU and its derivative for float32, vectorised: y = x·Φ(x), y′ = Φ(x) + x·φ(x). The float64 path
/// keeps <see cref="ActivationKernels.Gelu{T}"/> (series and continued fraction, to double precision), which is also the
/// reference these kernels are tested against.
/// </summary>
/// <remarks>
/// <para>Φ comes from the complementary error function: with z = |x|/√2, Φ(x) = ½·erfc(z) for x &lt; 0 and 1 − ½·erfc(z)
/// for x ≥ 0. erfc is evaluated in double as erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), the classical Chebyshev-style
/// form in which P is smooth on t ∈ (0, 1]. P is a degree-12 polynomial fitted here (least squares at 6,000 Chebyshev
/// nodes of t for z ∈ [0, 12], against the C library's erfc) with maximum relative error 1.8e-10 over z ∈ [0, 12]; for
/// z &gt; 12, erfc(z) &lt; 1e-64 and is taken as 0. Since float32's unit roundoff is 6e-8, the result rounds to the
/// correctly rounded float32 value except where the exact value lies within 1.8e-10 of a rounding boundary (then one ulp
/// off; 174 of 400,001 points on [−20, 20]).</para>
/// <para>Why not the series: the exact erf kernel costs hundreds of operations per element with branches, and GELU
/// runs over the 4C-wide hidden layer of every transformer block in both directions; profiling the char-GPT step put
/// it at more than half of the training time. Here each element is one widening, 13 fused multiply-adds, one division,
/// one or two vector exponentials and a narrowing, Vector&lt;double&gt; lanes at a time.</para>
/// </remarks>
internal static class GeluKernels
{
    private const double InvSqrt2 = 0.7071067811865476;
    private const double InvSqrt2Pi = 0.3989422804014327; // 1/√(2π)
    private const double ZMax = 12.0;

    // P(t) = Σ c_k t^k, k = 0..12 (see the remarks for how they were obtained).
    private const double C0 = -1.2655062442419098, C1 = 0.9997851753197375, C2 = 0.37848074588104885, C3 = 0.050254985061333884,
        C4 = 0.11944272283934085, C5 = -1.0210140976956492, C6 = 2.5457527503258133, C7 = -5.562058458109691, C8 = 8.31828341660672,
        C9 = -7.7059264022974, C10 = 4.306111077806973, C11 = -1.3456666422132642, C12 = 0.1820609708575623;

    /// <summary>y = x·Φ(x) elementwise.</summary>
    public static void Gelu(Span<float> y, ReadOnlySpan<float> x) => Run(y, x, derivative: false);

    /// <summary>d = Φ(x) + x·φ(x) elementwise (GELU′).</summary>
    public static void GeluGrad(Span<float> d, ReadOnlySpan<float> x) => Run(d, x, derivative: true);

    /// <summary>dx = g·GELU′(x) elementwise: the backward of GELU in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first training step: skip the unoptimised JIT tier
    public static void GeluBackward(Span<float> dx, ReadOnlySpan<float> g, ReadOnlySpan<float> x)
    {
        if (dx.Length != x.Length || g.Length != x.Length) throw new ArgumentException("GeluKernels: input and output lengths differ");
        int i = 0, w = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + w <= x.Length; i += w)
            {
                Vector.Widen(new Vector<float>(x.Slice(i)), out var lo, out var hi);
                Vector.Widen(new Vector<float>(g.Slice(i)), out var glo, out var ghi);
                Vector.Narrow(glo * GradVector(lo), ghi * GradVector(hi)).CopyTo(dx.Slice(i));
            }
        }
        for (; i < x.Length; i++) dx[i] = (float)(g[i] * GradScalar(x[i]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(Span<float> y, ReadOnlySpan<float> x, bool derivative)
    {
        if (y.Length != x.Length) throw new ArgumentException("GeluKernels: input and output lengths differ");
        int i = 0, w = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + w <= x.Length; i += w)
            {
                Vector.Widen(new Vector<float>(x.Slice(i)), out var lo, out var hi);
                var r = derivative ? Vector.Narrow(GradVector(lo), GradVector(hi)) : Vector.Narrow(GeluVector(lo), GeluVector(hi));
                r.CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(derivative ? GradScalar(v) : v * PhiScalar(v));
        }
    }

    private static Vector<double> Poly(Vector<double> t)
    {
        var p = new Vector<double>(C12);
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C11));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C10));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C9));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C8));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C7));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C6));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C5));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C4));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C3));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C2));
        p = Vector.FusedMultiplyAdd(p, t, new Vector<double>(C1));
        return Vector.FusedMultiplyAdd(p, t, new Vector<double>(C0));
    }

    /// <summary>Φ(v) per lane, and exp(−v²/2) (needed by the derivative).</summary>
    private static Vector<double> PhiVector(Vector<double> v, out Vector<double> gauss)
    {
        var z = Vector.Min(Vector.Abs(v) * InvSqrt2, new Vector<double>(ZMax));
        var t = Vector<double>.One / Vector.FusedMultiplyAdd(z, new Vector<double>(0.5), Vector<double>.One);
        var z2 = z * z;
        gauss = Vector.Exp(-z2);
        // erfc(z) = t·exp(−z²)·exp(P(t)); at the clamp z = 12 it is about 1e-64 (as good as 0 for float32 results).
        var halfErfc = 0.5 * t * gauss * Vector.Exp(Poly(t));
        var negative = Vector.LessThan(v, Vector<double>.Zero);
        return Vector.ConditionalSelect(negative, halfErfc, Vector<double>.One - halfErfc);
    }

    private static Vector<double> GeluVector(Vector<double> v) => v * PhiVector(v, out _);

    private static Vector<double> GradVector(Vector<double> v)
    {
        var phi = PhiVector(v, out var gauss);
        // gauss = exp(−min(|v|/√2, 12)²): for |v| > 12√2 the clamp leaves it 1e-63 instead of smaller, still 0 in float32 after ·v.
        return Vector.FusedMultiplyAdd(v * InvSqrt2Pi, gauss, phi);
    }

    private static double PhiScalar(double v)
    {
        double z = Math.Min(Math.Abs(v) * InvSqrt2, ZMax);
        double t = 1.0 / (1.0 + 0.5 * z);
        double p = ((((((((((((C12 * t + C11) * t + C10) * t + C9) * t + C8) * t + C7) * t + C6) * t + C5) * t + C4) * t + C3) * t + C2) * t + C1) * t + C0);
        double halfErfc = 0.5 * t * Math.Exp(-z * z + p);
        return v < 0 ? halfErfc : 1.0 - halfErfc;
    }

    private static double GradScalar(double v) => PhiScalar(v) + v * InvSqrt2Pi * Math.Exp(-0.5 * v * v);
}
