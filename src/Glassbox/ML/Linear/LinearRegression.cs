using Glassbox.ML.Options;

namespace Glassbox.ML.Linear;

/// <summary>
/// Ordinary least squares: w = argmin ‖y − Xw − b‖² (<c>sklearn.linear_model.LinearRegression</c>).
/// </summary>
/// <remarks>
/// <para>
/// Solver "lstsq": min ‖y_c − X_c w‖ on centred data through <see cref="Linalg.Lstsq"/> (Householder QR, then SVD of
/// R — the route of LAPACK's gelsd, which sklearn's <c>scipy.linalg.lstsq</c> calls); rank-deficient X_c gets the
/// minimum-norm solution. Working on X_c directly keeps the error proportional to κ(X); the normal equations
/// X_cᵀX_c·w = X_cᵀy_c would square it, which visibly broke high-degree polynomial fits (training error rising with
/// degree on nested feature sets).
/// </para>
/// <para>
/// Solver "gd": full-batch gradient descent on (1/2n)‖y_c − X_c w‖² with step 1/L, L = λ_max(X_cᵀX_c/n) from power
/// iteration, until max|∇| ≤ Tol or MaxIter steps. Slower; there to show the iterative route to the same answer.
/// </para>
/// </remarks>
public sealed class LinearRegression : LinearModel<LinearRegression>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="fitIntercept">Whether to learn b (<c>fit_intercept</c>).</param>
    /// <param name="solver">Direct least squares or gradient descent (see <see cref="LinearRegressionSolver"/>).</param>
    /// <param name="maxIter">Gradient-descent steps at most (solver "gd").</param>
    /// <param name="tol">Gradient-descent stopping threshold on max|∇| (solver "gd").</param>
    public LinearRegression(bool fitIntercept = true, LinearRegressionSolver solver = LinearRegressionSolver.Lstsq, int maxIter = 100000, double tol = 1e-10)
    {
        FitIntercept = fitIntercept; Solver = solver; MaxIter = maxIter; Tol = tol;
    }

    /// <summary>Whether to learn an intercept (<c>fit_intercept</c>).</summary>
    public bool FitIntercept { get; }
    /// <summary>"lstsq" or "gd".</summary>
    public LinearRegressionSolver Solver { get; }
    /// <summary>Maximum gradient-descent iterations.</summary>
    public int MaxIter { get; }
    /// <summary>Gradient-descent tolerance on the largest gradient component.</summary>
    public double Tol { get; }

    /// <summary>Iterations gradient descent ran (0 for "lstsq") (<c>n_iter_</c>).</summary>
    public int NIter => Learned(nIter, nameof(NIter));
    private int nIter;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Solver), Is.Defined<LinearRegressionSolver>() },
        { nameof(MaxIter), Is.Int(min: 1) },
        { nameof(Tol), Is.Real(0) },
    };

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var d = Center(x, Input.Targets(y, x.Shape[0], nameof(LinearRegression)), FitIntercept, SampleWeight);
        nIter = 0;
        double[] w;
        if (Solver == LinearRegressionSolver.Lstsq)
        {
            w = Linalg.Lstsq(Tensor.FromArray(d.X, d.N, d.P), Tensor.FromArray(d.Y, d.N)).Solution.ToArray<double>();
        }
        else w = GradientDescent(d);
        SetFromCentered(w, d);
    }

    private double[] GradientDescent(CenteredData d)
    {
        int n = d.N, p = d.P;
        double lipschitz = PowerIteration(d) / n;
        var w = new double[p];
        if (lipschitz == 0) return w;
        double step = 1 / lipschitz;
        var r = new double[n];
        for (nIter = 1; nIter <= MaxIter; nIter++)
        {
            DenseMath.Times(r, d.X, n, p, w, 0);
            for (int i = 0; i < n; i++) r[i] -= d.Y[i];
            var g = DenseMath.TransposeTimes(d.X, n, p, r);
            double gmax = 0;
            for (int j = 0; j < p; j++) { g[j] /= n; gmax = Math.Max(gmax, Math.Abs(g[j])); }
            if (gmax <= Tol) break;
            for (int j = 0; j < p; j++) w[j] -= step * g[j];
        }
        nIter = Math.Min(nIter, MaxIter);
        return w;
    }

    /// <summary>λ_max(XᵀX) by power iteration v ← XᵀXv/‖XᵀXv‖ (a few dozen products of X, never forming XᵀX).</summary>
    private static double PowerIteration(CenteredData d)
    {
        int n = d.N, p = d.P;
        var v = new double[p];
        for (int j = 0; j < p; j++) v[j] = 1.0 / Math.Sqrt(p) * (1 + 0.01 * j); // deterministic start, not orthogonal to the top vector in practice
        var xv = new double[n];
        double lambda = 0;
        for (int it = 0; it < 100; it++)
        {
            DenseMath.Times(xv, d.X, n, p, v, 0);
            var u = DenseMath.TransposeTimes(d.X, n, p, xv);
            double norm = Math.Sqrt(DenseMath.Dot(u, u));
            if (norm == 0) return 0;
            double prev = lambda;
            lambda = norm;
            for (int j = 0; j < p; j++) v[j] = u[j] / norm;
            if (Math.Abs(lambda - prev) <= 1e-6 * lambda) break;
        }
        return lambda * 1.01; // small margin: an underestimate of L makes the step too long
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) { base.SaveState(state); state.Set("n_iter", nIter); }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) { base.LoadState(state); nIter = state.GetInt("n_iter", 0); }
}
