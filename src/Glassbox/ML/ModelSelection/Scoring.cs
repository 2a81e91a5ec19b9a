using Glassbox.ML.Metrics;

namespace Glassbox.ML.ModelSelection;

/// <summary>A score of a fitted estimator on (X, y); larger is better (sklearn's scorer convention).</summary>
public delegate double Scorer(IEstimator estimator, Tensor x, Tensor y);

/// <summary>Named scorers (<c>sklearn.metrics.get_scorer</c>).</summary>
public static class Scoring
{
    /// <summary>The estimator's own <c>Score</c> (accuracy or R²), used when no scoring is given.</summary>
    public static double Default(IEstimator e, Tensor x, Tensor y) =>
        e is IPredictor p ? p.Score(x, y) : throw new ArgumentException($"{e.GetType().Name} has no Score; pass a scoring");

    /// <summary>
    /// "accuracy", "r2", "neg_mean_squared_error", "neg_mean_absolute_error", "f1", "f1_macro", "f1_micro",
    /// "f1_weighted", "precision", "recall", "roc_auc", "neg_log_loss".
    /// </summary>
    public static Scorer Get(string name) => name switch
    {
        "accuracy" => (e, x, y) => Classification.AccuracyScore(y, Predict(e, x)),
        "r2" => (e, x, y) => Regression.R2Score(y, Predict(e, x)),
        "neg_mean_squared_error" => (e, x, y) => -Regression.MeanSquaredError(y, Predict(e, x)),
        "neg_mean_absolute_error" => (e, x, y) => -Regression.MeanAbsoluteError(y, Predict(e, x)),
        "f1" => (e, x, y) => Classification.F1Score(y, Predict(e, x)),
        "f1_macro" => (e, x, y) => Classification.F1Score(y, Predict(e, x), "macro"),
        "f1_micro" => (e, x, y) => Classification.F1Score(y, Predict(e, x), "micro"),
        "f1_weighted" => (e, x, y) => Classification.F1Score(y, Predict(e, x), "weighted"),
        "precision" => (e, x, y) => Classification.PrecisionScore(y, Predict(e, x)),
        "recall" => (e, x, y) => Classification.RecallScore(y, Predict(e, x)),
        "roc_auc" => (e, x, y) => Ranking.RocAucScore(y, PositiveScore(e, x)),
        "neg_log_loss" => (e, x, y) => -Classification.LogLoss(y, Probabilities(e, x, name)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scoring name"),
    };

    private static Tensor Predict(IEstimator e, Tensor x) =>
        e is IPredictor p ? p.Predict(x) : throw new ArgumentException($"{e.GetType().Name} cannot predict");

    // A Pipeline implements every prediction interface and forwards to its last step, so what it can do is what
    // that step can do.
    private static bool Supports<T>(IEstimator e) => e is Pipeline p ? p.FinalEstimator is T : e is T;

    private static Tensor Probabilities(IEstimator e, Tensor x, string scorer) =>
        Supports<IProbabilisticClassifier>(e) ? ((IProbabilisticClassifier)e).PredictProba(x)
            : throw new ArgumentException($"scoring \"{scorer}\" needs class probabilities, and {Describe(e)} has no PredictProba");

    private static Tensor PositiveScore(IEstimator e, Tensor x)
    {
        if (Supports<IDecisionFunction>(e)) return ((IDecisionFunction)e).DecisionFunction(x);
        if (Supports<IProbabilisticClassifier>(e)) return ((IProbabilisticClassifier)e).PredictProba(x).Select(1, 1);
        throw new ArgumentException($"scoring \"roc_auc\" needs a decision function or class probabilities, and {Describe(e)} has neither");
    }

    private static string Describe(IEstimator e) => e is Pipeline p ? $"the pipeline's final step {p.FinalEstimator.GetType().Name}" : e.GetType().Name;
}
