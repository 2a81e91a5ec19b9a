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
/// of weight 0 are dropped before growing, so <see cref="MinSamplesLeaf"/> counts samples of positive weight.
/// </para>
/// </remarks>
public sealed class DecisionTreeRegressor : Regressor<DecisionTreeRegressor>, ICartHyperparameters
{
    private TreeStructure? tree;

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
    {
        CcpAlpha = ccpAlpha;
        MaxLeafNodes = maxLeafNodes;
        Criterion = criterion; MaxDepth = maxDepth; MinSamplesSplit = minSamplesSplit; MinSamplesLeaf = minSamplesLeaf;
        MaxFeatures = maxFeatures; RandomState = randomState; MinImpurityDecrease = minImpurityDecrease;
    }

    /// <summary>Impurity measure (<c>criterion</c>).</summary>
    public Criterion Criterion { get; }
    /// <summary>Maximum depth (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    public int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>Features tried per split (<c>max_features</c>).</summary>
    public MaxFeatures? MaxFeatures { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Minimum impurity decrease of a split (<c>min_impurity_decrease</c>).</summary>
    public double MinImpurityDecrease { get; }
    /// <summary>Cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>The fitted node arrays (<c>tree_</c>).</summary>
    public TreeStructure Tree => Learned(tree!, nameof(Tree));

    /// <summary>Normalised total impurity decrease per feature, summing to 1 (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Tree.FeatureImportances(true));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> weighs each sample's mass in the node means and variances by wᵢ.</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new ParamTable
    {
        { nameof(Criterion), Is.OneOf(TreeParams.RegressionCriteria) },
    }.WithCartConstraints();

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yr = Input.Targets(y, n, GetType().Name);
        tree = CostComplexityPruning.Prune(Grow(new ColumnData(Input.Raw(x), n, p), yr, SampleWeight, Cart.SplitterSeed(RandomState), true), CcpAlpha);
    }

    /// <summary>
    /// The pruning path of the tree this estimator grows on (x, y) without pruning (<c>cost_complexity_pruning_path</c>):
    /// the alphas worth trying as <see cref="CcpAlpha"/>, e.g. in a grid search.
    /// </summary>
    public CostComplexityPath CostComplexityPruningPath(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        var full = Clone(new Dictionary<string, object?> { [nameof(CcpAlpha)] = 0.0 }).Fit(x, y, sampleWeight);
        var (alphas, impurities) = CostComplexityPruning.Path(full.Tree);
        return new CostComplexityPath(Input.Vector(alphas), Input.Vector(impurities));
    }

    /// <summary>Grows the tree on prepared data with an explicit splitter seed (forests and boosting).</summary>
    internal TreeStructure Grow(ColumnData data, double[] y, double[]? weight, uint splitterSeed, bool parallel) =>
        new TreeBuilder(data, null, 1, y, weight,
            Cart.Settings(this, data.P, splitterSeed, parallel)).Build();

    /// <summary>Mean training target of the leaf of each sample [n_samples] (<c>predict</c>).</summary>
    public override Tensor Predict(Tensor x)
    {
        var xm = CheckInput(x, nameof(Predict));
        int n = xm.Shape[0];
        var a = Input.Raw(xm);
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = tree!.value[tree.ApplyRow(a, i)];
        return Input.Vector(r);
    }

    /// <summary>Index of the leaf each sample lands in, int64 [n_samples] (<c>apply</c>).</summary>
    public Tensor Apply(Tensor x)
    {
        var xm = CheckInput(x, nameof(Apply));
        return Tensor.FromArray(tree!.Apply(Input.Raw(xm), xm.Shape[0]).Select(v => (long)v).ToArray(), [xm.Shape[0]]);
    }

    /// <summary>Depth of the tree (<c>get_depth()</c>).</summary>
    public int GetDepth() => Tree.MaxDepth;

    /// <summary>Number of leaves (<c>get_n_leaves()</c>).</summary>
    public int GetNLeaves() => Tree.NLeaves;

    /// <summary>The rules as text, in <c>sklearn.tree.export_text</c>'s format (see <see cref="TreeExport"/>).</summary>
    public string ExportText(IReadOnlyList<string>? featureNames = null, int maxDepth = 10, int spacing = 3, int decimals = 2) =>
        TreeExport.Text(Tree, featureNames, null, maxDepth, spacing, decimals, false);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => tree!.Save(state, "tree.");

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => tree = TreeStructure.Load(state, "tree.", 1);
}
