using Glassbox.ML.Options;
using Glassbox.ML.Optimization;

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
    protected override ParamTable Constraints => new()
    {
        { nameof(Alpha), Is.Real(0) },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(Tol), Is.Real(0) },
    };

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    /// <remarks>
    /// Sample weights are first rescaled to sum to n (as sklearn's ElasticNet.fit does), so the objective becomes
    /// (1/2n)Σwᵢ(yᵢ − xᵢ·w − b)² + penalty with Σwᵢ = n — α keeps its meaning whatever the weights' scale — and the
    /// weighted-centred rows are multiplied by √wᵢ (see <see cref="LinearModel{TSelf}"/>).
    /// </remarks>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var raw = Input.Raw(x);
        var yv = Input.Targets(y, n, GetType().Name);
        double[] xMean, yc, cols;
        double yMean;
        if (SampleWeight is { } sw)
        {
            double total = sw.Sum();
            var scaled = sw.Select(v => v * (n / total)).ToArray();
            var d = Center(x, yv, FitIntercept, scaled);
            xMean = d.XMean; yMean = d.YMean; yc = d.Y;
            cols = CoordinateDescent.CenteredColumnMajor(d.X, n, p, new double[p]);
        }
        else
        {
            xMean = FitIntercept ? DenseMath.ColumnMeans(raw, n, p) : new double[p];
            yMean = FitIntercept ? yv.Average() : 0;
            double ym = yMean;
            yc = yv.Select(v => v - ym).ToArray();
            cols = CoordinateDescent.CenteredColumnMajor(raw, n, p, xMean);
        }
        double l1 = Alpha * Rho * n, l2 = Alpha * (1 - Rho) * n;
        var (w, it, gap) = CoordinateDescent.Run(cols, yc, n, p, l1, l2, MaxIter, Tol);
        nIter = it;
        dualGap = gap;
        SetSolution(w, yMean - DenseMath.Dot(xMean, w));
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) { base.SaveState(state); state.Set("n_iter", nIter); state.Set("dual_gap", dualGap); }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) { base.LoadState(state); nIter = state.GetInt("n_iter", 0); dualGap = state.GetDouble("dual_gap"); }
}
