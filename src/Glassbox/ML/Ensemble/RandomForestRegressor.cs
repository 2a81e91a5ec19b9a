using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Random forest regressor (Breiman, 2001; <c>sklearn.ensemble.RandomForestRegressor</c>): the mean of B CART
/// regression trees, each grown on a bootstrap sample, ŷ(x) = (1/B) Σ_b ŷ_b(x).
/// </summary>
/// <remarks>
/// Default <c>max_features</c> = 1.0 (all features, i.e. bagged trees), as sklearn ≥ 1.1. Seeding, parallelism and the
/// bootstrap-as-weights rule are those of <see cref="RandomForestClassifier"/>.
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>): tree b is grown with uᵢ = wᵢ·cᵢ⁽ᵇ⁾ (cᵢ⁽ᵇ⁾ = draws of row i,
/// 1 without bootstrap), so its node means Σuᵢyᵢ/Σuᵢ and variances are weighted; the draws themselves stay uniform.
/// <see cref="OobScoreFitted"/> is the unweighted R² of the out-of-bag predictions over all rows (sklearn's <c>r2_score</c>
/// without <c>sample_weight</c>).
/// </para>
/// </remarks>
public sealed class RandomForestRegressor : Regressor<RandomForestRegressor>, IForestHyperparameters
{
    private TreeStructure[] trees = [];
    private double oobScore = double.NaN;
    private double[]? oobPrediction;

    /// <summary>Creates the estimator.</summary>
    /// <param name="nEstimators">Number of trees (<c>n_estimators</c>).</param>
    /// <param name="criterion"><see cref="Criterion.SquaredError"/> or <see cref="Criterion.FriedmanMse"/> (<c>criterion</c>).</param>
    /// <param name="maxDepth">Maximum tree depth, null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesSplit">Smallest splittable node (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxFeatures">Features tried per split: a double (a fraction; 1.0 = all), <see cref="Options.MaxFeatures.Sqrt"/>,
    /// <see cref="Options.MaxFeatures.Log2"/> or an int (a count) (<c>max_features</c>); null means the default 1.0.</param>
    /// <param name="minImpurityDecrease">Minimum weighted impurity decrease of a split (<c>min_impurity_decrease</c>).</param>
    /// <param name="bootstrap">Grow each tree on a bootstrap sample (<c>bootstrap</c>).</param>
    /// <param name="oobScore">Compute the out-of-bag R² (<c>oob_score</c>).</param>
    /// <param name="nJobs">Threads for fitting (<c>n_jobs</c>); null or −1 for <c>Par.MaxThreads</c>.</param>
    /// <param name="randomState">Forest seed (<c>random_state</c>); null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="maxSamples">Bootstrap size: null (n), an int, or a fraction of n (<c>max_samples</c>).</param>
    /// <param name="ccpAlpha">Cost-complexity pruning α ≥ 0 applied to every tree after growing (<c>ccp_alpha</c>; 0 = none,
    /// see <see cref="Tree.CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public RandomForestRegressor(int nEstimators = 100, Criterion criterion = Criterion.SquaredError, int? maxDepth = null, int minSamplesSplit = 2,
        int minSamplesLeaf = 1, MaxFeatures? maxFeatures = null, double minImpurityDecrease = 0.0, bool bootstrap = true,
        bool oobScore = false, int? nJobs = null, long? randomState = null, MaxSamples? maxSamples = null, double ccpAlpha = 0.0, int? maxLeafNodes = null)
    {
        CcpAlpha = ccpAlpha;
        MaxLeafNodes = maxLeafNodes;
        NEstimators = nEstimators; Criterion = criterion; MaxDepth = maxDepth; MinSamplesSplit = minSamplesSplit;
        MinSamplesLeaf = minSamplesLeaf; MaxFeatures = maxFeatures ?? Options.MaxFeatures.Fraction(1.0); MinImpurityDecrease = minImpurityDecrease;
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
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>The fitted trees (<c>[e.tree_ for e in estimators_]</c>).</summary>
    public IReadOnlyList<TreeStructure> Trees => Learned(trees, nameof(Trees));

    /// <summary>R² of the out-of-bag predictions (<c>oob_score_</c>); requires oobScore: true.</summary>
    public double OobScoreFitted => OobScore ? Learned(oobScore, nameof(OobScoreFitted)) : throw new InvalidOperationException("RandomForestRegressor.OobScoreFitted: fit with oobScore: true");

    /// <summary>Mean out-of-bag prediction per training row [n_samples] (<c>oob_prediction_</c>); rows never out of bag are 0.</summary>
    public Tensor OobPrediction => OobScore ? Input.Vector(Learned(oobPrediction!, nameof(OobPrediction)))
        : throw new InvalidOperationException("RandomForestRegressor.OobPrediction: fit with oobScore: true");

    /// <summary>Mean of the trees' normalised impurity importances (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Forest.FeatureImportances(Trees, NFeaturesIn));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> grows tree b with weights wᵢ·cᵢ⁽ᵇ⁾ (cᵢ⁽ᵇ⁾ = how often row i was
    /// drawn), as sklearn does.</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new ParamTable
    {
        { nameof(Criterion), Is.OneOf(TreeParams.RegressionCriteria) },
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
        var yr = Input.Targets(y, n, GetType().Name);
        var xr = Input.Raw(x);
        var data = new ColumnData(xr, n, p);
        var (fitted, weights) = Forest.GrowTrees(this, GetType().Name, n, p,
            (w, settings) => new TreeBuilder(data, null, 1, yr, Cart.Multiply(SampleWeight, w), settings).Build());
        trees = fitted;
        oobScore = double.NaN;
        oobPrediction = null;
        if (weights is not null)
        {
            var pred = new double[n];
            Kernels.Par.For(n, 256, (a, len) =>
            {
                for (int i = a; i < a + len; i++)
                {
                    double s = 0;
                    int cnt = 0;
                    for (int t = 0; t < fitted.Length; t++)
                    {
                        if (weights[t][i] != 0) continue;
                        s += fitted[t].value[fitted[t].ApplyRow(xr, i)];
                        cnt++;
                    }
                    pred[i] = s / Math.Max(cnt, 1);
                }
            });
            oobPrediction = pred;
            oobScore = Metrics.Regression.R2Score(Input.Vector(yr), Input.Vector(pred));
        }
    }

    /// <summary>Mean of the trees' predictions [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0];
        var a = Input.Raw(xm);
        var r = new double[n];
        Kernels.Par.For(n, 64, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                double sum = 0;
                foreach (var t in trees) sum += t.value[t.ApplyRow(a, i)];
                r[i] = sum / trees.Length;
            }
        });
        return Input.Vector(r);
    }

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        Forest.Save(state, trees);
        state.Set("oob_score", oobScore);
        state.Set("oob_prediction", oobPrediction is null ? null : Input.Vector(oobPrediction));
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        trees = Forest.Load(state, 1);
        oobScore = state.GetDouble("oob_score");
        oobPrediction = state.GetVectorOrNull("oob_prediction");
    }
}
