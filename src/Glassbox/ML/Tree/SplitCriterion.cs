using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>The impurity measures of CART (<c>sklearn.tree._criterion</c>).</summary>
internal enum SplitCriterion
{
    /// <summary>Gini impurity 1 − Σₖ pₖ² (<c>"gini"</c>).</summary>
    Gini,
    /// <summary>Shannon entropy −Σₖ pₖ log₂ pₖ (<c>"entropy"</c>, also <c>"log_loss"</c>).</summary>
    Entropy,
    /// <summary>Variance Σ w(y − ȳ)² / Σ w (<c>"squared_error"</c>).</summary>
    SquaredError,
    /// <summary>
    /// Variance as impurity, but splits ranked by Friedman's improvement
    /// w_L·w_R·(ȳ_L − ȳ_R)² / (w_L + w_R) (<c>"friedman_mse"</c>, the gradient-boosting default).
    /// </summary>
    FriedmanMse,
}

/// <summary>Parsing of criterion names and of <c>max_features</c>.</summary>
internal static class TreeParams
{
    /// <summary>The classifiers' criteria (scikit-learn's <c>DecisionTreeClassifier</c> and <c>RandomForestClassifier</c>).</summary>
    public static readonly Criterion[] ClassificationCriteria = [Criterion.Gini, Criterion.Entropy, Criterion.LogLoss];

    /// <summary>The regressors' criteria implemented here (scikit-learn also has "absolute_error" and "poisson").</summary>
    public static readonly Criterion[] RegressionCriteria = [Criterion.SquaredError, Criterion.FriedmanMse];

    /// <summary>The builder's impurity for a public criterion (<see cref="Criterion.LogLoss"/> is <see cref="Criterion.Entropy"/>).</summary>
    public static SplitCriterion ToSplit(Criterion c) => c switch
    {
        Criterion.Gini => SplitCriterion.Gini,
        Criterion.Entropy or Criterion.LogLoss => SplitCriterion.Entropy,
        Criterion.SquaredError => SplitCriterion.SquaredError,
        Criterion.FriedmanMse => SplitCriterion.FriedmanMse,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "criterion: not a defined Criterion"),
    };

    /// <summary>The criterion for a sklearn name; null when the name is not allowed for this kind of tree.</summary>
    public static SplitCriterion? Parse(string? name, bool classification) => (name, classification) switch
    {
        ("gini", true) => SplitCriterion.Gini,
        ("entropy" or "log_loss", true) => SplitCriterion.Entropy,
        ("squared_error", false) => SplitCriterion.SquaredError,
        ("friedman_mse", false) => SplitCriterion.FriedmanMse,
        _ => null,
    };
}
