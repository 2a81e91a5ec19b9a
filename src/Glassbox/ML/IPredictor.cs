namespace Glassbox.ML;

/// <summary>An estimator that maps samples to outputs (classifiers and regressors).</summary>
public interface IPredictor : IEstimator
{
    /// <summary>Predictions for each row of X: class labels (int64) or values (float64), shape [n_samples].</summary>
    Tensor Predict(Tensor x);

    /// <summary>The default score: accuracy for classifiers, R² for regressors (<c>score</c>).</summary>
    double Score(Tensor x, Tensor y);
}
