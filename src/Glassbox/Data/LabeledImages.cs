namespace Glassbox.Data;

/// <summary>Images with one class label each, e.g. one split of MNIST.</summary>
/// <param name="Images">float32 pixels in [0, 1], [N, 1, 28, 28] or [N, 784].</param>
/// <param name="Labels">int64 class indices, [N].</param>
public sealed record LabeledImages(Tensor Images, Tensor Labels)
{
    /// <summary>Number of images.</summary>
    public int Count => Images.Size(0);

    /// <summary>A <see cref="TensorDataset"/> of (image, label) pairs, ready for a <see cref="DataLoader"/>.</summary>
    public TensorDataset ToDataset() => new(Images, Labels);
}
