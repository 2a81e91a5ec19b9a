using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>
/// The hyperparameters every CART estimator shares — the decision trees and the random forests, classifier and
/// regressor alike — declared once, with their constraint table (scikit-learn's <c>BaseDecisionTree</c> holds them, and
/// <c>BaseForest</c> passes the same names on to its trees).
/// </summary>
/// <remarks>
/// <para>
/// Why base classes, and why "classifier" is not one: a C# class has one base, and a classifier/regressor twin pair
/// shares far more with its twin (hyperparameters, constraint entries, fitted attributes, fitting and prediction
/// machinery) than with the other classifiers. So the twins derive from their model family
/// (<see cref="DecisionTreeBase{TSelf}"/>, <see cref="Ensemble.ForestBase{TSelf}"/>, which derive from this class), and
/// the classifier side is the <see cref="IProbabilisticClassifier"/> interface plus a <see cref="ClassEncoding"/>
/// component that keeps the labels — the same component <see cref="Classifier{TSelf}"/> wraps for the estimators
/// without a twin. The hyperparameters are still read from the concrete class's constructor, as for every estimator;
/// the properties found by name are inherited from here.
/// </para>
/// <para>
/// The constructor is <c>private protected</c>: the tree machinery the subclasses call is internal, so only this
/// library can add a subclass.
/// </para>
/// </remarks>
public abstract class CartBase<TSelf> : Estimator<TSelf> where TSelf : CartBase<TSelf>
{
    /// <summary>Stores the shared hyperparameters (validated in Fit, like every hyperparameter).</summary>
    private protected CartBase(Criterion criterion, int? maxDepth, int minSamplesSplit, int minSamplesLeaf, MaxFeatures? maxFeatures,
        double minImpurityDecrease, long? randomState, double ccpAlpha, int? maxLeafNodes)
    {
        Criterion = criterion; MaxDepth = maxDepth; MinSamplesSplit = minSamplesSplit; MinSamplesLeaf = minSamplesLeaf;
        MaxFeatures = maxFeatures; MinImpurityDecrease = minImpurityDecrease; RandomState = randomState; CcpAlpha = ccpAlpha;
        MaxLeafNodes = maxLeafNodes;
    }

    /// <summary>Impurity measure (<c>criterion</c>): Gini, entropy or log loss for classifiers, squared error or
    /// Friedman's MSE for regressors.</summary>
    public Criterion Criterion { get; }
    /// <summary>Maximum depth (root = 0), null for unlimited (<c>max_depth</c>).</summary>
    public int? MaxDepth { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    public int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    public int MinSamplesLeaf { get; }
    /// <summary>Features tried per split, null for all (<c>max_features</c>).</summary>
    public MaxFeatures? MaxFeatures { get; }
    /// <summary>Minimum weighted impurity decrease of a split (<c>min_impurity_decrease</c>).</summary>
    public double MinImpurityDecrease { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    public long? RandomState { get; }
    /// <summary>Cost-complexity pruning strength applied to every tree after growing (<c>ccp_alpha</c>).</summary>
    public double CcpAlpha { get; }
    /// <summary>Most leaves per tree, null for no limit (<c>max_leaf_nodes</c>); when set, trees grow best-first.</summary>
    public int? MaxLeafNodes { get; }

    /// <summary>True: every CART estimator weighs each sample's count or mass in the node statistics by wᵢ (see the
    /// concrete class for what else the weights touch).</summary>
    public override bool SupportsSampleWeight => true;

    /// <summary>The entries only one twin has (its criteria, class weights); they come first in
    /// <see cref="Constraints"/>, before the shared ones.</summary>
    private protected abstract ParamTable OwnConstraints { get; }

    /// <inheritdoc/>
    protected override ParamTable Constraints => OwnConstraints.WithCartConstraints();

    /// <summary>Values per tree node: the number of classes for a classifier, 1 for a regressor (the shape of a saved
    /// tree's <c>value</c> array).</summary>
    private protected abstract int NodeValues { get; }

    /// <summary>The settings record of one tree of this estimator for data with <paramref name="nFeatures"/> columns;
    /// <c>max_features</c> resolves to sklearn's <c>max_features_</c>.</summary>
    private protected TreeSettings Settings(int nFeatures, uint seed, bool parallel) =>
        Cart.Settings(TreeParams.ToSplit(Criterion), MaxDepth, MinSamplesSplit, MinSamplesLeaf, MaxFeatures, MinImpurityDecrease,
            MaxLeafNodes, nFeatures, seed, parallel);
}
