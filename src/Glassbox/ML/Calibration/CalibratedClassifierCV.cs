using Glassbox.ML.Isotonic;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.Options;
using Glassbox.ML.Svm;

namespace Glassbox.ML.Calibration;

/// <summary>
/// Probability calibration by cross-validation (<c>sklearn.calibration.CalibratedClassifierCV</c>, sklearn 1.2 with an
/// integer <c>cv</c>): a classifier's scores are mapped to probabilities by a sigmoid or an isotonic fit learned on
/// rows the classifier did not train on.
/// </summary>
/// <remarks>
/// <para>
/// <b>Scores.</b> From each classifier, its <see cref="IDecisionFunction.DecisionFunction"/> if it has one, else its
/// probabilities (sklearn's order). With two classes one score per row — the decision value, or the probability of the
/// second class — and one calibrator, fitted against "row is of the second class". With K ≥ 3 classes one score and one
/// calibrator per class, one-vs-rest.
/// </para>
/// <para>
/// <b>Folds.</b> Stratified k folds (unshuffled, sklearn's default). With <see cref="Ensemble"/> (the default), each
/// fold's training rows fit a clone of <see cref="Estimator"/>, whose held-out scores fit that clone's calibrators;
/// predictions average the k calibrated classifiers' probabilities. Without it, the calibrators are fitted on
/// out-of-fold scores of the whole training set (<see cref="CrossValidation.CrossValPredict"/>) and applied to one
/// classifier refitted on all rows — cheaper to predict, slightly less well calibrated.
/// </para>
/// <para>
/// <b>Probabilities.</b> Two classes: p₂ = calibrator(score), p₁ = 1 − p₂. K ≥ 3: pₖ = calibratorₖ(scoreₖ) / Σⱼ
/// calibratorⱼ(scoreⱼ), the uniform 1/K where every calibrator gives 0 (isotonic fits can). Values in (1, 1 + 1e-5]
/// become 1, as in sklearn. Predict is the class of the largest averaged probability.
/// </para>
/// <para>
/// Why calibrate: accuracy only needs the ranking of scores, but decisions with costs, thresholds and expected values
/// need probabilities that mean what they say — of the rows given 0.8, 80 % positive. Margin classifiers (SVMs) and
/// naive Bayes (whose independence assumption double-counts correlated evidence) are far from that; calibration keeps
/// their ranking and fixes the scale. Check with <see cref="CalibrationCurve"/>.
/// </para>
/// </remarks>
public sealed class CalibratedClassifierCV : ProbabilisticClassifier<CalibratedClassifierCV>
{
    private IEstimator[] classifiers = [];
    private double[][] sigmoidA = [], sigmoidB = [];
    private IsotonicRegression[][] isotonic = [];

    /// <summary>Creates the calibrator.</summary>
    /// <param name="estimator">The classifier to calibrate (<c>estimator</c>); null for sklearn's default
    /// <c>LinearSVC(random_state=0)</c>. Never fitted itself: clones are.</param>
    /// <param name="method">Sigmoid or isotonic (<c>method</c>).</param>
    /// <param name="cv">Number of stratified folds, ≥ 2 (<c>cv</c>).</param>
    /// <param name="ensemble">Average one calibrated classifier per fold (true, sklearn's default), or calibrate one
    /// refitted classifier on out-of-fold scores (<c>ensemble</c>).</param>
    public CalibratedClassifierCV(IEstimator? estimator = null, CalibrationMethod method = CalibrationMethod.Sigmoid, int cv = 5, bool ensemble = true)
    {
        Estimator = estimator; Method = method; Cv = cv; Ensemble = ensemble;
    }

    /// <summary>The classifier to calibrate (<c>estimator</c>).</summary>
    public IEstimator? Estimator { get; }
    /// <summary>Calibration map (<c>method</c>).</summary>
    public CalibrationMethod Method { get; }
    /// <summary>Number of folds (<c>cv</c>).</summary>
    public int Cv { get; }
    /// <summary>One calibrated classifier per fold (<c>ensemble</c>).</summary>
    public bool Ensemble { get; }

    /// <summary>The fitted classifiers, one per fold with <see cref="Ensemble"/>, else the one refitted on all rows
    /// (the classifiers of sklearn's <c>calibrated_classifiers_</c>).</summary>
    public IReadOnlyList<IEstimator> CalibratedClassifiers => Learned(classifiers, nameof(CalibratedClassifiers));

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Method), Is.Defined<CalibrationMethod>() },
        { nameof(Cv), Is.Int(2) },
    };

    /// <summary>The table, then an estimator that is a classifier with scores.</summary>
    protected override void CheckParams()
    {
        base.CheckParams();
        if (Estimator is not null && !(Capable(Estimator) is IDecisionFunction or IProbabilisticClassifier))
            OutOfRange(nameof(Estimator), Estimator.GetType().Name, "a classifier with DecisionFunction or PredictProba");
    }

    private static IEstimator Capable(IEstimator e) => e is Pipeline p ? p.FinalEstimator : e;

    private IEstimator Base => Estimator ?? new LinearSVC(randomState: 0);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        var yi = EncodeTargets(y, n);
        int k = ClassLabels.Length;
        var counts = new int[k];
        foreach (int c in yi) counts[c]++;
        if (counts.Min() < Cv)
            throw new ArgumentException($"CalibratedClassifierCV.Fit: requesting {Cv}-fold cross-validation but class {ClassLabels[Array.IndexOf(counts, counts.Min())]} has only {counts.Min()} samples");
        var labels = y!;
        var folds = new StratifiedKFold(Cv).Split(n, labels).ToArray();
        var fitted = new List<IEstimator>();
        var cals = new List<(double[] A, double[] B, IsotonicRegression[] Iso)>();
        if (Ensemble)
        {
            foreach (var (train, test) in folds)
            {
                var clf = Base.Clone().Fit(Splits.Rows(x, train), Splits.Rows(labels, train));
                CheckClasses(clf);
                var scores = Scores(clf, Splits.Rows(x, test), k);
                fitted.Add(clf);
                cals.Add(FitCalibrators(scores, test.Select(i => yi[i]).ToArray(), k));
            }
        }
        else
        {
            var probe = Capable(Base) is IDecisionFunction ? ResponseMethod.DecisionFunction : ResponseMethod.PredictProba;
            var oof = CrossValidation.CrossValPredict(Base, x, labels, new StratifiedKFold(Cv), probe);
            var scores = Input.Raw(oof);
            if (probe == ResponseMethod.PredictProba && k == 2) scores = Enumerable.Range(0, n).Select(i => scores[i * 2 + 1]).ToArray();
            var clf = Base.Clone().Fit(x, labels);
            CheckClasses(clf);
            fitted.Add(clf);
            cals.Add(FitCalibrators(scores, yi, k));
        }
        classifiers = [.. fitted];
        sigmoidA = cals.Select(c => c.A).ToArray();
        sigmoidB = cals.Select(c => c.B).ToArray();
        isotonic = cals.Select(c => c.Iso).ToArray();
    }

    private void CheckClasses(IEstimator clf)
    {
        if (!((IClassifier)clf).Classes.ToArray<long>().SequenceEqual(ClassLabels))
            throw new InvalidOperationException($"CalibratedClassifierCV: {clf.GetType().Name} fitted on a fold reports other classes than y holds");
    }

    /// <summary>Scores [n, m] row-major: m = 1 for two classes (decision value or p of the second class), else K.</summary>
    private static double[] Scores(IEstimator clf, Tensor x, int k)
    {
        if (Capable(clf) is IDecisionFunction)
        {
            var d = Input.Raw(((IDecisionFunction)clf).DecisionFunction(x));
            if (d.Length != x.Shape[0] * (k == 2 ? 1 : k))
                throw new InvalidOperationException($"CalibratedClassifierCV: {clf.GetType().Name}.DecisionFunction gave {d.Length} values for {x.Shape[0]} rows and {k} classes");
            return d;
        }
        var p = Input.Raw(((IProbabilisticClassifier)clf).PredictProba(x));
        return k == 2 ? Enumerable.Range(0, x.Shape[0]).Select(i => p[i * 2 + 1]).ToArray() : p;
    }

    private (double[] A, double[] B, IsotonicRegression[] Iso) FitCalibrators(double[] scores, int[] yi, int k)
    {
        int m = k == 2 ? 1 : k, n = yi.Length;
        var a = new double[m]; var b = new double[m];
        var iso = new IsotonicRegression[Method == CalibrationMethod.Isotonic ? m : 0];
        for (int c = 0; c < m; c++)
        {
            int cls = k == 2 ? 1 : c;
            var f = Enumerable.Range(0, n).Select(i => scores[i * m + c]).ToArray();
            var pos = yi.Select(v => v == cls).ToArray();
            if (Method == CalibrationMethod.Sigmoid) (a[c], b[c]) = SigmoidCalibration.Fit(f, pos);
            else
                iso[c] = new IsotonicRegression(outOfBounds: IsotonicOutOfBounds.Clip)
                    .Fit(Input.Matrix(f, n, 1), Input.Vector(pos.Select(v => v ? 1.0 : 0.0).ToArray()));
        }
        return (a, b, iso);
    }

    /// <inheritdoc/>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        int n = xm.Shape[0], k = ClassLabels.Length, m = k == 2 ? 1 : k;
        var mean = new double[n * k];
        for (int e = 0; e < classifiers.Length; e++)
        {
            var s = Scores(classifiers[e], xm, k);
            var p = new double[n * k];
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < m; c++)
                {
                    double f = s[i * m + c];
                    double v = Method == CalibrationMethod.Sigmoid ? SigmoidCalibration.Predict(f, sigmoidA[e][c], sigmoidB[e][c]) : isotonic[e][c].Interpolate(f);
                    p[i * k + (k == 2 ? 1 : c)] = v;
                }
                if (k == 2) p[i * 2] = 1 - p[i * 2 + 1];
                else
                {
                    double sum = 0;
                    for (int c = 0; c < k; c++) sum += p[i * k + c];
                    for (int c = 0; c < k; c++) p[i * k + c] = sum != 0 ? p[i * k + c] / sum : 1.0 / k;
                }
                for (int c = 0; c < k; c++) if (p[i * k + c] > 1 && p[i * k + c] <= 1 + 1e-5) p[i * k + c] = 1;
            }
            for (int j = 0; j < p.Length; j++) mean[j] += p[j];
        }
        for (int j = 0; j < mean.Length; j++) mean[j] /= classifiers.Length;
        return Input.Matrix(mean, n, k);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState s)
    {
        base.SaveState(s);
        s.Set("n_calibrated", classifiers.Length);
        for (int e = 0; e < classifiers.Length; e++)
        {
            s.Set($"classifier_{e}", classifiers[e]);
            if (Method == CalibrationMethod.Sigmoid)
            {
                s.Set($"sigmoid_a_{e}", Input.Vector(sigmoidA[e]));
                s.Set($"sigmoid_b_{e}", Input.Vector(sigmoidB[e]));
            }
            else for (int c = 0; c < isotonic[e].Length; c++) s.Set($"isotonic_{e}_{c}", isotonic[e][c]);
        }
    }

    /// <inheritdoc/>
    protected override int MinLoadedClasses => 2;

    /// <inheritdoc/>
    protected override void LoadState(ModelState s)
    {
        base.LoadState(s);
        int k = ClassLabels.Length, m = k == 2 ? 1 : k;
        int count = s.GetCount("n_calibrated");
        if (count != (Ensemble ? Cv : 1)) throw s.Invalid("n_calibrated", $"expected {(Ensemble ? Cv : 1)} calibrated classifiers (Cv = {Cv}, Ensemble = {Ensemble}), got {count}");
        var clfs = new IEstimator[count];
        var a = new double[count][]; var b = new double[count][];
        var iso = new IsotonicRegression[count][];
        for (int e = 0; e < count; e++)
        {
            clfs[e] = s.GetEstimator($"classifier_{e}");
            if (Capable(clfs[e]) is not (IDecisionFunction or IProbabilisticClassifier) || clfs[e] is not IClassifier c || !c.Classes.ToArray<long>().SequenceEqual(ClassLabels))
                throw s.Invalid($"classifier_{e}", $"expected a fitted classifier with scores over the classes [{string.Join(", ", ClassLabels)}]");
            if (clfs[e] is IJsonEstimator je && je.FeaturesIn != s.NFeaturesIn)
                throw s.Invalid($"classifier_{e}", $"expected {s.NFeaturesIn} input features, got {je.FeaturesIn}");
            if (Method == CalibrationMethod.Sigmoid)
            {
                a[e] = s.GetVector($"sigmoid_a_{e}", m, finite: true);
                b[e] = s.GetVector($"sigmoid_b_{e}", m, finite: true);
                iso[e] = [];
            }
            else
            {
                a[e] = []; b[e] = [];
                iso[e] = new IsotonicRegression[m];
                for (int j = 0; j < m; j++)
                {
                    var r = s.GetEstimator($"isotonic_{e}_{j}") as IsotonicRegression;
                    if (r is not { IsFitted: true, OutOfBounds: IsotonicOutOfBounds.Clip } || r.NFeaturesIn != 1)
                        throw s.Invalid($"isotonic_{e}_{j}", "expected a fitted one-feature IsotonicRegression with OutOfBounds = Clip");
                    iso[e][j] = r;
                }
            }
        }
        classifiers = clfs; sigmoidA = a; sigmoidB = b; isotonic = iso;
    }
}
