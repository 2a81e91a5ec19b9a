namespace Glassbox.ML.ModelSelection;

/// <summary>Which output of a fitted estimator a tool reads (scikit-learn's <c>method</c> / <c>response_method</c>
/// strings).</summary>
public enum ResponseMethod
{
    /// <summary><c>"predict"</c>: labels of a classifier, values of a regressor.</summary>
    Predict,

    /// <summary><c>"predict_proba"</c>: class probabilities [n, n_classes].</summary>
    PredictProba,

    /// <summary><c>"decision_function"</c>: scores [n] for two classes, [n, n_classes] otherwise.</summary>
    DecisionFunction,
}
