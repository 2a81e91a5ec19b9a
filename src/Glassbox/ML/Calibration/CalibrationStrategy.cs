namespace Glassbox.ML.Calibration;

/// <summary>How <see cref="CalibrationCurve"/> places its bins (scikit-learn's <c>strategy</c>).</summary>
public enum CalibrationStrategy
{
    /// <summary>Equal widths on [0, 1] (<c>"uniform"</c>): bins comparable across models, some possibly empty.</summary>
    Uniform,

    /// <summary>Edges at the quantiles of the predicted probabilities (<c>"quantile"</c>): equally full bins, so every
    /// point of the curve rests on about n/n_bins rows.</summary>
    Quantile,
}
