namespace Glassbox.ML.Ensemble;

/// <summary>The loss a <see cref="GradientBoostingRegressor"/> minimises (<c>loss</c>).</summary>
public enum GradientBoostingRegressorLoss
{
    /// <summary>½(y − F)²: residual y − F, F₀ = mean y (<c>"squared_error"</c>).</summary>
    SquaredError,
    /// <summary>|y − F|: residual sign(y − F), leaves and F₀ the median of y − F (<c>"absolute_error"</c>).</summary>
    AbsoluteError,
    /// <summary>Huber: quadratic within δ, linear beyond, δ the alpha-quantile of |y − F| each stage (<c>"huber"</c>).</summary>
    Huber,
    /// <summary>Pinball loss of level alpha: F estimates the conditional alpha-quantile (<c>"quantile"</c>).</summary>
    Quantile,
}
