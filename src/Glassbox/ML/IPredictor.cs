namespace Glassbox.ML;

/// <summary>An estimator that maps samples to outputs (classifiers and regressors).</summary>
public interface IPredictor : IEstimator
{
    /// <summary>Predictions for each row of X: class labels (int64) or values (float64), shape [n_samples].</summary>
    Tensor Predict(Tensor x);

    /// <summary>The default score: accuracy for classifiers, R² for regressors (<c>score</c>), weighted by
    /// <paramref name="sampleWeight"/> when given (sklearn's <c>score(X, y, sample_weight=w)</c>).</summary>
    double Score(Tensor x, Tensor y, Tensor? sampleWeight = null);
}
