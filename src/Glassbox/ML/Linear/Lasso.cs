namespace Glassbox.ML.Linear;

/// <summary>
/// Linear regression with an L1 penalty (<c>sklearn.linear_model.Lasso</c>): minimise
/// (1/2n)‖y − Xw − b‖² + α‖w‖₁ (Tibshirani, 1996) — the elastic net with ρ = 1; drives weights exactly to zero.
/// </summary>
public sealed class Lasso : ElasticNetBase<Lasso>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="alpha">Penalty strength (<c>alpha</c>).</param>
    /// <param name="fitIntercept">Whether to learn b.</param>
    /// <param name="maxIter">Maximum sweeps.</param>
    /// <param name="tol">Duality-gap tolerance.</param>
    public Lasso(double alpha = 1.0, bool fitIntercept = true, int maxIter = 1000, double tol = 1e-4)
        : base(alpha, fitIntercept, maxIter, tol) { }

    /// <inheritdoc/>
    protected override double Rho => 1.0;
}
