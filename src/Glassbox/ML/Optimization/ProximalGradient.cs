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
/// <para>
/// FISTA finds the sparsity pattern quickly but then converges only linearly, slowly for tight tolerances. So every
/// 100 iterations, if the pattern changed since the last try, it "polishes": with the zero set Z and the signs s of
/// the non-zeros fixed, F is smooth (f(x) + λ·Σ sᵢxᵢ), and <see cref="Lbfgs"/> minimises it over the free
/// coordinates. The result is accepted when no sign flipped and the optimality conditions hold:
/// |∂f/∂xᵢ| ≤ λ + tol on Z (subgradient condition) — then it is the composite minimiser to tol.
/// </para>
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
        bool[]? lastSupport = null;
        for (int iter = 1; iter <= maxIter; iter++)
        {
            if (iter % 100 == 0)
            {
                var support = Support(x, penalised);
                if (lastSupport is null || !support.SequenceEqual(lastSupport))
                {
                    lastSupport = support;
                    if (Polish(f, x, lambda, penalised, maxIter, tol) is double[] polished)
                        return new OptimizationResult(polished, f(polished, gTmp) + Penalty(polished, lambda, penalised), iter, true);
                }
            }
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
                if (fNew <= quad + 1e-14 * Math.Abs(fz) || L > 1e300) break;
                L *= 2;
            }
            double gm = 0;
            for (int i = 0; i < n; i++) gm = Math.Max(gm, L * Math.Abs(z[i] - xNew[i]));
            double FNew = fNew + Penalty(xNew, lambda, penalised);
            if (gm <= tol) { Array.Copy(xNew, x, n); return new OptimizationResult(x, FNew, iter, true); }
            if (FNew > Fx)
            {
                // restart: drop momentum and retry from the last accepted point; if there was no momentum to drop, the
                // increase is rounding noise at this step size, so shorten the step instead
                if (t == 1) L *= 2;
                t = 1; Array.Copy(x, z, n);
                if (L > 1e300) return new OptimizationResult(x, Fx, iter, true);
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

    private static bool[] Support(double[] x, bool[] mask)
    {
        var s = new bool[x.Length];
        for (int i = 0; i < x.Length; i++) s[i] = !mask[i] || x[i] != 0;
        return s;
    }

    /// <summary>
    /// Active-set refinement from FISTA's point: smooth solves on a fixed sign pattern; a weight that crosses zero
    /// leaves the free set, a zero weight violating |∂f/∂xᵢ| ≤ λ joins it (sign −sign ∂f/∂xᵢ). Null when it does not settle.
    /// </summary>
    private static double[]? Polish(Objective f, double[] x0, double lambda, bool[] mask, int maxIter, double tol)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        var sign = new int[n];
        for (int i = 0; i < n; i++) sign[i] = mask[i] ? Math.Sign(x[i]) : 0;
        var isFree = new bool[n];
        for (int i = 0; i < n; i++) isFree[i] = !mask[i] || x[i] != 0;
        var gFull = new double[n];
        for (int round = 0; round < 50; round++)
        {
            var free = Enumerable.Range(0, n).Where(i => isFree[i]).ToArray();
            var full = (double[])x.Clone();
            double Restricted(ReadOnlySpan<double> u, Span<double> g)
            {
                for (int k = 0; k < free.Length; k++) full[free[k]] = u[k];
                double v = f(full, gFull);
                for (int k = 0; k < free.Length; k++) { int i = free[k]; v += lambda * sign[i] * u[k]; g[k] = gFull[i] + lambda * sign[i]; }
                return v;
            }
            var res = Lbfgs.Minimize(Restricted, free.Select(i => x[i]).ToArray(), Math.Max(maxIter, 1000), tol * 0.1);
            bool flipped = false;
            for (int k = 0; k < free.Length; k++)
            {
                int i = free[k];
                double v = res.X[k];
                if (sign[i] != 0 && Math.Sign(v) != sign[i]) { x[i] = 0; isFree[i] = false; sign[i] = 0; flipped = true; }
                else x[i] = v;
            }
            if (flipped) continue;
            f(x, gFull);
            int worst = -1; double worstV = lambda + tol;
            for (int i = 0; i < n; i++)
                if (!isFree[i] && Math.Abs(gFull[i]) > worstV) { worst = i; worstV = Math.Abs(gFull[i]); }
            if (worst < 0) return x;
            isFree[worst] = true; sign[worst] = -Math.Sign(gFull[worst]);
        }
        return null;
    }

    private static double Penalty(double[] x, double lambda, bool[] mask)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) if (mask[i]) s += Math.Abs(x[i]);
        return lambda * s;
    }
}
