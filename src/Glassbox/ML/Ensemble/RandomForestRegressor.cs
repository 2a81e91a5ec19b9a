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
/// <see cref="ForestBase{TSelf}.OobScoreFitted"/> is the unweighted R² of the out-of-bag predictions over all rows (sklearn's <c>r2_score</c>
/// without <c>sample_weight</c>).
/// </para>
/// </remarks>
public sealed class RandomForestRegressor : ForestBase<RandomForestRegressor>, IRegressor
{
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
        : base(nEstimators, criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures ?? Options.MaxFeatures.Fraction(1.0), minImpurityDecrease,
            bootstrap, oobScore, nJobs, randomState, maxSamples, ccpAlpha, maxLeafNodes) { }

    /// <summary>Mean out-of-bag prediction per training row [n_samples] (<c>oob_prediction_</c>); rows never out of bag are 0.</summary>
    public Tensor OobPrediction => OobScore ? Input.Vector(Learned(OobMean!, nameof(OobPrediction)))
        : throw new InvalidOperationException("RandomForestRegressor.OobPrediction: fit with oobScore: true");

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> grows tree b with weights wᵢ·cᵢ⁽ᵇ⁾ (cᵢ⁽ᵇ⁾ = how often row i was
    /// drawn), as sklearn does.</summary>
    public override bool SupportsSampleWeight => true;

    private protected override ParamTable OwnConstraints => new()
    {
        { nameof(Criterion), Is.OneOf(TreeParams.RegressionCriteria) },
    };

    private protected override int NodeValues => 1;

    private protected override string OobKey => "oob_prediction";

    private protected override void AddLeaf(TreeStructure t, int leaf, Span<double> row) => row[0] += t.value[leaf];

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        var yr = Input.Targets(y, x.Shape[0], GetType().Name);
        FitForest(x, (data, w, settings) => new TreeBuilder(data, null, 1, yr, Cart.Multiply(SampleWeight, w), settings).Build(),
            oob => Metrics.Regression.R2Score(Input.Vector(yr), Input.Vector(oob)));
    }

    /// <summary>Mean of the trees' predictions [n_samples] (<c>predict</c>).</summary>
    public Tensor Predict(Tensor x) => Input.Vector(MeanOverTrees(x, nameof(Predict)));

    /// <summary>Coefficient of determination R² of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);
}
