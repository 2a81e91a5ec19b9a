namespace Glassbox.ML.Calibration;

/// <summary>How <see cref="CalibratedClassifierCV"/> maps a classifier's scores to probabilities (scikit-learn's
/// <c>method</c>).</summary>
public enum CalibrationMethod
{
    /// <summary>Platt's sigmoid p = 1/(1 + exp(A·f + B)) (<c>"sigmoid"</c>): two parameters, right when the score's
    /// miscalibration is S-shaped; the safe choice with few calibration rows.</summary>
    Sigmoid,

    /// <summary>A non-decreasing step function fitted by isotonic regression (<c>"isotonic"</c>): any monotone
    /// distortion, but it needs many rows (≳ 1000) not to overfit.</summary>
    Isotonic,
}
