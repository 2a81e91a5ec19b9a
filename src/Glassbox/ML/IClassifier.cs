namespace Glassbox.ML;

/// <summary>A predictor of class labels (<c>ClassifierMixin</c>).</summary>
public interface IClassifier : IPredictor
{
    /// <summary>The sorted distinct labels seen in Fit, int64 [n_classes] (<c>classes_</c>).</summary>
    Tensor Classes { get; }

    /// <summary>Class probabilities [n_samples, n_classes], columns ordered as <see cref="Classes"/> (<c>predict_proba</c>).</summary>
    Tensor PredictProba(Tensor x);
}
