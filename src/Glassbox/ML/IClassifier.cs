namespace Glassbox.ML;

/// <summary>
/// A predictor of class labels (<c>ClassifierMixin</c>). Probabilities are a separate capability,
/// <see cref="IProbabilisticClassifier"/>, because not every classifier has them (sklearn's LinearSVC has no
/// <c>predict_proba</c> at all); code that needs probabilities asks for that interface.
/// </summary>
public interface IClassifier : IPredictor
{
    /// <summary>The sorted distinct labels seen in Fit, int64 [n_classes] (<c>classes_</c>).</summary>
    Tensor Classes { get; }
}
