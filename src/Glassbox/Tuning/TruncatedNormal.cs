using Glassbox.Kernels;

namespace Glassbox.Tuning;

/// <summary>
/// The normal distribution N(μ, σ²) cut to [low, high] and renormalised: the kernels of <see cref="ParzenEstimator"/>.
/// </summary>
/// <remarks>
/// Masses are differences of Φ; when both ends lie right of the mean the difference is taken between upper tails,
/// Φ(−a) − Φ(−b), so that it does not cancel to zero in double precision (Φ is accurate in the left tail only).
/// Draws are by inversion: u uniform on [Φ(a), Φ(b)], x = μ + σ·Φ⁻¹(u).
/// </remarks>
internal static class TruncatedNormal
{
    private const double LogSqrt2Pi = 0.91893853320467274178; // ln √(2π)

    /// <summary>P(z₁ ≤ Z ≤ z₂) for a standard normal Z, z₁ ≤ z₂, without cancellation in either tail.</summary>
    public static double StandardMass(double z1, double z2) =>
        z1 >= 0 ? SpecialFunctions.NormalCdf(-z1) - SpecialFunctions.NormalCdf(-z2) : SpecialFunctions.NormalCdf(z2) - SpecialFunctions.NormalCdf(z1);

    /// <summary>ln of the density at <paramref name="x"/> of N(μ, σ²) truncated to [low, high].</summary>
    public static double LogPdf(double x, double mu, double sigma, double low, double high)
    {
        if (x < low || x > high) return double.NegativeInfinity;
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LogSqrt2Pi - Math.Log(sigma) - Math.Log(StandardMass((low - mu) / sigma, (high - mu) / sigma));
    }

    /// <summary>ln P(x₁ ≤ X ≤ x₂) for X ~ N(μ, σ²) truncated to [low, high] (the bin of a discrete value).</summary>
    public static double LogMass(double x1, double x2, double mu, double sigma, double low, double high)
    {
        x1 = Math.Max(x1, low); x2 = Math.Min(x2, high);
        if (x2 <= x1) return double.NegativeInfinity;
        return Math.Log(StandardMass((x1 - mu) / sigma, (x2 - mu) / sigma)) - Math.Log(StandardMass((low - mu) / sigma, (high - mu) / sigma));
    }

    /// <summary>One draw from N(μ, σ²) truncated to [low, high].</summary>
    public static double Sample(Random rng, double mu, double sigma, double low, double high)
    {
        double a = (low - mu) / sigma, b = (high - mu) / sigma;
        double z;
        if (a >= 0)
        {
            // Mirror into the left tail, where Φ keeps its relative accuracy.
            double pa = SpecialFunctions.NormalCdf(-b), pb = SpecialFunctions.NormalCdf(-a);
            z = -InverseNormalCdf(pa + rng.NextDouble() * (pb - pa));
        }
        else
        {
            double pa = SpecialFunctions.NormalCdf(a), pb = SpecialFunctions.NormalCdf(b);
            z = InverseNormalCdf(pa + rng.NextDouble() * (pb - pa));
        }
        return Math.Clamp(mu + sigma * Math.Clamp(z, a, b), low, high);
    }

    /// <summary>
    /// Φ⁻¹(p): Acklam's rational approximation (relative error below 1.2e-9) refined by one Halley step on
    /// Φ(x) − p, which brings it to about double precision.
    /// </summary>
    public static double InverseNormalCdf(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        const double pLow = 0.02425;
        double x;
        if (p < pLow)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p <= 1 - pLow)
        {
            double q = p - 0.5, r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        // Halley refinement: e = Φ(x) − p, u = e·√(2π)·e^{x²/2}, x ← x − u / (1 + x·u/2).
        double e = SpecialFunctions.NormalCdf(x) - p;
        double u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(0.5 * x * x);
        return x - u / (1 + 0.5 * x * u);
    }
}
