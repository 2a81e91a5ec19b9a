namespace Glassbox.ML.ModelSelection;

/// <summary>
/// The built-in scorers (scikit-learn's scoring strings, <c>sklearn.metrics.get_scorer</c>); larger is better, so
/// errors and losses are negated. <see cref="Scorers.Get(Scoring)"/> gives the <see cref="Scorer"/> delegate; any other
/// delegate can be passed where a <see cref="Scorer"/> is taken.
/// </summary>
public enum Scoring
{
    /// <summary>Fraction of correct predictions.</summary>
    Accuracy,

    /// <summary>Coefficient of determination R² = 1 − SS_res / SS_tot.</summary>
    R2,

    /// <summary>−(1/n)Σ(yᵢ − ŷᵢ)².</summary>
    NegMeanSquaredError,

    /// <summary>−(1/n)Σ|yᵢ − ŷᵢ|.</summary>
    NegMeanAbsoluteError,

    /// <summary>F1 of the positive label (binary).</summary>
    F1,

    /// <summary>Unweighted mean of the per-class F1.</summary>
    F1Macro,

    /// <summary>F1 of the summed counts.</summary>
    F1Micro,

    /// <summary>Per-class F1 weighted by support.</summary>
    F1Weighted,

    /// <summary>Precision of the positive label.</summary>
    Precision,

    /// <summary>Recall of the positive label.</summary>
    Recall,

    /// <summary>Area under the ROC curve of the decision function (or P(positive class)).</summary>
    RocAuc,

    /// <summary>−cross-entropy of the predicted class probabilities.</summary>
    NegLogLoss,
}
