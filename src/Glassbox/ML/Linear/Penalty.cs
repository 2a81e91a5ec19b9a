namespace Glassbox.ML.Linear;

/// <summary>The regularisation term of <see cref="LogisticRegression"/> (scikit-learn's <c>penalty</c>).</summary>
public enum Penalty
{
    /// <summary>½‖W‖² (<c>"l2"</c>): ridge shrinkage; smooth, solved by L-BFGS.</summary>
    L2,

    /// <summary>‖W‖₁ (<c>"l1"</c>): sparse weights; solved by proximal gradient (soft-thresholding).</summary>
    L1,

    /// <summary>ρ‖W‖₁ + ½(1 − ρ)‖W‖² with ρ = L1Ratio (<c>"elasticnet"</c>): L1Ratio must then be set.</summary>
    Elasticnet,

    /// <summary>No penalty (<c>"none"</c>): the plain maximum-likelihood fit; C is then ignored.</summary>
    None,
}
