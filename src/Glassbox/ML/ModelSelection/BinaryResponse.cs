namespace Glassbox.ML.ModelSelection;

/// <summary>
/// The one-score-per-row view of a binary classifier that the threshold classifiers cut (scikit-learn's
/// <c>_get_response_values_binary</c>): the probability of the positive class, or the decision value oriented so that
/// larger means "more positive" (negated when the positive class is the first one).
/// </summary>
internal static class BinaryResponse
{
    /// <summary>The estimator whose capabilities decide (a pipeline's final step).</summary>
    public static IEstimator Capable(IEstimator e) => e is Pipeline p ? p.FinalEstimator : e;

    /// <summary>True when <paramref name="e"/> can give the scores <paramref name="method"/> asks for (null: either).</summary>
    public static bool Supports(IEstimator e, ResponseMethod? method) => method switch
    {
        null => Capable(e) is IProbabilisticClassifier or IDecisionFunction,
        ResponseMethod.PredictProba => Capable(e) is IProbabilisticClassifier,
        ResponseMethod.DecisionFunction => Capable(e) is IDecisionFunction,
        _ => false,
    };

    /// <summary>sklearn's <c>response_method="auto"</c>: probabilities when the estimator has them, else the decision function.</summary>
    public static ResponseMethod Resolve(IEstimator e, ResponseMethod? method) =>
        method ?? (Capable(e) is IProbabilisticClassifier ? ResponseMethod.PredictProba : ResponseMethod.DecisionFunction);

    /// <summary>Scores [n] of a fitted binary classifier; <paramref name="positive"/> is the index (0 or 1) of the
    /// positive class among its classes.</summary>
    public static double[] Scores(IEstimator fitted, Tensor x, ResponseMethod method, int positive)
    {
        int n = x.Shape[0];
        if (method == ResponseMethod.PredictProba)
        {
            var p = Input.Raw(((IProbabilisticClassifier)fitted).PredictProba(x));
            if (p.Length != 2 * n)
                throw new InvalidOperationException($"{fitted.GetType().Name}.PredictProba gave {p.Length} values for {n} rows of a binary problem");
            var s = new double[n];
            for (int i = 0; i < n; i++) s[i] = p[i * 2 + positive];
            return s;
        }
        var d = Input.Raw(((IDecisionFunction)fitted).DecisionFunction(x));
        if (d.Length != n)
            throw new InvalidOperationException($"{fitted.GetType().Name}.DecisionFunction gave {d.Length} values for {n} rows of a binary problem");
        return positive == 1 ? (double[])d.Clone() : d.Select(v => -v).ToArray();
    }

    /// <summary>The positive class where score ≥ <paramref name="threshold"/>, else the other one.</summary>
    public static Tensor Labels(double[] scores, double threshold, long[] classes, int positive)
    {
        var r = new long[scores.Length];
        for (int i = 0; i < r.Length; i++) r[i] = classes[scores[i] >= threshold ? positive : 1 - positive];
        return Tensor.FromArray(r, [r.Length]);
    }

    /// <summary>Index of <paramref name="posLabel"/> among the two sorted classes (null: the second, sklearn's default);
    /// throws naming <paramref name="estimator"/> when it is not one of them.</summary>
    public static int PositiveIndex(long[] classes, long? posLabel, string estimator)
    {
        if (posLabel is not long p) return 1;
        int j = Array.IndexOf(classes, p);
        if (j < 0) throw new ArgumentException($"{estimator}.Fit: PosLabel {p} is not one of the classes [{string.Join(", ", classes)}]");
        return j;
    }

    /// <summary>The fitted estimator's classes must be the meta-estimator's (a fold can only lose a class by a bug).</summary>
    public static void CheckClasses(IEstimator fitted, long[] classes, string estimator)
    {
        if (fitted is not IClassifier c || !c.Classes.ToArray<long>().SequenceEqual(classes))
            throw new InvalidOperationException($"{estimator}: {fitted.GetType().Name} fitted on its rows reports other classes than [{string.Join(", ", classes)}]");
    }
}
