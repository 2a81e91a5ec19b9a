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
public sealed class HistGradientBoostingClassifier : HistGradientBoostingBase<HistGradientBoostingClassifier>, IProbabilisticClassifier, IDecisionFunction
{
    private readonly ClassEncoding classes = new();

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
    /// <param name="classWeight">Per-class factors on the sample weights (<c>class_weight</c>, sklearn ≥ 1.2): null,
    /// <see cref="Options.ClassWeight.Balanced"/> (n/(k·n_c), from unweighted counts) or {label: weight}. As in sklearn
    /// they multiply the sample weights before the early-stopping split, so every weighted part of the fit (gradients,
    /// baseline, validation loss) sees them.</param>
    public HistGradientBoostingClassifier(double learningRate = 0.1, int maxIter = 100, int maxLeafNodes = 31, int? maxDepth = null,
        int minSamplesLeaf = 20, double l2Regularization = 0.0, int maxBins = 255, long? randomState = null,
        bool? earlyStopping = null, double validationFraction = 0.1, int nIterNoChange = 10, double tol = 1e-7, CategoricalFeatures? categoricalFeatures = null,
        Options.ClassWeight? classWeight = null)
        : base(learningRate, maxIter, maxLeafNodes, maxDepth, minSamplesLeaf, l2Regularization, maxBins, randomState, earlyStopping,
            validationFraction, nIterNoChange, tol, categoricalFeatures) => ClassWeight = classWeight;

    /// <summary>Per-class factors on the sample weights (<c>class_weight</c>).</summary>
    public Options.ClassWeight? ClassWeight { get; }

    /// <inheritdoc/>
    private protected override Options.ParamTable OwnConstraints => new()
    {
        { nameof(ClassWeight), Options.Is.Where<Options.ClassWeight>(w => ClassWeights.IsValid(w), ClassWeights.Allowed).OrNull() },
    };

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var yi = classes.Encode(y, x.Shape[0], GetType().Name);
        int k = classes.Labels.Length;
        // sklearn's _finalize_sample_weight: sample_weight · compute_sample_weight(class_weight, y)
        var cw = ClassWeights.PerSample(ClassWeights.Compute(ClassWeight, classes.Labels, yi, GetType().Name), yi);
        if (cw is not null && SampleWeight is { } sw) for (int i = 0; i < cw.Length; i++) cw[i] *= sw[i];
        FitModel(x, k == 2 ? HistBoosting.Loss.Binary : HistBoosting.Loss.Multinomial, yi.Select(v => (double)v).ToArray(), k, weights: cw);
    }

    /// <summary>Raw scores: log-odds [n_samples] for two classes, else [n_samples, n_classes] (<c>decision_function</c>).</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        var raw = Raw(x, nameof(DecisionFunction), out int n);
        return TreesPerIteration == 1 ? Input.Vector(raw) : Input.Matrix(raw, n, TreesPerIteration);
    }

    /// <summary>σ of the log-odds, or softmax of the raw scores (<c>predict_proba</c>).</summary>
    public Tensor PredictProba(Tensor x)
    {
        var raw = Input.Raw(DecisionFunction(x));
        int k = TreesPerIteration, n = raw.Length / k, kk = Math.Max(k, 2);
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

    /// <summary>The class of the largest probability per sample, int64 [n_samples] (<c>predict</c>; ties: the lowest class).</summary>
    public Tensor Predict(Tensor x) => classes.LabelsOfArgmax(PredictProba(x));

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    private protected override int SavedTreesPerIteration => classes.Labels.Length == 2 ? 1 : classes.Labels.Length;

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
