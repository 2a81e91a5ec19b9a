namespace Glassbox.NN;

/// <summary>
/// Adaptive 2-d average pooling to a fixed output size (<c>torch.nn.AdaptiveAvgPool2d</c>); see
/// <see cref="F.AdaptiveAvgPool2d(Tensor, Size2d)"/>. <c>AdaptiveAvgPool2d(1)</c> is the global
/// average pool of a ResNet head.
/// </summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with an output size: an int (square) or (height, width).</summary>
    public AdaptiveAvgPool2d(Size2d outputSize) => OutputSize = outputSize;

    /// <summary>Output size (height, width).</summary>
    public Size2d OutputSize { get; }

    /// <summary>Pools [N, C, H, W] or [C, H, W] to [N, C, OH, OW].</summary>
    public override Tensor Forward(Tensor input) => F.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={PoolPlanes.Repr(OutputSize)}";
}
