namespace Glassbox.ML.Ensemble;

/// <summary>
/// Histogram-based gradient-boosted trees for classification (<c>sklearn.ensemble.HistGradientBoostingClassifier</c>,
/// after LightGBM, Ke et al. 2017): features binned into ≤ max_bins quantile bins, leaf-wise trees grown from gradient /
/// hessian histograms (see <see cref="HistGrower"/>), log loss: one tree per iteration for two classes (raw score =
/// log-odds of <c>Classes[1]</c>), K trees per iteration on the multinomial loss otherwise.
/// </summary>
/// <remarks>Missing values are native, as in sklearn: NaN in X is allowed at fit and prediction and routed by each
/// split (see <see cref="HistGrower"/>). Categorical features are native too (<c>categorical_features</c>): a split
/// sends a set of categories left, found by ordering the categories by G/(H + 10) (see <see cref="HistCategorical"/>
/// and docs/classical.md). Early stopping as sklearn's (see <see cref="HistBoosting"/>): by default on above
/// 10,000 samples, on a held-out 10 %. Sample weights (<c>fit(X, y, sample_weight)</c>): gᵢ and hᵢ of the log loss are multiplied by wᵢ, and the start is the log-odds (log shares) of the weighted class proportions; the
/// early-stopping scores are weighted mean losses; bin edges and <c>min_samples_leaf</c> stay unweighted, as in sklearn 1.2
/// (details in <see cref="HistBoosting"/>).</remarks>
public sealed class HistGradientBoostingClassifier : ProbabilisticClassifier<HistGradientBoostingClassifier>, IDecisionFunction
{
    private double[] baseline = [];
    private HistTree[][] trees = [];

    /// <summary>Creates the estimator.</summary>
    /// <param name="learningRate">Shrinkage of each tree (<c>learning_rate</c>).</param>
    /// <param name="maxIter">Boosting iterations (<c>max_iter</c>).</param>
    /// <param name="maxLeafNodes">Leaves per tree (<c>max_leaf_nodes</c>).</param>
    /// <param name="maxDepth">Maximum depth, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="l2Regularization">λ in the leaf values −G/(H + λ) (<c>l2_regularization</c>).</param>
    /// <param name="maxBins">Bins per feature, 2..255 (<c>max_bins</c>).</param>
    /// <param name="randomState">Seed of the early-stopping validation split (<c>random_state</c>); null draws one per fit.</param>
    /// <param name="earlyStopping">Hold out a validation set and stop when its loss stops improving; null = on above 10,000
    /// samples (<c>early_stopping="auto"</c>).</param>
    /// <param name="validationFraction">Share of the rows held out, in (0, 1) (<c>validation_fraction</c>).</param>
    /// <param name="nIterNoChange">Iterations without a gain larger than <paramref name="tol"/> before stopping (<c>n_iter_no_change</c>).</param>
    /// <param name="tol">Smallest validation-score gain that counts (<c>tol</c>).</param>
    /// <param name="categoricalFeatures">Which features are categorical (<c>categorical_features</c>): null for none,
    /// <see cref="Ensemble.CategoricalFeatures.Mask"/> of length n_features or <see cref="Ensemble.CategoricalFeatures.Indices"/>
    /// of feature indices (a <c>bool[]</c> or an <c>int[]</c> converts to them). A categorical column holds integer
    /// categories in [0, maxBins − 1] (NaN = missing), each its own bin; splits send a set of categories left (see
    /// <see cref="HistGrower"/>), and a category not seen in training follows the missing values.</param>
    public HistGradientBoostingClassifier(double learningRate = 0.1, int maxIter = 100, int maxLeafNodes = 31, int? maxDepth = null,
        int minSamplesLeaf = 20, double l2Regularization = 0.0, int maxBins = 255, long? randomState = null,
        bool? earlyStopping = null, double validationFraction = 0.1, int nIterNoChange = 10, double tol = 1e-7, CategoricalFeatures? categoricalFeatures = null)
    {
        CategoricalFeatures = categoricalFeatures;
        EarlyStopping = earlyStopping; ValidationFraction = validationFraction; NIterNoChange = nIterNoChange; Tol = tol;
        LearningRate = learningRate; MaxIter = maxIter; MaxLeafNodes = maxLeafNodes; MaxDepth = maxDepth;
        MinSamplesLeaf = minSamplesLeaf; L2Regularization = l2Regularization; MaxBins = maxBins; RandomState = randomState;
    }

    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; }
    /// <summary>Iterations (<c>max_iter</c>).</summary>
    public int MaxIter { get; }
    /// <summary>Leaves per tree (<c>max_leaf_nodes</c>).</summary>
    public int MaxLeafNodes { get; }
    /// <summary>Maximum depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>L2 penalty on leaf values (<c>l2_regularization</c>).</summary>
    public double L2Regularization { get; }
    /// <summary>Bins per feature (<c>max_bins</c>).</summary>
    public int MaxBins { get; }
    /// <summary>Seed of the validation split (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Early stopping: true, false, or null for "auto" (on above 10,000 samples) (<c>early_stopping</c>).</summary>
    public bool? EarlyStopping { get; }
    /// <summary>Held-out share for early stopping (<c>validation_fraction</c>).</summary>
    public double ValidationFraction { get; }
    /// <summary>Patience in iterations (<c>n_iter_no_change</c>).</summary>
    public int NIterNoChange { get; }
    /// <summary>Smallest score gain that counts as progress (<c>tol</c>).</summary>
    public double Tol { get; }
    /// <summary>Categorical features: null, a mask or indices (<c>categorical_features</c>).</summary>
    public CategoricalFeatures? CategoricalFeatures { get; }

    /// <summary>−(mean half loss) on the training part before the first and after every iteration; empty without early
    /// stopping (<c>train_score_</c>).</summary>
    public Tensor TrainScore => Input.Vector(Learned(trainScore, nameof(TrainScore)));
    /// <summary>The same on the held-out part (<c>validation_score_</c>).</summary>
    public Tensor ValidationScore => Input.Vector(Learned(validationScore, nameof(ValidationScore)));

    private double[] trainScore = [], validationScore = [];

    private HistSettings Settings => new(MaxIter, LearningRate, MaxLeafNodes, MaxDepth, MinSamplesLeaf, L2Regularization, MaxBins,
        EarlyStopping, ValidationFraction, NIterNoChange, Tol, RandomState);

    /// <summary>The starting raw score per tree of an iteration, before any tree (sklearn's <c>_baseline_prediction</c>).</summary>
    internal double[] BaselinePrediction => Learned(baseline, nameof(BaselinePrediction));

    /// <summary>Number of boosting iterations run (<c>n_iter_</c>).</summary>
    public int NIter => Learned(trees.Length, nameof(NIter));

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override Options.ParamTable Constraints
    {
        get
        {
            var t = new Options.ParamTable();
            HistBoosting.AddSharedConstraints(t);
            return t;
        }
    }

    /// <summary>Known categories of the categorical features of X (null when there is none), validated.</summary>
    private double[]?[]? Categories(double[] x, int n, int p) =>
        CategoricalFeatures?.ToMask(GetType().Name, p) is bool[] mask
            ? HistCategorical.KnownCategories(GetType().Name, x, n, p, mask, MaxBins) : null;

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n);
        int k = ClassLabels.Length;
        var xr = Input.Raw(x);
        var fit = HistBoosting.Fit(xr, n, p, k == 2 ? HistBoosting.Loss.Binary : HistBoosting.Loss.Multinomial,
            yi.Select(v => (double)v).ToArray(), k, Settings, SampleWeight, Categories(xr, n, p));
        (baseline, trees, trainScore, validationScore) = (fit.Baseline, fit.Trees, fit.TrainScore, fit.ValidationScore);
    }

    /// <summary>Raw scores: log-odds [n_samples] for two classes, else [n_samples, n_classes] (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var xm = CheckInput(x, nameof(DecisionFunction));
        int n = xm.Shape[0];
        var raw = HistBoosting.Raw(Input.Raw(xm), n, xm.Shape[1], baseline, trees);
        return baseline.Length == 1 ? Input.Vector(raw) : Input.Matrix(raw, n, baseline.Length);
    }

    /// <summary>σ of the log-odds, or softmax of the raw scores (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var raw = Input.Raw(DecisionFunction(x));
        int k = baseline.Length, n = raw.Length / k, kk = Math.Max(k, 2);
        var pr = new double[n * kk];
        for (int i = 0; i < n; i++)
        {
            if (k == 1)
            {
                double f = raw[i], s = f >= 0 ? 1 / (1 + Math.Exp(-f)) : Math.Exp(f) / (1 + Math.Exp(f));
                pr[2 * i] = 1 - s; pr[2 * i + 1] = s;
                continue;
            }
            double mx = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < k; c++) mx = Math.Max(mx, raw[i * k + c]);
            for (int c = 0; c < k; c++) { pr[i * k + c] = Math.Exp(raw[i * k + c] - mx); sum += pr[i * k + c]; }
            for (int c = 0; c < k; c++) pr[i * k + c] /= sum;
        }
        return Input.Matrix(pr, n, kk);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        HistBoosting.Save(state, baseline, trees, trainScore, validationScore);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        int k = ClassLabels.Length;
        if (k < 2) throw state.Invalid("classes", $"HistGradientBoostingClassifier needs at least 2 classes, got {k}");
        LoadFit(HistBoosting.Load(state, k == 2 ? 1 : k));
    }

    private void LoadFit(HistFit f) => (baseline, trees, trainScore, validationScore) = (f.Baseline, f.Trees, f.TrainScore, f.ValidationScore);
}
