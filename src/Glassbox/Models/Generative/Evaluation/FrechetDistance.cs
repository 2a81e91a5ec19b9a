using Glassbox.LinearAlgebra;

namespace Glassbox.Models.Generative.Evaluation;

/// <summary>
/// The Fréchet (2-Wasserstein) distance between the Gaussians N(μ₁, Σ₁) and N(μ₂, Σ₂) fitted to two sets of features,
/// the quantity behind FID (Heusel et al. 2017):
/// <code>
/// d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
/// </code>
/// </summary>
/// <remarks>
/// <para><b>How.</b> Σ₁^½ comes from the symmetric eigendecomposition Σ₁ = V diag(λ) Vᵀ as V diag(√λ) Vᵀ; the matrix
/// M = Σ₁^½ Σ₂ Σ₁^½ is then symmetric positive semi-definite, so Tr M^½ = Σ_k √(eig_k(M)) needs only its eigenvalues.
/// Everything is in double. The reference implementations take <c>scipy.linalg.sqrtm(Σ₁ Σ₂)</c> of the non-symmetric
/// product instead, which gives the same trace (Σ₁Σ₂ and M are similar matrices) but through a Schur decomposition
/// that can return a small imaginary part; the symmetric route cannot.</para>
/// <para><b>Rank-deficient covariances.</b> Features after a ReLU often have dead coordinates, and fewer samples than
/// dimensions give a singular Σ; rounding then produces eigenvalues like −1e−17. They are clamped to 0 before the
/// square roots, which is the exact answer for the PSD matrices the rounding came from.</para>
/// <para><b>Symmetry.</b> d(a, b) = d(b, a) mathematically (Σ₁^½Σ₂Σ₁^½ and Σ₂^½Σ₁Σ₂^½ have the same eigenvalues);
/// in floating point the two orders agree to about 1e−12 relative, not bit for bit.</para>
/// <para><b>Bias.</b> The estimate from N samples is biased upwards by roughly O(D/N); only compare distances computed
/// with the same sample counts and the same feature extractor. A distance is never negative; a rounding-level
/// negative result is returned as 0.</para>
/// </remarks>
public static class FrechetDistance
{
    /// <summary>The squared Fréchet distance d² between the Gaussians of <paramref name="a"/> and <paramref name="b"/> (the number called FID).</summary>
    /// <exception cref="ArgumentException">The statistics have different dimensions or malformed arrays.</exception>
    public static double Compute(FeatureStatistics a, FeatureStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int d = a.Dimension;
        if (b.Dimension != d)
            throw new ArgumentException($"FrechetDistance.Compute: feature dimensions differ ({d} vs {b.Dimension})");
        Check(a, "a");
        Check(b, "b");

        double meanTerm = 0;
        for (int j = 0; j < d; j++) { double diff = a.Mean[j] - b.Mean[j]; meanTerm += diff * diff; }
        double traceA = 0, traceB = 0;
        for (int j = 0; j < d; j++) { traceA += a.Covariance[j, j]; traceB += b.Covariance[j, j]; }

        var sqrtA = SqrtPsd(Flatten(a.Covariance), d);
        var m = Multiply(Multiply(sqrtA, Flatten(b.Covariance), d), sqrtA, d);
        Symmetrize(m, d);
        var w = new double[d];
        SymmetricEigen.Decompose(w, Span<double>.Empty, 0, m, d, d, computeVectors: false);
        double traceSqrt = 0;
        foreach (var ev in w) traceSqrt += Math.Sqrt(Math.Max(ev, 0));
        return Math.Max(meanTerm + traceA + traceB - 2 * traceSqrt, 0);
    }

    /// <summary>The statistics of two feature tensors and their distance: <c>Compute(From(a), From(b))</c>.</summary>
    public static double Compute(Tensor featuresA, Tensor featuresB) =>
        Compute(FeatureStatistics.From(featuresA), FeatureStatistics.From(featuresB));

    private static void Check(FeatureStatistics s, string name)
    {
        int d = s.Dimension;
        if (s.Covariance.GetLength(0) != d || s.Covariance.GetLength(1) != d)
            throw new ArgumentException($"FrechetDistance.Compute: statistics '{name}' have a mean of length {d} but a {s.Covariance.GetLength(0)}×{s.Covariance.GetLength(1)} covariance");
    }

    /// <summary>V diag(√max(λ, 0)) Vᵀ of the symmetric n×n <paramref name="a"/> (row-major).</summary>
    private static double[] SqrtPsd(double[] a, int n)
    {
        var w = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(w, v, n, a, n, n);
        var r = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            double s = Math.Sqrt(Math.Max(w[k], 0));
            if (s == 0) continue;
            for (int i = 0; i < n; i++)
            {
                double vik = v[i * n + k] * s;
                if (vik == 0) continue;
                for (int j = 0; j < n; j++) r[i * n + j] += vik * v[j * n + k];
            }
        }
        Symmetrize(r, n);
        return r;
    }

    private static double[] Flatten(double[,] m)
    {
        int n = m.GetLength(0);
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) r[i * n + j] = m[i, j];
        return r;
    }

    private static double[] Multiply(double[] x, double[] y, int n)
    {
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double xik = x[i * n + k];
                if (xik == 0) continue;
                for (int j = 0; j < n; j++) r[i * n + j] += xik * y[k * n + j];
            }
        return r;
    }

    /// <summary>Replaces m by (m + mᵀ)/2, removing the rounding asymmetry of a product that is symmetric in exact arithmetic.</summary>
    private static void Symmetrize(double[] m, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double s = 0.5 * (m[i * n + j] + m[j * n + i]);
                m[i * n + j] = m[j * n + i] = s;
            }
    }
}
