using Glassbox.ML.Tree;

namespace Glassbox.ML.Ensemble;

/// <summary>The hyperparameters both random forests add to the CART ones (scikit-learn's <c>BaseForest</c>); see
/// <see cref="ICartHyperparameters"/> for why this is an interface and not a base class.</summary>
internal interface IForestHyperparameters : ICartHyperparameters
{
    /// <summary>Number of trees (<c>n_estimators</c>).</summary>
    int NEstimators { get; }
    /// <summary>Grow each tree on a bootstrap sample (<c>bootstrap</c>).</summary>
    bool Bootstrap { get; }
    /// <summary>Keep each tree's draw counts for the out-of-bag estimate (<c>oob_score</c>).</summary>
    bool OobScore { get; }
    /// <summary>Fitting threads (<c>n_jobs</c>).</summary>
    int? NJobs { get; }
    /// <summary>Bootstrap size (<c>max_samples</c>).</summary>
    MaxSamples? MaxSamples { get; }
}
