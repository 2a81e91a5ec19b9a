namespace Glassbox.Models;

/// <summary>
/// How a residual block whose output differs in shape from its input (a stride of 2, more channels) forms its
/// shortcut (He et al. 2016, §3.3). Blocks whose shapes agree always use the plain identity.
/// </summary>
public enum ResNetShortcut
{
    /// <summary>Option A: the identity, sub-sampled by the stride and zero-padded to the new channel count
    /// (<see cref="ZeroPadShortcut"/>). Parameter-free; the CIFAR networks of §4.2 use it.</summary>
    A,

    /// <summary>Option B: a projection, 1×1 convolution with the block's stride followed by batch norm, named
    /// <c>downsample.0</c> and <c>downsample.1</c> as in torchvision. The ImageNet networks always use it.</summary>
    B,
}
