using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Gradient-boosted trees for classification with the log loss (Friedman 2001; <c>sklearn.ensemble.GradientBoostingClassifier</c>).
/// Two classes: one tree per stage on r = y − σ(F), F₀ = log-odds of the prior of <c>Classes[1]</c>, Newton leaves
/// γ = Σr / Σp(1 − p). K ≥ 3 classes: K trees per stage, tree k on r_k = 1[y = k] − softmax_k(F), F₀,k = log prior_k,
/// leaves γ = (K − 1)/K · Σr / Σ|r|(1 − |r|).
/// </summary>
/// <remarks>See <see cref="GradientBoosting"/> for the loop and seeding. loss "exponential" (two classes only) boosts
/// AdaBoost's loss e^{−ỹF}; its probabilities are σ(2F). With sample weights wᵢ every stage minimises
/// Σwᵢ·L(yᵢ, F(xᵢ)): F₀ comes from the weighted priors W_k/ΣW (W_k = Σ_{yᵢ=k} wᵢ), the trees' impurity sums are
/// weighted, the Newton leaves become Σwr / Σw·p(1 − p) (exponential: Σwỹe^{−ỹF} / Σwe^{−ỹF}), and
/// <see cref="GradientBoostingBase{TSelf}.TrainScore"/> is the weighted mean deviance. As in sklearn, at least two classes need positive total
/// weight; a class of zero weight still gets its column (prior clipped to eps₃₂).</remarks>
public sealed class GradientBoostingClassifier : GradientBoostingBase<GradientBoostingClassifier>, IProbabilisticClassifier, IDecisionFunction
{
    private readonly ClassEncoding classes = new();

    /// <summary>Creates the estimator.</summary>
    /// <param name="loss">Log loss or, for two classes, the exponential loss (<c>loss</c>).</param>
    /// <param name="learningRate">Shrinkage ν of each tree (<c>learning_rate</c>).</param>
    /// <param name="nEstimators">Boosting stages (<c>n_estimators</c>).</param>
    /// <param name="subsample">Fraction of samples drawn (without replacement) per stage, in (0, 1] (<c>subsample</c>).</param>
    /// <param name="criterion">Tree split criterion (<c>criterion</c>).</param>
    /// <param name="minSamplesSplit">Smallest splittable node (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxDepth">Depth of each tree, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="maxFeatures">Features tried per split: null (all), <see cref="Options.MaxFeatures.Sqrt"/>,
    /// <see cref="Options.MaxFeatures.Log2"/>, a count (int) or a fraction (double) (<c>max_features</c>).</param>
    /// <param name="randomState">Seed of the subsample masks and splitters, and of the early-stopping split (<c>random_state</c>); null draws one.</param>
    /// <param name="nIterNoChange">Early stopping: hold out <paramref name="validationFraction"/> of the rows and stop when
    /// the validation loss has not improved by <paramref name="tol"/> on any of the last nIterNoChange stages; null
    /// (default) fits all stages (<c>n_iter_no_change</c>).</param>
    /// <param name="validationFraction">Share of rows held out for early stopping, in (0, 1) (<c>validation_fraction</c>).</param>
    /// <param name="tol">Improvement the validation loss must show, ≥ 0 (<c>tol</c>).</param>
    /// <param name="ccpAlpha">Cost-complexity pruning α ≥ 0 of every stage's tree, applied before its leaf values are
    /// set (<c>ccp_alpha</c>; 0 = none, see <see cref="CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public GradientBoostingClassifier(GradientBoostingClassifierLoss loss = GradientBoostingClassifierLoss.LogLoss, double learningRate = 0.1,
        int nEstimators = 100, double subsample = 1.0, GradientBoostingCriterion criterion = GradientBoostingCriterion.FriedmanMse,
        int minSamplesSplit = 2, int minSamplesLeaf = 1, int? maxDepth = 3, MaxFeatures? maxFeatures = null,
        long? randomState = null,
        int? nIterNoChange = null, double validationFraction = 0.1, double tol = 1e-4, double ccpAlpha = 0.0, int? maxLeafNodes = null)
        : base(learningRate, nEstimators, subsample, criterion, minSamplesSplit, minSamplesLeaf, maxDepth, maxFeatures, randomState,
            nIterNoChange, validationFraction, tol, ccpAlpha, maxLeafNodes)
    {
        Loss = loss;
    }

    /// <summary>Loss (<c>loss</c>).</summary>
    public GradientBoostingClassifierLoss Loss { get; }

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <summary>The fitted trees [n_estimators][K] with K = 1 for two classes (<c>estimators_</c>).</summary>
    public IReadOnlyList<TreeStructure[]> Estimators => Learned(Model, nameof(Estimators)).Trees;

    /// <summary>F₀ per column [K]: the prior log-odds (two classes) or log priors (<c>init_</c>'s raw prediction).</summary>
    public Tensor InitPrediction => Input.Vector(Learned(Model, nameof(InitPrediction)).Init);

    private protected override ParamTable OwnConstraints => new() { { nameof(Loss), Is.Defined<GradientBoostingClassifierLoss>() } };

    private protected override int TreesPerStage => classes.Labels.Length == 2 ? 1 : classes.Labels.Length;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        var yi = classes.Encode(y, n, GetType().Name);
        int k = classes.Labels.Length;
        if (Loss == GradientBoostingClassifierLoss.Exponential && k != 2)
            throw new ArgumentException($"GradientBoostingClassifier.Fit: loss \"exponential\" needs exactly 2 classes, y has {k}; use \"log_loss\"");
        if (SampleWeight is { } sw)
        {
            // sklearn's _validate_y: classes whose weights sum to 0 do not count towards the two that are needed
            var mass = new double[k];
            for (int i = 0; i < n; i++) mass[yi[i]] += sw[i];
            int positive = mass.Count(v => v > 0);
            if (positive < 2)
                throw new ArgumentException($"GradientBoostingClassifier.Fit: y has {positive} class with positive total sample_weight; at least 2 are needed");
        }
        FitModel(x, yi.Select(v => (double)v).ToArray(), k,
            Loss == GradientBoostingClassifierLoss.Exponential ? GbLoss.Exponential : k == 2 ? GbLoss.Binary : GbLoss.Multinomial);
    }

    /// <summary>Raw scores F(x): log-odds [n_samples] for two classes, else [n_samples, n_classes] (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var raw = Raw(x, nameof(DecisionFunction), out int n);
        int k = Model.Init.Length;
        return k == 1 ? Input.Vector(raw) : Input.Matrix(raw, n, k);
    }

    /// <summary>[1 − σ(F), σ(F)] for two classes, softmax(F) otherwise, [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public Tensor PredictProba(Tensor x) => Proba(Input.Raw(DecisionFunction(x)));

    /// <summary>Class probabilities after each stage (<c>staged_predict_proba</c>).</summary>
    public IEnumerable<Tensor> StagedPredictProba(Tensor x) => StagedRaw(x, nameof(StagedPredictProba)).Select(Proba);

    /// <summary>The class of the largest probability per sample, int64 [n_samples] (<c>predict</c>; ties: the lowest class).</summary>
    public Tensor Predict(Tensor x) => classes.LabelsOfArgmax(PredictProba(x));

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    private Tensor Proba(double[] raw)
    {
        int k = Model.Init.Length, n = raw.Length / k, kk = Math.Max(k, 2);
        var pr = new double[n * kk];
        for (int i = 0; i < n; i++)
        {
            if (k == 1)
            {
                double s = GradientBoosting.Sigmoid(Loss == GradientBoostingClassifierLoss.Exponential ? 2 * raw[i] : raw[i]);
                pr[2 * i] = 1 - s; pr[2 * i + 1] = s;
                continue;
            }
            double lse = GradientBoosting.LogSumExp(raw, i * k, k);
            for (int c = 0; c < k; c++) pr[i * k + c] = Math.Exp(raw[i * k + c] - lse);
        }
        return Input.Matrix(pr, n, kk);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        classes.Save(state);
        base.SaveState(state);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        classes.Load(state, GetType().Name, minClasses: 2);
        base.LoadState(state);
    }
}
