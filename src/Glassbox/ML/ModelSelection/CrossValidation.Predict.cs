namespace Glassbox.ML.ModelSelection;

public static partial class CrossValidation
{
    /// <summary>
    /// Out-of-fold predictions (<c>cross_val_predict</c>): for each fold, a fresh clone fitted on the training rows
    /// predicts the test rows, and each row's prediction comes from the one fold that held it out. The folds must
    /// partition the rows (every row tested exactly once), as sklearn requires.
    /// </summary>
    /// <remarks>
    /// This is what stacking and calibration train their second stage on: the prediction a row gets from a model that
    /// never saw it, so the second stage learns how the first behaves on new data. It is not a score of the model —
    /// averaging per-row errors of different models is a different quantity from any one model's error.
    /// With <see cref="ResponseMethod.PredictProba"/>, a fold whose training rows lack a class gets probability 0 in
    /// that class's column (columns always follow the full data's sorted classes, as sklearn arranges them).
    /// </remarks>
    /// <param name="estimator">The model; never modified.</param>
    /// <param name="x">Samples [n, p].</param>
    /// <param name="y">Targets [n].</param>
    /// <param name="cv">The splitter; null for <see cref="CheckCv"/> with 5 folds.</param>
    /// <param name="method">The output: labels/values [n], probabilities [n, K], or decision scores ([n] for two
    /// classes, [n, K] otherwise).</param>
    /// <returns>float64 predictions for every row in the original order; int64 labels for a classifier's
    /// <see cref="ResponseMethod.Predict"/>.</returns>
    public static Tensor CrossValPredict(IEstimator estimator, Tensor x, Tensor? y, ICrossValidator? cv = null, ResponseMethod method = ResponseMethod.Predict)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Shape[0];
        cv ??= CheckCv(estimator);
        var folds = cv.Split(n, y).ToArray();
        var seen = new int[n];
        foreach (var (_, test) in folds) foreach (int i in test) seen[i]++;
        for (int i = 0; i < n; i++)
            if (seen[i] != 1) throw new ArgumentException($"CrossValPredict: the splitter must test every row exactly once (a partition); row {i} is tested {seen[i]} times");
        long[]? classes = null;
        if (method != ResponseMethod.Predict)
        {
            if (y is null) throw new ArgumentException($"CrossValPredict: method {method} needs class labels y");
            classes = Input.Labels(y, n, "CrossValPredict").Distinct().Order().ToArray();
        }
        double[]? values = null;
        long[]? labels = null;
        int width = 1;
        bool vector = true;
        foreach (var (train, test) in folds)
        {
            var e = estimator.Clone().Fit(Splits.Rows(x, train), y is null ? null : Splits.Rows(y, train));
            var xt = Splits.Rows(x, test);
            switch (method)
            {
                case ResponseMethod.Predict:
                {
                    var p = ((IPredictor)e).Predict(xt);
                    if (p.DType == DType.Int64)
                    {
                        labels ??= new long[n];
                        var a = p.ToArray<long>();
                        for (int k = 0; k < test.Length; k++) labels[test[k]] = a[k];
                    }
                    else
                    {
                        values ??= new double[n];
                        var a = Input.Raw(p);
                        for (int k = 0; k < test.Length; k++) values[test[k]] = a[k];
                    }
                    break;
                }
                case ResponseMethod.PredictProba:
                {
                    var c = e as IProbabilisticClassifier ?? throw new NotSupportedException($"CrossValPredict: {e.GetType().Name} has no PredictProba");
                    var cols = ColumnsOf(c.Classes.ToArray<long>(), classes!, e);
                    width = classes!.Length; vector = false;
                    values ??= new double[n * width];
                    var a = Input.Raw(c.PredictProba(xt));
                    for (int k = 0; k < test.Length; k++)
                        for (int j = 0; j < cols.Length; j++) values[test[k] * width + cols[j]] = a[k * cols.Length + j];
                    break;
                }
                default:
                {
                    var c = e as IDecisionFunction ?? throw new NotSupportedException($"CrossValPredict: {e.GetType().Name} has no DecisionFunction");
                    if (!c.Classes.ToArray<long>().SequenceEqual(classes!))
                        throw new ArgumentException($"CrossValPredict: a training fold of {e.GetType().Name} lacks some of the classes [{string.Join(", ", classes!)}]; decision scores of different class sets cannot be stacked (use stratified folds)");
                    var d = c.DecisionFunction(xt);
                    vector = d.NDim == 1;
                    width = vector ? 1 : d.Shape[1];
                    values ??= new double[n * width];
                    var a = Input.Raw(d);
                    for (int k = 0; k < test.Length; k++)
                        for (int j = 0; j < width; j++) values[test[k] * width + j] = a[k * width + j];
                    break;
                }
            }
        }
        if (labels is not null) return Tensor.FromArray(labels, [n]);
        return vector ? Input.Vector(values!) : Input.Matrix(values!, n, width);
    }

    /// <summary>The column of each of a fold model's classes among all classes.</summary>
    private static int[] ColumnsOf(long[] foldClasses, long[] classes, IEstimator e) =>
        foldClasses.Select(c =>
        {
            int j = Array.BinarySearch(classes, c);
            return j >= 0 ? j : throw new InvalidOperationException($"CrossValPredict: {e.GetType().Name} predicts class {c}, which y does not hold");
        }).ToArray();
}
