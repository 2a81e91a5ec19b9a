namespace Glassbox.ML.Metrics;

/// <summary>Per-class results of <see cref="Classification.PrecisionRecallFScoreSupport"/>: index c refers to <c>Labels[c]</c>.</summary>
/// <param name="Labels">The sorted label set.</param>
/// <param name="Precision">tp / (tp + fp) per class.</param>
/// <param name="Recall">tp / (tp + fn) per class.</param>
/// <param name="FScore">F-β per class.</param>
/// <param name="Support">Number of true samples per class.</param>
public sealed record PrecisionRecallF(long[] Labels, double[] Precision, double[] Recall, double[] FScore, long[] Support);
