namespace Glassbox.ML.Optimization;

/// <summary>
/// Accelerated proximal gradient (FISTA; Beck &amp; Teboulle, 2009) with backtracking and adaptive restart
/// (O'Donoghue &amp; Candès, 2015) for F(x) = f(x) + λ·Σ_{i∈mask} |xᵢ| with smooth f — the L1 and elastic-net
/// penalties of logistic regression, where sklearn uses SAGA.
/// </summary>
/// <remarks>
/// One step from the extrapolated point z: x⁺ = prox(z − ∇f(z)/L), prox = soft-thresholding by λ/L on the
/// penalised coordinates; L doubles until f(x⁺) ≤ f(z) + ∇f(z)ᵀ(x⁺ − z) + (L/2)‖x⁺ − z‖². Momentum restarts when
/// F increases. Stops when the gradient mapping L·(z − x⁺) — the composite analogue of ∇F — has max-norm ≤ tol.
/// </remarks>
public static class ProximalGradient
{
    /// <summary>Minimises f(x) + λ‖x_mask‖₁ from x0.</summary>
    public static OptimizationResult Minimize(Objective f, double[] x0, double lambda, bool[] penalised, int maxIter, double tol)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        var z = (double[])x0.Clone();
        var gz = new double[n]; var xNew = new double[n]; var gTmp = new double[n];
        double L = 1.0, t = 1.0;
        double Fx = f(x, gTmp) + Penalty(x, lambda, penalised);
        for (int iter = 1; iter <= maxIter; iter++)
        {
            double fz = f(z, gz);
            double fNew;
            while (true)
            {
                for (int i = 0; i < n; i++)
                {
                    double v = z[i] - gz[i] / L;
                    xNew[i] = penalised[i] ? Math.Sign(v) * Math.Max(Math.Abs(v) - lambda / L, 0) : v;
                }
                fNew = f(xNew, gTmp);
                double quad = fz;
                for (int i = 0; i < n; i++) { double dlt = xNew[i] - z[i]; quad += gz[i] * dlt + 0.5 * L * dlt * dlt; }
                if (fNew <= quad + 1e-12 * Math.Abs(fz) || L > 1e300) break;
                L *= 2;
            }
            double gm = 0;
            for (int i = 0; i < n; i++) gm = Math.Max(gm, L * Math.Abs(z[i] - xNew[i]));
            double FNew = fNew + Penalty(xNew, lambda, penalised);
            if (gm <= tol) { Array.Copy(xNew, x, n); return new OptimizationResult(x, FNew, iter, true); }
            if (FNew > Fx)
            {
                // restart: drop momentum and retry from the last accepted point
                t = 1; Array.Copy(x, z, n);
                continue;
            }
            double tNew = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            double mom = (t - 1) / tNew;
            for (int i = 0; i < n; i++) { double xi = xNew[i]; z[i] = xi + mom * (xi - x[i]); x[i] = xi; }
            t = tNew; Fx = FNew;
            L *= 0.9; // let the step grow again where the function is flatter
        }
        return new OptimizationResult(x, Fx, maxIter, false);
    }

    private static double Penalty(double[] x, double lambda, bool[] mask)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) if (mask[i]) s += Math.Abs(x[i]);
        return lambda * s;
    }
}
