namespace Glassbox.Data.Transforms;

/// <summary>Gamma and Beta variates from a <see cref="Generator"/>, for <see cref="Mixup"/>'s λ ~ Beta(α, α).</summary>
/// <remarks>
/// Gamma(a) for a ≥ 1 by Marsaglia &amp; Tsang (2000): d = a − 1/3, c = 1/√(9d); draw z ~ N(0, 1) until v = (1 + cz)³ &gt; 0,
/// then u ~ U(0, 1) and accept d·v when u &lt; 1 − 0.0331 z⁴ (quick squeeze) or ln u &lt; z²/2 + d(1 − v + ln v). For
/// a &lt; 1, Gamma(a) = Gamma(a + 1)·U^(1/a) (their boosting identity). Beta(a, b) = X / (X + Y) with X ~ Gamma(a),
/// Y ~ Gamma(b); for small a both can underflow to 0, in which case the draw is repeated.
/// </remarks>
internal static class BetaSampler
{
    public static double Gamma(Generator g, double a)
    {
        if (!(a > 0) || !double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(a), $"Gamma: shape must be positive and finite, got {a}");
        if (a < 1)
        {
            double u = 1 - g.NextDouble(); // (0, 1]: never 0, so the power is finite
            return Gamma(g, a + 1) * Math.Pow(u, 1 / a);
        }
        double d = a - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do { z = g.NextNormal(); v = 1 + c * z; } while (v <= 0);
            v = v * v * v;
            double u = g.NextDouble();
            if (u < 1 - 0.0331 * z * z * z * z) return d * v;
            if (Math.Log(u) < 0.5 * z * z + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    public static double Beta(Generator g, double a, double b)
    {
        while (true)
        {
            double x = Gamma(g, a), y = Gamma(g, b);
            if (x + y > 0) return x / (x + y);
        }
    }
}
