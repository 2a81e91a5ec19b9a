namespace Glassbox.ML.Linear;

/// <summary>
/// Shared fitting of <see cref="ElasticNet"/> and <see cref="Lasso"/>: minimise
/// (1/2n)‖y − Xw − b‖² + α·ρ‖w‖₁ + ½α(1 − ρ)‖w‖² by <see cref="CoordinateDescent"/> on centred data.
/// </summary>
public abstract class ElasticNetBase<TSelf> : LinearModel<TSelf> where TSelf : ElasticNetBase<TSelf>
{
    private int nIter;
    private double dualGap;

    /// <summary>Creates the estimator.</summary>
    protected ElasticNetBase(double alpha, bool fitIntercept, int maxIter, double tol)
    {
        Alpha = alpha; FitIntercept = fitIntercept; MaxIter = maxIter; Tol = tol;
    }

    /// <summary>Overall penalty strength α ≥ 0 (<c>alpha</c>).</summary>
    public double Alpha { get; }
    /// <summary>Whether to learn an intercept (<c>fit_intercept</c>).</summary>
    public bool FitIntercept { get; }
    /// <summary>Maximum coordinate-descent sweeps (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Tolerance: duality gap &lt; Tol·‖y‖² stops (<c>tol</c>).</summary>
    public double Tol { get; }

    /// <summary>The mixing ρ ∈ [0, 1]: 1 is the lasso, 0 ridge.</summary>
    protected abstract double Rho { get; }

    /// <summary>Sweeps run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));

    /// <summary>Duality gap at the end, in the n-scaled objective as sklearn reports it (<c>dual_gap_</c>).</summary>
    public double DualGap => Learned(dualGap, nameof(DualGap));

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        if (!(Alpha >= 0) || double.IsInfinity(Alpha)) OutOfRange(nameof(Alpha), Alpha, "a finite number ≥ 0");
        if (MaxIter < 1) OutOfRange(nameof(MaxIter), MaxIter, "≥ 1");
        if (!(Tol >= 0)) OutOfRange(nameof(Tol), Tol, "≥ 0");
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var d = Center(x, Input.Targets(y, x.Shape[0], GetType().Name), FitIntercept);
        var cols = CoordinateDescent.ToColumnMajor(d.X, d.N, d.P);
        double l1 = Alpha * Rho * d.N, l2 = Alpha * (1 - Rho) * d.N;
        var (w, it, gap) = CoordinateDescent.Run(cols, d.Y, d.N, d.P, l1, l2, MaxIter, Tol);
        nIter = it;
        dualGap = gap;
        SetFromCentered(w, d);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) { base.SaveState(state); state.Set("n_iter", nIter); state.Set("dual_gap", dualGap); }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) { base.LoadState(state); nIter = state.GetInt("n_iter"); dualGap = state.GetDouble("dual_gap"); }
}
