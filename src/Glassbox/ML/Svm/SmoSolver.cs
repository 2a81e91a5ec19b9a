namespace Glassbox.ML.Svm;

/// <summary>
/// libsvm's SMO solver (<c>Solver::Solve</c>) for the dual problem
/// min_α ½αᵀQα + pᵀα subject to yᵀα = Δ, 0 ≤ αᵢ ≤ Cᵢ (Cᵢ = Cp for yᵢ = +1, Cn for yᵢ = −1, or a per-variable bound
/// — sklearn's libsvm with sample weights, Cᵢ = wᵢ·C_{yᵢ}).
/// </summary>
/// <remarks>
/// <para>
/// Each iteration optimises two variables analytically. The pair is chosen by libsvm's second-order working-set
/// selection (Fan, Chen &amp; Lin 2005, "WSS 3"): i = argmax over I_up of −yₜ∇ₜf (value m), and j minimises the
/// second-order objective decrease −b²/a over t ∈ I_low with b = m + yₜ∇ₜf &gt; 0 and
/// a = Q_ii + Q_tt − 2yᵢyₜQ_it (τ = 1e-12 when a ≤ 0); it stops when the maximal violation
/// m(α) − M(α) &lt; eps (sklearn's <c>tol</c>).
/// </para>
/// <para>
/// The gradient G = Qα + p is maintained incrementally, plus Ḡ = Σ_{αⱼ = Cⱼ} CⱼQ_{·j} so that the gradient of
/// variables removed by <b>shrinking</b> can be rebuilt. Shrinking follows libsvm: every min(l, 1000) iterations,
/// bounded variables that cannot move under the current violation bounds leave the active set; near convergence
/// (violation ≤ 10·eps) everything is unshrunk once and the gradient reconstructed. Unlike libsvm, variables are
/// never physically swapped: the active set is a permutation of indices, and Q rows stay in problem order.
/// </para>
/// <para>
/// ρ (the negative bias) is the mean of yᵢ∇ᵢf over free variables, or the midpoint of its feasible interval when
/// none is free (<c>calculate_rho</c>).
/// </para>
/// </remarks>
internal sealed class SmoSolver
{
    private const double Tau = 1e-12;
    private const byte Lower = 0, Upper = 1, Free = 2;

    private readonly int l;
    private readonly QMatrix q;
    private readonly double[] qd, p, alpha, g, gBar;
    private readonly sbyte[] y;
    private readonly byte[] status;
    private readonly double cp, cn, eps;
    private readonly double[]? cs;
    private readonly int[] active;
    private int activeSize;
    private bool unshrink;

    /// <summary>Iterations taken (sklearn's <c>n_iter_</c> entry).</summary>
    public int Iterations { get; private set; }

    /// <summary>ρ at the solution.</summary>
    public double Rho { get; private set; }

    /// <summary>Dual objective ½αᵀQα + pᵀα.</summary>
    public double Objective { get; private set; }

    private SmoSolver(QMatrix q, double[] p, sbyte[] y, double[] alpha, double cp, double cn, double eps, double[]? cs)
    {
        l = p.Length; this.q = q; qd = q.Diagonal; this.p = p; this.y = y; this.alpha = alpha;
        this.cp = cp; this.cn = cn; this.eps = eps; this.cs = cs;
        g = new double[l]; gBar = new double[l]; status = new byte[l]; active = new int[l];
    }

    private double C(int i) => cs is null ? (y[i] > 0 ? cp : cn) : cs[i];
    private bool IsUpper(int i) => status[i] == Upper;
    private bool IsLower(int i) => status[i] == Lower;
    private bool IsFree(int i) => status[i] == Free;

    private void UpdateStatus(int i) =>
        status[i] = alpha[i] >= C(i) ? Upper : alpha[i] <= 0 ? Lower : Free;

    /// <summary>Solves in place from the feasible start <paramref name="alpha"/>; returns the solver (for ρ, iterations).
    /// <paramref name="cs"/>, when given, is the box bound of each variable and replaces <paramref name="cp"/>/<paramref name="cn"/>.</summary>
    public static SmoSolver Solve(QMatrix q, double[] p, sbyte[] y, double[] alpha, double cp, double cn, double eps, bool shrinking, int maxIter = -1,
        double[]? cs = null)
    {
        var s = new SmoSolver(q, p, y, alpha, cp, cn, eps, cs);
        s.Run(shrinking, maxIter);
        return s;
    }

    private void Run(bool shrinking, int maxIterUser)
    {
        for (int i = 0; i < l; i++) { UpdateStatus(i); active[i] = i; }
        activeSize = l;
        for (int i = 0; i < l; i++) g[i] = p[i];
        for (int i = 0; i < l; i++)
        {
            if (IsLower(i)) continue;
            var qi = q.Row(i);
            double ai = alpha[i];
            for (int j = 0; j < l; j++) g[j] += ai * qi[j];
            if (IsUpper(i)) { double ci = C(i); for (int j = 0; j < l; j++) gBar[j] += ci * qi[j]; }
        }

        long maxIter = Math.Max(10_000_000L, l > int.MaxValue / 100 ? int.MaxValue : 100L * l);
        if (maxIterUser > 0) maxIter = maxIterUser;
        int counter = Math.Min(l, 1000) + 1;
        int iter = 0;
        while (iter < maxIter)
        {
            if (--counter == 0)
            {
                counter = Math.Min(l, 1000);
                if (shrinking) Shrink();
            }
            if (!SelectWorkingSet(out int i, out int j))
            {
                ReconstructGradient();
                activeSize = l;
                if (!SelectWorkingSet(out i, out j)) break;
                counter = 1; // shrink at the next iteration
            }
            iter++;
            Step(i, j);
        }
        if (iter >= maxIter && activeSize < l)
        {
            ReconstructGradient();
            activeSize = l;
        }
        Iterations = iter;
        Rho = CalculateRho();
        double v = 0;
        for (int i = 0; i < l; i++) v += alpha[i] * (g[i] + p[i]);
        Objective = v / 2;
    }

    /// <summary>The two-variable analytic update with clipping to the box, then the gradient and Ḡ updates.</summary>
    private void Step(int i, int j)
    {
        var qi = q.Row(i);
        var qj = q.Row(j);
        double ci = C(i), cj = C(j);
        double oldAi = alpha[i], oldAj = alpha[j];
        if (y[i] != y[j])
        {
            double quad = qd[i] + qd[j] + 2 * qi[j];
            if (quad <= 0) quad = Tau;
            double delta = (-g[i] - g[j]) / quad;
            double diff = alpha[i] - alpha[j];
            alpha[i] += delta; alpha[j] += delta;
            if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
            else { if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; } }
            if (diff > ci - cj) { if (alpha[i] > ci) { alpha[i] = ci; alpha[j] = ci - diff; } }
            else { if (alpha[j] > cj) { alpha[j] = cj; alpha[i] = cj + diff; } }
        }
        else
        {
            double quad = qd[i] + qd[j] - 2 * qi[j];
            if (quad <= 0) quad = Tau;
            double delta = (g[i] - g[j]) / quad;
            double sum = alpha[i] + alpha[j];
            alpha[i] -= delta; alpha[j] += delta;
            if (sum > ci) { if (alpha[i] > ci) { alpha[i] = ci; alpha[j] = sum - ci; } }
            else { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; } }
            if (sum > cj) { if (alpha[j] > cj) { alpha[j] = cj; alpha[i] = sum - cj; } }
            else { if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; } }
        }

        double dai = alpha[i] - oldAi, daj = alpha[j] - oldAj;
        if (activeSize == l)
            for (int k = 0; k < l; k++) g[k] += qi[k] * dai + qj[k] * daj;
        else
            for (int t = 0; t < activeSize; t++) { int k = active[t]; g[k] += qi[k] * dai + qj[k] * daj; }

        bool ui = IsUpper(i), uj = IsUpper(j);
        UpdateStatus(i); UpdateStatus(j);
        if (ui != IsUpper(i))
        {
            // Ḡ must be exact over all l variables, so use the full row (the cached one already is)
            if (ui) for (int k = 0; k < l; k++) gBar[k] -= ci * qi[k];
            else for (int k = 0; k < l; k++) gBar[k] += ci * qi[k];
        }
        if (uj != IsUpper(j))
        {
            if (uj) for (int k = 0; k < l; k++) gBar[k] -= cj * qj[k];
            else for (int k = 0; k < l; k++) gBar[k] += cj * qj[k];
        }
    }

    /// <summary>WSS 3; false when the maximal violation is below eps (optimal on the active set).</summary>
    private bool SelectWorkingSet(out int outI, out int outJ)
    {
        double gmax = double.NegativeInfinity, gmax2 = double.NegativeInfinity;
        int gmaxIdx = -1, gminIdx = -1;
        double objDiffMin = double.PositiveInfinity;
        for (int s = 0; s < activeSize; s++)
        {
            int t = active[s];
            if (y[t] == 1) { if (!IsUpper(t) && -g[t] >= gmax) { gmax = -g[t]; gmaxIdx = t; } }
            else { if (!IsLower(t) && g[t] >= gmax) { gmax = g[t]; gmaxIdx = t; } }
        }
        int i = gmaxIdx;
        float[]? qi = i != -1 ? q.Row(i) : null;
        for (int s = 0; s < activeSize; s++)
        {
            int j = active[s];
            if (y[j] == 1)
            {
                if (IsLower(j)) continue;
                double gradDiff = gmax + g[j];
                if (g[j] >= gmax2) gmax2 = g[j];
                if (gradDiff > 0)
                {
                    double quad = qd[i] + qd[j] - 2.0 * y[i] * qi![j];
                    double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                    if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
                }
            }
            else
            {
                if (IsUpper(j)) continue;
                double gradDiff = gmax - g[j];
                if (-g[j] >= gmax2) gmax2 = -g[j];
                if (gradDiff > 0)
                {
                    double quad = qd[i] + qd[j] + 2.0 * y[i] * qi![j];
                    double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                    if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
                }
            }
        }
        outI = gmaxIdx; outJ = gminIdx;
        return !(gmax + gmax2 < eps || gminIdx == -1);
    }

    private bool BeShrunk(int i, double gmax1, double gmax2)
    {
        if (IsUpper(i)) return y[i] == 1 ? -g[i] > gmax1 : -g[i] > gmax2;
        if (IsLower(i)) return y[i] == 1 ? g[i] > gmax2 : g[i] > gmax1;
        return false;
    }

    /// <summary>libsvm's <c>do_shrinking</c>.</summary>
    private void Shrink()
    {
        double gmax1 = double.NegativeInfinity, gmax2 = double.NegativeInfinity;
        for (int s = 0; s < activeSize; s++)
        {
            int i = active[s];
            if (y[i] == 1)
            {
                if (!IsUpper(i) && -g[i] >= gmax1) gmax1 = -g[i];
                if (!IsLower(i) && g[i] >= gmax2) gmax2 = g[i];
            }
            else
            {
                if (!IsUpper(i) && -g[i] >= gmax2) gmax2 = -g[i];
                if (!IsLower(i) && g[i] >= gmax1) gmax1 = g[i];
            }
        }
        if (!unshrink && gmax1 + gmax2 <= eps * 10)
        {
            unshrink = true;
            ReconstructGradient();
            activeSize = l;
        }
        for (int s = 0; s < activeSize; s++)
        {
            if (!BeShrunk(active[s], gmax1, gmax2)) continue;
            activeSize--;
            while (activeSize > s)
            {
                if (!BeShrunk(active[activeSize], gmax1, gmax2))
                {
                    (active[s], active[activeSize]) = (active[activeSize], active[s]);
                    break;
                }
                activeSize--;
            }
        }
    }

    /// <summary>Rebuilds G for the inactive variables from Ḡ and the free active ones (<c>reconstruct_gradient</c>).</summary>
    private void ReconstructGradient()
    {
        if (activeSize == l) return;
        for (int s = activeSize; s < l; s++) { int j = active[s]; g[j] = gBar[j] + p[j]; }
        int nrFree = 0;
        for (int s = 0; s < activeSize; s++) if (IsFree(active[s])) nrFree++;
        if ((long)nrFree * l > 2L * activeSize * (l - activeSize))
        {
            for (int s = activeSize; s < l; s++)
            {
                int i = active[s];
                var qi = q.Row(i);
                double acc = 0;
                for (int t = 0; t < activeSize; t++) { int j = active[t]; if (IsFree(j)) acc += alpha[j] * qi[j]; }
                g[i] += acc;
            }
        }
        else
        {
            for (int t = 0; t < activeSize; t++)
            {
                int i = active[t];
                if (!IsFree(i)) continue;
                var qi = q.Row(i);
                double ai = alpha[i];
                for (int s = activeSize; s < l; s++) { int j = active[s]; g[j] += ai * qi[j]; }
            }
        }
    }

    /// <summary>ρ: mean of yᵢGᵢ over free variables, else the midpoint of the bounds (<c>calculate_rho</c>).</summary>
    private double CalculateRho()
    {
        int nrFree = 0;
        double ub = double.PositiveInfinity, lb = double.NegativeInfinity, sumFree = 0;
        for (int s = 0; s < activeSize; s++)
        {
            int i = active[s];
            double yG = y[i] * g[i];
            if (IsUpper(i)) { if (y[i] == -1) ub = Math.Min(ub, yG); else lb = Math.Max(lb, yG); }
            else if (IsLower(i)) { if (y[i] == 1) ub = Math.Min(ub, yG); else lb = Math.Max(lb, yG); }
            else { nrFree++; sumFree += yG; }
        }
        return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
    }
}
