using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;

namespace Glassbox.Tuning;

/// <summary>
/// The search spaces of <c>glassbox tune ESTIMATOR</c>, all declared here: for each estimator family, a function that
/// asks a <see cref="Trial"/> for the hyperparameters that matter most and builds the estimator (as one would write an
/// Optuna objective around scikit-learn). Ranges are the usual ones of the scikit-learn user guide and tuning
/// practice: strengths and rates on log scales, counts of trees/iterations/leaves on log scales.
/// </summary>
/// <remarks>
/// SVC, SVR and LogisticRegression are fitted behind a <see cref="StandardScaler"/> (their penalties and the RBF
/// kernel assume features on one scale); trees need none. Seeded estimators take the study's seed, so a trial's score
/// depends on its parameters only.
/// </remarks>
public static class EstimatorSearchSpace
{
    /// <summary>One family: its name as typed, whether it classifies, a line describing the space, and the builder.</summary>
    /// <param name="Name">The scikit-learn class name.</param>
    /// <param name="IsClassifier">Classifiers are scored by accuracy, regressors by R².</param>
    /// <param name="Description">The space in one line (for <c>--help</c> and the docs).</param>
    /// <param name="Build">Suggests the parameters on the trial and returns the unfitted estimator; the second argument is the seed.</param>
    public sealed record Family(string Name, bool IsClassifier, string Description, Func<Trial, long, IEstimator> Build);

    /// <summary>Every family, by name.</summary>
    public static IReadOnlyList<Family> All { get; } =
    [
        new("RandomForestClassifier", true, "n_estimators 10–300 (log), max_depth 2–20, min_samples_leaf 1–10, max_features sqrt|log2",
            (t, seed) => new RandomForestClassifier(nEstimators: t.SuggestInt("n_estimators", 10, 300, log: true), maxDepth: t.SuggestInt("max_depth", 2, 20),
                minSamplesLeaf: t.SuggestInt("min_samples_leaf", 1, 10),
                maxFeatures: t.SuggestCategorical("max_features", ["sqrt", "log2"]) == "sqrt" ? ML.Options.MaxFeatures.Sqrt : ML.Options.MaxFeatures.Log2, randomState: seed)),
        new("RandomForestRegressor", false, "n_estimators 10–300 (log), max_depth 2–20, min_samples_leaf 1–10",
            (t, seed) => new RandomForestRegressor(nEstimators: t.SuggestInt("n_estimators", 10, 300, log: true), maxDepth: t.SuggestInt("max_depth", 2, 20),
                minSamplesLeaf: t.SuggestInt("min_samples_leaf", 1, 10), randomState: seed)),
        new("HistGradientBoostingClassifier", true, "learning_rate 0.01–0.3 (log), max_iter 20–300 (log), max_leaf_nodes 4–64 (log), min_samples_leaf 2–50 (log), l2_regularization 1e-6–10 (log)",
            (t, seed) => new HistGradientBoostingClassifier(learningRate: t.SuggestFloat("learning_rate", 0.01, 0.3, log: true), maxIter: t.SuggestInt("max_iter", 20, 300, log: true),
                maxLeafNodes: t.SuggestInt("max_leaf_nodes", 4, 64, log: true), minSamplesLeaf: t.SuggestInt("min_samples_leaf", 2, 50, log: true),
                l2Regularization: t.SuggestFloat("l2_regularization", 1e-6, 10, log: true), randomState: seed, earlyStopping: false)),
        new("HistGradientBoostingRegressor", false, "learning_rate 0.01–0.3 (log), max_iter 20–300 (log), max_leaf_nodes 4–64 (log), min_samples_leaf 2–50 (log), l2_regularization 1e-6–10 (log)",
            (t, seed) => new HistGradientBoostingRegressor(learningRate: t.SuggestFloat("learning_rate", 0.01, 0.3, log: true), maxIter: t.SuggestInt("max_iter", 20, 300, log: true),
                maxLeafNodes: t.SuggestInt("max_leaf_nodes", 4, 64, log: true), minSamplesLeaf: t.SuggestInt("min_samples_leaf", 2, 50, log: true),
                l2Regularization: t.SuggestFloat("l2_regularization", 1e-6, 10, log: true), randomState: seed, earlyStopping: false)),
        new("LogisticRegression", true, "C 1e-4–1e3 (log), after StandardScaler",
            (t, _) => new Pipeline(("scale", new StandardScaler()), ("clf", new LogisticRegression(c: t.SuggestFloat("C", 1e-4, 1e3, log: true), maxIter: 500)))),
        new("SVC", true, "C 1e-2–1e3 (log), gamma 1e-4–1 (log), RBF kernel, after StandardScaler",
            (t, _) => new Pipeline(("scale", new StandardScaler()), ("svc", new SVC(c: t.SuggestFloat("C", 1e-2, 1e3, log: true), gamma: Gamma.Of(t.SuggestFloat("gamma", 1e-4, 1, log: true)))))),
        new("SVR", false, "C 1e-2–1e3 (log), gamma 1e-4–1 (log), epsilon 1e-3–1 (log), RBF kernel, after StandardScaler",
            (t, _) => new Pipeline(("scale", new StandardScaler()), ("svr", new SVR(c: t.SuggestFloat("C", 1e-2, 1e3, log: true), gamma: Gamma.Of(t.SuggestFloat("gamma", 1e-4, 1, log: true)),
                epsilon: t.SuggestFloat("epsilon", 1e-3, 1, log: true))))),
        new("Ridge", false, "alpha 1e-4–1e4 (log)",
            (t, _) => new Ridge(alpha: t.SuggestFloat("alpha", 1e-4, 1e4, log: true))),
    ];

    /// <summary>
    /// The objective <c>glassbox tune</c> maximises: the mean test-fold score (accuracy for classifiers, R² for
    /// regressors) of a k-fold cross-validation with shuffled folds — stratified for classifiers — drawn once from
    /// <paramref name="seed"/>, so every trial is judged on the same folds. After fold f the running mean is
    /// reported as step f, so a pruner can stop a poor configuration before its last folds are fitted.
    /// </summary>
    /// <param name="family">The estimator family and its space.</param>
    /// <param name="x">Features [n, d].</param>
    /// <param name="y">Targets [n] (class labels or real values).</param>
    /// <param name="folds">k ≥ 2.</param>
    /// <param name="seed">Seeds the folds and the seeded estimators.</param>
    public static Func<Trial, double> CrossValidatedObjective(Family family, Tensor x, Tensor y, int folds = 5, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ulong s = (ulong)Math.Max(seed, 0);
        ICrossValidator cv = family.IsClassifier ? new StratifiedKFold(folds, shuffle: true, seed: s) : new KFold(folds, shuffle: true, seed: s);
        var parts = cv.Split(x.Shape[0], y).Select(p => (XTrain: Splits.Rows(x, p.Train), YTrain: Splits.Rows(y, p.Train), XTest: Splits.Rows(x, p.Test), YTest: Splits.Rows(y, p.Test))).ToArray();
        return trial =>
        {
            var estimator = family.Build(trial, seed);
            double sum = 0;
            for (int f = 0; f < parts.Length; f++)
            {
                var fitted = estimator.Clone().Fit(parts[f].XTrain, parts[f].YTrain);
                sum += Scorers.Default(fitted, parts[f].XTest, parts[f].YTest);
                trial.Report(f, sum / (f + 1));
                if (f < parts.Length - 1 && trial.ShouldPrune()) throw new TrialPrunedException($"pruned after fold {f + 1} of {parts.Length}");
            }
            return sum / parts.Length;
        };
    }

    /// <summary>The family called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static Family? Find(string name) => All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
