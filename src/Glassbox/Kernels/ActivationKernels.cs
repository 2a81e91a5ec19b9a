using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Elementwise activation kernels over spans, outputs first: each forward f and its derivative f′ (the
/// backward multiplies f′(x) by the incoming gradient). Generic over float and double; functions without a
/// vectorised primitive (erf-based GELU, softplus) evaluate each element in double and round once.
/// </summary>
internal static class ActivationKernels
{
    private const double SqrtTwoOverPi = 0.7978845608028654; // √(2/π)
    private const double GeluTanhCubic = 0.044715;

    /// <summary>LeakyReLU: y = x for x &gt; 0, else slope·x.</summary>
    public static void LeakyRelu<T>(Span<T> y, ReadOnlySpan<T> x, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > T.Zero ? x[i] : x[i] * slope;
    }

    /// <summary>LeakyReLU′: 1 for x &gt; 0, else slope (slope at 0, as PyTorch).</summary>
    public static void LeakyReluGrad<T>(Span<T> d, ReadOnlySpan<T> x, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++) d[i] = x[i] > T.Zero ? T.One : slope;
    }

    /// <summary>ELU: y = x for x &gt; 0, else α·(eˣ − 1), with an accurate expm1 so small |x| keeps precision.</summary>
    public static void Elu<T>(Span<T> y, ReadOnlySpan<T> x, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = x[i] > T.Zero ? x[i] : alpha * T.CreateTruncating(SpecialFunctions.Expm1(double.CreateTruncating(x[i])));
    }

    /// <summary>ELU′: 1 for x &gt; 0, else α·eˣ (α at 0, as PyTorch).</summary>
    public static void EluGrad<T>(Span<T> d, ReadOnlySpan<T> x, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++) d[i] = x[i] > T.Zero ? T.One : alpha * T.Exp(x[i]);
    }

    /// <summary>Exact GELU: y = x·Φ(x), Φ the standard normal CDF (evaluated in double).</summary>
    public static void Gelu<T>(Span<T> y, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            y[i] = T.CreateTruncating(v * SpecialFunctions.NormalCdf(v));
        }
    }

    /// <summary>Exact GELU′: Φ(x) + x·φ(x).</summary>
    public static void GeluGrad<T>(Span<T> d, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            d[i] = T.CreateTruncating(SpecialFunctions.NormalCdf(v) + v * SpecialFunctions.NormalPdf(v));
        }
    }

    /// <summary>Tanh GELU: y = ½x·(1 + tanh u), u = √(2/π)·(x + 0.044715x³).</summary>
    public static void GeluTanh<T>(Span<T> y, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            double t = Math.Tanh(SqrtTwoOverPi * (v + GeluTanhCubic * v * v * v));
            y[i] = T.CreateTruncating(0.5 * v * (1 + t));
        }
    }

    /// <summary>Tanh GELU′: ½(1 + t) + ½x·(1 − t²)·√(2/π)·(1 + 3·0.044715x²), t = tanh u.</summary>
    public static void GeluTanhGrad<T>(Span<T> d, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            double t = Math.Tanh(SqrtTwoOverPi * (v + GeluTanhCubic * v * v * v));
            d[i] = T.CreateTruncating(0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SqrtTwoOverPi * (1 + 3 * GeluTanhCubic * v * v));
        }
    }

    /// <summary>Softplus: y = ln(1 + e^(βx))/β, or x itself where βx &gt; threshold (PyTorch's overflow guard).</summary>
    public static void Softplus<T>(Span<T> y, ReadOnlySpan<T> x, double beta, double threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            double bx = beta * double.CreateTruncating(x[i]);
            y[i] = bx > threshold ? x[i] : T.CreateTruncating(LogOnePlusExp(bx) / beta);
        }
    }

    /// <summary>Softplus′: σ(βx), or 1 where βx &gt; threshold.</summary>
    public static void SoftplusGrad<T>(Span<T> d, ReadOnlySpan<T> x, double beta, double threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            double bx = beta * double.CreateTruncating(x[i]);
            d[i] = bx > threshold ? T.One : T.CreateTruncating(1.0 / (1.0 + Math.Exp(-bx)));
        }
    }

    /// <summary>ln(1 + eᶻ) without overflow: z + ln(1 + e^(−z)) for z &gt; 0.</summary>
    private static double LogOnePlusExp(double z) => z > 0 ? z + SpecialFunctions.Log1p(Math.Exp(-z)) : SpecialFunctions.Log1p(Math.Exp(z));

    /// <summary>SiLU (swish): y = x·σ(x), vectorised as sigmoid then multiply.</summary>
    public static void Silu<T>(Span<T> y, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(y, x, y);
    }

    /// <summary>SiLU′: σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static void SiluGrad<T>(Span<T> d, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, d);
        for (int i = 0; i < d.Length; i++) d[i] = d[i] * (T.One + x[i] * (T.One - d[i]));
    }

    /// <summary>ln(1 + x) elementwise via <see cref="SpecialFunctions.Log1p"/> in double (see there for why not TensorPrimitives.LogP1).</summary>
    public static void Log1p<T>(Span<T> y, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = T.CreateTruncating(SpecialFunctions.Log1p(double.CreateTruncating(x[i])));
    }

    /// <summary>erf x elementwise, evaluated in double.</summary>
    public static void Erf<T>(Span<T> y, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(x[i])));
    }

    /// <summary>erf′ x = (2/√π)·e^(−x²).</summary>
    public static void ErfGrad<T>(Span<T> d, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            d[i] = T.CreateTruncating(1.1283791670955126 * Math.Exp(-v * v));
        }
    }
}
