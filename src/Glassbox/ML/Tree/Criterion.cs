namespace Glassbox.ML.Tree;

/// <summary>
/// The impurity measure a CART tree minimises when it chooses a split (scikit-learn's <c>criterion</c>). One enum serves
/// both twins, as one <c>criterion</c> parameter does in scikit-learn: the classifiers accept <see cref="Gini"/>,
/// <see cref="Entropy"/> and <see cref="LogLoss"/>, the regressors <see cref="SquaredError"/> and
/// <see cref="FriedmanMse"/>; each estimator's constraint table names its own subset, and Fit rejects the others.
/// </summary>
public enum Criterion
{
    /// <summary>Gini impurity 1 − Σₖ pₖ² (<c>"gini"</c>).</summary>
    Gini,
    /// <summary>Shannon entropy −Σₖ pₖ log₂ pₖ (<c>"entropy"</c>).</summary>
    Entropy,
    /// <summary>The same impurity as <see cref="Entropy"/> under scikit-learn's newer name (<c>"log_loss"</c>); kept apart
    /// so a model file keeps the spelling it was given.</summary>
    LogLoss,
    /// <summary>Variance Σ w(y − ȳ)² / Σ w, splits ranked by its weighted decrease (<c>"squared_error"</c>).</summary>
    SquaredError,
    /// <summary>Variance as impurity, splits ranked by Friedman's improvement w_L·w_R·(ȳ_L − ȳ_R)² / (w_L + w_R)
    /// (<c>"friedman_mse"</c>).</summary>
    FriedmanMse,
}
