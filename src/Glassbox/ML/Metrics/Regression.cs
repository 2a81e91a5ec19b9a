namespace Glassbox.ML.Metrics;

/// <summary>Regression metrics (<c>sklearn.metrics</c>: mean_squared_error, mean_absolute_error, r2_score).</summary>
/// <remarks>
/// Every metric takes an optional <c>sampleWeight</c> (sklearn's <c>sample_weight</c>): the means become weighted
/// means Σwᵢ(·)/Σwᵢ, and R²'s ȳ is the weighted mean of y_true.
/// </remarks>
public static class Regression
{
    /// <summary>MSE = Σwᵢ(yᵢ − ŷᵢ)² / Σwᵢ, wᵢ = 1 by default (<c>mean_squared_error</c>).</summary>
    public static double MeanSquaredError(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        var (t, p) = Pair(yTrue, yPred, "MeanSquaredError");
        var w = Input.Weights(sampleWeight, t.Length, "MeanSquaredError");
        double s = 0, sw = 0;
        for (int i = 0; i < t.Length; i++) { double d = t[i] - p[i], wi = w is null ? 1 : w[i]; s += wi * d * d; sw += wi; }
        return s / sw;
    }

    /// <summary>MAE = Σwᵢ|yᵢ − ŷᵢ| / Σwᵢ (<c>mean_absolute_error</c>).</summary>
    public static double MeanAbsoluteError(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        var (t, p) = Pair(yTrue, yPred, "MeanAbsoluteError");
        var w = Input.Weights(sampleWeight, t.Length, "MeanAbsoluteError");
        double s = 0, sw = 0;
        for (int i = 0; i < t.Length; i++) { double wi = w is null ? 1 : w[i]; s += wi * Math.Abs(t[i] - p[i]); sw += wi; }
        return s / sw;
    }

    /// <summary>
    /// R² = 1 − Σwᵢ(yᵢ − ŷᵢ)² / Σwᵢ(yᵢ − ȳ)², ȳ = Σwᵢyᵢ/Σwᵢ (<c>r2_score</c>). For constant y, sklearn's force_finite
    /// rule: 1 for a perfect prediction, else 0.
    /// </summary>
    public static double R2Score(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        var (t, p) = Pair(yTrue, yPred, "R2Score");
        var w = Input.Weights(sampleWeight, t.Length, "R2Score");
        double mean, ssRes = 0, ssTot = 0;
        if (w is null) mean = t.Average();
        else
        {
            double sy = 0, sw = 0;
            for (int i = 0; i < t.Length; i++) { sy += w[i] * t[i]; sw += w[i]; }
            mean = sy / sw;
        }
        for (int i = 0; i < t.Length; i++)
        {
            double r = t[i] - p[i], d = t[i] - mean, wi = w is null ? 1 : w[i];
            ssRes += wi * r * r; ssTot += wi * d * d;
        }
        if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
        return 1 - ssRes / ssTot;
    }

    internal static (double[] True, double[] Pred) Pair(Tensor yTrue, Tensor yPred, string name)
    {
        if (yTrue.Numel != yPred.Numel || yTrue.Numel == 0)
            throw new ArgumentException($"{name}: y_true and y_pred must be non-empty and the same length, got {yTrue.Numel} and {yPred.Numel}");
        return (yTrue.ToDoubleArray(), yPred.ToDoubleArray());
    }
}
