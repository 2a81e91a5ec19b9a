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

    /// <summary>True when <paramref name="v"/> is an allowed <c>max_features</c>: null, "sqrt", "log2", an int ≥ 1 or a double in (0, 1], or a <see cref="MaxFeatures"/> that is valid.</summary>
    public static bool ValidMaxFeatures(object? v) => v switch
    {
        null => true,
        MaxFeatures m => m.IsValid,
        string s => s is "sqrt" or "log2",
        int i => i >= 1,
        long l => l >= 1,
        double d => d > 0 && d <= 1,
        float f => f > 0 && f <= 1,
        _ => false,
    };

    /// <summary>
    /// The number of features drawn per split (sklearn's <c>max_features_</c>): all for null, max(1, ⌊√p⌋) for
    /// "sqrt", max(1, ⌊log₂ p⌋) for "log2", the int itself (capped at p), max(1, ⌊f·p⌋) for a fraction.
    /// </summary>
    public static int Resolve(object? v, int p) => v switch
    {
        null => p,
        MaxFeatures m => m.Resolve(p),
        "sqrt" => Math.Max(1, (int)Math.Sqrt(p)),
        "log2" => Math.Max(1, (int)Math.Log2(p)),
        int i => Math.Min(i, p),
        long l => (int)Math.Min(l, p),
        double d => Math.Max(1, (int)(d * p)),
        float f => Math.Max(1, (int)((double)f * p)),
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, "max_features: expected null, \"sqrt\", \"log2\", an int or a fraction"),
    };

    /// <summary>The typed form of <see cref="Resolve(object?, int)"/>: all <paramref name="p"/> features for null.</summary>
    public static int Resolve(MaxFeatures? v, int p) => v?.Resolve(p) ?? p;

    /// <summary>The text of allowed values used in error messages.</summary>
    public const string MaxFeaturesAllowed = "null, \"sqrt\", \"log2\", an int ≥ 1 or a double in (0, 1]";
}
