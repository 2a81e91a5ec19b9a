namespace Glassbox.ML.Metrics;

/// <summary>How precision, recall and F-scores combine the per-class counts (scikit-learn's <c>average</c>).</summary>
public enum Average
{
    /// <summary>The score of the positive label alone; at most two labels.</summary>
    Binary,

    /// <summary>From the counts summed over classes (Σtp / Σ(tp + fp), …): for single-label data, precision = recall = accuracy.</summary>
    Micro,

    /// <summary>The unweighted mean of the per-class scores: every class counts alike however rare.</summary>
    Macro,

    /// <summary>The per-class scores weighted by each class's (weighted) number of true samples.</summary>
    Weighted,
}
