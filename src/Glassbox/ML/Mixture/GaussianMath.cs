using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox.ML.Mixture;

/// <summary>
/// The Gaussian-mixture kernels of sklearn's <c>_gaussian_mixture.py</c>, over row-major arrays: M-step parameter
/// estimates, precision Cholesky factors, and per-component log densities. Shapes by covariance type
/// (n components, d features): "full" [n, d, d], "tied" [d, d], "diag" [n, d], "spherical" [n].
/// </summary>
/// <remarks>
/// Precisions are carried as their Cholesky factors U with Σ⁻¹ = U·Uᵀ (U = L⁻ᵀ for Σ = L·Lᵀ, upper triangular),
/// which makes the Mahalanobis term ‖(x − μ)ᵀU‖² and log det Σ⁻¹ = 2·Σ log Uⱼⱼ cheap and stable.
/// </remarks>
internal static class GaussianMath
{
    /// <summary>np.finfo(float64).eps, the 2⁻⁵² sklearn adds (×10) to every component's mass.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Rows per parallel work item.</summary>
    private const int RowGrain = 128;

    /// <summary>
    /// <c>_estimate_gaussian_parameters</c>: nk = Σᵢ rᵢₖ + 10ε, μₖ = Σᵢ rᵢₖ xᵢ / nk, and the covariances (+ reg on
    /// the diagonal) for <paramref name="type"/>. <paramref name="xSquared"/> (x², elementwise) may be passed in by a
    /// caller that calls this every EM iteration on the same X; diag and spherical need it.
    /// </summary>
    public static (double[] Nk, double[] Means, double[] Cov) Estimate(double[] x, int n, int d, double[] resp, int k, double reg, CovarianceType type,
        double[]? xSquared = null)
    {
        var nk = new double[k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) nk[c] += resp[i * k + c];
        for (int c = 0; c < k; c++) nk[c] += 10 * MachineEpsilon; // keeps empty components from dividing by zero
        var rx = RespTimesX(x, n, d, resp, k); // Rᵀ X [k, d]
        var means = new double[k * d];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) means[c * d + j] = rx[c * d + j] / nk[c];
        double[] cov;
        switch (type)
        {
            case CovarianceType.Full:
                cov = new double[k * d * d];
                Par.For(k, 1, (s, len) =>
                {
                    var diff = new double[d];
                    for (int c = s; c < s + len; c++)
                    {
                        var ck = cov.AsSpan(c * d * d, d * d);
                        for (int i = 0; i < n; i++)
                        {
                            double r = resp[i * k + c];
                            TensorPrimitives.Subtract(x.AsSpan(i * d, d), means.AsSpan(c * d, d), diff);
                            for (int a = 0; a < d; a++)
                            {
                                double w = r * diff[a];
                                var row = ck.Slice(a * d, d);
                                for (int b = 0; b <= a; b++) row[b] += w * diff[b];
                            }
                        }
                        for (int a = 0; a < d; a++)
                        {
                            for (int b = 0; b <= a; b++) { ck[a * d + b] /= nk[c]; ck[b * d + a] = ck[a * d + b]; }
                            ck[a * d + a] += reg;
                        }
                    }
                });
                break;
            case CovarianceType.Tied:
            {
                // (XᵀX − Σₖ nk μₖμₖᵀ) / Σnk + reg·I
                cov = Linear.DenseMath.Gram(x, n, d);
                double total = 0;
                foreach (var v in nk) total += v;
                for (int c = 0; c < k; c++)
                    for (int a = 0; a < d; a++)
                    {
                        double w = nk[c] * means[c * d + a];
                        for (int b = 0; b < d; b++) cov[a * d + b] -= w * means[c * d + b];
                    }
                for (int t = 0; t < cov.Length; t++) cov[t] /= total;
                for (int a = 0; a < d; a++) cov[a * d + a] += reg;
                break;
            }
            default:
            {
                // diag: Σᵢ rᵢₖ xᵢ² / nk − 2 μₖ·(Σᵢ rᵢₖ xᵢ)/nk + μₖ² + reg (sklearn's expansion, kept for the same rounding)
                var x2 = xSquared ?? SquaredElements(x);
                var rx2 = RespTimesX(x2, n, d, resp, k);
                var diag = new double[k * d];
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++)
                    {
                        double m = means[c * d + j];
                        diag[c * d + j] = rx2[c * d + j] / nk[c] - 2 * (m * rx[c * d + j] / nk[c]) + m * m + reg;
                    }
                if (type == CovarianceType.Diag) cov = diag;
                else
                {
                    cov = new double[k];
                    for (int c = 0; c < k; c++) { double s = 0; for (int j = 0; j < d; j++) s += diag[c * d + j]; cov[c] = s / d; }
                }
                break;
            }
        }
        return (nk, means, cov);
    }

    /// <summary>
    /// Rᵀ·A [k, d] for responsibilities R [n, k] and A [n, d], as one DGEMM (sklearn's <c>np.dot(resp.T, X)</c>):
    /// the blocked product reads A once, where a loop per component streamed all of A k times.
    /// </summary>
    private static double[] RespTimesX(double[] a, int n, int d, double[] resp, int k)
    {
        var r = new double[k * d];
        Gemm.Dgemm(r, d, resp, k, true, a, d, false, k, d, n);
        return r;
    }

    /// <summary>x² elementwise.</summary>
    public static double[] SquaredElements(double[] x)
    {
        var x2 = new double[x.Length];
        TensorPrimitives.Multiply(x, x, x2);
        return x2;
    }

    /// <summary>
    /// <c>_compute_precision_cholesky</c>: for full/tied, U = (L⁻¹)ᵀ where Σ = L·Lᵀ; for diag/spherical 1/√σ².
    /// Throws when a covariance is not positive definite (sklearn's "ill-defined empirical covariance" error).
    /// </summary>
    public static double[] PrecisionCholesky(double[] cov, int k, int d, CovarianceType type)
    {
        if (type is CovarianceType.Diag or CovarianceType.Spherical)
        {
            var r = new double[cov.Length];
            for (int t = 0; t < cov.Length; t++)
            {
                if (!(cov[t] > 0)) throw IllDefined();
                r[t] = 1 / Math.Sqrt(cov[t]);
            }
            return r;
        }
        int m = type == CovarianceType.Tied ? 1 : k;
        var u = new double[m * d * d];
        for (int c = 0; c < m; c++)
        {
            var l = cov.AsSpan(c * d * d, d * d).ToArray();
            if (!Cholesky(l, d)) throw IllDefined();
            InvertLowerTransposed(u.AsSpan(c * d * d, d * d), l, d);
        }
        return u;
    }

    private static ArgumentException IllDefined() => new(
        "GaussianMixture: fitting the mixture model failed because some components have ill-defined empirical covariance " +
        "(for instance caused by singleton or collapsed samples). Try to decrease the number of components, or increase RegCovar.");

    /// <summary>In-place lower Cholesky factor Σ = L·Lᵀ by <see cref="Glassbox.LinearAlgebra.Cholesky"/> (upper triangle zeroed); false unless every pivot is &gt; 0.</summary>
    public static bool Cholesky(double[] a, int d) => Glassbox.LinearAlgebra.Cholesky.Factor(a, d, a, d, d) < 0;

    /// <summary>u = (L⁻¹)ᵀ by forward substitution on the columns of I (<c>solve_triangular(L, I, lower=True).T</c>).</summary>
    private static void InvertLowerTransposed(Span<double> u, double[] l, int d)
    {
        var col = new double[d];
        for (int e = 0; e < d; e++)
        {
            // solve L·z = e_e; z is column e of L⁻¹ = row e of u
            for (int i = 0; i < d; i++)
            {
                double s = i == e ? 1 : 0;
                for (int t = e; t < i; t++) s -= l[i * d + t] * col[t];
                col[i] = i < e ? 0 : s / l[i * d + i];
            }
            for (int i = 0; i < d; i++) u[e * d + i] = col[i];
        }
    }

    /// <summary>
    /// log N(xᵢ | μₖ, Σₖ) for every row and component, [n, k] (<c>_estimate_log_gaussian_prob</c>):
    /// −½(d·log 2π + ‖(xᵢ − μₖ)ᵀUₖ‖²) + Σ log diag Uₖ.
    /// </summary>
    public static double[] LogGaussian(double[] x, int n, int d, double[] means, double[] precChol, int k, CovarianceType type)
    {
        var logDet = new double[k];
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            switch (type)
            {
                case CovarianceType.Full: for (int j = 0; j < d; j++) s += Math.Log(precChol[c * d * d + j * d + j]); break;
                case CovarianceType.Tied: for (int j = 0; j < d; j++) s += Math.Log(precChol[j * d + j]); break;
                case CovarianceType.Diag: for (int j = 0; j < d; j++) s += Math.Log(precChol[c * d + j]); break;
                default: s = d * Math.Log(precChol[c]); break;
            }
            logDet[c] = s;
        }
        var lp = new double[n * k];
        double log2pi = d * Math.Log(2 * Math.PI);
        if (type is CovarianceType.Full or CovarianceType.Tied)
        {
            // y = X·U − μ·U per component, then Σ y²
            var muU = new double[k * d];
            for (int c = 0; c < k; c++)
            {
                var uc = precChol.AsSpan(type == CovarianceType.Tied ? 0 : c * d * d, d * d);
                for (int a = 0; a < d; a++)
                {
                    double m = means[c * d + a];
                    TensorPrimitives.MultiplyAdd(uc.Slice(a * d, d), m, muU.AsSpan(c * d, d), muU.AsSpan(c * d, d));
                }
            }
            Par.For(n, RowGrain, (s, len) =>
            {
                var y = new double[d];
                for (int i = s; i < s + len; i++)
                {
                    var xi = x.AsSpan(i * d, d);
                    for (int c = 0; c < k; c++)
                    {
                        var uc = precChol.AsSpan(type == CovarianceType.Tied ? 0 : c * d * d, d * d);
                        Array.Clear(y);
                        for (int a = 0; a < d; a++) TensorPrimitives.MultiplyAdd(uc.Slice(a * d, d), xi[a], y, y);
                        TensorPrimitives.Subtract(y, muU.AsSpan(c * d, d), y);
                        lp[i * k + c] = -0.5 * (log2pi + TensorPrimitives.Dot<double>(y, y)) + logDet[c];
                    }
                }
            });
        }
        else
        {
            bool diag = type == CovarianceType.Diag;
            // Σ μ²·prec − 2 x·(μ·prec) + x²·prec, with prec = U² (sklearn's expansion)
            var prec = new double[k * d];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) { double u = diag ? precChol[c * d + j] : precChol[c]; prec[c * d + j] = u * u; }
            var muPrec = new double[k * d];
            var c0 = new double[k];
            for (int c = 0; c < k; c++)
            {
                if (diag)
                    for (int j = 0; j < d; j++) { muPrec[c * d + j] = means[c * d + j] * prec[c * d + j]; c0[c] += means[c * d + j] * means[c * d + j] * prec[c * d + j]; }
                else
                {
                    double s = 0;
                    for (int j = 0; j < d; j++) { muPrec[c * d + j] = means[c * d + j]; s += means[c * d + j] * means[c * d + j]; }
                    c0[c] = s * prec[c * d];
                }
            }
            Par.For(n, RowGrain, (s, len) =>
            {
                var x2 = new double[d];
                for (int i = s; i < s + len; i++)
                {
                    var xi = x.AsSpan(i * d, d);
                    TensorPrimitives.Multiply(xi, xi, x2);
                    double xn = 0;
                    if (!diag) xn = TensorPrimitives.Sum<double>(x2);
                    for (int c = 0; c < k; c++)
                    {
                        double q = diag
                            ? c0[c] - 2 * TensorPrimitives.Dot<double>(xi, muPrec.AsSpan(c * d, d)) + TensorPrimitives.Dot<double>(x2, prec.AsSpan(c * d, d))
                            : c0[c] - 2 * TensorPrimitives.Dot<double>(xi, muPrec.AsSpan(c * d, d)) * prec[c * d] + xn * prec[c * d];
                        lp[i * k + c] = -0.5 * (log2pi + q) + logDet[c];
                    }
                }
            });
        }
        return lp;
    }

    /// <summary>Number of free parameters (<c>_n_parameters</c>): covariance + mean + (k − 1) weights.</summary>
    public static int ParameterCount(int k, int d, CovarianceType type)
    {
        int cov = type switch
        {
            CovarianceType.Full => k * d * (d + 1) / 2,
            CovarianceType.Diag => k * d,
            CovarianceType.Tied => d * (d + 1) / 2,
            _ => k,
        };
        return cov + k * d + k - 1;
    }
}
