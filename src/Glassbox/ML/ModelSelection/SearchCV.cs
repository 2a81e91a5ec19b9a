namespace Glassbox.ML.ModelSelection;

/// <summary>One evaluated candidate of a hyperparameter search (a row of sklearn's <c>cv_results_</c>).</summary>
/// <param name="Params">The hyperparameters tried.</param>
/// <param name="FoldScores">Test score on each fold.</param>
/// <param name="MeanScore">Mean of the fold scores (<c>mean_test_score</c>).</param>
/// <param name="StdScore">Population standard deviation of the fold scores (<c>std_test_score</c>).</param>
public sealed record SearchResult(IReadOnlyDictionary<string, object?> Params, double[] FoldScores, double MeanScore, double StdScore);

/// <summary>
/// Shared machinery of <see cref="GridSearchCV"/> and <see cref="RandomizedSearchCV"/> (sklearn's <c>BaseSearchCV</c>):
/// cross-validate a clone of the estimator for every candidate, pick the best mean test score (ties → the earliest
/// candidate, as sklearn's rank-then-argmin), and refit a clone with those parameters on all data.
/// </summary>
public abstract class SearchCV<TSelf> : Estimator<TSelf>, IPredictor where TSelf : SearchCV<TSelf>
{
    private List<SearchResult> results = [];
    private int bestIndex;
    private IEstimator? best;

    /// <summary>Creates the search.</summary>
    protected SearchCV(IEstimator estimator, int cv, Scoring? scoring, bool refit)
    {
        Estimator = estimator; Cv = cv; Scoring = scoring; Refit = refit;
    }

    /// <summary>The estimator to tune (<c>estimator</c>); never fitted itself.</summary>
    public IEstimator Estimator { get; }
    /// <summary>Number of folds (stratified for classifiers) (<c>cv</c>).</summary>
    public int Cv { get; }
    /// <summary>The built-in scorer (<see cref="Scorers.Get(ModelSelection.Scoring)"/>), or null for the estimator's Score (<c>scoring</c>).</summary>
    public Scoring? Scoring { get; }
    /// <summary>Refit the best candidate on all data (<c>refit</c>).</summary>
    public bool Refit { get; }

    /// <summary>All candidates in evaluation order (<c>cv_results_</c>).</summary>
    public IReadOnlyList<SearchResult> CvResults => Learned(results, nameof(CvResults));
    /// <summary>Best candidate's hyperparameters (<c>best_params_</c>).</summary>
    public IReadOnlyDictionary<string, object?> BestParams => Learned(results, nameof(BestParams))[bestIndex].Params;
    /// <summary>Best mean cross-validated score (<c>best_score_</c>).</summary>
    public double BestScore => Learned(results, nameof(BestScore))[bestIndex].MeanScore;
    /// <summary>Index of the best candidate (<c>best_index_</c>).</summary>
    public int BestIndex => Learned(bestIndex, nameof(BestIndex));
    /// <summary>The refitted best estimator (<c>best_estimator_</c>).</summary>
    public IEstimator BestEstimator => Learned(best, nameof(BestEstimator)) ?? throw new InvalidOperationException("BestEstimator: the search ran with Refit = false");

    /// <summary>The candidates to evaluate.</summary>
    protected abstract IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates();

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    protected override Options.ParamTable Constraints => new()
    {
        { nameof(Cv), Options.Is.Int(min: 2) },
        { nameof(Scoring), Options.Is.Defined<Scoring>().OrNull() },
    };

    /// <summary>True when the searched estimator takes sample weights: each candidate is then fitted with its training
    /// folds' weights and the refit with all of them (scores unweighted, as sklearn 1.2's <c>fit(X, y, sample_weight=w)</c>).</summary>
    public override bool SupportsSampleWeight => Estimator.SupportsSampleWeight;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var sw = SampleWeight is { } w ? Tensor.FromArray(w, [w.Length]) : null;
        var cv = CrossValidation.CheckCv(Estimator, Cv);
        var scorer = Scoring is { } s ? Scorers.Get(s) : Scorers.Default;
        results = [];
        foreach (var cand in Candidates())
        {
            var scores = CrossValidation.CrossValScore(Estimator.Clone(cand), x, y, cv, scorer, sampleWeight: sw);
            double mean = scores.Average();
            double std = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average());
            results.Add(new SearchResult(cand, scores, mean, std));
        }
        bestIndex = 0;
        for (int i = 1; i < results.Count; i++) if (results[i].MeanScore > results[bestIndex].MeanScore) bestIndex = i;
        best = Refit ? Estimator.Clone(results[bestIndex].Params).Fit(x, y, sw) : null;
    }

    /// <summary>Predictions of the refitted best estimator.</summary>
    public Tensor Predict(Tensor x) => ((IPredictor)BestEstimator).Predict(x);

    /// <summary>Class probabilities of the refitted best estimator.</summary>
    public Tensor PredictProba(Tensor x) => (BestEstimator as IProbabilisticClassifier ?? throw new NotSupportedException($"{GetType().Name}.PredictProba: the best estimator {BestEstimator.GetType().Name} has no class probabilities")).PredictProba(x);

    /// <summary>Score of the refitted best estimator (with the search's scoring). Sample weights are accepted with the
    /// default scoring only (the estimator's own weighted Score); named scorers are unweighted, as in sklearn 1.2.</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        if (sampleWeight is null) return (Scoring is { } s ? Scorers.Get(s) : Scorers.Default)(BestEstimator, x, y);
        if (Scoring is not null) throw new NotSupportedException($"{GetType().Name}.Score: scoring \"{Options.SklearnNames.Of(Scoring.Value)}\" takes no sample weights; score with the metric directly");
        return ((IPredictor)BestEstimator).Score(x, y, sampleWeight);
    }

    internal override System.Text.Json.Nodes.JsonObject ToJson() =>
        throw new NotSupportedException($"{GetType().Name} cannot be saved; save its BestEstimator instead");

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => throw new NotSupportedException();
}
