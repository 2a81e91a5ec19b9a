using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>
/// What <see cref="DecisionTreeClassifier"/> and <see cref="DecisionTreeRegressor"/> share (scikit-learn's
/// <c>BaseDecisionTree</c>): one CART tree grown as sklearn 1.2 grows it (see <see cref="TreeBuilder"/>), pruned with
/// <see cref="CartBase{TSelf}.CcpAlpha"/>, and everything read off the fitted tree — leaf indices, depth, leaf count,
/// importances, the pruning path — plus its place in the model file. A twin supplies how y becomes the tree's
/// targets (<see cref="GrowTree"/>) and what a leaf predicts.
/// </summary>
/// <remarks>See <see cref="CartBase{TSelf}"/> for why the twins share a base class and the classifier side is an
/// interface plus a component.</remarks>
public abstract class DecisionTreeBase<TSelf> : CartBase<TSelf> where TSelf : DecisionTreeBase<TSelf>
{
    private TreeStructure? tree;

    /// <summary>Stores the shared hyperparameters.</summary>
    private protected DecisionTreeBase(Criterion criterion, int? maxDepth, int minSamplesSplit, int minSamplesLeaf, MaxFeatures? maxFeatures,
        double minImpurityDecrease, long? randomState, double ccpAlpha, int? maxLeafNodes)
        : base(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, minImpurityDecrease, randomState, ccpAlpha, maxLeafNodes) { }

    /// <summary>The fitted node arrays (<c>tree_</c>).</summary>
    public TreeStructure Tree => Learned(tree!, nameof(Tree));

    /// <summary>The fitted tree without the fitted check, for the prediction code after <see cref="Estimator{TSelf}.CheckInput"/>.</summary>
    private protected TreeStructure FittedTree => tree!;

    /// <summary>Normalised total impurity decrease per feature, summing to 1 (<c>feature_importances_</c>).</summary>
    public Tensor FeatureImportances => Input.Vector(Tree.FeatureImportances(true));

    /// <summary>
    /// Validates y, turns it into the tree's targets (class indices and weights, or values) and grows the unpruned tree
    /// on <paramref name="data"/> with the sample weights of the Fit in progress.
    /// </summary>
    private protected abstract TreeStructure GrowTree(ColumnData data, Tensor? y);

    /// <inheritdoc/>
    protected override void FitCore(Tensor x, Tensor? y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        tree = CostComplexityPruning.Prune(GrowTree(new ColumnData(Input.Raw(x), n, p), y), CcpAlpha);
    }

    /// <summary>
    /// The pruning path of the tree this estimator grows on (x, y) without pruning (<c>cost_complexity_pruning_path</c>):
    /// the alphas worth trying as <see cref="CartBase{TSelf}.CcpAlpha"/>, e.g. in a grid search.
    /// </summary>
    public CostComplexityPath CostComplexityPruningPath(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        var full = Clone(new Dictionary<string, object?> { [nameof(CcpAlpha)] = 0.0 }).Fit(x, y, sampleWeight);
        var (alphas, impurities) = CostComplexityPruning.Path(full.Tree);
        return new CostComplexityPath(Input.Vector(alphas), Input.Vector(impurities));
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

    /// <inheritdoc/>
    protected override void SaveState(ModelState state) => tree!.Save(state, "tree.");

    /// <inheritdoc/>
    protected override void LoadState(ModelState state) => tree = TreeStructure.Load(state, "tree.", NodeValues);
}
