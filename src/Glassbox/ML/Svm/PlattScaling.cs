namespace Glassbox.ML.Svm;

/// <summary>
/// Probabilities from SVM decision values, as libsvm computes them for <c>SVC(probability=True)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Two classes — Platt scaling (Platt 2000, "Probabilistic outputs for support vector machines"; the numerically
/// careful version of Lin, Lin &amp; Weng 2007): P(y = +1 | f) = 1 / (1 + exp(A·f + B)), with A, B minimising the
/// cross-entropy against smoothed targets t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2) (the prior's "+1 / +2" keeps the fit
/// from collapsing to 0/1 on separable data). F(A, B) = Σᵢ tᵢ·zᵢ + log(1 + e^{−zᵢ}) with zᵢ = A·fᵢ + B written so
/// that exp never overflows; Newton steps on the 2×2 Hessian (+1e-12·I), halved until F decreases by at least
/// 1e-4·step·(gradient·direction); stop when both gradient components are below 1e-5 or after 100 steps. The
/// decision values fᵢ must be out-of-sample (SVC gets them from 5-fold cross-validation): in-sample values of
/// support vectors sit at ±1 by construction and would make the sigmoid far too confident.
/// </para>
/// <para>
/// k ≥ 3 classes — pairwise coupling (Wu, Lin &amp; Weng 2004, "Probability estimates for multi-class classification
/// by pairwise coupling", method 2): from r_ij ≈ P(y = i | y ∈ {i, j}), find p on the simplex minimising
/// Σᵢ Σ_{j≠i} (r_ji·pᵢ − r_ij·pⱼ)² = pᵀQp with Q_tt = Σ_{j≠t} r_jt², Q_tj = −r_jt·r_tj. Its optimality condition
/// (Qp)_t = pᵀQp for all t is reached by cyclic coordinate updates pₜ += (pᵀQp − (Qp)ₜ)/Q_tt followed by
/// renormalisation, until max_t |(Qp)ₜ − pᵀQp| &lt; 0.005/k (at most max(100, k) sweeps).
/// </para>
/// </remarks>
internal static class PlattScaling
{
    /// <summary>Clamp of pairwise probabilities before coupling (libsvm's <c>min_prob</c>).</summary>
    public const double MinProb = 1e-7;

    /// <summary>Fits (A, B) of the sigmoid to decision values <paramref name="f"/> and labels (positive = class +1).</summary>
    public static (double A, double B) Fit(ReadOnlySpan<double> f, ReadOnlySpan<sbyte> y)
    {
        int l = f.Length;
        double nPos = 0, nNeg = 0;
        foreach (var v in y) if (v > 0) nPos++; else nNeg++;
        double hi = (nPos + 1) / (nPos + 2), lo = 1 / (nNeg + 2);
        var t = new double[l];
        for (int i = 0; i < l; i++) t[i] = y[i] > 0 ? hi : lo;
        double a = 0, b = Math.Log((nNeg + 1) / (nPos + 1));
        double fval = Objective(f, t, a, b);
        for (int iter = 0; iter < 100; iter++)
        {
            // gradient and Hessian of F at (a, b): p = P(y = +1) = 1/(1 + eᶻ), q = 1 − p, each written so exp cannot overflow
            double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < l; i++)
            {
                double z = f[i] * a + b, p, q;
                if (z >= 0) { double e = Math.Exp(-z); p = e / (1 + e); q = 1 / (1 + e); }
                else { double e = Math.Exp(z); p = 1 / (1 + e); q = e / (1 + e); }
                double d2 = p * q, d1 = t[i] - p;
                h11 += f[i] * f[i] * d2; h22 += d2; h21 += f[i] * d2;
                g1 += f[i] * d1; g2 += d1;
            }
            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5) break;
            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * da + g2 * db;
            double step = 1;
            for (; step >= 1e-10; step /= 2)
            {
                double na = a + step * da, nb = b + step * db, nf = Objective(f, t, na, nb);
                if (nf < fval + 1e-4 * step * gd) { a = na; b = nb; fval = nf; break; }
            }
            if (step < 1e-10) break; // the line search failed: keep the last point
        }
        return (a, b);
    }

    private static double Objective(ReadOnlySpan<double> f, double[] t, double a, double b)
    {
        double s = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double z = f[i] * a + b;
            s += z >= 0 ? t[i] * z + Math.Log(1 + Math.Exp(-z)) : (t[i] - 1) * z + Math.Log(1 + Math.Exp(z));
        }
        return s;
    }

    /// <summary>P(y = +1 | f) = 1/(1 + exp(A·f + B)), clamped to [<see cref="MinProb"/>, 1 − MinProb].</summary>
    public static double Predict(double f, double a, double b)
    {
        double z = f * a + b;
        double p = z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
        return Math.Clamp(p, MinProb, 1 - MinProb);
    }

    /// <summary>
    /// Class probabilities p [k] from pairwise ones: <paramref name="r"/> [k, k] row-major with r[i, j] = P(i | i or j)
    /// and r[j, i] = 1 − r[i, j] (method 2 of Wu, Lin &amp; Weng; see the class remarks).
    /// </summary>
    public static void Couple(Span<double> p, ReadOnlySpan<double> r, int k)
    {
        var q = new double[k * k];
        var qp = new double[k];
        for (int t = 0; t < k; t++)
        {
            p[t] = 1.0 / k;
            for (int j = 0; j < k; j++)
            {
                if (j == t) continue;
                q[t * k + t] += r[j * k + t] * r[j * k + t];
                q[t * k + j] = -r[j * k + t] * r[t * k + j];
            }
        }
        double eps = 0.005 / k;
        for (int iter = 0, maxIter = Math.Max(100, k); iter < maxIter; iter++)
        {
            // recompute Qp and pᵀQp from scratch each sweep (the updates below drift)
            double pqp = 0;
            for (int t = 0; t < k; t++)
            {
                double s = 0;
                for (int j = 0; j < k; j++) s += q[t * k + j] * p[j];
                qp[t] = s;
                pqp += p[t] * s;
            }
            double maxErr = 0;
            for (int t = 0; t < k; t++) maxErr = Math.Max(maxErr, Math.Abs(qp[t] - pqp));
            if (maxErr < eps) break;
            for (int t = 0; t < k; t++)
            {
                double diff = (-qp[t] + pqp) / q[t * k + t];
                p[t] += diff;
                pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
                for (int j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff);
                    p[j] /= 1 + diff;
                }
            }
        }
    }
}
