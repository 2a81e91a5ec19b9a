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
/// midpoints, the same node numbering (depth-first, or best-first with <see cref="CartBase{TSelf}.MaxLeafNodes"/>), and with an integer <see cref="CartBase{TSelf}.RandomState"/> the same
/// feature-visit order (sklearn's MT19937 seeding and splitter xorshift are reproduced), so on data whose candidate
/// splits never tie the tree is node-for-node sklearn's. <see cref="PredictProba"/> is the training class frequency
/// of the leaf.
/// </para>
/// <para>
/// Sample weights (<c>fit(X, y, sample_weight)</c>) enter every class sum: with uᵢ = wᵢ·class_weight(yᵢ), the node
/// counts are N_t,k = Σ_{i∈t, yᵢ=k} uᵢ, so pₖ, the impurities, the weighted impurity decrease Δ (N_t/N with
/// N = Σᵢ uᵢ) and <c>tree_.value</c> are all weighted, and so are <see cref="PredictProba"/> and
/// <see cref="DecisionTreeBase{TSelf}.FeatureImportances"/>. As in sklearn, samples with uᵢ = 0 are dropped before growing, so
/// <see cref="CartBase{TSelf}.MinSamplesLeaf"/> and <see cref="CartBase{TSelf}.MinSamplesSplit"/> count the samples of positive weight (not weight).
/// </para>
/// </remarks>
public sealed class DecisionTreeClassifier : DecisionTreeBase<DecisionTreeClassifier>, IProbabilisticClassifier
{
    private readonly ClassEncoding classes = new();

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
        : base(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, minImpurityDecrease, randomState, ccpAlpha, maxLeafNodes)
    {
        ClassWeight = classWeight;
    }

    /// <summary>Per-class sample weights (<c>class_weight</c>).</summary>
    public ClassWeight? ClassWeight { get; }

    /// <inheritdoc/>
    public Tensor Classes => Learned(classes, nameof(Classes)).ToTensor();

    /// <summary>True: <c>Fit(x, y, sampleWeight)</c> weighs every sample's count in the class sums by wᵢ (times its class
    /// weight); samples of weight 0 are left out of the tree and do not count towards <see cref="CartBase{TSelf}.MinSamplesLeaf"/>.</summary>
    public override bool SupportsSampleWeight => true;

    private protected override ParamTable OwnConstraints => new()
    {
        { nameof(Criterion), Is.OneOf(TreeParams.ClassificationCriteria) },
        // "balanced_subsample" needs bootstrap samples: forests only
        { nameof(ClassWeight), Is.Where<ClassWeight>(c => ClassWeights.IsValid(c), ClassWeights.Allowed).OrNull() },
    };

    private protected override int NodeValues => classes.Labels.Length;

    private protected override TreeStructure GrowTree(ColumnData data, Tensor? y)
    {
        var yi = classes.Encode(y, data.N, GetType().Name, minClasses: 1);
        var labels = classes.Labels;
        // sklearn: sample_weight * expanded_class_weight (the class weights themselves ignore sample_weight)
        var w = Cart.Multiply(SampleWeight, ClassWeights.PerSample(ClassWeights.Compute(ClassWeight, labels, yi, GetType().Name), yi));
        return new TreeBuilder(data, yi, labels.Length, null, w, Settings(data.P, Cart.SplitterSeed(RandomState), true)).Build();
    }

    /// <summary>Leaf class frequencies [n_samples, n_classes] (<c>predict_proba</c>).</summary>
    public Tensor PredictProba(Tensor x)
    {
        var xm = CheckInput(x, nameof(PredictProba));
        var tree = FittedTree;
        int n = xm.Shape[0], k = tree.NValues;
        var pr = new double[n * k];
        Cart.AddProba(tree, Input.Raw(xm), n, pr);
        return Input.Matrix(pr, n, k);
    }

    /// <summary>The class of the largest leaf frequency per sample, int64 [n_samples] (<c>predict</c>; ties: the lowest class).</summary>
    public Tensor Predict(Tensor x) => classes.LabelsOfArgmax(PredictProba(x));

    /// <summary>Mean accuracy of <see cref="Predict"/> against y (<c>score</c>).</summary>
    public double Score(Tensor x, Tensor y, Tensor? sampleWeight = null) => Metrics.Classification.AccuracyScore(y, Predict(x), sampleWeight);

    /// <summary>The rules as text, in <c>sklearn.tree.export_text</c>'s format (see <see cref="TreeExport"/>).</summary>
    public string ExportText(IReadOnlyList<string>? featureNames = null, int maxDepth = 10, int spacing = 3, int decimals = 2, bool showWeights = false) =>
        TreeExport.Text(Tree, featureNames, classes.Labels, maxDepth, spacing, decimals, showWeights);

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
    }
}
