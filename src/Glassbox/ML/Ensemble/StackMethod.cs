namespace Glassbox.ML.Ensemble;

/// <summary>Which output of each base classifier a <see cref="StackingClassifier"/> feeds to its final estimator
/// (scikit-learn's <c>stack_method</c>).</summary>
public enum StackMethod
{
    /// <summary><c>"auto"</c>: PredictProba if the estimator has it, else DecisionFunction, else Predict.</summary>
    Auto,

    /// <summary><c>"predict_proba"</c>: the class probabilities (for two classes only the second column; the first
    /// is 1 minus it and would make the final estimator's inputs collinear).</summary>
    PredictProba,

    /// <summary><c>"decision_function"</c>: the decision scores.</summary>
    DecisionFunction,

    /// <summary><c>"predict"</c>: the predicted labels, as one numeric column.</summary>
    Predict,
}
