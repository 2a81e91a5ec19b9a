namespace Glassbox.ML;

/// <summary>An estimator that maps X to a new representation (<c>TransformerMixin</c>).</summary>
public interface ITransformer : IEstimator
{
    /// <summary>Applies the learned transformation to X.</summary>
    Tensor Transform(Tensor x);

    /// <summary>Fit followed by Transform on the same data (<c>fit_transform</c>).</summary>
    Tensor FitTransform(Tensor x, Tensor? y = null);
}
