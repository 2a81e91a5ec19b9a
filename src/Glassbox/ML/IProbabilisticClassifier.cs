namespace Glassbox.ML;

/// <summary>
/// A classifier that estimates class probabilities (<c>predict_proba</c>). sklearn defines the method only on the
/// estimators that support it; here that is this interface, so scorers such as "neg_log_loss" or "roc_auc" and
/// any other caller that needs probabilities check for it instead of calling a method that would throw.
/// </summary>
public interface IProbabilisticClassifier : IClassifier
{
    /// <summary>
    /// Class probabilities [n_samples, n_classes], columns ordered as <see cref="IClassifier.Classes"/>, rows summing
    /// to 1 (<c>predict_proba</c>).
    /// </summary>
    Tensor PredictProba(Tensor x);
}
