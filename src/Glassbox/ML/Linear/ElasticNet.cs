using Glassbox.ML.Options;

namespace Glassbox.ML.Linear;

/// <summary>
/// Linear regression with combined L1 and L2 penalties (<c>sklearn.linear_model.ElasticNet</c>):
/// minimise (1/2n)‖y − Xw − b‖² + α·ρ‖w‖₁ + ½α(1 − ρ)‖w‖², ρ = <see cref="L1Ratio"/> (Zou &amp; Hastie, 2005).
/// </summary>
public sealed class ElasticNet : ElasticNetBase<ElasticNet>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="alpha">Penalty strength (<c>alpha</c>).</param>
    /// <param name="l1Ratio">Mixing ρ ∈ [0, 1] (<c>l1_ratio</c>).</param>
    /// <param name="fitIntercept">Whether to learn b.</param>
    /// <param name="maxIter">Maximum sweeps.</param>
    /// <param name="tol">Duality-gap tolerance.</param>
    public ElasticNet(double alpha = 1.0, double l1Ratio = 0.5, bool fitIntercept = true, int maxIter = 1000, double tol = 1e-4)
        : base(alpha, fitIntercept, maxIter, tol) => L1Ratio = l1Ratio;

    /// <summary>Share of the L1 penalty, ρ ∈ [0, 1] (<c>l1_ratio</c>).</summary>
    public double L1Ratio { get; }

    /// <inheritdoc/>
    protected override double Rho => L1Ratio;

    /// <summary>The shared entries of <see cref="ElasticNetBase{TSelf}"/>, plus ρ ∈ [0, 1].</summary>
    protected override ParamTable Constraints
    {
        get
        {
            var table = base.Constraints;
            table.Add(nameof(L1Ratio), Is.Real(0, 1));
            return table;
        }
    }
}
