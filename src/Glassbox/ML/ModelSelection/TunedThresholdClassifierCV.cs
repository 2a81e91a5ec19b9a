using Glassbox.ML.Options;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// A binary classifier whose decision threshold is chosen by cross-validation to maximise an objective
/// (<c>sklearn.model_selection.TunedThresholdClassifierCV</c>, scikit-learn 1.5 semantics; the scikit-learn 1.2 used
/// for Glassbox's fixtures predates it, so the tests check it against a NumPy transcription of the 1.5 algorithm).
/// </summary>
/// <remarks>
/// <para>
/// <b>Algorithm</b> (as sklearn 1.5's <c>fit</c>). For each of the <see cref="Cv"/> stratified folds (unshuffled), a
/// clone of <see cref="ThresholdClassifierBase{TSelf}.Estimator"/> is fitted on the training part and scores s its validation part (probability of
/// the positive class, or the oriented decision value — see <see cref="FixedThresholdClassifier"/>). On that fold the
/// objective is evaluated at <see cref="Thresholds"/> evenly spaced cuts from min s to max s of the fold (labels:
/// positive where s ≥ t). The decision thresholds are then <see cref="Thresholds"/> evenly spaced values from the
/// smallest to the largest cut of any fold; each fold's curve is linearly interpolated onto them (held constant beyond
/// its own range, as <c>np.interp</c>) and the curves are averaged. <see cref="BestThreshold"/> is the first
/// threshold of largest mean objective, <see cref="BestScore"/> that mean; finally a clone is refitted on all rows
/// (sklearn's <c>refit=True</c>) and predicts with the threshold.
/// </para>
/// <para>
/// Why out-of-fold: on the rows a model was fitted on its scores are overconfident, so a threshold tuned there is
/// tuned to the memorised rows; validation scores behave as new data's will. The objective is evaluated on labels,
/// so it needs no calibrated probabilities — only a ranking, which is why decision values serve as well.
/// </para>
/// <para>
/// Mapping: <see cref="Scoring"/> is sklearn's <c>scoring</c> (see <see cref="ThresholdObjective"/>),
/// <see cref="ResponseMethod"/> null is <c>response_method="auto"</c>, <see cref="Cv"/> an integer <c>cv</c>,
/// <see cref="ThresholdClassifierBase{TSelf}.PosLabel"/> the scorer's <c>pos_label</c>. The curve is always kept (<see cref="DecisionThresholds"/>,
/// <see cref="ObjectiveScores"/>: sklearn's <c>cv_results_</c> with <c>store_cv_results=True</c>). Not carried over:
/// a fractional or prefit <c>cv</c>, <c>refit=False</c>, an explicit array of thresholds, sample weights.
/// </para>
/// </remarks>
public sealed class TunedThresholdClassifierCV : ThresholdClassifierBase<TunedThresholdClassifierCV>
{
    private double bestThreshold, bestScore;
    private double[] thresholds = [], objective = [];

    /// <summary>Creates the classifier.</summary>
    /// <param name="estimator">The binary classifier whose threshold is tuned (<c>estimator</c>); clones are fitted.</param>
    /// <param name="scoring">The objective maximised (<c>scoring</c>); null: balanced accuracy, sklearn's default.</param>
    /// <param name="responseMethod">Probabilities or decision values (<c>response_method</c>); null: "auto".</param>
    /// <param name="thresholds">Number of thresholds tested, ≥ 2 (<c>thresholds</c>).</param>
    /// <param name="cv">Number of stratified folds, ≥ 2 (<c>cv</c>).</param>
    /// <param name="posLabel">The positive class (the scorer's <c>pos_label</c>); null: the second of the sorted classes.</param>
    public TunedThresholdClassifierCV(IEstimator estimator, ThresholdObjective? scoring = null, ResponseMethod? responseMethod = null,
        int thresholds = 100, int cv = 5, long? posLabel = null)
        : base(estimator, responseMethod, posLabel)
    {
        Scoring = scoring; Thresholds = thresholds; Cv = cv;
    }

    /// <summary>The objective (<c>scoring</c>); null for balanced accuracy.</summary>
    public ThresholdObjective? Scoring { get; }
    /// <summary>Number of thresholds tested (<c>thresholds</c>).</summary>
    public int Thresholds { get; }
    /// <summary>Number of stratified folds (<c>cv</c>).</summary>
    public int Cv { get; }

    /// <summary>The threshold of largest mean validation objective (<c>best_threshold_</c>).</summary>
    public double BestThreshold => Learned(bestThreshold, nameof(BestThreshold));
    /// <summary>The mean validation objective at <see cref="BestThreshold"/> (<c>best_score_</c>).</summary>
    public double BestScore => Learned(bestScore, nameof(BestScore));
    /// <summary>The thresholds tested [Thresholds] (<c>cv_results_["thresholds"]</c>).</summary>
    public Tensor DecisionThresholds => Input.Vector(Learned(thresholds, nameof(DecisionThresholds)));
    /// <summary>The mean validation objective at each of <see cref="DecisionThresholds"/> (<c>cv_results_["scores"]</c>).</summary>
    public Tensor ObjectiveScores => Input.Vector(Learned(objective, nameof(ObjectiveScores)));

    private ThresholdObjective Objective => Scoring ?? ThresholdObjective.BalancedAccuracy;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new()
    {
        { nameof(Scoring), Is.Where<ThresholdObjective>(s => s.IsValid, ThresholdObjective.Allowed).OrNull() },
        { nameof(ResponseMethod), Is.OneOf(ModelSelection.ResponseMethod.PredictProba, ModelSelection.ResponseMethod.DecisionFunction).OrNull() },
        { nameof(Thresholds), Is.Int(2) },
        { nameof(Cv), Is.Int(2) },
    };

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        var yi = BeginBinaryFit(y, n);
        var method = BinaryResponse.Resolve(Estimator, ResponseMethod);
        var foldCuts = new List<double[]>();
        var foldScores = new List<double[]>();
        foreach (var (train, test) in new StratifiedKFold(Cv).Split(n, y))
        {
            var e = Estimator.Clone().Fit(Splits.Rows(x, train), Splits.Rows(y!, train));
            BinaryResponse.CheckClasses(e, ClassLabels, nameof(TunedThresholdClassifierCV));
            var s = BinaryResponse.Scores(e, Splits.Rows(x, test), method, positive);
            var isPos = test.Select(i => yi[i] == positive).ToArray();
            var cuts = Linspace(s.Min(), s.Max(), Thresholds);
            if (Math.Abs(cuts[0] - cuts[^1]) <= 1e-8 + 1e-5 * Math.Abs(cuts[^1])) // np.isclose, as sklearn checks
                throw new ArgumentException($"TunedThresholdClassifierCV.Fit: {Estimator.GetType().Name} makes constant predictions on a validation fold, so no decision threshold can be tuned");
            foldCuts.Add(cuts);
            foldScores.Add(ObjectiveCurve(s, isPos, cuts, Objective));
        }
        double lo = foldCuts.Min(c => c.Min()), hi = foldCuts.Max(c => c.Max());
        var t = Linspace(lo, hi, Thresholds);
        var mean = new double[t.Length];
        for (int f = 0; f < foldCuts.Count; f++)
            for (int j = 0; j < t.Length; j++) mean[j] += Interp(t[j], foldCuts[f], foldScores[f]);
        for (int j = 0; j < t.Length; j++) mean[j] /= foldCuts.Count;
        int best = 0;
        for (int j = 1; j < t.Length; j++) if (mean[j] > mean[best]) best = j;
        var refit = Estimator.Clone().Fit(x, y);
        BinaryResponse.CheckClasses(refit, ClassLabels, nameof(TunedThresholdClassifierCV));
        (fitted, thresholds, objective, bestThreshold, bestScore) = (refit, t, mean, t[best], mean[best]);
    }

    /// <summary>
    /// The objective at each cut for validation scores <paramref name="scores"/> with truth <paramref name="isPositive"/>:
    /// the counts of positives and negatives with score ≥ t come from binary searches in the sorted scores of each class.
    /// </summary>
    public static double[] ObjectiveCurve(double[] scores, bool[] isPositive, double[] cuts, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        ArgumentNullException.ThrowIfNull(cuts);
        ArgumentNullException.ThrowIfNull(objective);
        if (scores.Length != isPositive.Length)
            throw new ArgumentException($"ObjectiveCurve: {scores.Length} scores but {isPositive.Length} labels");
        var pos = scores.Where((_, i) => isPositive[i]).Order().ToArray();
        var neg = scores.Where((_, i) => !isPositive[i]).Order().ToArray();
        var r = new double[cuts.Length];
        for (int j = 0; j < cuts.Length; j++)
        {
            double tp = pos.Length - FirstAtLeast(pos, cuts[j]), fp = neg.Length - FirstAtLeast(neg, cuts[j]);
            r[j] = objective.Score(tp, fp, neg.Length - fp, pos.Length - tp);
        }
        return r;
    }

    /// <summary>Index of the first element ≥ v in the sorted array (its length when none is).</summary>
    private static int FirstAtLeast(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary><c>np.linspace(lo, hi, num)</c>: lo + i·(hi − lo)/(num − 1), the last value exactly hi.</summary>
    internal static double[] Linspace(double lo, double hi, int num)
    {
        var r = new double[num];
        double step = (hi - lo) / (num - 1);
        for (int i = 0; i < num; i++) r[i] = i * step + lo;
        r[^1] = hi;
        return r;
    }

    /// <summary><c>np.interp(v, xp, fp)</c> for increasing xp: fp's end values beyond the range, linear between.</summary>
    internal static double Interp(double v, double[] xp, double[] fp)
    {
        if (v <= xp[0]) return fp[0];
        if (v >= xp[^1]) return fp[^1];
        int j = Array.BinarySearch(xp, v);
        if (j >= 0) return fp[j];
        j = ~j - 1; // xp[j] < v < xp[j + 1]
        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        return slope * (v - xp[j]) + fp[j];
    }

    /// <inheritdoc/>
    private protected override double Cut => bestThreshold;

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        state.Set("best_threshold", bestThreshold);
        state.Set("best_score", bestScore);
        state.Set("thresholds", Input.Vector(thresholds));
        state.Set("scores", Input.Vector(objective));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        double t = state.GetDouble("best_threshold", finite: true), s = state.GetDouble("best_score", finite: true);
        var th = state.GetVector("thresholds", Thresholds, finite: true);
        var sc = state.GetVector("scores", Thresholds, finite: true);
        (bestThreshold, bestScore, thresholds, objective) = (t, s, th, sc);
    }
}
