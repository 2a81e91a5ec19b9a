using System.Globalization;

namespace Glassbox.ML;

/// <summary>
/// sklearn's <c>class_weight</c> (<c>compute_class_weight</c>): a weight per class that multiplies each sample's
/// contribution to the loss — every ℓᵢ in logistic regression, C in the SVM dual's box for that class's samples, each
/// sample's weight in a tree's impurity sums.
/// </summary>
/// <remarks>
/// null: all 1. <c>"balanced"</c>: w_c = n_samples / (n_classes · n_c), so every class carries the same total weight —
/// a rare class is not drowned by a common one. A dictionary {label: weight}: the given weights, 1 for labels it does not
/// name; naming a label absent from y is an error (as in sklearn, a typo would otherwise pass silently).
/// </remarks>
public static class ClassWeights
{
    /// <summary>True for null, a keyword (<see cref="Options.ClassWeight.BalancedSubsample"/> only where
    /// <paramref name="allowSubsample"/>), or explicit weights that are all finite and positive.</summary>
    public static bool IsValid(Options.ClassWeight? classWeight, bool allowSubsample = false) =>
        classWeight is null || (classWeight.IsValid && (allowSubsample || !ReferenceEquals(classWeight, Options.ClassWeight.BalancedSubsample)));

    /// <summary>
    /// Weight per class index (classes sorted as <paramref name="classes"/>) for the encoded labels
    /// <paramref name="y"/>, or null when <paramref name="classWeight"/> is null. Counts may be weighted
    /// (<paramref name="sampleCounts"/>: e.g. a bootstrap's draw counts, for "balanced_subsample").
    /// </summary>
    public static double[]? Compute(Options.ClassWeight? classWeight, long[] classes, int[] y, string estimator, double[]? sampleCounts = null) =>
        Compute(classWeight is null ? null : (object?)classWeight.Keyword ?? classWeight.Weights, classes, y, estimator, sampleCounts);

    /// <summary>The allowed-values text for error messages.</summary>
    public const string Allowed = "null, \"balanced\" or a dictionary {label: weight > 0}";

    // the rule itself, on the keyword string or the dictionary the option holds
    private static double[]? Compute(object? classWeight, long[] classes, int[] y, string estimator, double[]? sampleCounts = null)
    {
        if (classWeight is null) return null;
        int k = classes.Length;
        var w = new double[k];
        if (classWeight is string)
        {
            var count = new double[k];
            double total = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double c = sampleCounts is null ? 1 : sampleCounts[i];
                count[y[i]] += c;
                total += c;
            }
            for (int c = 0; c < k; c++) w[c] = count[c] > 0 ? total / (k * count[c]) : 1.0;
            return w;
        }
        var dict = (IReadOnlyDictionary<long, double>)classWeight;
        var unknown = dict.Keys.Where(l => Array.IndexOf(classes, l) < 0).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"{estimator}.Fit: ClassWeight names labels not in y: {string.Join(", ", unknown.Select(l => l.ToString(CultureInfo.InvariantCulture)))}");
        for (int c = 0; c < k; c++) w[c] = dict.TryGetValue(classes[c], out var v) ? v : 1.0;
        return w;
    }

    /// <summary>Per-sample weights w[y[i]] (null stays null).</summary>
    public static double[]? PerSample(double[]? perClass, int[] y) =>
        perClass is null ? null : Array.ConvertAll(y, c => perClass[c]);
}
