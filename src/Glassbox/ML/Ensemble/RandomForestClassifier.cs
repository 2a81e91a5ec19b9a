using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Random forest classifier (Breiman, 2001; <c>sklearn.ensemble.RandomForestClassifier</c>): B CART trees, each grown
/// on a bootstrap sample with <c>max_features</c> features tried per split; p(k | x) = (1/B) Σ_b p_b(k | x).
/// </summary>
/// <remarks>
/// As in sklearn, a bootstrap sample is passed to the tree as integer sample weights (rows never drawn get weight 0
/// and are that tree's out-of-bag rows). Trees are fitted in parallel (<c>n_jobs</c>); each tree draws its bootstrap and
/// split order from its own <see cref="Generator"/> seeded by (<see cref="CartBase{TSelf}.RandomState"/>, tree index), so the same seed
/// gives the same forest for any thread count. The random streams are Glassbox's, not NumPy's: a seeded forest is not
/// sklearn's forest, only statistically alike. <c>n_jobs = null</c> uses all of <c>Par.MaxThreads</c> (sklearn: 1).
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>) do not change the bootstrap draws (uniform over rows, as in
/// sklearn); tree b is grown with uᵢ = wᵢ · class_weight(yᵢ) · cᵢ⁽ᵇ⁾ in its class sums, cᵢ⁽ᵇ⁾ the number of times row
/// i was drawn (1 without bootstrap). "balanced_subsample" balances on the unweighted draws and multiplies in as well.
/// Out-of-bag rows are those never drawn (cᵢ⁽ᵇ⁾ = 0), whatever their weight, and <see cref="ForestBase{TSelf}.OobScoreFitted"/> is the
/// unweighted accuracy over all rows (sklearn's <c>accuracy_score</c> without <c>sample_weight</c>).
/// </para>
/// </remarks>
public sealed class RandomForestClassifier : ForestBase<RandomForestClassifier>, IProbabilisticClassifier
{
    private readonly ClassEncoding classes = new();

    /// <summary>Creates the estimator.</summary>
    /// <param name="nEstimators">Number of trees (<c>n_estimators</c>).</param>
    /// <param name="criterion"><see cref="Criterion.Gini"/>, <see cref="Criterion.Entropy"/> or <see cref="Criterion.LogLoss"/> (<c>criterion</c>).</param>
    /// <param name="maxDepth">Maximum tree depth, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesSplit">Smallest splittable node (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxFeatures">Features tried per split: <see cref="Options.MaxFeatures.Sqrt"/>, <see cref="Options.MaxFeatures.Log2"/>, an int
    /// (a count) or a double (a fraction; 1.0 = all) (<c>max_features</c>); null means the default <see cref="Options.MaxFeatures.Sqrt"/>
    /// (a C# default argument must be a constant).</param>
    /// <param name="minImpurityDecrease">Minimum weighted impurity decrease of a split (<c>min_impurity_decrease</c>).</param>
    /// <param name="bootstrap">Grow each tree on a bootstrap sample; false uses all rows (<c>bootstrap</c>).</param>
    /// <param name="oobScore">Compute the out-of-bag accuracy (<c>oob_score</c>).</param>
    /// <param name="nJobs">Threads for fitting (<c>n_jobs</c>); null or −1 for <c>Par.MaxThreads</c>.</param>
    /// <param name="randomState">Forest seed (<c>random_state</c>); null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="maxSamples">Bootstrap size: null (n), an int, or a fraction of n (<c>max_samples</c>).</param>
    /// <param name="classWeight">Per-class sample weights: null, <see cref="Options.ClassWeight.Balanced"/> (from all of y),
    /// <see cref="Options.ClassWeight.BalancedSubsample"/> (from each
    /// tree's bootstrap sample) or {label: weight} (<c>class_weight</c>, see <see cref="ClassWeights"/>).</param>
    /// <param name="ccpAlpha">Cost-complexity pruning α ≥ 0 applied to every tree after growing (<c>ccp_alpha</c>; 0 = none,
    /// see <see cref="Tree.CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public RandomForestClassifier(int nEstimators = 100, Criterion criterion = Criterion.Gini, int? maxDepth = null, int minSamplesSplit = 2,
        int minSamplesLeaf = 1, MaxFeatures? maxFeatures = null, double minImpurityDecrease = 0.0, bool bootstrap = true,
        bool oobScore = false, int? nJobs = null, long? randomState = null, MaxSamples? maxSamples = null, ClassWeight? classWeight = null,
        double ccpAlpha = 0.0, int? maxLeafNodes = null)
        : base(nEstimators, criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures ?? Options.MaxFeatures.Sqrt, minImpurityDecrease,
            bootstrap, oobScore, nJobs, randomState, maxSamples, ccpAlpha, maxLeafNodes)
    {
        ClassWeight = classWeight;
    }

    /// <summary>Per-class sample weights (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <summary>Mean out-of-bag class probabilities [n_samples, n_classes] (<c>oob_decision_function_</c>); rows never out of bag are 0.</summary>
    public Tensor OobDecisionFunction => OobScore
        ? Input.Matrix(Learned(OobMean!, nameof(OobDecisionFunction)), OobMean!.Length / classes.Labels.Length, classes.Labels.Length)
        : throw new InvalidOperationException("RandomForestClassifier.OobDecisionFunction: fit with oobScore: true");

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> grows tree b with weights wᵢ·class_weight(yᵢ)·cᵢ⁽ᵇ⁾ (cᵢ⁽ᵇ⁾ = how
    /// often row i was drawn), as sklearn does.</summary>
    public override bool SupportsSampleWeight => true;

    private protected override ParamTable OwnConstraints => new()
    {
        { nameof(Criterion), Is.OneOf(TreeParams.ClassificationCriteria) },
        { nameof(ClassWeight), Is.Where<ClassWeight>(c => ClassWeights.IsValid(c, allowSubsample: true), ClassWeights.Allowed + " or \"balanced_subsample\"").OrNull() },
    };

    private protected override int NodeValues => classes.Labels.Length;

    private protected override string OobKey => "oob_decision";

    private protected override void AddLeaf(TreeStructure t, int leaf, Span<double> row) => Cart.AddLeafProba(t, leaf, row);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0];
        var yi = classes.Encode(y, n, GetType().Name, minClasses: 1);
        var labels = classes.Labels;
        bool subsample = ClassWeight?.Keyword == Options.ClassWeight.BalancedSubsample.Keyword;
        var cw = subsample ? null : ClassWeights.Compute(ClassWeight, labels, yi, GetType().Name);
        // sklearn: sample_weight * expanded_class_weight, then (per tree) times the draw counts
        var baseWeight = Cart.Multiply(SampleWeight, ClassWeights.PerSample(cw, yi));
        FitForest(x, (data, w, settings) =>
        {
            // class weights multiply the draw counts; "balanced_subsample" balances the classes of this tree's draws
            // (counted unweighted, as sklearn's compute_sample_weight(indices=...) does)
            var treeCw = subsample ? ClassWeights.Compute(Options.ClassWeight.Balanced, labels, yi, GetType().Name, w) : null;
            var sw = Cart.Multiply(baseWeight, w);
            if (treeCw is not null)
            {
                var u = new double[n];
                for (int i = 0; i < n; i++) u[i] = (sw is null ? 1.0 : sw[i]) * treeCw[yi[i]];
                sw = u;
            }
            return new TreeBuilder(data, yi, labels.Length, null, sw, settings).Build();
        }, oob => Accuracy(oob, yi, labels.Length));
    }

    /// <summary>The share of rows whose largest out-of-bag probability (ties: the lowest class) is their own class.</summary>
    private static double Accuracy(double[] proba, int[] yi, int k)
    {
        long correct = 0;
        for (int i = 0; i < yi.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
            if (best == yi[i]) correct++;
        }
        return (double)correct / yi.Length;
    }

    /// <summary>Mean of the trees' leaf class frequencies [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public Tensor PredictProba(Tensor x)
    {
        var pr = MeanOverTrees(x, nameof(PredictProba));
        int k = classes.Labels.Length;
        return Input.Matrix(pr, pr.Length / k, k);
    }

    /// <summary>The class of the largest mean probability per sample, int64 [n_samples] (<c>predict</c>; ties: the lowest class).</summary>
    public Tensor Predict(Tensor x) => classes.LabelsOfArgmax(PredictProba(x));

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        classes.Save(state);
        base.SaveState(state);
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        classes.Load(state);
        base.LoadState(state);
        int k = classes.Labels.Length;
        if (OobMean is { } oob && oob.Length % k != 0)
            throw state.Invalid("oob_decision", $"holds {oob.Length} values, not a whole number of rows of {k} classes");
    }
}
