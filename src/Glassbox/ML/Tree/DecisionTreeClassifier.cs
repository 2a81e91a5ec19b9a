using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>
/// A CART classification tree (<c>sklearn.tree.DecisionTreeClassifier</c>, best splitter): recursive binary splits
/// x_f ≤ t chosen to maximise the weighted impurity decrease
/// Δ = N_t/N · (imp(t) − N_L/N_t · imp(L) − N_R/N_t · imp(R)), with imp = Gini 1 − Σₖ pₖ² or entropy −Σₖ pₖ log₂ pₖ.
/// </summary>
/// <remarks>
/// <para>
/// Grown exactly as scikit-learn 1.2 grows it (see <see cref="TreeBuilder"/>): features as float32, thresholds at
/// midpoints, the same node numbering (depth-first, or best-first with <see cref="MaxLeafNodes"/>), and with an integer <see cref="RandomState"/> the same
/// feature-visit order (sklearn's MT19937 seeding and splitter xorshift are reproduced), so on data whose candidate
/// splits never tie the tree is node-for-node sklearn's. <see cref="PredictProba"/> is the training class frequency
/// of the leaf.
/// </para>
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>) enter every class sum: with uᵢ = wᵢ·class_weight(yᵢ), the node
/// counts are N_t,k = Σ_{i∈t, yᵢ=k} uᵢ, so pₖ, the impurities, the weighted impurity decrease Δ (N_t/N with
/// N = Σᵢ uᵢ) and <c>tree_.value</c> are all weighted, and so are <see cref="PredictProba"/> and
/// <see cref="FeatureImportances"/>. As in sklearn, samples with uᵢ = 0 are dropped before growing, so
/// <see cref="MinSamplesLeaf"/> and <see cref="MinSamplesSplit"/> count the samples of positive weight (not weight).
/// </para>
/// </remarks>
public sealed class DecisionTreeClassifier : ProbabilisticClassifier<DecisionTreeClassifier>, ICartHyperparameters
{
    private TreeStructure? tree;

    /// <summary>Creates the estimator.</summary>
    /// <param name="criterion"><see cref="Criterion.Gini"/>, <see cref="Criterion.Entropy"/> or <see cref="Criterion.LogLoss"/> (<c>criterion</c>).</param>
    /// <param name="maxDepth">Maximum depth (root = 0), null for unlimited (<c>max_depth</c>).</param>
    /// <param name="minSamplesSplit">Smallest node that may be split (<c>min_samples_split</c>).</param>
    /// <param name="minSamplesLeaf">Smallest allowed leaf (<c>min_samples_leaf</c>).</param>
    /// <param name="maxFeatures">Features tried per split: null (all), <see cref="Options.MaxFeatures.Sqrt"/>, <see cref="Options.MaxFeatures.Log2"/>,
    /// an int (a count) or a double (a fraction) (<c>max_features</c>).</param>
    /// <param name="randomState">Seed of the feature-visit order (<c>random_state</c>); null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="minImpurityDecrease">A node is split only if Δ ≥ this (<c>min_impurity_decrease</c>).</param>
    /// <param name="classWeight">Per-class sample weights in the impurity sums: null, <see cref="Options.ClassWeight.Balanced"/> or
    /// {label: weight}
    /// (<c>class_weight</c>, see <see cref="ClassWeights"/>).</param>
    /// <param name="ccpAlpha">Complexity parameter α ≥ 0 of minimal cost-complexity pruning: after growing, collapse
    /// every branch whose effective alpha is ≤ α (<c>ccp_alpha</c>; 0 = no pruning; see <see cref="CostComplexityPruning"/>).</param>
    /// <param name="maxLeafNodes">Most leaves a tree may have (<c>max_leaf_nodes</c>, ≥ 2): when set, trees grow best-first,
    /// always splitting the waiting node whose split decreases the weighted impurity most, until maxLeafNodes − 1 splits
    /// were made; null grows depth-first without a leaf limit.</param>
    public DecisionTreeClassifier(Criterion criterion = Criterion.Gini, int? maxDepth = null, int minSamplesSplit = 2, int minSamplesLeaf = 1,
        MaxFeatures? maxFeatures = null, long? randomState = null, double minImpurityDecrease = 0.0, ClassWeight? classWeight = null,
        double ccpAlpha = 0.0, int? maxLeafNodes = null)
    {
        ClassWeight = classWeight; CcpAlpha = ccpAlpha;
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
    /// <summary>Per-class sample weights (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }
    /// <summary>Cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>The fitted node arrays (<c>tree_</c>).</summary>
    public TreeStructure Tree => Learned(tree!, nameof(Tree));

    /// <summary>Normalised total impurity decrease per feature, summing to 1 (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Tree.FeatureImportances(true));

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> weighs every sample's count in the class sums by wᵢ (times its class
    /// weight); samples of weight 0 are left out of the tree and do not count towards <see cref="MinSamplesLeaf"/>.</summary>
    public override bool SupportsSampleWeight => true;

    /// <inheritdoc/>
    protected override ParamTable Constraints => new ParamTable
    {
        { nameof(Criterion), Is.OneOf(TreeParams.ClassificationCriteria) },
        // "balanced_subsample" needs bootstrap samples: forests only
        { nameof(ClassWeight), Is.Where<ClassWeight>(c => ClassWeights.IsValid(c), ClassWeights.Allowed).OrNull() },
    }.WithCartConstraints();

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var yi = EncodeTargets(y, n, minClasses: 1);
        // sklearn: sample_weight * expanded_class_weight (the class weights themselves ignore sample_weight)
        var w = Cart.Multiply(SampleWeight, ClassWeights.PerSample(ClassWeights.Compute(ClassWeight, ClassLabels, yi, GetType().Name), yi));
        tree = CostComplexityPruning.Prune(Grow(new ColumnData(Input.Raw(x), n, p), yi, ClassLabels.Length, w, true), CcpAlpha);
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

    /// <summary>Grows the tree on prepared data (used by the forest too).</summary>
    internal TreeStructure Grow(ColumnData data, int[] y, int nClasses, double[]? weight, bool parallel) =>
        new TreeBuilder(data, y, nClasses, null, weight,
            Cart.Settings(this, data.P, Cart.SplitterSeed(RandomState), parallel)).Build();

    /// <summary>Leaf class frequencies [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public override Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        int n = xm.Shape[0], k = tree!.NValues;
        var pr = new double[n * k];
        Cart.AddProba(tree, Input.Raw(xm), n, pr);
        return Input.Matrix(pr, n, k);
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
    public string ExportText(IReadOnlyList<string>? featureNames = null, int maxDepth = 10, int spacing = 3, int decimals = 2, bool showWeights = false) =>
        TreeExport.Text(Tree, featureNames, ClassLabels, maxDepth, spacing, decimals, showWeights);

    /// <inheritdoc/>
    protected override void SaveState(ModelState state)
    {
        base.SaveState(state);
        tree!.Save(state, "tree.");
    }

    /// <inheritdoc/>
    protected override void LoadState(ModelState state)
    {
        base.LoadState(state);
        tree = TreeStructure.Load(state, "tree.", ClassLabels.Length);
    }
}
