using Glassbox.ML.Replay;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// Cross-validation utilities (<c>sklearn.model_selection</c>: train_test_split, cross_val_score, learning_curve,
/// validation_curve). Every fit is on a fresh <see cref="IEstimator.Clone"/>, so the estimator passed in is never modified.
/// </summary>
public static partial class CrossValidation
{
    /// <summary>
    /// The default splitter for an integer cv, as sklearn's <c>check_cv</c>: stratified k folds for classifiers,
    /// plain k folds otherwise.
    /// </summary>
    public static ICrossValidator CheckCv(IEstimator estimator, int folds = 5) =>
        (estimator is Pipeline p ? p.FinalEstimator is IClassifier : estimator is IClassifier) ? new StratifiedKFold(folds) : new KFold(folds);

    /// <summary>
    /// Random train/test partition of rows (<c>train_test_split(..., test_size, random_state=seed, stratify)</c>): test
    /// gets ⌈testSize·n⌉ rows. The draws replay NumPy's MT19937 stream as sklearn 1.2 makes them
    /// (<see cref="SklearnTrainTestSplit"/>: <c>ShuffleSplit</c>, or <c>StratifiedShuffleSplit</c> with
    /// <paramref name="stratify"/>), so the same seed selects the same rows, in the same order, as sklearn.
    /// </summary>
    /// <param name="x">Samples [n, …].</param>
    /// <param name="y">Optional targets [n], split alongside.</param>
    /// <param name="testSize">Share of rows in the test part, in (0, 1) (<c>test_size</c>).</param>
    /// <param name="seed">NumPy seed, 0 ≤ seed &lt; 2³² (<c>random_state</c>).</param>
    /// <param name="stratify">Class labels [n] whose proportions both parts keep (<c>stratify</c>).</param>
    public static (Tensor XTrain, Tensor XTest, Tensor? YTrain, Tensor? YTest) TrainTestSplit(Tensor x, Tensor? y = null,
        double testSize = 0.25, ulong seed = 0, Tensor? stratify = null)
    {
        int n = x.Shape[0];
        if (!(testSize > 0 && testSize < 1)) throw new ArgumentOutOfRangeException(nameof(testSize), testSize, "TrainTestSplit: testSize must be in (0, 1)");
        int[]? strata = null;
        if (stratify is not null) (_, strata) = Input.Encode(Input.Labels(stratify, n, "TrainTestSplit"));
        var (train, test) = SklearnTrainTestSplit.Split(n, testSize, strata, Splits.NumpySeed(seed, "TrainTestSplit"), "TrainTestSplit");
        return (Splits.Rows(x, train), Splits.Rows(x, test), y is null ? null : Splits.Rows(y, train), y is null ? null : Splits.Rows(y, test));
    }

    /// <summary>
    /// Test-fold scores of fresh clones fitted on each training fold (<c>cross_val_score</c>). With
    /// <paramref name="sampleWeight"/> each clone is fitted with the weights of its training rows — sklearn's
    /// <c>fit_params={"sample_weight": w}</c>, indexed per fold; the test-fold scores stay unweighted, as in sklearn 1.2.
    /// </summary>
    public static double[] CrossValScore(IEstimator estimator, Tensor x, Tensor? y, ICrossValidator? cv = null, Scorer? scoring = null, Tensor? groups = null,
        Tensor? sampleWeight = null)
    {
        cv ??= CheckCv(estimator);
        scoring ??= Scorers.Default;
        var folds = cv.Split(x.Shape[0], y, groups).ToArray();
        var scores = new double[folds.Length];
        for (int f = 0; f < folds.Length; f++)
        {
            var (train, test) = folds[f];
            var e = estimator.Clone().Fit(Splits.Rows(x, train), y is null ? null : Splits.Rows(y, train),
                sampleWeight is null ? null : Splits.Rows(sampleWeight, train));
            scores[f] = scoring(e, Splits.Rows(x, test), y is null ? Tensor.Zeros([test.Length], DType.Float64) : Splits.Rows(y, test));
        }
        return scores;
    }

    /// <summary>
    /// Scores for growing training sets (<c>learning_curve</c>): for each fold and each size s (a fraction of the
    /// training fold when ≤ 1, else a count), fit on the first s rows of the training fold; score on them and on the test fold.
    /// </summary>
    public static (int[] TrainSizes, double[,] TrainScores, double[,] TestScores) LearningCurve(IEstimator estimator, Tensor x, Tensor y,
        double[]? trainSizes = null, ICrossValidator? cv = null, Scorer? scoring = null)
    {
        cv ??= CheckCv(estimator);
        scoring ??= Scorers.Default;
        trainSizes ??= [0.1, 0.325, 0.55, 0.775, 1.0];
        var folds = cv.Split(x.Shape[0], y).ToArray();
        int maxTrain = folds[0].Train.Length;
        var sizes = trainSizes.Select(s => s <= 1 ? Math.Max(1, (int)(s * maxTrain)) : (int)s).Distinct().ToArray();
        var tr = new double[sizes.Length, folds.Length]; var te = new double[sizes.Length, folds.Length];
        for (int f = 0; f < folds.Length; f++)
            for (int s = 0; s < sizes.Length; s++)
            {
                var rows = folds[f].Train[..Math.Min(sizes[s], folds[f].Train.Length)];
                var (xs, ys) = (Splits.Rows(x, rows), Splits.Rows(y, rows));
                var e = estimator.Clone().Fit(xs, ys);
                tr[s, f] = scoring(e, xs, ys);
                te[s, f] = scoring(e, Splits.Rows(x, folds[f].Test), Splits.Rows(y, folds[f].Test));
            }
        return (sizes, tr, te);
    }

    /// <summary>Train and test scores [n_values, n_folds] as one hyperparameter varies (<c>validation_curve</c>).</summary>
    public static (double[,] TrainScores, double[,] TestScores) ValidationCurve(IEstimator estimator, Tensor x, Tensor y,
        string paramName, object?[] paramRange, ICrossValidator? cv = null, Scorer? scoring = null)
    {
        cv ??= CheckCv(estimator);
        scoring ??= Scorers.Default;
        var folds = cv.Split(x.Shape[0], y).ToArray();
        var tr = new double[paramRange.Length, folds.Length]; var te = new double[paramRange.Length, folds.Length];
        for (int v = 0; v < paramRange.Length; v++)
            for (int f = 0; f < folds.Length; f++)
            {
                var (xs, ys) = (Splits.Rows(x, folds[f].Train), Splits.Rows(y, folds[f].Train));
                var e = estimator.Clone(new Dictionary<string, object?> { [paramName] = paramRange[v] }).Fit(xs, ys);
                tr[v, f] = scoring(e, xs, ys);
                te[v, f] = scoring(e, Splits.Rows(x, folds[f].Test), Splits.Rows(y, folds[f].Test));
            }
        return (tr, te);
    }
}
