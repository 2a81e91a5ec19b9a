using Glassbox.ML.Options;

namespace Glassbox.ML.Tree;

/// <summary>
/// The hyperparameters every CART estimator shares (the decision trees and the random forests), as scikit-learn's
/// <c>BaseDecisionTree</c> and <c>BaseForest</c> share them.
/// </summary>
/// <remarks>
/// The twins cannot share a base class: the classifier derives from <see cref="ProbabilisticClassifier{TSelf}"/> and the
/// regressor from <see cref="Regressor{TSelf}"/>, and a class has one base. So each twin declares the properties (the
/// hyperparameters are read from its constructor and properties), implements this interface, and the shared code —
/// the constraint entries (<see cref="Cart.WithCartConstraints"/>), the tree settings (<see cref="Cart.Settings(ICartHyperparameters, int, uint, bool)"/>),
/// the forest loop (<c>Forest.GrowTrees</c>) — reads them through it.
/// </remarks>
internal interface ICartHyperparameters
{
    /// <summary>Impurity measure (<c>criterion</c>).</summary>
    Criterion Criterion { get; }
    /// <summary>Maximum depth, null for unlimited (<c>max_depth</c>).</summary>
    int? MaxDepth { get; }
    /// <summary>Smallest splittable node (<c>min_samples_split</c>).</summary>
    int MinSamplesSplit { get; }
    /// <summary>Smallest leaf (<c>min_samples_leaf</c>).</summary>
    int MinSamplesLeaf { get; }
    /// <summary>Features tried per split, null for all (<c>max_features</c>).</summary>
    MaxFeatures? MaxFeatures { get; }
    /// <summary>Minimum weighted impurity decrease of a split (<c>min_impurity_decrease</c>).</summary>
    double MinImpurityDecrease { get; }
    /// <summary>Seed (<c>random_state</c>).</summary>
    long? RandomState { get; }
    /// <summary>Cost-complexity pruning strength (<c>ccp_alpha</c>).</summary>
    double CcpAlpha { get; }
    /// <summary>Most leaves per tree, null for depth-first growth without a limit (<c>max_leaf_nodes</c>).</summary>
    int? MaxLeafNodes { get; }
}
