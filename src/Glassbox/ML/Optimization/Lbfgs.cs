namespace Glassbox.ML.Optimization;

/// <summary>Value and gradient of a smooth objective: returns f(x) and writes ∇f(x) into <c>grad</c>.</summary>
public delegate double Objective(ReadOnlySpan<double> x, Span<double> grad);

/// <summary>What an optimiser returns.</summary>
/// <param name="X">The minimiser found.</param>
/// <param name="Value">f at <see cref="X"/>.</param>
/// <param name="Iterations">Iterations run.</param>
/// <param name="Converged">True when a stopping test (not the iteration cap) ended the run.</param>
public sealed record OptimizationResult(double[] X, double Value, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS (Nocedal, 1980; Liu &amp; Nocedal, 1989) with a strong-Wolfe line search — the unconstrained
/// core of <c>scipy.optimize.minimize(method="L-BFGS-B")</c> that sklearn's LogisticRegression(solver="lbfgs") calls.
/// </summary>
/// <remarks>
/// <para>
/// The search direction d = −H·∇f applies an inverse-Hessian estimate H built from the last m pairs
/// sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ by the two-loop recursion, starting from H₀ = (sᵀy / yᵀy)·I. A pair is only
/// stored when sᵀy &gt; 0 (the curvature condition the Wolfe search guarantees), which keeps H positive definite.
/// </para>
/// <para>
/// Stops when max|∇f| ≤ gtol (scipy's <c>gtol</c>) or when the relative decrease
/// (fₖ − fₖ₊₁)/max(|fₖ|, |fₖ₊₁|, 1) ≤ ftol (scipy's <c>ftol</c>).
/// </para>
/// </remarks>
public static class Lbfgs
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="x0"/>.</summary>
    public static OptimizationResult Minimize(Objective f, double[] x0, int maxIter, double gtol, double ftol = 1e-15, int memory = 10)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        var g = new double[n];
        double fx = f(x, g);
        var sList = new List<double[]>(); var yList = new List<double[]>(); var rho = new List<double>();
        var d = new double[n]; var xNew = new double[n]; var gNew = new double[n];
        var alpha = new double[memory];
        int iter = 0;
        if (MaxAbs(g) <= gtol) return new OptimizationResult(x, fx, 0, true);
        while (iter < maxIter)
        {
            iter++;
            // two-loop recursion: d = −H∇f
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = sList.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(sList[k], d);
                Axpy(-alpha[k], yList[k], d);
            }
            if (sList.Count > 0)
            {
                var (sl, yl) = (sList[^1], yList[^1]);
                double gamma = Dot(sl, yl) / Dot(yl, yl);
                for (int i = 0; i < n; i++) d[i] *= gamma;
            }
            for (int k = 0; k < sList.Count; k++)
            {
                double beta = rho[k] * Dot(yList[k], d);
                Axpy(alpha[k] - beta, sList[k], d);
            }
            double dg = Dot(d, g);
            if (dg >= 0) // not a descent direction (numerical trouble): restart from steepest descent
            {
                sList.Clear(); yList.Clear(); rho.Clear();
                for (int i = 0; i < n; i++) d[i] = -g[i];
                dg = Dot(d, g);
            }
            double step0 = sList.Count == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(g, g))) : 1.0;
            var (step, fNew, ok) = WolfeLineSearch(f, x, fx, g, d, dg, step0, xNew, gNew);
            if (!ok) return new OptimizationResult(x, fx, iter, true); // no further decrease possible at double precision
            var s = new double[n]; var yv = new double[n];
            for (int i = 0; i < n; i++) { s[i] = xNew[i] - x[i]; yv[i] = gNew[i] - g[i]; }
            double sy = Dot(s, yv);
            if (sy > 1e-300)
            {
                if (sList.Count == memory) { sList.RemoveAt(0); yList.RemoveAt(0); rho.RemoveAt(0); }
                sList.Add(s); yList.Add(yv); rho.Add(1 / sy);
            }
            double fOld = fx;
            Array.Copy(xNew, x, n); Array.Copy(gNew, g, n); fx = fNew;
            if (MaxAbs(g) <= gtol) return new OptimizationResult(x, fx, iter, true);
            if ((fOld - fx) / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fx)), 1) <= ftol) return new OptimizationResult(x, fx, iter, true);
        }
        return new OptimizationResult(x, fx, iter, false);
    }

    /// <summary>
    /// Finds a step a satisfying the strong Wolfe conditions f(x + a·d) ≤ f(x) + c₁·a·∇fᵀd and
    /// |∇f(x + a·d)ᵀd| ≤ c₂·|∇fᵀd| (c₁ = 10⁻⁴, c₂ = 0.9) by bracketing then zooming with safeguarded cubic
    /// interpolation (Nocedal &amp; Wright, Algorithms 3.5–3.6). Leaves x + a·d and its gradient in xNew, gNew.
    /// </summary>
    private static (double Step, double F, bool Ok) WolfeLineSearch(Objective f, double[] x, double f0, double[] g0, double[] d, double dg0,
        double step, double[] xNew, double[] gNew)
    {
        const double c1 = 1e-4, c2 = 0.9;
        double aPrev = 0, fPrev = f0, dgPrev = dg0;
        double bestA = 0, bestF = f0;
        for (int it = 0; it < 40; it++)
        {
            double fa = Eval(f, x, d, step, xNew, gNew), dga = Dot(gNew, d);
            if (fa < bestF) { bestF = fa; bestA = step; }
            if (fa > f0 + c1 * step * dg0 || (it > 0 && fa >= fPrev))
                return Zoom(f, x, f0, dg0, d, aPrev, fPrev, dgPrev, step, fa, dga, xNew, gNew, bestA, bestF);
            if (Math.Abs(dga) <= -c2 * dg0) return (step, fa, true);
            if (dga >= 0) return Zoom(f, x, f0, dg0, d, step, fa, dga, aPrev, fPrev, dgPrev, xNew, gNew, bestA, bestF);
            aPrev = step; fPrev = fa; dgPrev = dga;
            step *= 2.5;
        }
        return Finish(f, x, d, bestA, bestF, f0, xNew, gNew);
    }

    private static (double, double, bool) Zoom(Objective f, double[] x, double f0, double dg0, double[] d,
        double lo, double flo, double dglo, double hi, double fhi, double dghi, double[] xNew, double[] gNew, double bestA, double bestF)
    {
        const double c1 = 1e-4, c2 = 0.9;
        for (int it = 0; it < 40; it++)
        {
            double a = CubicMin(lo, flo, dglo, hi, fhi, dghi);
            double left = Math.Min(lo, hi), width = Math.Abs(hi - lo);
            if (!(a > left + 0.1 * width && a < left + 0.9 * width)) a = 0.5 * (lo + hi);
            if (width <= 1e-16 * Math.Max(Math.Abs(lo), Math.Abs(hi))) break;
            double fa = Eval(f, x, d, a, xNew, gNew), dga = Dot(gNew, d);
            if (fa < bestF) { bestF = fa; bestA = a; }
            if (fa > f0 + c1 * a * dg0 || fa >= flo) { hi = a; fhi = fa; dghi = dga; }
            else
            {
                if (Math.Abs(dga) <= -c2 * dg0) return (a, fa, true);
                if (dga * (hi - lo) >= 0) { hi = lo; fhi = flo; dghi = dglo; }
                lo = a; flo = fa; dglo = dga;
            }
        }
        return Finish(f, x, d, bestA, bestF, f0, xNew, gNew);
    }

    /// <summary>Falls back to the best point seen when the Wolfe conditions cannot be met (rounding-level progress).</summary>
    private static (double, double, bool) Finish(Objective f, double[] x, double[] d, double bestA, double bestF, double f0, double[] xNew, double[] gNew)
    {
        if (bestA == 0 || !(bestF < f0)) return (0, f0, false);
        double fa = Eval(f, x, d, bestA, xNew, gNew);
        return (bestA, fa, true);
    }

    /// <summary>Minimiser of the cubic through (a, fa, f'a) and (b, fb, f'b); NaN when it does not exist.</summary>
    private static double CubicMin(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static double Eval(Objective f, double[] x, double[] d, double a, double[] xNew, double[] gNew)
    {
        for (int i = 0; i < x.Length; i++) xNew[i] = x[i] + a * d[i];
        return f(xNew, gNew);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (var e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }
}
