using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>
/// A CART regression tree (<c>sklearn.tree.DecisionTreeRegressor</c>, best splitter): splits x_f ≤ t maximising the
/// weighted decrease of the node variance ("squared_error"), or Friedman's improvement ("friedman_mse");
/// leaves predict the mean target of their training samples.
/// </summary>
/// <remarks>
/// <para>Grown exactly as scikit-learn 1.2 grows it; see <see cref="DecisionTreeClassifier"/> and <see cref="TreeBuilder"/>.</para>
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>) make every node statistic weighted: w_t = Σ_{i∈t} wᵢ,
/// ȳ_t = Σ wᵢyᵢ / w_t, imp(t) = Σ wᵢyᵢ² / w_t − ȳ_t²; the split proxy S_L²/w_L + S_R²/w_R (S = Σ wᵢyᵢ), the
/// decrease w_t/w·(imp(t) − w_L/w_t·imp(L) − w_R/w_t·imp(R)) and the leaf value ȳ_t use them. As in sklearn, samples
/// of weight 0 are dropped before growing, so <see cref="CartBase{TSelf}.MinSamplesLeaf"/> counts samples of positive weight.
/// </para>
/// </remarks>
public sealed class DecisionTreeRegressor : DecisionTreeBase<DecisionTreeRegressor>, IRegressor
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="criterion"><see cref="Criterion.SquaredError"/> or <see cref="Criterion.FriedmanMse"/> (<c>criterion</c>).</param>
    /// <param name="maxDepth">Maximum depth (root = 0), null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesSplit">Smallest node that may be split (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest allowed leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxFeatures">Features tried per split: null (all), <see cref="Options.MaxFeatures.Sqrt"/>, <see cref="Options.MaxFeatures.Log2"/>,
    /// an int (a count) or a double (a fraction) (<c>max_features</c>).</param>
    /// <param name="randomState">Seed of the feature-visit order (<c>random_state</c>); null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="minImpurityDecrease">A node is split only if the weighted decrease ≥ this (<c>min_impurity_decrease</c>).</param>
    /// <param name="ccpAlpha">Complexity parameter α ≥ 0 of minimal cost-complexity pruning: after growing, collapse
    /// every branch whose effective alpha is ≤ α (<c>ccp_alpha</c>; 0 = no pruning; see <see cref="CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public DecisionTreeRegressor(Criterion criterion = Criterion.SquaredError, int? maxDepth = null, int minSamplesSplit = 2, int minSamplesLeaf = 1,
        MaxFeatures? maxFeatures = null, long? randomState = null, double minImpurityDecrease = 0.0, double ccpAlpha = 0.0, int? maxLeafNodes = null)
        : base(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, minImpurityDecrease, randomState, ccpAlpha, maxLeafNodes) { }

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> weighs each sample's mass in the node means and variances by wᵢ.</summary>
    public override bool SupportsSampleWeight => true;

    private protected override ParamTable OwnConstraints => new()
    {
        { nameof(Criterion), Is.OneOf(TreeParams.RegressionCriteria) },
    };

    private protected override int NodeValues => 1;

    private protected override TreeStructure GrowTree(ColumnData data, Tensor? y)
    {
        var yr = Input.Targets(y, data.N, GetType().Name);
        return new TreeBuilder(data, null, 1, yr, SampleWeight, Settings(data.P, Cart.SplitterSeed(RandomState), true)).Build();
    }

    /// <summary>Mean training target of the leaf of each sample [n_samples] (<c>predict</c>).</summary>
    public Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        var tree = FittedTree;
        int n = xm.Shape[0];
        var a = Input.Raw(xm);
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = tree.value[tree.ApplyRow(a, i)];
        return Input.Vector(r);
    }

    /// <summary>Coefficient of determination R² of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Regression.R2Score(y, Predict(x), sampleWeight);

    /// <summary>The rules as text, in <c>sklearn.tree.export_text</c>'s format (see <see cref="TreeExport"/>).</summary>
    public string ExportText(IReadOnlyList<string>? featureNames = null, int maxDepth = 10, int spacing = 3, int decimals = 2) =>
        TreeExport.Text(Tree, featureNames, null, maxDepth, spacing, decimals, false);
}
