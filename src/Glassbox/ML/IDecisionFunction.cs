namespace Glassbox.ML;

/// <summary>A classifier with a real-valued confidence score (<c>decision_function</c>).</summary>
public interface IDecisionFunction : IClassifier
{
    /// <summary>Scores [n_samples] for two classes (positive = second class) or [n_samples, n_classes] otherwise.</summary>
    Tensor DecisionFunction(Tensor x);
}
