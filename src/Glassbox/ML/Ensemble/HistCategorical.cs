using System.Globalization;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The <c>categorical_features</c> hyperparameter of the histogram gradient-boosting estimators (sklearn 1.2's
/// <c>_check_categories</c>): which features are categorical, and their known categories.
/// </summary>
/// <remarks>
/// Which features are categorical is a <see cref="CategoricalFeatures"/> (indices or a mask; it resolves itself to a
/// mask once n_features is known). The values of a categorical column must be integers in [0, max_bins − 1], or NaN
/// (missing); there can be at most max_bins distinct ones. sklearn 1.2 checks only the count and the upper bound;
/// Glassbox also rejects negative and non-integer values at fit, which sklearn 1.2 silently mis-bins (its predictor
/// casts the value to an integer category).
/// </remarks>
internal static class HistCategorical
{
    /// <summary>
    /// Known categories (ascending, NaN left out) of each categorical feature of the row-major [n, p] matrix; null
    /// entries for the numeric features. Throws naming the feature and row of the first value that is not an integer
    /// in [0, max_bins − 1].
    /// </summary>
    public static double[]?[] KnownCategories(string est, double[] x, int n, int p, bool[] mask, int maxBins)
    {
        var cats = new double[]?[p];
        for (int f = 0; f < p; f++)
        {
            if (!mask[f]) continue;
            var seen = new bool[256];
            var bad = -1;
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                double v = x[i * p + f];
                if (double.IsNaN(v)) continue;
                if (!(v >= 0 && v < 256 && v == Math.Floor(v)))
                {
                    throw new ArgumentException($"{est}.Fit: categorical feature at index {f} has value {v.ToString("R", CultureInfo.InvariantCulture)} at row {i}; "
                        + $"categories must be integers in [0, max_bins − 1] = [0, {maxBins - 1}] (NaN for missing)");
                }
                int c = (int)v;
                if (!seen[c]) { seen[c] = true; count++; }
                if (c >= maxBins && bad < 0) bad = i;
            }
            // sklearn's order of checks: the number of categories, then their range
            if (count > maxBins)
                throw new ArgumentException($"{est}.Fit: categorical feature at index {f} is expected to have a cardinality ≤ max_bins = {maxBins}, got {count} categories");
            if (bad >= 0)
                throw new ArgumentException($"{est}.Fit: categorical feature at index {f} has value {x[bad * p + f].ToString("R", CultureInfo.InvariantCulture)} at row {bad}; "
                    + $"categories must be encoded with values < max_bins = {maxBins}");
            var list = new List<double>(count);
            for (int c = 0; c < 256; c++) if (seen[c]) list.Add(c);
            cats[f] = [.. list];
        }
        return cats;
    }
}
