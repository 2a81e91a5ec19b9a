namespace Glassbox.Testing.Parity;

/// <summary>One comparison against scikit-learn: the largest absolute difference of one quantity.</summary>
/// <param name="Estimator">What was compared, e.g. "Lasso (diabetes, fit_intercept=True)".</param>
/// <param name="Quantity">Which output, e.g. "coef".</param>
/// <param name="MaxAbsDiff">max |Glassbox − sklearn| over the entries (0 for exact matches of labels/indices).</param>
/// <param name="Tolerance">The bound it must stay within.</param>
/// <param name="Passed">MaxAbsDiff ≤ Tolerance (and shapes agree).</param>
public sealed record ParityRow(string Estimator, string Quantity, double MaxAbsDiff, double Tolerance, bool Passed);
