namespace Glassbox.ML.Ensemble;

/// <summary>The loss a <see cref="GradientBoostingClassifier"/> minimises (<c>loss</c>).</summary>
public enum GradientBoostingClassifierLoss
{
    /// <summary>Binomial deviance for two classes, multinomial deviance (K trees per stage) for more (<c>"log_loss"</c>).</summary>
    LogLoss,
    /// <summary>AdaBoost's exponential loss e^{−ỹF}, ỹ = 2y − 1, two classes only; P(y = 1) = σ(2F) (<c>"exponential"</c>).</summary>
    Exponential,
}
