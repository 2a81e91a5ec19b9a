namespace Glassbox.Data.Transforms;

/// <summary>
/// How <see cref="RandomCrop"/> fills the border it pads around an image before cropping
/// (<c>torchvision.transforms.RandomCrop(padding_mode=…)</c>).
/// </summary>
/// <remarks>
/// With padding p, padded position −k (1 ≤ k ≤ p) of a row of length W reads: <see cref="Zeros"/> 0;
/// <see cref="Reflect"/> x[k] (mirror about the edge pixel, which is not repeated; needs p ≤ W − 1);
/// <see cref="Replicate"/> x[0]. The far edge is symmetric: position W − 1 + k reads x[W − 1 − k] or x[W − 1].
/// </remarks>
public enum CropPadding
{
    /// <summary>Constant zero border (<c>padding_mode='constant'</c>, fill 0), the default and the usual CIFAR recipe.</summary>
    Zeros,

    /// <summary>Mirror image without repeating the edge (<c>'reflect'</c>): … x[2] x[1] | x[0] x[1] x[2] ….</summary>
    Reflect,

    /// <summary>The edge pixel repeated (<c>'edge'</c>): … x[0] x[0] | x[0] x[1] ….</summary>
    Replicate,
}
