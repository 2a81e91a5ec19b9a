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
/// split order from its own <see cref="Generator"/> seeded by (<see cref="RandomState"/>, tree index), so the same seed
/// gives the same forest for any thread count. The random streams are Glassbox's, not NumPy's: a seeded forest is not
/// sklearn's forest, only statistically alike. <c>n_jobs = null</c> uses all of <c>Par.MaxThreads</c> (sklearn: 1).
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>) do not change the bootstrap draws (uniform over rows, as in
/// sklearn); tree b is grown with uᵢ = wᵢ · class_weight(yᵢ) · cᵢ⁽ᵇ⁾ in its class sums, cᵢ⁽ᵇ⁾ the number of times row
/// i was drawn (1 without bootstrap). "balanced_subsample" balances on the unweighted draws and multiplies in as well.
/// Out-of-bag rows are those never drawn (cᵢ⁽ᵇ⁾ = 0), whatever their weight, and <see cref="OobScoreFitted"/> is the
/// unweighted accuracy over all rows (sklearn's <c>accuracy_score</c> without <c>sample_weight</c>).
/// </para>
/// </remarks>
public sealed class RandomForestClassifier : ProbabilisticClassifier<RandomForestClassifier>, IForestHyperparameters
{
    private TreeStructure[] trees = [];
    private double oobScore = double.NaN;
    private double[]? oobDecision;

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
    {
        ClassWeight = classWeight; CcpAlpha = ccpAlpha;
        MaxLeafNodes = maxLeafNodes;
        NEstimators = nEstimators; Criterion = criterion; MaxDepth = maxDepth; MinSamplesSplit = minSamplesSplit;
        MinSamplesLeaf = minSamplesLeaf; MaxFeatures = maxFeatures ?? Options.MaxFeatures.Sqrt; MinImpurityDecrease = minImpurityDecrease;
        Bootstrap = bootstrap; OobScore = oobScore; NJobs = nJobs; RandomState = randomState; MaxSamples = maxSamples;
    }

    /// <summary>Number of trees (<c>n_estimators</c>).</summary>
    public int NEstimators { get; }
    /// <summary>Split criterion (<c>criterion</c>).</summary>
    public Criterion Criterion { get; }
    /// <summary>Maximum depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    public int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>Features tried per split (<c>max_features</c>).</summary>
    public MaxFeatures? MaxFeatures { get; }
    /// <summary>Minimum impurity decrease (<c>min_impurity_decrease</c>).</summary>
    public double MinImpurityDecrease { get; }
    /// <summary>Per-tree cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }
    /// <summary>Bootstrap sampling (<c>bootstrap</c>).</summary>
    public bool Bootstrap { get; }
    /// <summary>Whether Fit computes <see cref="OobScoreFitted"/> (<c>oob_score</c>).</summary>
    public bool OobScore { get; }
    /// <summary>Fitting threads (<c>n_jobs</c>).</summary>
    public int? NJobs { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Bootstrap size (<c>max_samples</c>).</summary>
    public MaxSamples? MaxSamples { get; }
    /// <summary>Per-class sample weights (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>The fitted trees (<c>[e.tree_ for e in estimators_]</c>).</summary>
    public IReadOnlyList<TreeStructure> Trees => Learned(trees, nameof(Trees));

    /// <summary>Accuracy of the out-of-bag predictions (<c>oob_score_</c>); requires oobScore: true.</summary>
    public double OobScoreFitted => OobScore ? Learned(oobScore, nameof(OobScoreFitted)) : throw new InvalidOperationException("RandomForestClassifier.OobScoreFitted: fit with oobScore: true");

    /// <summary>Mean out-of-bag class probabilities [n_samples, n_classes] (<c>oob_decision_function_</c>); rows never out of bag are 0.</summary>
    public Tensor OobDecisionFunction => OobScore
        ? Input.Matrix(Learned(oobDecision!, nameof(OobDecisionFunction)), oobDecision!.Length / ClassLabels.Length, ClassLabels.Length)
        : throw new InvalidOperationException("RandomForestClassifier.OobDecisionFunction: fit with oobScore: true");

    /// <summary>Mean of the trees' normalised impurity importances (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Forest.FeatureImportances(Trees, NFeaturesIn));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> grows tree b with weights wᵢ·class_weight(yᵢ)·cᵢ⁽ᵇ⁾ (cᵢ⁽ᵇ⁾ = how
    /// often row i was drawn), as sklearn does.</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new ParamTable
    {
        { nameof(Criterion), Is.OneOf(TreeParams.ClassificationCriteria) },
        { nameof(ClassWeight), Is.Where<ClassWeight>(c => ClassWeights.IsValid(c, allowSubsample: true), ClassWeights.Allowed + " or \"balanced_subsample\"").OrNull() },
    }.WithForestConstraints();

    /// <inheritdoc/>
    protected override void CheckParams()
    {
        base.CheckParams();
        Forest.CheckOobNeedsBootstrap(GetType().Name, Bootstrap, OobScore);
    }

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n, minClasses: 1);
        int k = ClassLabels.Length;
        var xr = Input.Raw(x);
        var data = new ColumnData(xr, n, p);
        bool subsample = ClassWeight?.Keyword == Options.ClassWeight.BalancedSubsample.Keyword;
        var cw = subsample ? null : ClassWeights.Compute(ClassWeight, ClassLabels, yi, GetType().Name);
        // sklearn: sample_weight * expanded_class_weight, then (per tree) times the draw counts
        var baseWeight = Cart.Multiply(SampleWeight, ClassWeights.PerSample(cw, yi));
        var (fitted, weights) = Forest.GrowTrees(this, GetType().Name, n, p, (w, settings) =>
        {
            // class weights multiply the draw counts; "balanced_subsample" balances the classes of this tree's draws
            // (counted unweighted, as sklearn's compute_sample_weight(indices=...) does)
            var treeCw = subsample ? ClassWeights.Compute(Options.ClassWeight.Balanced, ClassLabels, yi, GetType().Name, w) : null;
            var sw = Cart.Multiply(baseWeight, w);
            if (treeCw is not null)
            {
                var u = new double[n];
                for (int i = 0; i < n; i++) u[i] = (sw is null ? 1.0 : sw[i]) * treeCw[yi[i]];
                sw = u;
            }
            return new TreeBuilder(data, yi, k, null, sw, settings).Build();
        });
        trees = fitted;
        oobScore = double.NaN;
        oobDecision = null;
        if (weights is not null)
        {
            // each row averages the trees that did not see it (in tree order, so the sum is deterministic)
            var dec = new double[n * k];
            long correct = 0;
            Kernels.Par.For(n, 256, (a, len) =>
            {
                var pr = new double[k];
                long ok = 0;
                for (int i = a; i < a + len; i++)
                {
                    Array.Clear(pr);
                    int cnt = 0;
                    for (int t = 0; t < fitted.Length; t++)
                    {
                        if (weights[t][i] != 0) continue;
                        var v = fitted[t].NodeValue(fitted[t].ApplyRow(xr, i));
                        double s = 0;
                        foreach (var c in v) s += c;
                        if (s == 0) s = 1;
                        for (int c = 0; c < k; c++) pr[c] += v[c] / s;
                        cnt++;
                    }
                    int best = 0;
                    for (int c = 0; c < k; c++)
                    {
                        dec[i * k + c] = pr[c] / Math.Max(cnt, 1);
                        if (dec[i * k + c] > dec[i * k + best]) best = c;
                    }
                    if (best == yi[i]) ok++;
                }
                Interlocked.Add(ref correct, ok);
            });
            oobDecision = dec;
            oobScore = (double)correct / n;
        }
    }

    /// <summary>Mean of the trees' leaf class frequencies [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        int n = xm.Shape[0], k = ClassLabels.Length;
        var a = Input.Raw(xm);
        var pr = new double[n * k];
        Kernels.Par.For(n, 64, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                var row = pr.AsSpan(i * k, k);
                foreach (var t in trees)
                {
                    var v = t.NodeValue(t.ApplyRow(a, i));
                    double sum = 0;
                    foreach (var c in v) sum += c;
                    if (sum == 0) sum = 1;
                    for (int c = 0; c < k; c++) row[c] += v[c] / sum;
                }
                for (int c = 0; c < k; c++) row[c] /= trees.Length;
            }
        });
        return Input.Matrix(pr, n, k);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        Forest.Save(state, trees);
        state.Set("oob_score", oobScore);
        state.Set("oob_decision", oobDecision is null ? null : Input.Vector(oobDecision));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        trees = Forest.Load(state, ClassLabels.Length);
        oobScore = state.GetDouble("oob_score");
        oobDecision = state.GetVectorOrNull("oob_decision");
        if (oobDecision is not null && oobDecision.Length % ClassLabels.Length != 0)
            throw state.Invalid("oob_decision", $"holds {oobDecision.Length} values, not a whole number of rows of {ClassLabels.Length} classes");
    }
}
