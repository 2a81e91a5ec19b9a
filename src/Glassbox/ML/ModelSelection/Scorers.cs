using Glassbox.ML.Metrics;
using Glassbox.ML.Options;

namespace Glassbox.ML.ModelSelection;

/// <summary>A score of a fitted estimator on (X, y); larger is better (sklearn's scorer convention).</summary>
public delegate double Scorer(IEstimator estimator, Tensor x, Tensor y);

/// <summary>The scorer delegates of the built-in <see cref="Scoring"/> names (<c>sklearn.metrics.get_scorer</c>).</summary>
public static class Scorers
{
    /// <summary>The estimator's own <c>Score</c> (accuracy or R²), used when no scoring is given.</summary>
    public static double Default(IEstimator e, Tensor x, Tensor y) =>
        e is IPredictor p ? p.Score(x, y) : throw new ArgumentException($"{e.GetType().Name} has no Score; pass a scoring");

    /// <summary>The scorer named <paramref name="scoring"/>.</summary>
    public static Scorer Get(Scoring scoring) => scoring switch
    {
        Scoring.Accuracy => (e, x, y) => Classification.AccuracyScore(y, Predict(e, x)),
        Scoring.R2 => (e, x, y) => Regression.R2Score(y, Predict(e, x)),
        Scoring.NegMeanSquaredError => (e, x, y) => -Regression.MeanSquaredError(y, Predict(e, x)),
        Scoring.NegMeanAbsoluteError => (e, x, y) => -Regression.MeanAbsoluteError(y, Predict(e, x)),
        Scoring.F1 => (e, x, y) => Classification.F1Score(y, Predict(e, x)),
        Scoring.F1Macro => (e, x, y) => Classification.F1Score(y, Predict(e, x), Average.Macro),
        Scoring.F1Micro => (e, x, y) => Classification.F1Score(y, Predict(e, x), Average.Micro),
        Scoring.F1Weighted => (e, x, y) => Classification.F1Score(y, Predict(e, x), Average.Weighted),
        Scoring.Precision => (e, x, y) => Classification.PrecisionScore(y, Predict(e, x)),
        Scoring.Recall => (e, x, y) => Classification.RecallScore(y, Predict(e, x)),
        Scoring.RocAuc => (e, x, y) => Ranking.RocAucScore(y, PositiveScore(e, x)),
        Scoring.NegLogLoss => (e, x, y) => -Classification.LogLoss(y, Probabilities(e, x)),
        _ => throw new ArgumentOutOfRangeException(nameof(scoring), scoring, $"unknown scoring; expected one of {SklearnNames.Allowed(typeof(Scoring))}"),
    };

    /// <summary>The scorer scikit-learn names <paramref name="name"/> ("accuracy", "neg_mean_squared_error", …);
    /// <see cref="ArgumentOutOfRangeException"/> listing the names for any other string.</summary>
    public static Scorer Get(string name) =>
        SklearnNames.TryParse(typeof(Scoring), name, out var s) ? Get((Scoring)s)
            : throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown scoring name; expected one of {SklearnNames.Allowed(typeof(Scoring))}");

    private static Tensor Predict(IEstimator e, Tensor x) =>
        e is IPredictor p ? p.Predict(x) : throw new ArgumentException($"{e.GetType().Name} cannot predict");

    // A Pipeline implements every prediction interface and forwards to its last step, so what it can do is what
    // that step can do.
    private static bool Supports<T>(IEstimator e) => e is Pipeline p ? p.FinalEstimator is T : e is T;

    private static Tensor Probabilities(IEstimator e, Tensor x) =>
        Supports<IProbabilisticClassifier>(e) ? ((IProbabilisticClassifier)e).PredictProba(x)
            : throw new ArgumentException($"scoring \"neg_log_loss\" needs class probabilities, and {Describe(e)} has no PredictProba");

    private static Tensor PositiveScore(IEstimator e, Tensor x)
    {
        if (Supports<IDecisionFunction>(e)) return ((IDecisionFunction)e).DecisionFunction(x);
        if (Supports<IProbabilisticClassifier>(e)) return ((IProbabilisticClassifier)e).PredictProba(x).Select(1, 1);
        throw new ArgumentException($"scoring \"roc_auc\" needs a decision function or class probabilities, and {Describe(e)} has neither");
    }

    private static string Describe(IEstimator e) => e is Pipeline p ? $"the pipeline's final step {p.FinalEstimator.GetType().Name}" : e.GetType().Name;
}
