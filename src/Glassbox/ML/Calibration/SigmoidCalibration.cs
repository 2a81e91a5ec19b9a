namespace Glassbox.ML.Calibration;

/// <summary>
/// Platt scaling as a calibrator (scikit-learn's <c>_sigmoid_calibration</c>): p(f) = 1/(1 + exp(A·f + B)) with
/// (A, B) minimising the cross-entropy Σᵢ softplus(zᵢ) − (1 − tᵢ)·zᵢ, zᵢ = A·fᵢ + B, against Platt's smoothed
/// targets t = (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for negatives.
/// </summary>
/// <remarks>
/// The smoothing is the posterior mean under a uniform prior on each class's rate; it keeps the optimum finite when the
/// scores separate the classes (with 0/1 targets A would run off to −∞). The problem is convex in (A, B): Newton steps
/// with gradient Σ (tᵢ − pᵢ)(fᵢ, 1) and Hessian Σ pᵢ(1 − pᵢ)(fᵢ, 1)ᵀ(fᵢ, 1), halved until the loss does not rise, from
/// sklearn's start (0, log((N₋ + 1)/(N₊ + 1))), until the step is below 1e-12 relative. sklearn minimises with BFGS to
/// gradient 1e-5; both reach the same optimum, this one to rounding.
/// </remarks>
internal static class SigmoidCalibration
{
    /// <summary>Fits (A, B) to scores <paramref name="f"/> and labels (<paramref name="positive"/>).</summary>
    public static (double A, double B) Fit(double[] f, bool[] positive)
    {
        int n = f.Length;
        double nPos = positive.Count(p => p), nNeg = n - nPos;
        var t = positive.Select(p => p ? (nPos + 1) / (nPos + 2) : 1 / (nNeg + 2)).ToArray();
        double a = 0, b = Math.Log((nNeg + 1) / (nPos + 1));
        double loss = Loss(f, t, a, b);
        for (int it = 0; it < 200; it++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < n; i++)
            {
                double p = Predict(f[i], a, b), d = t[i] - p, h = p * (1 - p);
                ga += f[i] * d; gb += d;
                haa += h * f[i] * f[i]; hab += h * f[i]; hbb += h;
            }
            haa += 1e-12; hbb += 1e-12;
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
            double step = 1;
            double na = a + da, nb = b + db, nl = Loss(f, t, na, nb);
            while (nl > loss && step > 1e-10)
            {
                step /= 2;
                na = a + step * da; nb = b + step * db;
                nl = Loss(f, t, na, nb);
            }
            if (nl > loss) break;
            bool done = Math.Abs(na - a) <= 1e-12 * (1 + Math.Abs(a)) && Math.Abs(nb - b) <= 1e-12 * (1 + Math.Abs(b));
            a = na; b = nb; loss = nl;
            if (done) break;
        }
        return (a, b);
    }

    /// <summary>Σᵢ softplus(zᵢ) − (1 − tᵢ)·zᵢ, the cross-entropy of p = 1/(1 + e^z) against t, without overflow.</summary>
    private static double Loss(double[] f, double[] t, double a, double b)
    {
        double s = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double z = a * f[i] + b;
            s += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - (1 - t[i]) * z;
        }
        return s;
    }

    /// <summary>p = 1/(1 + exp(A·f + B)) (sklearn's <c>expit(-(a·f + b))</c>).</summary>
    public static double Predict(double f, double a, double b)
    {
        double z = a * f + b;
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }
}
