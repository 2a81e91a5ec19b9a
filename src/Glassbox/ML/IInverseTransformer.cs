namespace Glassbox.ML;

/// <summary>A transformer that can map outputs back to the input space (<c>inverse_transform</c>).</summary>
public interface IInverseTransformer : ITransformer
{
    /// <summary>Undoes <see cref="ITransformer.Transform"/>.</summary>
    Tensor InverseTransform(Tensor x);
}
