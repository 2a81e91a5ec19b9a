namespace Glassbox.Data.Transforms;

/// <summary>
/// A data preprocessing step on a batch tensor (the role of a <c>torchvision.transforms</c> callable, applied
/// to a whole batch [N, C, H, W] at once rather than image by image).
/// </summary>
/// <remarks>
/// Transforms are data preparation, not model ops: they are not recorded by autograd, and they always
/// return a fresh tensor, leaving the input untouched.
/// </remarks>
public interface ITransform
{
    /// <summary>Returns the transformed batch.</summary>
    Tensor Apply(Tensor x);
}
