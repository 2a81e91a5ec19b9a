namespace Glassbox.ML;

/// <summary>Base of the regressors: float64 predictions, <see cref="Score"/> = R² (<c>RegressorMixin</c>).</summary>
public abstract class Regressor<TSelf> : Estimator<TSelf>, IRegressor where TSelf : Regressor<TSelf>
{
    /// <summary>Predicted values [n_samples] (<c>predict</c>).</summary>
    public abstract Tensor Predict(Tensor x);

    /// <summary>Coefficient of determination R² = 1 − Σwᵢ(yᵢ − ŷᵢ)² / Σwᵢ(yᵢ − ȳ)² of the predictions, wᵢ = 1 unless
    /// <paramref name="sampleWeight"/> is given (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);
}
