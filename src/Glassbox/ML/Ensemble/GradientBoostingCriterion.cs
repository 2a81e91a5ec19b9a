namespace Glassbox.ML.Ensemble;

/// <summary>How the regression trees of classic gradient boosting rank candidate splits (<c>criterion</c>).</summary>
public enum GradientBoostingCriterion
{
    /// <summary>Friedman's improvement w_L·w_R·(ȳ_L − ȳ_R)² / (w_L + w_R), the default (<c>"friedman_mse"</c>).</summary>
    FriedmanMse,
    /// <summary>The decrease of the weighted variance Σw(y − ȳ)² (<c>"squared_error"</c>).</summary>
    SquaredError,
}
