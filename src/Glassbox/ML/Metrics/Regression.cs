namespace Glassbox.ML.Metrics;

/// <summary>Regression metrics (<c>sklearn.metrics</c>: mean_squared_error, mean_absolute_error, r2_score).</summary>
public static class Regression
{
    /// <summary>MSE = (1/n)·Σ(yᵢ − ŷᵢ)² (<c>mean_squared_error</c>).</summary>
    public static double MeanSquaredError(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Pair(yTrue, yPred, "MeanSquaredError");
        double s = 0;
        for (int i = 0; i < t.Length; i++) { double d = t[i] - p[i]; s += d * d; }
        return s / t.Length;
    }

    /// <summary>MAE = (1/n)·Σ|yᵢ − ŷᵢ| (<c>mean_absolute_error</c>).</summary>
    public static double MeanAbsoluteError(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Pair(yTrue, yPred, "MeanAbsoluteError");
        double s = 0;
        for (int i = 0; i < t.Length; i++) s += Math.Abs(t[i] - p[i]);
        return s / t.Length;
    }

    /// <summary>
    /// R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)² (<c>r2_score</c>). For constant y, sklearn's force_finite rule:
    /// 1 for a perfect prediction, else 0.
    /// </summary>
    public static double R2Score(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Pair(yTrue, yPred, "R2Score");
        double mean = t.Average(), ssRes = 0, ssTot = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double r = t[i] - p[i], d = t[i] - mean;
            ssRes += r * r; ssTot += d * d;
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
