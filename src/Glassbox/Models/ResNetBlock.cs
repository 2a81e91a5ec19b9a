namespace Glassbox.Models;

/// <summary>The residual block a <see cref="ResNet"/> stacks.</summary>
public enum ResNetBlock
{
    /// <summary><see cref="BasicBlock"/>: two 3×3 convolutions, expansion 1 (ResNet-18/34 and the CIFAR ResNets).</summary>
    Basic,

    /// <summary><see cref="Models.Bottleneck"/>: 1×1 reduce, 3×3, 1×1 expand by 4 (ResNet-50/101/152).</summary>
    Bottleneck,
}
