using Glassbox.ML.Options;

namespace Glassbox.ML.Linear;

/// <summary>
/// Least squares with an L2 penalty: w = argmin ‖y − Xw − b‖² + α‖w‖² (<c>sklearn.linear_model.Ridge</c>,
/// solver "cholesky"), solved in closed form (X_cᵀX_c + αI)·w = X_cᵀy_c on centred data; b is not penalised.
/// </summary>
public sealed class Ridge : LinearModel<Ridge>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="alpha">Penalty strength α ≥ 0 (<c>alpha</c>).</param>
    /// <param name="fitIntercept">Whether to learn b (<c>fit_intercept</c>).</param>
    public Ridge(double alpha = 1.0, bool fitIntercept = true) { Alpha = alpha; FitIntercept = fitIntercept; }

    /// <summary>Penalty strength α (<c>alpha</c>).</summary>
    public double Alpha { get; }
    /// <summary>Whether to learn an intercept (<c>fit_intercept</c>).</summary>
    public bool FitIntercept { get; }

    /// <inheritdoc/>
    protected override ParamTable Constraints => new() { { nameof(Alpha), Is.Real(0) } };

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var d = Center(x, Input.Targets(y, x.Shape[0], nameof(Ridge)), FitIntercept, SampleWeight);
        var g = DenseMath.Gram(d.X, d.N, d.P);
        for (int j = 0; j < d.P; j++) g[j * d.P + j] += Alpha;
        SetFromCentered(DenseMath.SolveSymmetric(g, d.P, DenseMath.TransposeTimes(d.X, d.N, d.P, d.Y)), d);
    }
}
