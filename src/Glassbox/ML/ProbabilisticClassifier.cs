namespace Glassbox.ML;

/// <summary>
/// Base of the classifiers that estimate class probabilities: <see cref="Predict"/> returns the class of the
/// largest probability (ties: the lowest class index, like <c>np.argmax</c>), as sklearn's classifiers do when
/// they have <c>predict_proba</c>. Subclasses may override <see cref="Predict"/> where sklearn predicts from another
/// quantity (e.g. a decision function), which can differ from the argmax of the probabilities at ties.
/// </summary>
public abstract class ProbabilisticClassifier<TSelf> : Classifier<TSelf>, IProbabilisticClassifier where TSelf : ProbabilisticClassifier<TSelf>
{
    /// <inheritdoc/>
    public abstract Tensor PredictProba(Tensor x);

    /// <summary>The class of the largest probability per sample, int64 [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x) => LabelsOfArgmax(PredictProba(x));
}
