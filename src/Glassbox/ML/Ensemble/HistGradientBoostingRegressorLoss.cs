namespace Glassbox.ML.Ensemble;

/// <summary>The loss a <see cref="HistGradientBoostingRegressor"/> minimises (<c>loss</c>).</summary>
public enum HistGradientBoostingRegressorLoss
{
    /// <summary>½(y − f)²: g = f − y, h = 1, F₀ = mean y (<c>"squared_error"</c>).</summary>
    SquaredError,
    /// <summary>|y − f|: g = sign(f − y), h = 1, leaves and F₀ the median of y − f (<c>"absolute_error"</c>).</summary>
    AbsoluteError,
    /// <summary>Pinball loss of level <c>quantile</c>: leaves and F₀ the α-quantile of y − f (<c>"quantile"</c>).</summary>
    Quantile,
    /// <summary>Half Poisson deviance e^f − y·f with a log link, for non-negative targets; predicts e^f (<c>"poisson"</c>).</summary>
    Poisson,
}
