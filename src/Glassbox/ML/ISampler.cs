namespace Glassbox.ML;

/// <summary>
/// An estimator that changes the training set itself — which rows there are — rather than the features of each row
/// (imbalanced-learn's samplers, <c>fit_resample</c>). Used alone, or as a step of a <see cref="Pipeline"/>, where it
/// acts at fit time only: the steps after it are fitted on the resampled rows, and at prediction it is skipped, since
/// new rows are to be predicted, not resampled.
/// </summary>
public interface ISampler : IEstimator
{
    /// <summary>Fits the sampler on X [n, p] and class labels y [n] and returns the resampled (X, y) (<c>fit_resample</c>).</summary>
    (Tensor X, Tensor Y) FitResample(Tensor x, Tensor y);

    /// <summary>The classes of the last fit.</summary>
    Tensor Classes { get; }

    /// <summary>Per class of <see cref="Classes"/>, the number of rows the resampling adds (over-samplers) or keeps
    /// (under-samplers); −1 for a class left as it is (imbalanced-learn's <c>sampling_strategy_</c>, as an array).</summary>
    Tensor SamplingCounts { get; }
}
